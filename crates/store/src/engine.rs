//! Opening sled so that what it acknowledges is durable.

use std::fs::File;
use std::path::{Path, PathBuf};

use crate::error::SledResult;
use crate::{Outage, StoreError};

/// The sled segment size of every store: 4 MiB. sled writes pages over a quarter
/// segment to blob files that it never fsyncs, so a larger segment keeps every
/// page of ours inline, in the one file we sync (see `MAX_STORED_EVENT_BYTES`).
/// sled refuses to open a directory with another segment size, so anything that
/// opens a store's directory with sled directly (benchmarks, forensic tests)
/// must use this value.
pub const SEGMENT_SIZE: usize = 4 << 20;

/// An open sled database and the handle through which commits are made durable.
pub struct Engine {
    pub db: sled::Db,
    db_file: File,
    #[cfg_attr(not(test), allow(dead_code))]
    dir: PathBuf,
}

/// How the store opens its database.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StoreOptions {
    /// sled's page cache, at most, in bytes as sled counts them: pages as
    /// stored on disk. In memory they take several times that (RELIABILITY.md).
    pub cache_bytes: u64,
}

impl StoreOptions {
    /// The cache's size unless the operator chooses: sled's own default is
    /// 1 GiB.
    pub const DEFAULT_CACHE_MIB: u64 = 256;
}

impl Default for StoreOptions {
    fn default() -> Self {
        StoreOptions {
            cache_bytes: Self::DEFAULT_CACHE_MIB << 20,
        }
    }
}

/// How long opening waits for another holder of the directory's lock to let
/// go: sled's background threads keep it for a moment after the last handle
/// is dropped, and a restarted service may start while the old one exits.
const LOCK_WAIT: std::time::Duration = std::time::Duration::from_secs(5);

