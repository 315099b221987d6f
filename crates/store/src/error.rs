//! The store's typed errors.

use std::time::Duration;

use uuid::Uuid;

use crate::{ExpectedVersion, Outage};
use trygglogg_events::StreamName;

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
    /// The storage engine failed otherwise: in its own words.
    #[error("storage error: {0}")]
    Engine(EngineError),
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
    /// The store's files are damaged: a checksum of sled's failed as it read
    /// them, or its settings file cannot be read. Nothing repairs that in
    /// place; the log is restored from an export.
    #[error("{}", damage_message(*position, found))]
    Damaged {
        /// The first log position that could not be read, where known.
        position: Option<u64>,
        /// What was found, in our words (sled's own are misleading here).
        found: String,
    },
    /// A tree size past the durable head: the tree holds no such tree yet.
    #[error("tree size {size} is beyond the log's head: it holds {head} events")]
    BeyondHead { size: u64, head: u64 },
    /// A position, tree size or tile the tree cannot answer for, by its
    /// parameter's name.
    #[error("{name} {value} is out of range: {accepted}")]
    OutOfRange {
        name: &'static str,
        value: u64,
        /// What is accepted, in words that name the bounds.
        accepted: String,
    },
    #[error("a restore into {} did not finish, so its log may be only a part of the export; delete the directory and restore again", dir.display())]
    InterruptedRestore { dir: std::path::PathBuf },
}

/// What an operator does with a damaged store: the log is only as good as
/// its last export, restored into a new directory (README, "restore").
pub const RESTORE_ADVICE: &str = "restore the log from an export into a new data directory (`trygglogg restore --data NEW_DIR backup.jsonl`) and use that directory from then on";

fn damage_message(position: Option<u64>, found: &str) -> String {
    match position {
        Some(position) => format!(
            "the store's files are damaged at position {position} ({found}); {RESTORE_ADVICE}"
        ),
        None => format!("the store's files are damaged ({found}); {RESTORE_ADVICE}"),
    }
}

impl StoreError {
    /// The same error, naming `position` as the first one that could not be
    /// read if it is damage that does not name one yet.
    pub fn at(self, position: u64) -> StoreError {
        match self {
            StoreError::Damaged {
                position: None,
                found,
            } => StoreError::Damaged {
                position: Some(position),
                found,
            },
            other => other,
        }
    }
}

/// A failure of the storage engine that is neither damage nor a directory
/// it cannot write: its own words, for the operator's log. Opaque, so that
/// the engine (sled) stays out of the store's public API.
#[derive(Debug, Clone)]
pub struct EngineError(sled::Error);

impl std::fmt::Display for EngineError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl EngineError {
    /// The I/O error the engine met (sled keeps its kind), if it was one.
    pub(crate) fn io(&self) -> Option<&std::io::Error> {
        match &self.0 {
            sled::Error::Io(error) => Some(error),
            _ => None,
        }
    }
}

/// sled's checksum failures are damage, said in our words; every other sled
/// error stays what it was. Not a `From`, which would put sled's error type
/// into the store's public API: within the crate, `?` on a sled result goes
/// through `SledResult::or_store_error`.
impl StoreError {
    pub(crate) fn from_sled(error: sled::Error) -> Self {
        match error {
            sled::Error::Corruption { at, .. } => StoreError::Damaged {
                position: None,
                found: match at {
                    Some(at) => format!(
                        "the data at byte {} of its `db` file fails its checksum",
                        at.lid()
                    ),
                    None => "its `conf`, `db` or a `snap.*` file fails sled's checks".into(),
                },
            },
            other => StoreError::Engine(EngineError(other)),
        }
    }
}

impl StoreError {
    /// What stands in the way of writing, told from this error. sled keeps
    /// the kind of the I/O error it remembers, so this holds for its errors
    /// too. (A method of the error, not of `Outage`: `outage.rs` knows no
    /// store error, which itself names an `Outage`.)
    pub(crate) fn outage(&self) -> Outage {
        match self {
            StoreError::Io(e) => Outage::of_io(e),
            StoreError::Engine(e) => e.io().map_or(Outage::Failed, Outage::of_io),
            StoreError::Unwritable { outage, .. } => *outage,
            _ => Outage::Failed,
        }
    }
}

/// `result.or_store_error()?` for a sled result inside the crate.
pub(crate) trait SledResult<T> {
    fn or_store_error(self) -> Result<T, StoreError>;
}

impl<T> SledResult<T> for sled::Result<T> {
    fn or_store_error(self) -> Result<T, StoreError> {
        self.map_err(StoreError::from_sled)
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sleds_checksum_failures_are_damage_in_our_words_and_other_errors_stay() {
        let corruption = sled::Error::Corruption { at: None, bt: () };
        let damaged = StoreError::from_sled(corruption).to_string();
        assert!(
            damaged.starts_with("the store's files are damaged (")
                && damaged.contains("trygglogg restore --data NEW_DIR backup.jsonl"),
            "{damaged}"
        );
        assert!(!damaged.contains("corrupted data"), "not sled's words");
        let unsupported = StoreError::from_sled(sled::Error::Unsupported("x".into()));
        assert!(
            matches!(unsupported, StoreError::Engine(_)),
            "{unsupported}"
        );
        assert_eq!(unsupported.to_string(), "storage error: Unsupported: x");
    }

    #[test]
    fn a_position_is_given_to_damage_that_has_none_and_to_nothing_else() {
        let damaged = || StoreError::Damaged {
            position: None,
            found: "f".into(),
        };
        let at = |error: StoreError| match error.at(7) {
            StoreError::Damaged { position, .. } => position,
            _ => None,
        };
        assert_eq!(at(damaged()), Some(7));
        assert_eq!(at(damaged().at(3)), Some(3), "the first one named stays");
        assert!(matches!(StoreError::Reopening.at(7), StoreError::Reopening));
        assert!(damaged()
            .at(40)
            .to_string()
            .starts_with("the store's files are damaged at position 40 (f); restore"));
    }
}
