//! Staging a group: each request is checked against sled plus what the group
//! has staged before it, and only a request that passes adds its events to
//! the group's batch, so a refused request leaves no trace.

use std::collections::{HashMap, HashSet};

use serde_json::value::RawValue;
use uuid::Uuid;

use crate::error::SledResult;
use crate::keys::{self, IdEntry};
use crate::log_value::log_value;
use crate::record::{content_digest, now_micros, valid_event_type};
use crate::tree::TreeEdge;
use crate::{
    AppendError, BrokenLink, ExpectedVersion, Hash, Head, NewEvent, RecordedEvent, RestoreError,
    StoreError, MAX_STORED_EVENT_BYTES,
};
use trygglogg_events::StreamName;

/// The answer to an append.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Appended {
    /// The global positions of the request's events, in request order.
    pub positions: Vec<u64>,
    /// The stream's version after its last event.
    pub stream_version: u64,
    /// True when every event was already recorded with identical content: an
    /// idempotent retry that appended nothing and returns the original positions.
    pub replayed: bool,
}

/// One event ready to be written.
struct Staged {
    stream: StreamName,
    id: Uuid,
    entry: IdEntry,
    hash: Hash,
    bytes: Vec<u8>,
}

/// What a group has staged so far, on top of what sled holds.
pub(super) struct Pending {
    pub batch: sled::Batch,
    /// Every key the batch writes, to undo it if it cannot be made durable.
    pub keys: Vec<Vec<u8>>,
    /// The head after the last event staged.
    pub head: Head,
    /// Events staged.
    pub written: u64,
    /// The Merkle tree's right edge after the last event staged.
    pub tree: TreeEdge,
    /// Why the tree could not take an event, if it could not: the group is
    /// then not written at all.
    pub tree_failure: Option<String>,
    streams: HashMap<StreamName, u64>,
    ids: HashMap<Uuid, IdEntry>,
}

impl Pending {
    pub fn new(head: Head, tree: TreeEdge) -> Self {
        Pending {
            batch: sled::Batch::default(),
            keys: Vec::new(),
            head,
            written: 0,
            tree,
            tree_failure: None,
            streams: HashMap::new(),
            ids: HashMap::new(),
        }
    }

    /// Runs one command against the log as staged so far. Only if it succeeds do
    /// its events join the group, so a refused request leaves no trace.
    pub fn stage<T, E>(
        &mut self,
        db: &sled::Db,
        command: impl FnOnce(&mut Tx<'_>) -> Result<T, E>,
    ) -> Result<T, E> {
        let mut tx = Tx {
            db,
            base: self,
            head: self.head,
            staged: Vec::new(),
            streams: HashMap::new(),
            ids: HashMap::new(),
        };
        let answer = command(&mut tx)?;
        let (head, staged) = (tx.head, tx.staged);
        for event in staged {
            let value = log_value(&event.hash, &event.bytes);
            let log_key = keys::log_key(event.entry.position).to_vec();
            let stream_key = keys::stream_key(&event.stream, event.entry.version);
            let id_key = keys::id_key(event.id).to_vec();
            self.batch.insert(log_key.as_slice(), value);
            self.batch
                .insert(stream_key.as_slice(), &event.entry.position.to_be_bytes());
            self.batch
                .insert(id_key.as_slice(), event.entry.to_bytes().to_vec());
            self.keys.extend([log_key, stream_key, id_key]);
            match self.tree.push(&event.bytes) {
                Ok(hashes) => {
                    for (key, hash) in hashes.keyed() {
                        self.batch.insert(&key[..], &hash[..]);
                        self.keys.push(key.to_vec());
                    }
                }
                Err(error) => self.tree_failure = Some(error.to_string()),
            }
            self.streams.insert(event.stream, event.entry.version);
            self.ids.insert(event.id, event.entry);
            self.written += 1;
        }
        self.head = head;
        Ok(answer)
    }
}

/// One command's view: sled, then the group's staged events, then its own.
pub(super) struct Tx<'a> {
    db: &'a sled::Db,
    base: &'a Pending,
    head: Head,
    staged: Vec<Staged>,
    streams: HashMap<StreamName, u64>,
    ids: HashMap<Uuid, IdEntry>,
}