fn open_when_unlocked(dir: &Path, options: StoreOptions) -> Result<sled::Db, StoreError> {
    let config = sled::Config::new()
        .path(dir)
        .segment_size(SEGMENT_SIZE)
        .cache_capacity(options.cache_bytes);
    let deadline = std::time::Instant::now() + LOCK_WAIT;
    loop {
        match config.open() {
            Err(sled::Error::Io(e))
                if e.to_string().contains("could not acquire lock")
                    && std::time::Instant::now() < deadline =>
            {
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            // Our configuration is always valid, so sled finding it
            // "unsupported" at opening means the settings it keeps in `conf`
            // are not ours (a damaged file gets "created using a sled
            // version earlier than 0.29", which sends an operator astray).
            Err(sled::Error::Unsupported(_)) => {
                return Err(StoreError::Damaged {
                    position: None,
                    found: "its settings file `conf` cannot be read as this store's settings"
                        .into(),
                })
            }
            result => return result.or_store_error(),
        }
    }
}

/// sled writes a snapshot of its page table to `snap.<lsn>.generating`,
/// syncs it and renames it to `snap.<lsn>`. A process killed before the
/// rename leaves the unfinished file, which sorts after every finished one,
/// so sled 0.34 reads it on the next opening, finds its checksum wrong, and
/// refuses to open at all (the crash test met this under load). Such a file
/// is never a whole snapshot: removed, sled uses the last finished one (it
/// deletes older ones only after a rename) or recovers from its log alone.
fn remove_unfinished_snapshots(dir: &Path) -> Result<(), StoreError> {
    for entry in std::fs::read_dir(dir)? {
        let name = entry?.file_name();
        let name = name.to_string_lossy();
        if name.starts_with("snap.") && name.ends_with(".generating") {
            std::fs::remove_file(dir.join(&*name))?;
        }
    }
    Ok(())
}

impl Engine {
    /// Opens sled in `dir` as the store does. A directory that cannot be
    /// written (read-only, or a full disk) is said to be so.
    pub fn open(dir: &Path, options: StoreOptions) -> Result<Engine, StoreError> {
        Engine::open_writable(dir, options).map_err(|error| match error.outage() {
            outage @ (Outage::ReadOnly | Outage::DiskFull) => StoreError::Unwritable {
                outage,
                reason: error.to_string(),
            },
            Outage::Failed => error,
        })
    }

    fn open_writable(dir: &Path, options: StoreOptions) -> Result<Engine, StoreError> {
        std::fs::create_dir_all(dir)?;
        if dir.join(crate::dir_files::RESTORE_MARKER).exists() {
            return Err(StoreError::InterruptedRestore {
                dir: dir.to_path_buf(),
            });
        }
        remove_unfinished_snapshots(dir)?;
        let db = open_when_unlocked(dir, options)?;
        let db_file = File::open(dir.join("db"))?;
        // The files sled may just have created must survive a power loss too:
        // sync them and the directory that names them.
        db_file.sync_all()?;
        File::open(dir.join("conf"))?.sync_all()?;
        File::open(dir)?.sync_all()?;
        // Left only by a process that died while probing after a failed write.
        let _ = std::fs::remove_file(dir.join(crate::dir_files::PROBE_FILE));
        Ok(Engine {
            db,
            db_file,
            dir: dir.to_path_buf(),
        })
    }

    /// Makes everything applied so far durable. sled's own `flush` ends in
    /// `sync_file_range`, which neither flushes the disk cache nor the file's
    /// metadata, so a full `fsync` of the database file follows it.
    pub fn make_durable(&self) -> Result<(), StoreError> {
        #[cfg(test)]
        faults::check(&self.dir)?;
        self.db.flush().or_store_error()?;
        self.db_file.sync_all()?;
        Ok(())
    }
}

/// Disk failures injected per data directory, so that tests running at once
/// do not meet each other's: while one is set for a directory, making its
/// store durable and probing it fail with that kind of error, as a full disk
/// or a read-only filesystem would.
#[cfg(test)]
pub(crate) mod faults {
    use std::io::ErrorKind;

    /// An event for the tests that inject faults.
    pub fn event(id: uuid::Uuid) -> crate::NewEvent {
        let empty = || serde_json::value::RawValue::from_string("{}".into()).unwrap();
        crate::NewEvent {
            id,
            event_type: "test_happened".into(),
            data: empty(),
            metadata: empty(),
        }
    }
    use std::path::{Path, PathBuf};
    use std::sync::Mutex;

    static FAULTS: Mutex<Vec<(PathBuf, ErrorKind)>> = Mutex::new(Vec::new());

    pub fn set(dir: &Path, kind: ErrorKind) {
        clear(dir);
        FAULTS.lock().unwrap().push((dir.to_path_buf(), kind));
    }

    pub fn clear(dir: &Path) {
        FAULTS.lock().unwrap().retain(|(d, _)| d != dir);
    }

    pub fn check(dir: &Path) -> std::io::Result<()> {
        match FAULTS.lock().unwrap().iter().find(|(d, _)| d == dir) {
            Some((_, kind)) => Err(std::io::Error::new(*kind, "injected failure")),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::io::ErrorKind;

    use uuid::Uuid;

    use super::faults::{self, event};
    use crate::{AppendError, Direction, ExpectedVersion, Outage, Store, Verification};
    use trygglogg_events::StreamName;

    /// A snapshot whose writer was killed before renaming it, beside the
    /// finished one: without its removal, sled 0.34 reads it and refuses to
    /// open ("Read corrupted data at file offset None").
    #[tokio::test]
    async fn an_unfinished_snapshot_left_by_a_kill_does_not_keep_the_store_shut() {
        let dir = tempfile::tempdir().unwrap();
        let stream = StreamName::parse("activity-0190f2c4-7d1e-7c3a-9f00-1b2c3d4e5f60").unwrap();
        {
            let store = Store::open(dir.path()).unwrap();
            for _ in 0..3 {
                let events = vec![event(Uuid::new_v4())];
                store
                    .append(stream, ExpectedVersion::Any, events)
                    .await
                    .unwrap();
            }
        }
        // Opening once more writes a finished snapshot of the three.
        drop(Store::open(dir.path()).unwrap());
        let snapshot = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
            .find(|name| name.starts_with("snap."))
            .expect("a snapshot");
        let unfinished = dir.path().join(format!("{snapshot}.generating"));
        std::fs::write(&unfinished, b"half a snapshot, cut off by SIGKILL").unwrap();

        let store = Store::open(dir.path()).unwrap();
        assert_eq!(store.head().position, 3);
        assert!(!unfinished.exists());
        assert!(matches!(
            store.verify(|_| {}).unwrap(),
            Verification::Intact { .. }
        ));
    }

    #[tokio::test]
    async fn a_failed_sync_leaves_no_trace_and_the_log_goes_on() {
        let dir = tempfile::tempdir().unwrap();
        let stream = StreamName::parse("activity-0190f2c4-7d1e-7c3a-9f00-1b2c3d4e5f60").unwrap();
        let (first, failed, next) = (Uuid::new_v4(), Uuid::new_v4(), Uuid::new_v4());
        {
            let store = Store::open(dir.path()).unwrap();
            store
                .append(stream, ExpectedVersion::Any, vec![event(first)])
                .await
                .unwrap();

            faults::set(dir.path(), ErrorKind::Other);
            let refused = store
                .append(stream, ExpectedVersion::Exact(1), vec![event(failed)])
                .await;
            assert!(
                matches!(refused, Err(AppendError::Unavailable { outage: Outage::Failed, ref detail, .. }) if detail.contains("injected")),
                "{refused:?}"
            );
            assert_eq!(store.head().position, 1);
            assert!(store.event_by_id(failed).unwrap().is_none());
            faults::clear(dir.path());
            // The writer recovers by itself. Not at once: it may have tried
            // (on its own timer) while the fault was still set, and then
            // waits a second before the next attempt.
            let cleared = std::time::Instant::now();
            while store.outage().is_some() {
                assert!(cleared.elapsed().as_secs() < 5, "no recovery");
                tokio::time::sleep(std::time::Duration::from_millis(20)).await;
            }

            // The next append is not held up by the failed one: the stream is
            // still at version 1, and position 2 is free.
            let appended = store
                .append(stream, ExpectedVersion::Exact(1), vec![event(next)])
                .await
                .unwrap();
            assert_eq!(
                (
                    appended.positions,
                    appended.stream_version,
                    appended.replayed
                ),
                (vec![2], 2, false)
            );
            // The failed request, sent again, is recorded now: it was not before.
            let again = store
                .append(stream, ExpectedVersion::Any, vec![event(failed)])
                .await
                .unwrap();
            assert_eq!((again.positions, again.replayed), (vec![3], false));
        }
        let store = Store::open(dir.path()).unwrap();
        let ids: Vec<Uuid> = store
            .read_all(1, Direction::Forward, 10)
            .unwrap()
            .iter()
            .map(|e| e.id)
            .collect();
        assert_eq!(ids, [first, next, failed]);
        assert!(matches!(
            store.verify(|_| {}).unwrap(),
            Verification::Intact { .. }
        ));
    }
}
