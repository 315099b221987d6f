//! A checkpoint that could not be had, as a problem: the log's tree or the
//! kept checkpoints unreadable or unwritable is 503 (as for the log itself),
//! a log that no longer matches a checkpoint it signed is 500 (an operator
//! must look), and a tree larger than the log is the caller's (404).

use std::time::Duration;

use trygglogg_checkpoints::{CheckpointError, KeptError, KeyFileError};
use trygglogg_store::Outage;

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
                // A full or read-only disk is said as the log's own outage is.
                let detail = match outage(&error) {
                    Some(outage) => format!(
                        "{outage}; nothing was recorded, and no checkpoint could be kept: {error}"
                    ),
                    None => error.to_string(),
                };
                Problem::new(ProblemKind::Unavailable, detail)
                    .with_retry_after(Duration::from_secs(2))
            }
        }
    }
}

/// What stands in the way of keeping a checkpoint, if it is the disk.
fn outage(error: &CheckpointError) -> Option<Outage> {
    let io = match error {
        CheckpointError::Kept(KeptError::Io { source, .. }) => source,
        CheckpointError::Key(KeyFileError::Io { source, .. }) => source,
        _ => return None,
    };
    Some(Outage::of_io(io))
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;

    #[test]
    fn a_full_disk_is_said_as_the_logs_own_outage_is() {
        let full = CheckpointError::Kept(KeptError::Io {
            doing: "append to",
            path: PathBuf::from("data/checkpoints"),
            source: std::io::Error::from_raw_os_error(28),
        });
        let problem = Problem::from(full);
        assert_eq!(problem.status().as_u16(), 503);
        assert!(
            problem
                .detail()
                .starts_with("the disk of the event log is full; nothing was recorded"),
            "{}",
            problem.detail()
        );
        let beyond = Problem::from(CheckpointError::Beyond {
            tree_size: 9,
            durable: 3,
        });
        assert_eq!(beyond.status().as_u16(), 404);
    }
}
