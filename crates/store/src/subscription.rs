//! A live, resumable read of the global log.

use std::collections::VecDeque;

use tokio::sync::watch;

use crate::{Direction, Head, RecordedEvent, Store, StoreError};

/// Events read from the log per page while catching up.
const PAGE: usize = 512;

/// Delivers every event after a starting position exactly once and in order,
/// then waits for new ones. The writer's durable-head signal only wakes it up;
/// what it delivers is always read from the log, so nothing is skipped even if
/// several commits happen between two wake-ups.
pub struct Subscription {
    store: Store,
    head: watch::Receiver<Head>,
    /// The position of the next event to deliver.
    next: u64,
    buffer: VecDeque<RecordedEvent>,
}

impl Store {
    /// Every event after position `after`, in order, exactly once, then every
    /// event appended later, as it becomes durable.
    pub fn subscribe(&self, after: u64) -> Subscription {
        Subscription {
            head: self.watch_head(),
            store: self.clone(),
            next: after.saturating_add(1),
            buffer: VecDeque::new(),
        }
    }
}

impl Subscription {
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
                match self.store.read_all(self.next, Direction::Forward, PAGE) {
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
