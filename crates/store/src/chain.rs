//! Walking the hash chain: one checker for the live log, for export files and for
//! restores, so all three judge a log by the same rules.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::{Hash, RecordedEvent};

/// The end of a log: the last position, its hash and its recorded time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Head {
    /// 0 for an empty log.
    pub position: u64,
    /// `Hash::GENESIS` for an empty log.
    pub hash: Hash,
    pub recorded: Option<DateTime<Utc>>,
}

impl Head {
    pub const EMPTY: Head = Head {
        position: 0,
        hash: Hash::GENESIS,
        recorded: None,
    };

    /// Checks that `(hash, bytes)`, found at position `at`, is the next link after
    /// this head, and moves the head onto it.
    pub fn check_next(
        &mut self,
        at: u64,
        hash: Hash,
        bytes: &[u8],
    ) -> Result<RecordedEvent, BrokenLink> {
        let expected = self.position + 1;
        let broken = |reason: String| BrokenLink {
            position: expected,
            reason,
        };
        if at != expected {
            return Err(broken(format!(
                "position {expected} is missing; the next stored event is at position {at}"
            )));
        }
        if Hash::chain(&self.hash, bytes) != hash {
            return Err(broken(
                "the stored bytes do not match their hash: the event was altered after it was written"
                    .into(),
            ));
        }
        let event = RecordedEvent::from_stored(bytes, hash)
            .map_err(|e| broken(format!("the stored bytes are not an event record: {e}")))?;
        if event.position != expected {
            return Err(broken(format!(
                "the record says it is at position {}",
                event.position
            )));
        }
        if event.prev_hash != self.hash {
            return Err(broken(format!(
                "its prev_hash {} is not the hash of position {}, {}",
                event.prev_hash, self.position, self.hash
            )));
        }
        if self.recorded.is_some_and(|last| event.recorded < last) {
            return Err(broken(
                "its recorded time is earlier than that of the event before it".into(),
            ));
        }
        *self = Head {
            position: expected,
            hash,
            recorded: Some(event.recorded),
        };
        Ok(event)
    }
}

/// The first place where a log stops being a valid chain.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize)]
#[error("the chain breaks at position {position}: {reason}")]
pub struct BrokenLink {
    pub position: u64,
    pub reason: String,
}

/// The outcome of verifying a log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Verification {
    /// Every event links to the one before it; `head` is the last one.
    Intact {
        head: Head,
    },
    Broken(BrokenLink),
}
