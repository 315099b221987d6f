//! A batch: appends to several streams staged as one request, so that they
//! join the same group commit (one sled batch) all together or not at all.

use crate::{AppendError, ExpectedVersion, NewEvent};
use trygglogg_events::StreamName;

use super::staging::{Appended, Tx};

/// One stream's part of a batch, with its own expected version.
#[derive(Debug, Clone)]
pub struct BatchPart {
    pub stream: StreamName,
    pub expected: ExpectedVersion,
    pub events: Vec<NewEvent>,
}

/// Why a batch was not appended. Nothing of it is in the log.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BatchError {
    /// One part was refused (counted from 0): the store's reason for it.
    #[error("part {part}: {error}")]
    Part { part: usize, error: AppendError },
    /// The batch as a whole could not be written (storage, shut down).
    #[error("{0}")]
    Whole(AppendError),
}

impl Tx<'_> {
    /// Stages every part in order, each against the log plus the parts
    /// before it; the first refusal refuses the batch, and since the group
    /// takes a command's events only when it succeeds, none of them stay.
    pub(super) fn append_parts(
        &mut self,
        parts: &[BatchPart],
    ) -> Result<Vec<Appended>, BatchError> {
        if parts.is_empty() {
            return Err(BatchError::Whole(AppendError::Empty));
        }
        parts
            .iter()
            .enumerate()
            .map(|(part, p)| {
                self.append(&p.stream, p.expected, &p.events)
                    .map_err(|error| BatchError::Part { part, error })
            })
            .collect()
    }
}
