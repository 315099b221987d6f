//! The single writer: the only code that changes the log.
//!
//! It runs on its own thread. It takes every request waiting in its queue (group
//! commit), checks them in arrival order against the log plus what the group has
//! staged so far, writes the whole group as one atomic sled batch, makes it
//! durable, and only then answers. Positions are therefore assigned in commit
//! order, gapless, by one owner, and a reader capped at the published durable head
//! never sees an event that a crash could still take away.
//!
//! A write the disk refuses leaves the writer broken until it has reopened sled
//! (`recovery.rs`); meanwhile appends are refused at once.

mod recovery;

pub(crate) use recovery::PROBE_FILE;

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use serde_json::value::RawValue;
use tokio::sync::{mpsc, oneshot, watch};
use uuid::Uuid;

use crate::engine::{Engine, StoreOptions};
use crate::error::SledResult;
use crate::keys::{self, IdEntry};
use crate::record::{content_digest, now_micros, valid_event_type};
use crate::shared_db::SharedDb;
use crate::{
    AppendError, BrokenLink, ExpectedVersion, Hash, Head, NewEvent, RecordedEvent, RestoreError,
    StoreError, StreamName, MAX_STORED_EVENT_BYTES,
};

/// Most requests one group commit takes; bounds the batch and the answer latency.
const MAX_GROUP: usize = 4096;

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

pub(crate) enum Command {
    Append {
        stream: StreamName,
        expected: ExpectedVersion,
        events: Vec<NewEvent>,
        reply: oneshot::Sender<Result<Appended, AppendError>>,
    },
    /// Lines of an export, already checked as a chain by the caller; checked again
    /// here against the log they extend.
    Restore {
        lines: Vec<(Hash, Box<RawValue>)>,
        reply: oneshot::Sender<Result<Head, RestoreError>>,
    },
}

impl Command {
    /// Answers without doing anything: the writer cannot write.
    fn refuse(self, error: &AppendError) {
        match self {
            Command::Append { reply, .. } => {
                let _ = reply.send(Err(error.clone()));
            }
            Command::Restore { reply, .. } => {
                let _ = reply.send(Err(RestoreError::Storage(error.to_string())));
            }
        }
    }
}

/// Counters for metrics and benchmarks.
#[derive(Debug, Default)]
pub struct WriterStats {
    /// Durable commits made (one per group that wrote something).
    pub commits: AtomicU64,
    /// Events written.
    pub events: AtomicU64,
}

pub(crate) struct Writer {
    /// `None` only while broken: closed to be reopened, and not reopened yet.
    engine: Option<Engine>,
    /// The readers' handle of the same database, swapped on reopening.
    readers: Arc<SharedDb>,
    path: PathBuf,
    /// What the database is reopened with after a failed write.
    options: StoreOptions,
    head: Head,
    durable: watch::Sender<Head>,
    stats: Arc<WriterStats>,
    /// Set by a failed write: until sled is reopened, appends are refused.
    broken: Option<recovery::Broken>,
    /// Set when the reopened log does not hold what was acknowledged: the
    /// writer then refuses everything rather than build on a log it is unsure
    /// of.
    stopped: Option<String>,
}

impl Writer {
    pub fn new(
        engine: Engine,
        readers: Arc<SharedDb>,
        path: PathBuf,
        options: StoreOptions,
        head: Head,
        durable: watch::Sender<Head>,
        stats: Arc<WriterStats>,
    ) -> Self {
        Writer {
            engine: Some(engine),
            readers,
            path,
            options,
            head,
            durable,
            stats,
            broken: None,
            stopped: None,
        }
    }

    pub fn run(mut self, mut commands: mpsc::Receiver<Command>) {
        // While broken, the writer also wakes when its next attempt to recover
        // is due: appends may never reach it, since the reads the recorder
        // makes before appending can fail on a sled that met an I/O error.
        // (Without a clock, only appends make it try.)
        let clock = tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build();
        loop {
            let first = match (self.retry_at(), &clock) {
                (Some(at), Ok(clock)) => {
                    let at = tokio::time::Instant::from_std(at);
                    let next = async { tokio::time::timeout_at(at, commands.recv()).await };
                    match clock.block_on(next) {
                        Ok(command) => command,
                        Err(_) => {
                            let _ = self.recovered();
                            continue;
                        }
                    }
                }
                _ => commands.blocking_recv(),
            };
            let Some(first) = first else { break };
            let mut group = vec![first];
            while group.len() < MAX_GROUP {
                match commands.try_recv() {
                    Ok(command) => group.push(command),
                    Err(_) => break,
                }
            }
            self.commit_group(group);
        }
    }

    fn commit_group(&mut self, group: Vec<Command>) {
        let refusal = match &self.stopped {
            Some(reason) => Some(AppendError::Storage(reason.clone())),
            None => self.recovered().err(),
        };
        let db = match (refusal, &self.engine) {
            (None, Some(engine)) => engine.db.clone(),
            (refusal, _) => {
                let refusal = refusal.unwrap_or(AppendError::Closed);
                for command in group {
                    command.refuse(&refusal);
                }
                return;
            }
        };
        let durable_position = self.durable.borrow().position;
        let mut pending = Pending::new(self.head);
        let mut replies = Vec::with_capacity(group.len());
        // A replayed answer must not point at events that are not durable yet
        // (staged earlier in this group); such an answer waits for a sync too.
        let mut must_sync = false;
        for command in group {
            match command {
                Command::Append {
                    stream,
                    expected,
                    events,
                    reply,
                } => {
                    let result = pending.stage(&db, |tx| tx.append(&stream, expected, &events));
                    if let Ok(appended) = &result {
                        must_sync |= appended.positions.iter().any(|&p| p > durable_position);
                    }
                    replies.push(Reply::Append(reply, result));
                }
                Command::Restore { lines, reply } => {
                    let result = pending.stage(&db, |tx| tx.restore(lines));
                    replies.push(Reply::Restore(reply, result));
                }
            }
        }
        let outcome = self.commit(pending, must_sync);
        for reply in replies {
            reply.send(outcome.as_ref().err());
        }
    }

