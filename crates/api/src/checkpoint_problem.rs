//! A checkpoint that could not be had, as a problem: the log's tree or the
//! kept checkpoints unreadable or unwritable is 503 (as for the log itself),
//! a log that no longer matches a checkpoint it signed is 500 (an operator
//! must look), and a tree larger than the log is the caller's (404).

use std::time::Duration;

use trygglogg_checkpoints::CheckpointError;

use crate::problem::{Problem, ProblemKind};

impl From<CheckpointError> for Problem {
    fn from(error: CheckpointError) -> Self {
        match error {
            CheckpointError::Beyond { .. } => Problem::not_found(error.to_string()),
            CheckpointError::Diverged { .. } => {
                tracing::error!(%error, "the log no longer matches a checkpoint it signed");
                Problem::new(ProblemKind::Internal, error.to_string())
            }
            CheckpointError::Tree { .. } | CheckpointError::Kept(_) | CheckpointError::Key(_) => {
                tracing::error!(%error, "a checkpoint could not be had");
                Problem::new(ProblemKind::Unavailable, error.to_string())
                    .with_retry_after(Duration::from_secs(2))
            }
        }
    }
}
