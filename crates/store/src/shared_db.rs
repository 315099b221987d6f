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
    /// The first damage any read met. It stays: damaged files do not mend,
    /// so the store is degraded until it is restored and opened anew.
    damage: Mutex<Option<(Option<u64>, String)>>,
}

impl SharedDb {
    pub fn new(db: sled::Db) -> Self {
        SharedDb {
            db: RwLock::new(Some(db)),
            outage: Mutex::new(None),
            damage: Mutex::new(None),
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
            (Err(error @ (StoreError::Engine(_) | StoreError::Io(_))), Some(outage)) => {
                Err(StoreError::Unwritable {
                    outage,
                    reason: error.to_string(),
                })
            }
            (Err(error), _) => {
                self.notice(&error);
                Err(error)
            }
            (result, _) => result,
        }
    }

    /// Keeps the first damage met, for [`SharedDb::damage`]; a read that
    /// handles its own error (a page read in part) tells it here.
    pub fn notice(&self, error: &StoreError) {
        if let StoreError::Damaged { position, found } = error {
            let mut damage = self.damage.lock().unwrap_or_else(PoisonError::into_inner);
            // The first one seen, unless a later one knows where it is.
            if damage.as_ref().is_none_or(|(known, _)| known.is_none()) {
                *damage = Some((*position, found.clone()));
            }
        }
    }

    /// The damage a read met since the store was opened, if any.
    pub fn damage(&self) -> Option<StoreError> {
        let damage = self.damage.lock().unwrap_or_else(PoisonError::into_inner);
        damage
            .as_ref()
            .map(|(position, found)| StoreError::Damaged {
                position: *position,
                found: found.clone(),
            })
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
