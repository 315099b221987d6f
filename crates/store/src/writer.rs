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
//! (`recovery.rs`); meanwhile appends are refused at once. How a request is
//! checked and staged into the group is `staging.rs`.

mod batch;
mod recovery;
mod staging;

use crate::commit_histogram::Buckets;
pub use batch::{BatchError, BatchPart};
pub use staging::Appended;

use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Instant;

use serde_json::value::RawValue;
use tokio::sync::{mpsc, oneshot, watch};

use crate::engine::{Engine, StoreOptions};
use crate::error::SledResult;
use crate::shared_db::SharedDb;
use crate::tree::TreeEdge;
use crate::{AppendError, ExpectedVersion, Hash, Head, NewEvent, RestoreError, StoreError};
use staging::Pending;
use trygglogg_events::StreamName;

/// Most requests one group commit takes; bounds the batch and the answer latency.
const MAX_GROUP: usize = 4096;

pub(crate) enum Command {
    Append {
        stream: StreamName,
        expected: ExpectedVersion,
        events: Vec<NewEvent>,
        reply: oneshot::Sender<Result<Appended, AppendError>>,
    },
    /// Appends to several streams, all or none (`batch.rs`).
    AppendBatch {
        parts: Vec<BatchPart>,
        reply: oneshot::Sender<Result<Vec<Appended>, BatchError>>,
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
            Command::AppendBatch { reply, .. } => {
                let _ = reply.send(Err(BatchError::Whole(error.clone())));
            }
            Command::Restore { reply, .. } => {
                let _ = reply.send(Err(RestoreError::Storage(error.to_string())));
            }
        }
    }
}

/// Counters for metrics and benchmarks.
#[derive(Debug)]
pub struct WriterStats {
    /// Durable commits made (one per group that wrote something).
    pub commits: AtomicU64,
    /// Events written.
    pub events: AtomicU64,
    /// Events per durable commit (the group commit's size).
    pub group_sizes: Buckets,
    /// Seconds to make a commit durable (sled's flush and the `fsync`).
    pub fsync_seconds: Buckets,
}

impl Default for WriterStats {
    fn default() -> Self {
        WriterStats {
            commits: AtomicU64::default(),
            events: AtomicU64::default(),
            group_sizes: Buckets::new(&[1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 64.0, 128.0, 256.0, 512.0]),
            fsync_seconds: Buckets::new(&[
                0.0001, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0,
            ]),
        }
    }
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
    /// The Merkle tree's right edge at `head`.
    tree: TreeEdge,
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
    ) -> Result<Self, StoreError> {
        // A log from before the tree gets it now, before any append.
        let tree = crate::tree::build_missing(&engine, head.position)?;
        Ok(Writer {
            engine: Some(engine),
            readers,
            path,
            options,
            head,
            tree,
            durable,
            stats,
            broken: None,
            stopped: None,
        })
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
        let mut pending = Pending::new(self.head, self.tree.clone());
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
                Command::AppendBatch { parts, reply } => {
                    let result = pending.stage(&db, |tx| tx.append_parts(&parts));
                    if let Ok(appended) = &result {
                        must_sync |= appended
                            .iter()
                            .flat_map(|a| &a.positions)
                            .any(|&p| p > durable_position);
                    }
                    replies.push(Reply::AppendBatch(reply, result));
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
        if let Some(failure) = pending.tree_failure {
            // Nothing was written: the log stays as it was, and so does the
            // tree.
            return Err(AppendError::Storage(failure));
        }
        let result = (|| -> Result<(), StoreError> {
            if written > 0 {
                engine.db.apply_batch(pending.batch).or_store_error()?;
            }
            if written > 0 || must_sync {
                let started = Instant::now();
                engine.make_durable()?;
                let seconds = started.elapsed().as_secs_f64();
                self.stats.fsync_seconds.observe(seconds);
            }
            Ok(())
        })();
        match result {
            Ok(()) => {
                self.head = pending.head;
                self.tree = pending.tree;
                self.durable.send_replace(self.head);
                if written > 0 {
                    self.stats.commits.fetch_add(1, Ordering::Relaxed);
                    self.stats.events.fetch_add(written, Ordering::Relaxed);
                    self.stats.group_sizes.observe(written as f64);
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
    AppendBatch(
        oneshot::Sender<Result<Vec<Appended>, BatchError>>,
        Result<Vec<Appended>, BatchError>,
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
            Reply::AppendBatch(reply, result) => {
                let result = match (result, commit_error) {
                    (Ok(_), Some(e)) => Err(BatchError::Whole(e.clone())),
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

/// Breaking and mending: what a failed write sets, and the attempts to
/// recover from it (`recovery.rs`).
impl Writer {
    /// When the next attempt to recover is due, if one is.
    fn retry_at(&self) -> Option<Instant> {
        match (&self.stopped, &self.broken) {
            (None, Some(broken)) => Some(broken.next_attempt()),
            _ => None,
        }
    }

    /// Breaks the writer, or mends it; the readers learn why reads may fail.
    fn set_broken(&mut self, broken: Option<recovery::Broken>) {
        self.readers
            .set_outage(broken.as_ref().map(recovery::Broken::outage));
        self.broken = broken;
    }

    /// `Ok` when the log can be written: it was not broken, or it has just
    /// recovered. Otherwise the refusal to answer with.
    fn recovered(&mut self) -> Result<(), AppendError> {
        let Some(broken) = &self.broken else {
            return Ok(());
        };
        if Instant::now() < broken.next_attempt() {
            return Err(broken.refusal());
        }
        let reopened = recovery::reopen(
            &self.path,
            self.options,
            &self.readers,
            &mut self.engine,
            self.head,
        );
        match reopened {
            Ok(()) => {
                self.set_broken(None);
                Ok(())
            }
            Err(recovery::Failure::Disk(error)) => {
                let broken = recovery::Broken::retry_later(&error);
                let refusal = broken.refusal();
                self.set_broken(Some(broken));
                Err(refusal)
            }
            Err(recovery::Failure::Lost(reason)) => {
                self.stopped = Some(reason.clone());
                Err(AppendError::Storage(reason))
            }
        }
    }
}
