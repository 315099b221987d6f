//! The store handle: appends go to the writer; reads go straight to sled, capped
//! at the durable head.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use tokio::sync::{mpsc, oneshot, watch};
use uuid::Uuid;

use crate::engine::{Engine, StoreOptions};
use crate::error::SledResult;
use crate::key_pages::KeyPages;
use crate::keys::{self, IdEntry};
use crate::log_value::decode_log_value;
use crate::shared_db::SharedDb;
use crate::subscription::{self, Subscription};
use crate::writer::{Appended, BatchError, BatchPart, Command, Writer, WriterStats};
use crate::{AppendError, Direction, ExpectedVersion, Head, NewEvent, RecordedEvent, StoreError};
use trygglogg_events::StreamName;

/// How many appends may wait for the writer before callers wait to enqueue.
const QUEUE_CAPACITY: usize = 8192;

/// Events read per hold of the database by the long walks (verify, export),
/// so that the writer can take it away between two pages to reopen it.
pub(crate) const WALK_PAGE: usize = 1024;

/// A handle to an open event log. Cheap to clone; the log closes when the last
/// handle is dropped.
#[derive(Clone)]
pub struct Store {
    inner: Arc<Inner>,
}

struct Inner {
    db: Arc<SharedDb>,
    path: PathBuf,
    /// `None` only while closing.
    commands: Option<mpsc::Sender<Command>>,
    writer: Option<std::thread::JoinHandle<()>>,
    durable: watch::Receiver<Head>,
    stats: Arc<WriterStats>,
}

impl Store {
    /// Opens (or creates) the log in `dir` and starts its writer thread.
    pub fn open(dir: impl AsRef<Path>) -> Result<Store, StoreError> {
        Store::open_with(dir, StoreOptions::default())
    }

    /// [`open`](Self::open), with `options` for the database.
    pub fn open_with(dir: impl AsRef<Path>, options: StoreOptions) -> Result<Store, StoreError> {
        let path = dir.as_ref().to_path_buf();
        let engine = Engine::open(&path, options)?;
        let head = read_head(&engine.db)?;
        let db = Arc::new(SharedDb::new(engine.db.clone()));
        let (durable_tx, durable) = watch::channel(head);
        let (commands, queue) = mpsc::channel(QUEUE_CAPACITY);
        let stats = Arc::new(WriterStats::default());
        let writer = Writer::new(
            engine,
            db.clone(),
            path.clone(),
            options,
            head,
            durable_tx,
            stats.clone(),
        )?;
        let writer = std::thread::Builder::new()
            .name("trygglogg-writer".into())
            .spawn(move || writer.run(queue))?;
        Ok(Store {
            inner: Arc::new(Inner {
                db,
                path,
                commands: Some(commands),
                writer: Some(writer),
                durable,
                stats,
            }),
        })
    }

    /// The database as the readers see it.
    pub(crate) fn db(&self) -> &SharedDb {
        &self.inner.db
    }

    pub fn path(&self) -> &Path {
        &self.inner.path
    }

    /// Appends `events` to `stream` if the stream is at the `expected` version.
    /// Answers only once the events are durable.
    pub async fn append(
        &self,
        stream: StreamName,
        expected: ExpectedVersion,
        events: Vec<NewEvent>,
    ) -> Result<Appended, AppendError> {
        let (reply, answer) = oneshot::channel();
        let command = Command::Append {
            stream,
            expected,
            events,
            reply,
        };
        self.send(command).await.map_err(|_| AppendError::Closed)?;
        answer.await.map_err(|_| AppendError::Closed)?
    }

    /// Appends every part of a batch, each to its stream at its expected
    /// version, in one group commit: all of them or, refused, none. Answers
    /// each part in order once the events are durable. Resent, a batch whose
    /// events are all recorded answers their positions again (`replayed`).
    pub async fn append_batch(&self, parts: Vec<BatchPart>) -> Result<Vec<Appended>, BatchError> {
        let closed = || BatchError::Whole(AppendError::Closed);
        let (reply, answer) = oneshot::channel();
        let command = Command::AppendBatch { parts, reply };
        self.send(command).await.map_err(|_| closed())?;
        answer.await.map_err(|_| closed())?
    }

