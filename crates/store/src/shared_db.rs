//! The sled database as the readers see it. The writer swaps it when it
//! reopens sled after a failed write: sled remembers an I/O error and fails
//! every later write, so only a new instance can write again, and sled locks
//! its directory, so the old one must be gone (from every reader too) before
//! the new one opens.

use std::sync::{Mutex, PoisonError, RwLock};

use crate::{Outage, StoreError};

pub(crate) struct SharedDb {
    db: RwLock<Option<sled::Db>>,
    /// Why the writer is broken, while it is.
    outage: Mutex<Option<Outage>>,
}

impl SharedDb {
    pub fn new(db: sled::Db) -> Self {
        SharedDb {
            db: RwLock::new(Some(db)),
            outage: Mutex::new(None),
        }
    }

    /// Runs `read` with the current database. Readers hold it only for the
    /// call, never beyond, so that the writer can take it away. sled may
    /// write while it reads (it splits and merges pages on the way), so a read
    /// can fail while the disk refuses writes; it then says why.
    pub fn read<T>(
        &self,
        read: impl FnOnce(&sled::Db) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let db = self.db.read().unwrap_or_else(PoisonError::into_inner);
        let result = match db.as_ref() {
            Some(db) => read(db),
            None => Err(StoreError::Reopening),
        };
        match (result, self.outage()) {
            (Err(error @ (StoreError::Sled(_) | StoreError::Io(_))), Some(outage)) => {
                Err(StoreError::Unwritable {
                    outage,
                    reason: error.to_string(),
                })
            }
            (result, _) => result,
        }
    }

    /// Takes the database away from the readers, once those reading now are
    /// done; they are refused until [`SharedDb::put`].
    pub fn take(&self) -> Option<sled::Db> {
        self.db
            .write()
            .unwrap_or_else(PoisonError::into_inner)
            .take()
    }

    pub fn put(&self, db: sled::Db) {
        *self.db.write().unwrap_or_else(PoisonError::into_inner) = Some(db);
    }

    pub fn outage(&self) -> Option<Outage> {
        *self.outage.lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub fn set_outage(&self, outage: Option<Outage>) {
        *self.outage.lock().unwrap_or_else(PoisonError::into_inner) = outage;
    }
}
