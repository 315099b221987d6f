//! The sled database as the readers see it. The writer swaps it when it
//! reopens sled after a failed write: sled remembers an I/O error and fails
//! every later write, so only a new instance can write again, and sled locks
//! its directory, so the old one must be gone (from every reader too) before
//! the new one opens.

use std::sync::{PoisonError, RwLock};

use crate::StoreError;

pub(crate) struct SharedDb(RwLock<Option<sled::Db>>);

impl SharedDb {
    pub fn new(db: sled::Db) -> Self {
        SharedDb(RwLock::new(Some(db)))
    }

    /// Runs `read` with the current database. Readers hold it only for the
    /// call, never beyond, so that the writer can take it away.
    pub fn read<T>(
        &self,
        read: impl FnOnce(&sled::Db) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let db = self.0.read().unwrap_or_else(PoisonError::into_inner);
        match db.as_ref() {
            Some(db) => read(db),
            None => Err(StoreError::Reopening),
        }
    }

    /// Takes the database away from the readers, once those reading now are
    /// done; they are refused until [`SharedDb::put`].
    pub fn take(&self) -> Option<sled::Db> {
        self.0
            .write()
            .unwrap_or_else(PoisonError::into_inner)
            .take()
    }

    pub fn put(&self, db: sled::Db) {
        *self.0.write().unwrap_or_else(PoisonError::into_inner) = Some(db);
    }
}
