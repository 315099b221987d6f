//! The store's typed errors.

use std::time::Duration;

use uuid::Uuid;

use crate::{ExpectedVersion, Outage, StreamName};

/// Why an append was refused. Every refusal leaves the log unchanged.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AppendError {
    #[error("stream {stream} is at version {actual}, but the request expected {expected}; read the stream and retry against its current version")]
    VersionConflict {
        stream: StreamName,
        expected: ExpectedVersion,
        actual: u64,
    },
    #[error("event id {id} is already recorded at position {position} with different content; give a new event a new id")]
    IdConflict { id: Uuid, position: u64 },
    #[error("event id {id} is already recorded at position {position}, but other events of this request are not; a retry must resend exactly the original request")]
    PartialRetry { id: Uuid, position: u64 },
    #[error("event id {id} appears more than once in the request; every event needs its own id")]
    DuplicateIdInRequest { id: Uuid },
    #[error(
        "event {id} is {size} bytes when stored, over the limit of {max} bytes; shorten its texts"
    )]
    TooLarge { id: Uuid, size: usize, max: usize },
    #[error("event {id} has the type {event_type:?}; a type is 1–64 characters of a-z, 0-9, _ and ., starting with a letter")]
    InvalidEventType { id: Uuid, event_type: String },
    #[error("the request holds no events; send at least one")]
    Empty,
    #[error("the event log could not be written: {0}")]
    Storage(String),
    /// The disk refused the write, or did so a moment ago and the log has not
    /// recovered yet. It recovers by itself once the disk takes writes again:
    /// at the first append after `retry_after`.
    #[error("{outage}; nothing was recorded ({detail}); the log tries to write again in {} s", retry_after.as_secs().max(1))]
    Unavailable {
        outage: Outage,
        /// The operating system's words, for the operator's log.
        detail: String,
        retry_after: Duration,
    },
    #[error("the event log is shut down")]
    Closed,
}

/// A failure to read, open or verify the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("storage error: {0}")]
    Sled(#[from] sled::Error),
    #[error("i/o error: {0}")]
    Io(#[from] std::io::Error),
    #[error("the stored event at position {position} cannot be read: {reason}")]
    Corrupt { position: u64, reason: String },
    /// The data directory cannot be written, so the store cannot be opened.
    #[error("{outage} ({reason}); the store must be able to write there")]
    Unwritable { outage: Outage, reason: String },
    /// The writer closed the database to reopen it after a failed write, and
    /// has not managed to yet; it tries again at the next append.
    #[error("the event log is being reopened after a failed write; try again in a moment")]
    Reopening,
    #[error("a restore into {} did not finish, so its log may be only a part of the export; delete the directory and restore again", dir.display())]
    InterruptedRestore { dir: std::path::PathBuf },
}

/// Why a restore was refused. A refused restore writes nothing.
#[derive(Debug, thiserror::Error)]
pub enum RestoreError {
    #[error("restore needs an empty store, but this one holds {events} events; restore into a new data directory")]
    NotEmpty { events: u64 },
    #[error("the export is not a valid log: {0}")]
    Broken(#[from] crate::BrokenLink),
    #[error("the export cannot be read: {0}")]
    Io(#[from] std::io::Error),
    #[error("the event log could not be written: {0}")]
    Storage(String),
}
