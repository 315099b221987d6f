//! Why a token file could not be read, written or changed.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum TokenError {
    #[error("cannot {doing} {path}: {source}")]
    Io {
        doing: &'static str,
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path} is not a token file: {reason}; fix or remove it")]
    Corrupt { path: PathBuf, reason: String },
    #[error("that is not a token name; give 1 to 64 letters, digits, '.', '-', '_' or '@' (never a personal identity number), e.g. \"polis-4711\"")]
    InvalidName(String),
    #[error("{problem}; {expected}")]
    InvalidOrganisation { problem: String, expected: String },
    #[error("{0}")]
    InvalidScope(String),
    #[error(
        "a token named {0:?} exists already; names stay in the audit trail, so choose another"
    )]
    NameTaken(String),
    #[error("no token is named {0:?}; `trygglogg token list` shows them")]
    UnknownName(String),
    #[error("the token {0:?} is already revoked")]
    AlreadyRevoked(String),
}
