//! Views over the Trygglogg log. Each view is a deterministic fold over
//! recorded events: the same events give the same view, whether folded as they
//! arrive or rebuilt from scratch.
//!
//! - [`follow_up`]: the per-agreement, per-year follow-up.
//! - [`audit`]: the audit trail, read from the log itself.
//! - [`Projections`]: keeps the follow-up current as events are appended,
//!   checkpoints it, and answers "as of" questions.

pub mod audit;
pub mod checkpoint;
#[cfg(test)]
mod counting_alloc;
#[cfg(test)]
#[global_allocator]
static ALLOCATOR: counting_alloc::Counting = counting_alloc::Counting;
mod error;
mod event_head;
pub mod follow_up;
mod history;
mod log_event;
mod runner;

pub use error::ProjectionError;
pub use event_head::EventHead;
pub use history::StoreHistory;
pub use log_event::LogEvent;
pub use runner::{build, Projections, RebuildStats};
