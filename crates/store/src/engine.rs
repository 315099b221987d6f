//! Opening sled so that what it acknowledges is durable.

use std::fs::File;
use std::path::Path;

use crate::StoreError;

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
}

impl Engine {
    /// Opens sled in `dir` as the store does.
    pub fn open(dir: &Path) -> Result<Engine, StoreError> {
        std::fs::create_dir_all(dir)?;
        let db = sled::Config::new()
            .path(dir)
            .segment_size(SEGMENT_SIZE)
            .open()?;
        let db_file = File::open(dir.join("db"))?;
        // The files sled may just have created must survive a power loss too:
        // sync them and the directory that names them.
        db_file.sync_all()?;
        File::open(dir.join("conf"))?.sync_all()?;
        File::open(dir)?.sync_all()?;
        Ok(Engine { db, db_file })
    }

    /// Makes everything applied so far durable. sled's own `flush` ends in
    /// `sync_file_range`, which neither flushes the disk cache nor the file's
    /// metadata, so a full `fsync` of the database file follows it.
    pub fn make_durable(&self) -> Result<(), StoreError> {
        self.db.flush()?;
        self.db_file.sync_all()?;
        Ok(())
    }
}
