//! The fast way through the log: every event handed over in place, without
//! being copied into a [`RecordedEvent`](crate::RecordedEvent).

use std::ops::ControlFlow;
use std::sync::mpsc;

use crate::log_value::split_log_value;
use crate::store::WALK_PAGE;
use crate::{Store, StoreError, StoredEvent};

/// Pages read ahead while the caller visits the one before.
const PAGES_AHEAD: usize = 2;

type Page = Vec<Result<(u64, sled::IVec), StoreError>>;

impl Store {
    /// Hands every durable event from position `from` on to `visit`, in
    /// order, until the durable head (as it was when the scan began) or until
    /// `visit` breaks.
    ///
    /// The next pages are read from sled on another thread while `visit`
    /// works through this one: on a log larger than sled's cache, reading an
    /// event costs about as much as a fold does with it, and the machine has
    /// a second core.
    pub fn scan<E: From<StoreError>>(
        &self,
        from: u64,
        mut visit: impl FnMut(StoredEvent<'_>) -> Result<ControlFlow<()>, E>,
    ) -> Result<(), E> {
        let (from, end) = (from.max(1), self.head().position);
        let mut visit_page = |page: Page| -> Result<ControlFlow<()>, E> {
            for entry in page {
                let (position, value) = entry?;
                let (hash, bytes) = split_log_value(&value);
                let event =
                    StoredEvent::from_stored(bytes, hash).map_err(|e| StoreError::Corrupt {
                        position,
                        reason: e.to_string(),
                    })?;
                if visit(event)?.is_break() {
                    return Ok(ControlFlow::Break(()));
                }
            }
            Ok(ControlFlow::Continue(()))
        };
        if end < from {
            return Ok(());
        }
        if end - from < WALK_PAGE as u64 {
            // Broken off or not, this one page was the whole scan.
            let _ = visit_page(self.stored_entries_between(from, end).collect())?;
            return Ok(());
        }
        std::thread::scope(|scope| {
            let (pages_tx, pages) = mpsc::sync_channel::<Page>(PAGES_AHEAD);
            let store = self.clone();
            scope.spawn(move || {
                let mut entries = store.stored_entries_between(from, end);
                loop {
                    let page: Page = entries.by_ref().take(WALK_PAGE).collect();
                    let last_page = page.len() < WALK_PAGE || page.iter().any(Result::is_err);
                    // A send fails once the visitor has stopped: stop too.
                    if page.is_empty() || pages_tx.send(page).is_err() || last_page {
                        return;
                    }
                }
            });
            // Returning drops `pages`, which stops the reader if it is ahead.
            for page in pages {
                if visit_page(page)?.is_break() {
                    break;
                }
            }
            Ok(())
        })
    }
}
