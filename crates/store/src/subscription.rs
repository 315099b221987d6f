//! A live, resumable read of the global log.

use std::collections::VecDeque;

use tokio::sync::watch;

use crate::{Head, RecordedEvent, StoreError};

/// Reads up to a page of the log forward from a position.
pub(crate) type ReadPage = Box<dyn Fn(u64) -> Result<Vec<RecordedEvent>, StoreError> + Send + Sync>;

/// Events read from the log per page while catching up.
pub(crate) const PAGE: usize = 512;

/// Delivers every event after a starting position exactly once and in order,
/// then waits for new ones. The writer's durable-head signal only wakes it up;
/// what it delivers is always read from the log, so nothing is skipped even if
/// several commits happen between two wake-ups.
pub struct Subscription {
    /// How it reads the log: it knows no more of the store, so that the
    /// store's module and this one do not import each other.
    read: ReadPage,
    head: watch::Receiver<Head>,
    /// The position of the next event to deliver.
    next: u64,
    buffer: VecDeque<RecordedEvent>,
}

impl Subscription {
    /// Reading with `read` (a page forward from a position), waking when
    /// `head` moves: the store's own subscription (`Store::subscribe`).
    pub(crate) fn new(head: watch::Receiver<Head>, after: u64, read: ReadPage) -> Self {
        Subscription {
            read,
            head,
            next: after.saturating_add(1),
            buffer: VecDeque::new(),
        }
    }

    /// The position of the last event delivered (or the starting position).
    pub fn position(&self) -> u64 {
        self.next - 1
    }

    /// The next event; waits while there is none. `None` once the log is closed.
    pub async fn next(&mut self) -> Option<Result<RecordedEvent, StoreError>> {
        loop {
            if let Some(event) = self.buffer.pop_front() {
                self.next = event.position + 1;
                return Some(Ok(event));
            }
            // Mark the current head as seen before reading, so a commit that
            // lands after the read still wakes us.
            let head = self.head.borrow_and_update().position;
            if head >= self.next {
                match (self.read)(self.next) {
                    Ok(page) if !page.is_empty() => {
                        self.buffer.extend(page);
                        continue;
                    }
                    Ok(_) => {}
                    Err(error) => return Some(Err(error)),
                }
            }
            if self.head.changed().await.is_err() {
                return None;
            }
        }
    }
}
