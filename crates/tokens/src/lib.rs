//! Bearer tokens, each with a role, an organisation and the municipalities it
//! serves, stored hashed in `<data>/tokens.json`: the file and its rules,
//! which `trygglogg token` writes, and the server's view of it, which the
//! HTTP crates ask. Knows no HTTP, so the CLI does not depend on it.

mod error;
mod login_link;
mod record;
mod role;
mod token_file;
mod token_scope;
mod tokens;

pub use error::TokenError;
pub use login_link::{issue_login_link, redeem_login_link, Redeemed, LOGIN_LINK_VALIDITY};
pub use record::{LoginLink, NewToken, Served, TokenRecord};
pub use role::Role;
pub use token_file::{
    digest, tokens_path, update, TokenFile, MAX_NAME_LEN, TOKENS_FILE, TOKEN_PREFIX,
};
pub use tokens::{Authentication, Credential, Tokens, RELOAD_INTERVAL};