    pub(crate) async fn send(&self, command: Command) -> Result<(), ()> {
        match &self.inner.commands {
            Some(commands) => commands.send(command).await.map_err(|_| ()),
            None => Err(()),
        }
    }

    /// The last durable event. Readers never see past it.
    pub fn head(&self) -> Head {
        *self.inner.durable.borrow()
    }

    pub(crate) fn watch_head(&self) -> watch::Receiver<Head> {
        self.inner.durable.clone()
    }

    /// Why the log cannot be written just now, if it cannot: set by a failed
    /// write, cleared once the writer has recovered.
    pub fn outage(&self) -> Option<crate::Outage> {
        self.inner.db.outage()
    }

    /// Whether the log can be read now: the first damage any read met since
    /// opening (damaged files do not mend), else a read of the head event.
    /// Cheap enough for every health check: the head's page is in the cache.
    pub fn readable(&self) -> Result<(), StoreError> {
        if let Some(damage) = self.inner.db.damage() {
            return Err(damage);
        }
        let head = self.head().position;
        self.read_all(head, Direction::Backward, 1)
            .map_err(|error| error.at(head))
            .map(|_| ())
    }

    pub(crate) fn inner_db(&self) -> &SharedDb {
        &self.inner.db
    }

    /// Counters of the writer: commits made and events written since opening.
    pub fn stats(&self) -> &WriterStats {
        &self.inner.stats
    }

    /// Up to `limit` events of the global log, starting at position `from`
    /// (inclusive) and walking in `direction`. `from = u64::MAX` backward starts
    /// at the head.
    pub fn read_all(
        &self,
        from: u64,
        direction: Direction,
        limit: usize,
    ) -> Result<Vec<RecordedEvent>, StoreError> {
        let head = self.head().position;
        let range = match direction {
            Direction::Forward => (from.max(1), head),
            Direction::Backward => (1, from.min(head)),
        };
        if range.0 > range.1 || limit == 0 {
            return Ok(Vec::new());
        }
        self.inner.db.read(|db| {
            let entries = db.range(keys::log_key(range.0)..=keys::log_key(range.1));
            let entries: Box<dyn Iterator<Item = sled::Result<(sled::IVec, sled::IVec)>>> =
                match direction {
                    Direction::Forward => Box::new(entries),
                    Direction::Backward => Box::new(entries.rev()),
                };
            let mut events: Vec<RecordedEvent> = Vec::new();
            for entry in entries.take(limit) {
                match entry {
                    Ok((key, value)) => {
                        let position = keys::position_of_log_key(&key).unwrap_or_default();
                        events.push(decode_log_value(position, &value)?);
                    }
                    // Walking forward, damage is met at the position after
                    // the last one read.
                    Err(error) => {
                        let error = StoreError::from_sled(error);
                        return Err(match direction {
                            Direction::Forward => {
                                error.at(events.last().map_or(range.0, |e| e.position + 1))
                            }
                            Direction::Backward => error,
                        });
                    }
                }
            }
            Ok(events)
        })
    }

    /// Up to `limit` events of one stream, starting at `from_version` (inclusive)
    /// and walking in `direction`. `from_version = u64::MAX` backward starts at
    /// the stream's last event.
    pub fn read_stream(
        &self,
        stream: &StreamName,
        from_version: u64,
        direction: Direction,
        limit: usize,
    ) -> Result<Vec<RecordedEvent>, StoreError> {
        let head = self.head().position;
        let range = match direction {
            Direction::Forward => (from_version.max(1), u64::MAX),
            Direction::Backward => (1, from_version),
        };
        if range.0 > range.1 || limit == 0 {
            return Ok(Vec::new());
        }
        self.inner.db.read(|db| {
            let entries =
                db.range(keys::stream_key(stream, range.0)..=keys::stream_key(stream, range.1));
            let positions: Box<dyn Iterator<Item = sled::Result<(sled::IVec, sled::IVec)>>> =
                match direction {
                    Direction::Forward => Box::new(entries),
                    Direction::Backward => Box::new(entries.rev()),
                };
            let mut events = Vec::new();
            for entry in positions {
                let (_, value) = entry.or_store_error()?;
                let position = keys::u64_value(&value).unwrap_or_default();
                // Versions rise with positions: past the durable head, a forward
                // walk is done and a backward walk has not started yet.
                if position > head {
                    match direction {
                        Direction::Forward => break,
                        Direction::Backward => continue,
                    }
                }
                events.push(event_at(db, position)?);
                if events.len() == limit {
                    break;
                }
            }
            Ok(events)
        })
    }