    fn commit(&mut self, pending: Pending, must_sync: bool) -> Result<(), AppendError> {
        let Some(engine) = &self.engine else {
            return Err(AppendError::Closed);
        };
        let written = pending.written;
        let result = (|| -> Result<(), StoreError> {
            if written > 0 {
                engine.db.apply_batch(pending.batch).or_store_error()?;
            }
            if written > 0 || must_sync {
                engine.make_durable()?;
            }
            Ok(())
        })();
        match result {
            Ok(()) => {
                self.head = pending.head;
                self.durable.send_replace(self.head);
                if written > 0 {
                    self.stats.commits.fetch_add(1, Ordering::Relaxed);
                    self.stats.events.fetch_add(written, Ordering::Relaxed);
                }
                Ok(())
            }
            Err(error) => {
                // Every caller is told the write failed, so it must not stay
                // in the log to be made durable later: take the batch out
                // again (no reader saw it; it never became durable). A batch
                // that failed half-way may have left some of its keys, so the
                // undo is tried whatever failed; every key is new, so removing
                // them restores what was. sled refuses the undo too once it
                // has met an I/O error; reopening (`recovery.rs`) then takes
                // the batch out of what is on disk instead.
                let mut undo = sled::Batch::default();
                for key in &pending.keys {
                    undo.remove(key.as_slice());
                }
                let _ = engine.db.apply_batch(undo);
                let broken = recovery::Broken::after(&error);
                let refusal = broken.refusal();
                self.set_broken(Some(broken));
                Err(refusal)
            }
        }
    }
}

enum Reply {
    Append(
        oneshot::Sender<Result<Appended, AppendError>>,
        Result<Appended, AppendError>,
    ),
    Restore(
        oneshot::Sender<Result<Head, RestoreError>>,
        Result<Head, RestoreError>,
    ),
}

impl Reply {
    /// Answers the caller; a staged success becomes the commit's error when
    /// the commit failed. A caller that stopped waiting is no error.
    fn send(self, commit_error: Option<&AppendError>) {
        match self {
            Reply::Append(reply, result) => {
                let result = match (result, commit_error) {
                    (Ok(_), Some(e)) => Err(e.clone()),
                    (result, _) => result,
                };
                let _ = reply.send(result);
            }
            Reply::Restore(reply, result) => {
                let result = match (result, commit_error) {
                    (Ok(_), Some(e)) => Err(RestoreError::Storage(e.to_string())),
                    (result, _) => result,
                };
                let _ = reply.send(result);
            }
        }
    }
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
struct Pending {
    batch: sled::Batch,
    /// Every key the batch writes, to undo it if it cannot be made durable.
    keys: Vec<Vec<u8>>,
    head: Head,
    written: u64,
    streams: HashMap<StreamName, u64>,
    ids: HashMap<Uuid, IdEntry>,
}

impl Pending {
    fn new(head: Head) -> Self {
        Pending {
            batch: sled::Batch::default(),
            keys: Vec::new(),
            head,
            written: 0,
            streams: HashMap::new(),
            ids: HashMap::new(),
        }
    }

    /// Runs one command against the log as staged so far. Only if it succeeds do
    /// its events join the group, so a refused request leaves no trace.
    fn stage<T, E>(
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
            let mut value = Vec::with_capacity(32 + event.bytes.len());
            value.extend_from_slice(event.hash.as_bytes());
            value.extend_from_slice(&event.bytes);
            let log_key = keys::log_key(event.entry.position).to_vec();
            let stream_key = keys::stream_key(&event.stream, event.entry.version);
            let id_key = keys::id_key(event.id).to_vec();
            self.batch.insert(log_key.as_slice(), value);
            self.batch
                .insert(stream_key.as_slice(), &event.entry.position.to_be_bytes());
            self.batch
                .insert(id_key.as_slice(), event.entry.to_bytes().to_vec());
            self.keys.extend([log_key, stream_key, id_key]);
            self.streams.insert(event.stream, event.entry.version);
            self.ids.insert(event.id, event.entry);
            self.written += 1;
        }
        self.head = head;
        Ok(answer)
    }
}

/// One command's view: sled, then the group's staged events, then its own.
struct Tx<'a> {
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
        self.streams
            .insert(staged.stream.clone(), staged.entry.version);
        self.ids.insert(staged.id, staged.entry);
        self.staged.push(staged);
    }

    fn append(
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
                stream: stream.clone(),
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
                stream: stream.clone(),
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
                stream: stream.clone(),
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

    fn restore(&mut self, lines: Vec<(Hash, Box<RawValue>)>) -> Result<Head, RestoreError> {
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
                stream: event.stream.clone(),
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
