//! Who is asking, and what they may do: bearer tokens, each with a role, an
//! organisation and the municipalities it serves, stored hashed in
//! `<data>/tokens.json`.

mod caller;
mod role;
mod throttle;
pub mod token_file;
pub mod token_scope;
mod tokens;

pub(crate) use caller::presented_token;
pub use caller::{Authorised, Caller};
pub use role::{
    roles_allowed, Permission, ReadAuditTrail, ReadInternalNotes, ReadLog, Record, Role,
};
pub use throttle::FailedAuthentications;
pub use tokens::{Authentication, Credential, Tokens, RELOAD_INTERVAL};