    /// The stream's current durable version; 0 if it does not exist. Read
    /// from the stream's index alone (its last entry within the durable
    /// head), not from the event: the rules ask it of every agreement an
    /// append serves.
    pub fn stream_version(&self, stream: &StreamName) -> Result<u64, StoreError> {
        let head = self.head().position;
        self.inner.db.read(|db| {
            let entries =
                db.range(keys::stream_key(stream, 1)..=keys::stream_key(stream, u64::MAX));
            for entry in entries.rev() {
                let (key, value) = entry.or_store_error()?;
                if keys::u64_value(&value).unwrap_or_default() <= head {
                    return Ok(keys::version_of_stream_key(&key).unwrap_or_default());
                }
            }
            Ok(0)
        })
    }

    /// The event with this id, if it is durable.
    pub fn event_by_id(&self, id: Uuid) -> Result<Option<RecordedEvent>, StoreError> {
        let head = self.head().position;
        self.inner.db.read(|db| {
            let Some(value) = db.get(keys::id_key(id)).or_store_error()? else {
                return Ok(None);
            };
            match IdEntry::from_bytes(&value) {
                Some(entry) if entry.position <= head => event_at(db, entry.position).map(Some),
                _ => Ok(None),
            }
        })
    }

    /// Every event after position `after`, in order, exactly once, then every
    /// event appended later, as it becomes durable.
    pub fn subscribe(&self, after: u64) -> Subscription {
        let store = self.clone();
        let read = move |from| store.read_all(from, Direction::Forward, subscription::PAGE);
        Subscription::new(self.watch_head(), after, Box::new(read))
    }

    /// The stored entries from position `from` up to `end`, read a page at a
    /// time. A missing position is simply not there; `verify` names it.
    /// Damage is said at the first position not read.
    pub(crate) fn stored_entries_between(
        &self,
        from: u64,
        end: u64,
    ) -> impl Iterator<Item = Result<(u64, sled::IVec), StoreError>> + '_ {
        let mut pages = (from <= end)
            .then(|| KeyPages::new(&self.inner.db, &keys::log_key(from), &keys::log_key(end)));
        let mut unread = from;
        std::iter::from_fn(move || match pages.as_mut()?.next()? {
            Ok((key, value)) => {
                let at = keys::position_of_log_key(&key).unwrap_or_default();
                unread = at + 1;
                Some(Ok((at, value)))
            }
            Err(error) => {
                let error = error.at(unread);
                self.inner.db.notice(&error);
                Some(Err(error))
            }
        })
    }
}

impl Drop for Inner {
    /// Closing waits for the writer to answer what it has taken, so that when the
    /// last handle is gone the database is closed and may be opened again.
    fn drop(&mut self) {
        self.commands.take();
        if let Some(writer) = self.writer.take() {
            let _ = writer.join();
        }
    }
}

pub(crate) fn event_at(db: &sled::Db, position: u64) -> Result<RecordedEvent, StoreError> {
    let value = db
        .get(keys::log_key(position))
        .or_store_error()?
        .ok_or_else(|| StoreError::Corrupt {
            position,
            reason: "an index points at it but it is missing".into(),
        })?;
    decode_log_value(position, &value)
}

/// The last event in sled, or the empty head.
pub(crate) fn read_head(db: &sled::Db) -> Result<Head, StoreError> {
    let Some((key, value)) = db
        .scan_prefix([keys::LOG])
        .next_back()
        .transpose()
        .or_store_error()?
    else {
        return Ok(Head::EMPTY);
    };
    let position = keys::position_of_log_key(&key).unwrap_or_default();
    let event = decode_log_value(position, &value)?;
    Ok(Head {
        position,
        hash: event.hash,
        recorded: Some(event.recorded),
    })
}
