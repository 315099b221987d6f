//! Coming back from a failed write without a restart.
//!
//! sled remembers the first I/O error it meets and fails every later write
//! with it, so a store whose disk was full would stay unwritable after space
//! returned. After a failed write the writer is therefore *broken*: appends are
//! refused at once, and the first append after [`RETRY_EVERY`] tries to
//! recover — it checks that the directory takes writes again, closes sled (the
//! readers' handle too), opens it again and reconciles: the log on disk must
//! end with the durable head (every acknowledged event there, with the head's
//! hash), and events past it, of the refused write, are taken out again, as the
//! undo would have. Nothing acknowledged is lost, nothing refused stays.

use std::fs::File;
use std::io::Write;
use std::panic::AssertUnwindSafe;
use std::path::Path;
use std::time::{Duration, Instant};

use crate::dir_files::PROBE_FILE;
use crate::engine::{Engine, StoreOptions};
use crate::keys;
use crate::log_value::{decode_log_value, split_log_value};
use crate::shared_db::SharedDb;
use crate::{AppendError, Head, Outage, StoreError, SEGMENT_SIZE};

/// How long after a failed attempt the next one may be made. An attempt
/// costs a probe (and, if the probe passes, reopening sled), so appends to a
/// full disk are refused at once instead of each making one.
pub(crate) const RETRY_EVERY: Duration = Duration::from_secs(1);

/// Why the writer cannot write, and when it tries again.
pub(crate) struct Broken {
    outage: Outage,
    detail: String,
    next_attempt: Instant,
}

impl Broken {
    /// After a failed write the next append tries at once: a passing fault
    /// (one refused sync) costs no wait.
    pub fn after(error: &StoreError) -> Broken {
        Broken {
            outage: error.outage(),
            detail: error.to_string(),
            next_attempt: Instant::now(),
        }
    }

    /// After a failed attempt to recover, the next one waits.
    pub fn retry_later(error: &StoreError) -> Broken {
        Broken {
            next_attempt: Instant::now() + RETRY_EVERY,
            ..Broken::after(error)
        }
    }

    pub fn next_attempt(&self) -> Instant {
        self.next_attempt
    }

    pub fn outage(&self) -> Outage {
        self.outage
    }

    pub fn refusal(&self) -> AppendError {
        AppendError::Unavailable {
            outage: self.outage,
            detail: self.detail.clone(),
            retry_after: self
                .next_attempt
                .saturating_duration_since(Instant::now())
                .max(Duration::from_secs(1)),
        }
    }
}

/// Why reopening did not bring the writer back.
pub(super) enum Failure {
    /// The disk still refuses: try again later.
    Disk(StoreError),
    /// The reopened log does not hold what was acknowledged.
    Lost(String),
}

impl From<StoreError> for Failure {
    fn from(error: StoreError) -> Self {
        Failure::Disk(error)
    }
}

impl From<sled::Error> for Failure {
    fn from(error: sled::Error) -> Self {
        Failure::Disk(StoreError::from_sled(error))
    }
}

/// Closes sled (the readers' handle too) and opens it again, holding
/// exactly the durable log that ends at `head`; `engine` is the writer's
/// handle, `None` from the moment it is closed until it is open again.
pub(super) fn reopen(
    path: &Path,
    options: StoreOptions,
    readers: &SharedDb,
    engine: &mut Option<Engine>,
    head: Head,
) -> Result<(), Failure> {
    probe(path)?;
    // sled locks its directory: every handle of the old instance must be
    // gone before the new one opens. Readers hold theirs only while
    // reading, so taking it from them waits for at most one read.
    close_quietly(readers.take());
    close_quietly(engine.take());
    let reopened = Engine::open(path, options)?;
    reconcile(&reopened, head)?;
    readers.put(reopened.db.clone());
    *engine = Some(reopened);
    Ok(())
}

