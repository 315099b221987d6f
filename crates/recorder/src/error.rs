//! Why a request was not recorded. Every refusal leaves the log unchanged.

use trygglogg_events::{DecodeError, RuleViolation, ValidationErrors};
use trygglogg_store::{AppendError, StoreError};

#[derive(Debug, thiserror::Error)]
pub enum RecordError {
    /// The request (or the stream name) is malformed: every refused field.
    #[error("{0}")]
    Invalid(ValidationErrors),
    /// The events are well-formed but break a rule of their stream.
    #[error("{0}")]
    Rule(RuleViolation),
    /// The author's scope does not cover this stream or activity.
    #[error("{0}")]
    Forbidden(String),
    /// The store refused the append (version conflict, id reuse, size, …).
    #[error("{0}")]
    Append(AppendError),
    /// The log could not be read.
    #[error("the event log cannot be read: {0}")]
    Store(#[from] StoreError),
    /// A stored event of the stream cannot be decoded: a fault of ours.
    #[error("the stored event at position {position} cannot be decoded: {error}")]
    Undecodable { position: u64, error: DecodeError },
}
