//! The fast way through the log: every event handed over in place, without
//! being copied into a [`RecordedEvent`](crate::RecordedEvent).

use std::ops::ControlFlow;

use crate::store::split_log_value;
use crate::{Store, StoreError, StoredEvent};

impl Store {
    /// Hands every durable event from position `from` on to `visit`, in
    /// order, until the durable head (as it was when the scan began) or until
    /// `visit` breaks. Returns the last position visited (0 if none).
    pub fn scan<E: From<StoreError>>(
        &self,
        from: u64,
        mut visit: impl FnMut(StoredEvent<'_>) -> Result<ControlFlow<()>, E>,
    ) -> Result<u64, E> {
        let mut last = 0;
        for entry in self.stored_entries_between(from.max(1), self.head().position) {
            let (position, value) = entry?;
            let (hash, bytes) = split_log_value(&value);
            let event = StoredEvent::from_stored(bytes, hash).map_err(|e| StoreError::Corrupt {
                position,
                reason: e.to_string(),
            })?;
            if visit(event)?.is_break() {
                break;
            }
            last = position;
        }
        Ok(last)
    }
}
