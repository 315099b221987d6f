//! What goes into the log and what comes out: the stored record format.

use chrono::{DateTime, SubsecRound, Utc};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use sha2::{Digest, Sha256};
use uuid::Uuid;

use trygglogg_events::StreamName;

use crate::Hash;

/// Largest stored event (record plus its 32-byte hash), in bytes.
///
/// Why so small: sled 0.34 writes a page larger than a quarter segment to a blob
/// file that it never fsyncs, and a leaf page holds up to 17 values. The store
/// opens sled with 4 MiB segments (1 MiB pages inline), so 17 × 32 KiB stays at
/// about half of that. Events are counts and short texts; 32 KiB is generous.
pub const MAX_STORED_EVENT_BYTES: usize = 32 * 1024;

/// Longest accepted event type name.
pub const MAX_EVENT_TYPE_LEN: usize = 64;

/// An event to append. The store treats `data` and `metadata` as opaque JSON and
/// stores their bytes exactly as given.
#[derive(Debug, Clone)]
pub struct NewEvent {
    pub id: Uuid,
    /// `[a-z][a-z0-9_.]*`, at most 64 bytes, e.g. `activity_completed`.
    pub event_type: String,
    pub data: Box<RawValue>,
    pub metadata: Box<RawValue>,
}

/// The version a stream must be at for an append to go through.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ExpectedVersion {
    /// Append whatever the stream's version.
    Any,
    /// The stream must not exist yet (version 0).
    NoStream,
    /// The stream must be at exactly this version; `Exact(0)` means no stream yet.
    Exact(u64),
}

impl ExpectedVersion {
    pub fn admits(self, actual: u64) -> bool {
        match self {
            ExpectedVersion::Any => true,
            ExpectedVersion::NoStream => actual == 0,
            ExpectedVersion::Exact(v) => actual == v,
        }
    }
}

impl std::fmt::Display for ExpectedVersion {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ExpectedVersion::Any => f.write_str("any version"),
            ExpectedVersion::NoStream | ExpectedVersion::Exact(0) => f.write_str("no stream yet"),
            ExpectedVersion::Exact(v) => write!(f, "version {v}"),
        }
    }
}

/// Which way a read walks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    #[default]
    Forward,
    Backward,
}

/// An event as the log holds it. Serialising this struct gives the stored bytes;
/// the field order is the stored order and must never change.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RecordedEvent {
    /// Global position, 1, 2, 3, … with no gaps, in commit order.
    pub position: u64,
    pub stream: StreamName,
    /// Version within the stream, 1, 2, 3, … with no gaps.
    pub version: u64,
    pub id: Uuid,
    #[serde(rename = "type")]
    pub event_type: String,
    /// System time: when the writer committed the event (UTC, microseconds).
    /// Never decreases along positions.
    #[serde(deserialize_with = "crate::recorded_time::deserialize")]
    pub recorded: DateTime<Utc>,
    pub prev_hash: Hash,
    pub data: Box<RawValue>,
    pub metadata: Box<RawValue>,
    /// `Hash::chain(prev_hash, stored bytes)`; kept beside the stored bytes, not
    /// inside them.
    #[serde(skip)]
    pub hash: Hash,
}

/// Equal when every field, including the exact JSON bytes, is equal.
impl PartialEq for RecordedEvent {
    fn eq(&self, other: &Self) -> bool {
        self.position == other.position
            && self.stream == other.stream
            && self.version == other.version
            && self.id == other.id
            && self.event_type == other.event_type
            && self.recorded == other.recorded
            && self.prev_hash == other.prev_hash
            && self.data.get() == other.data.get()
            && self.metadata.get() == other.metadata.get()
            && self.hash == other.hash
    }
}

impl RecordedEvent {
    /// The fingerprint of what the caller supplied, used to tell an idempotent
    /// retry (same id, same content) from a conflicting reuse of an id.
    pub(crate) fn content_digest(&self) -> [u8; 32] {
        content_digest(
            &self.stream,
            &self.event_type,
            self.data.get(),
            self.metadata.get(),
        )
    }

    /// Parses stored bytes. `hash` is the hash stored beside them.
    pub(crate) fn from_stored(bytes: &[u8], hash: Hash) -> serde_json::Result<Self> {
        let mut event: RecordedEvent = serde_json::from_slice(bytes)?;
        event.hash = hash;
        Ok(event)
    }
}

pub(crate) fn content_digest(
    stream: &StreamName,
    event_type: &str,
    data: &str,
    metadata: &str,
) -> [u8; 32] {
    let mut hasher = Sha256::new();
    for part in [&*stream.text(), event_type, data, metadata] {
        hasher.update((part.len() as u64).to_be_bytes());
        hasher.update(part.as_bytes());
    }
    hasher.finalize().into()
}

/// The clock of the log: microsecond precision, so a recorded time survives every
/// round trip through RFC 3339 text unchanged.
pub(crate) fn now_micros() -> DateTime<Utc> {
    Utc::now().trunc_subsecs(6)
}

/// `[a-z][a-z0-9_.]*`, 1–64 bytes.
pub(crate) fn valid_event_type(name: &str) -> bool {
    let mut chars = name.chars();
    name.len() <= MAX_EVENT_TYPE_LEN
        && chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '.')
}

/// A stored event read in place: the same fields as [`RecordedEvent`],
/// borrowed from the stored bytes instead of copied out of them. For folds
/// over the whole log, where copying every event would cost more than using it.
#[derive(Debug, Clone, Copy, Deserialize)]
pub struct StoredEvent<'a> {
    pub position: u64,
    pub stream: StreamName,
    pub version: u64,
    pub id: Uuid,
    #[serde(rename = "type")]
    pub event_type: &'a str,
    #[serde(deserialize_with = "crate::recorded_time::deserialize")]
    pub recorded: DateTime<Utc>,
    #[serde(borrow)]
    pub data: &'a RawValue,
    #[serde(borrow)]
    pub metadata: &'a RawValue,
    #[serde(skip)]
    pub hash: Hash,
}

impl<'a> StoredEvent<'a> {
    /// Reads stored bytes in place. `hash` is the hash stored beside them.
    pub(crate) fn from_stored(bytes: &'a [u8], hash: Hash) -> serde_json::Result<Self> {
        let mut event: StoredEvent<'a> = serde_json::from_slice(bytes)?;
        event.hash = hash;
        Ok(event)
    }
}

impl RecordedEvent {
    /// The event as a [`StoredEvent`], borrowing from this one.
    pub fn as_stored(&self) -> StoredEvent<'_> {
        StoredEvent {
            position: self.position,
            stream: self.stream,
            version: self.version,
            id: self.id,
            event_type: &self.event_type,
            recorded: self.recorded,
            data: &self.data,
            metadata: &self.metadata,
            hash: self.hash,
        }
    }
}
