//! Who is asking, and what they may do: the bearer token a request presents
//! (looked up in `trygglogg_tokens::Tokens`), and the permissions each role
//! has over HTTP.

mod caller;
mod permission;
mod throttle;

pub(crate) use caller::presented_token;
pub use caller::{identify, Authorised, Caller, Refused};
pub use permission::{
    roles_allowed, MakeCheckpoint, Permission, ReadAuditTrail, ReadInternalNotes, ReadLog, Record,
};
pub use throttle::{FailedAuthentications, MAX_FAILURES};