impl Tx<'_> {
    fn stream_version(&self, stream: &StreamName) -> Result<u64, StoreError> {
        if let Some(&v) = self.streams.get(stream).or(self.base.streams.get(stream)) {
            return Ok(v);
        }
        let last = self
            .db
            .scan_prefix(keys::stream_prefix(stream))
            .keys()
            .next_back()
            .transpose()
            .or_store_error()?;
        Ok(last
            .and_then(|key| keys::version_of_stream_key(&key))
            .unwrap_or(0))
    }

    fn id_entry(&self, id: Uuid) -> Result<Option<IdEntry>, StoreError> {
        if let Some(&entry) = self.ids.get(&id).or(self.base.ids.get(&id)) {
            return Ok(Some(entry));
        }
        Ok(self
            .db
            .get(keys::id_key(id))
            .or_store_error()?
            .and_then(|value| IdEntry::from_bytes(&value)))
    }

    fn push(&mut self, staged: Staged) {
        self.head = Head {
            position: staged.entry.position,
            hash: staged.hash,
            recorded: self.head.recorded,
        };
        self.streams.insert(staged.stream, staged.entry.version);
        self.ids.insert(staged.id, staged.entry);
        self.staged.push(staged);
    }

    pub fn append(
        &mut self,
        stream: &StreamName,
        expected: ExpectedVersion,
        events: &[NewEvent],
    ) -> Result<Appended, AppendError> {
        let storage = |e: StoreError| AppendError::Storage(e.to_string());
        if events.is_empty() {
            return Err(AppendError::Empty);
        }
        let mut seen = HashSet::with_capacity(events.len());
        let mut digests = Vec::with_capacity(events.len());
        let mut known = Vec::new();
        for event in events {
            if !valid_event_type(&event.event_type) {
                return Err(AppendError::InvalidEventType {
                    id: event.id,
                    event_type: event.event_type.clone(),
                });
            }
            if !seen.insert(event.id) {
                return Err(AppendError::DuplicateIdInRequest { id: event.id });
            }
            let digest = content_digest(
                stream,
                &event.event_type,
                event.data.get(),
                event.metadata.get(),
            );
            if let Some(entry) = self.id_entry(event.id).map_err(storage)? {
                if entry.digest != digest {
                    return Err(AppendError::IdConflict {
                        id: event.id,
                        position: entry.position,
                    });
                }
                known.push((event.id, entry));
            }
            digests.push(digest);
        }
        if known.len() == events.len() {
            return Ok(Appended {
                positions: known.iter().map(|(_, e)| e.position).collect(),
                stream_version: known.last().map_or(0, |(_, e)| e.version),
                replayed: true,
            });
        }
        if let Some(&(id, entry)) = known.first() {
            return Err(AppendError::PartialRetry {
                id,
                position: entry.position,
            });
        }

        let actual = self.stream_version(stream).map_err(storage)?;
        if !expected.admits(actual) {
            return Err(AppendError::VersionConflict {
                stream: *stream,
                expected,
                actual,
            });
        }
        // The recorded time never decreases along positions, even if the wall
        // clock steps back.
        let recorded = match self.head.recorded {
            Some(last) => now_micros().max(last),
            None => now_micros(),
        };
        let mut staged = Vec::with_capacity(events.len());
        let mut head = self.head;
        for ((event, digest), version) in events.iter().zip(digests).zip(actual + 1..) {
            let record = RecordedEvent {
                position: head.position + 1,
                stream: *stream,
                version,
                id: event.id,
                event_type: event.event_type.clone(),
                recorded,
                prev_hash: head.hash,
                data: event.data.clone(),
                metadata: event.metadata.clone(),
                hash: Hash::GENESIS,
            };
            let bytes =
                serde_json::to_vec(&record).map_err(|e| AppendError::Storage(e.to_string()))?;
            let size = bytes.len() + 32;
            if size > MAX_STORED_EVENT_BYTES {
                return Err(AppendError::TooLarge {
                    id: event.id,
                    size,
                    max: MAX_STORED_EVENT_BYTES,
                });
            }
            head.position = record.position;
            head.hash = Hash::chain(&record.prev_hash, &bytes);
            staged.push(Staged {
                stream: *stream,
                id: event.id,
                entry: IdEntry {
                    position: record.position,
                    version,
                    digest,
                },
                hash: head.hash,
                bytes,
            });
        }
        let positions = staged.iter().map(|s| s.entry.position).collect();
        for event in staged {
            self.push(event);
        }
        self.head.recorded = Some(recorded);
        Ok(Appended {
            positions,
            stream_version: actual + events.len() as u64,
            replayed: false,
        })
    }

    pub fn restore(&mut self, lines: Vec<(Hash, Box<RawValue>)>) -> Result<Head, RestoreError> {
        let storage = |e: StoreError| RestoreError::Storage(e.to_string());
        for (hash, record) in lines {
            let mut head = self.head;
            let bytes = record.get().as_bytes();
            let event = head.check_next(head.position + 1, hash, bytes)?;
            let broken = |reason: String| BrokenLink {
                position: event.position,
                reason,
            };
            // An export is held to the limits of an append: a larger event
            // would go to sled's blob files, which are never synced.
            if bytes.len() + 32 > MAX_STORED_EVENT_BYTES {
                return Err(broken(format!(
                    "the event is {} bytes when stored, over the limit of {MAX_STORED_EVENT_BYTES}",
                    bytes.len() + 32
                ))
                .into());
            }
            if !valid_event_type(&event.event_type) {
                return Err(broken(format!("{:?} is not an event type", event.event_type)).into());
            }
            let current = self.stream_version(&event.stream).map_err(storage)?;
            if event.version != current + 1 {
                return Err(broken(format!(
                    "stream {} goes from version {current} to {}",
                    event.stream, event.version
                ))
                .into());
            }
            if let Some(entry) = self.id_entry(event.id).map_err(storage)? {
                return Err(broken(format!(
                    "event id {} is already at position {}",
                    event.id, entry.position
                ))
                .into());
            }
            self.push(Staged {
                stream: event.stream,
                id: event.id,
                entry: IdEntry {
                    position: event.position,
                    version: event.version,
                    digest: event.content_digest(),
                },
                hash,
                bytes: bytes.to_vec(),
            });
            self.head = head;
        }
        Ok(self.head)
    }
}