/// Whether the data directory takes writes again: a new file of one sled
/// segment (what sled needs at least to go on) is written, synced and removed.
fn probe(dir: &Path) -> Result<(), StoreError> {
    let path = dir.join(PROBE_FILE);
    let written = (|| -> std::io::Result<()> {
        #[cfg(test)]
        crate::engine::faults::check(dir)?;
        let mut file = File::create(&path)?;
        let zeros = [0u8; 64 << 10];
        for _ in 0..SEGMENT_SIZE / zeros.len() {
            file.write_all(&zeros)?;
        }
        file.sync_all()
    })();
    let _ = std::fs::remove_file(&path);
    Ok(written?)
}

/// Drops a sled instance that met an I/O error. sled's drop flushes, and if it
/// had not noticed the error itself it unwraps an `fsync`: a panic there must
/// not take the writer thread down.
fn close_quietly<T>(handle: Option<T>) {
    if let Some(handle) = handle {
        let _ = std::panic::catch_unwind(AssertUnwindSafe(move || drop(handle)));
    }
}

/// Makes the reopened sled hold exactly the durable log.
fn reconcile(engine: &Engine, durable: Head) -> Result<(), Failure> {
    let db = &engine.db;
    if durable.position > 0 {
        let value = db.get(keys::log_key(durable.position))?;
        if value.as_deref().map(|v| split_log_value(v).0) != Some(durable.hash) {
            return Err(Failure::Lost(format!(
                "after reopening, the event log does not hold the acknowledged event at \
                 position {} with its hash; it accepts no more appends: an operator must run \
                 `trygglogg verify`",
                durable.position
            )));
        }
    }
    // Past the durable head: only events of refused writes (sled recovers a
    // batch whole or not at all). Their keys were all new, so removing them
    // restores what was.
    let mut undo = sled::Batch::default();
    let mut refused = 0;
    for entry in db.range(keys::log_key(durable.position + 1)..=keys::log_key(u64::MAX)) {
        let (key, value) = entry?;
        undo.remove(key.clone());
        let position = keys::position_of_log_key(&key).unwrap_or_default();
        if let Ok(event) = decode_log_value(position, &value) {
            undo.remove(keys::stream_key(&event.stream, event.version));
            undo.remove(keys::id_key(event.id).to_vec());
        }
        refused += 1;
    }
    for key in crate::tree::keys_past(db, durable.position) {
        undo.remove(key?);
        refused += 1;
    }
    if refused > 0 {
        db.apply_batch(undo)?;
        engine.make_durable()?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::io::ErrorKind;

    use uuid::Uuid;

    use super::*;
    use crate::engine::faults::{self, event};
    use crate::{Direction, ExpectedVersion, Store, Verification};
    use trygglogg_events::StreamName;

    fn ids(store: &Store) -> Vec<Uuid> {
        let events = store.read_all(1, Direction::Forward, 100).unwrap();
        events.iter().map(|e| e.id).collect()
    }

    async fn append(store: &Store, id: Uuid) -> Result<crate::Appended, AppendError> {
        let stream = StreamName::parse("activity-0190f2c4-7d1e-7c3a-9f00-1b2c3d4e5f60").unwrap();
        store
            .append(stream, ExpectedVersion::Any, vec![event(id)])
            .await
    }

    /// A disk that keeps refusing: the write is refused with what is wrong,
    /// the next append tries again at once, the ones after it are refused
    /// without trying until a second has passed, reads go on, and once the disk
    /// takes writes again an append succeeds without a restart.
    #[tokio::test]
    async fn a_refusing_disk_is_retried_sparingly_and_recovered_from() {
        for (kind, outage) in [
            (ErrorKind::StorageFull, Outage::DiskFull),
            (ErrorKind::ReadOnlyFilesystem, Outage::ReadOnly),
        ] {
            let dir = tempfile::tempdir().unwrap();
            let (first, refused) = (Uuid::new_v4(), Uuid::new_v4());
            {
                let store = Store::open(dir.path()).unwrap();
                append(&store, first).await.unwrap();
                faults::set(dir.path(), kind);
                for _ in 0..3 {
                    let started = Instant::now();
                    match append(&store, refused).await {
                        Err(AppendError::Unavailable {
                            outage: o,
                            retry_after,
                            ..
                        }) => {
                            assert_eq!(o, outage);
                            assert!(retry_after >= Duration::from_secs(1), "{retry_after:?}");
                            assert!(retry_after <= RETRY_EVERY, "{retry_after:?}");
                        }
                        other => panic!("{kind:?}: {other:?}"),
                    }
                    // Refused at once: the probe fails fast, then no attempt
                    // is made at all until RETRY_EVERY has passed.
                    assert!(started.elapsed() < RETRY_EVERY, "{:?}", started.elapsed());
                }
                assert_eq!(ids(&store), [first], "reads go on, nothing half-written");
                assert_eq!(store.head().position, 1);

                assert_eq!(store.outage(), Some(outage));
                faults::clear(dir.path());
                // The writer recovers by itself, without an append to start it.
                let cleared = Instant::now();
                while store.outage().is_some() {
                    assert!(cleared.elapsed() < 3 * RETRY_EVERY, "no recovery");
                    tokio::time::sleep(Duration::from_millis(20)).await;
                }
                let recorded = append(&store, refused).await.unwrap();
                assert_eq!((recorded.positions, recorded.replayed), (vec![2], false));
                assert_eq!(ids(&store), [first, refused]);
            }
            let store = Store::open(dir.path()).unwrap();
            assert_eq!(ids(&store), [first, refused]);
            assert!(matches!(
                store.verify(|_| {}).unwrap(),
                Verification::Intact { head } if head.position == 2
            ));
            assert!(!dir.path().join(PROBE_FILE).exists());
        }
    }

    /// Events on disk past the durable head (a batch sled wrote though its
    /// commit failed) are taken out when sled is reopened, every key of them.
    #[tokio::test]
    async fn reopening_takes_out_what_lies_past_the_durable_head() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b, c) = (Uuid::new_v4(), Uuid::new_v4(), Uuid::new_v4());
        let durable = {
            let store = Store::open(dir.path()).unwrap();
            append(&store, a).await.unwrap();
            append(&store, b).await.unwrap();
            let durable = store.head();
            append(&store, c).await.unwrap();
            durable
        };
        let engine = Engine::open(dir.path(), crate::StoreOptions::default()).unwrap();
        assert!(reconcile(&engine, durable).is_ok());
        drop(engine);

        let store = Store::open(dir.path()).unwrap();
        assert_eq!(store.head(), durable);
        assert_eq!(ids(&store), [a, b]);
        let stream = StreamName::parse("activity-0190f2c4-7d1e-7c3a-9f00-1b2c3d4e5f60").unwrap();
        assert_eq!(store.stream_version(&stream).unwrap(), 2);
        // c's id is free again: sent anew, it is recorded, not replayed.
        let again = append(&store, c).await.unwrap();
        assert_eq!((again.positions, again.replayed), (vec![3], false));
    }

    /// A reopened log that lacks the acknowledged head is not built on.
    #[tokio::test]
    async fn a_log_without_the_acknowledged_head_stops_the_writer() {
        let dir = tempfile::tempdir().unwrap();
        let head = {
            let store = Store::open(dir.path()).unwrap();
            append(&store, Uuid::new_v4()).await.unwrap();
            store.head()
        };
        let engine = Engine::open(dir.path(), crate::StoreOptions::default()).unwrap();
        let beyond = Head {
            position: head.position + 1,
            ..head
        };
        let other_hash = Head {
            hash: crate::Hash::GENESIS,
            ..head
        };
        for claimed in [beyond, other_hash] {
            match reconcile(&engine, claimed) {
                Err(Failure::Lost(reason)) => assert!(reason.contains("trygglogg verify")),
                Err(Failure::Disk(e)) => panic!("{e}"),
                Ok(()) => panic!("{claimed:?} accepted"),
            }
        }
    }
}
