//! The follow-up projection: a fold over the log that keeps every agreement
//! and activity as it now stands, and every amendment.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use trygglogg_store::Hash;
use uuid::Uuid;

use super::rows::{activity_row, agreement_row, ActivityRow, AgreementRow, AmendmentRow};
use crate::{LogEvent, ProjectionError};

/// The events of one stream up to a given event, for re-deriving its row.
pub trait StreamHistory {
    /// Every event of `event`'s stream with a version up to `event.version`,
    /// in version order, ending with `event` itself.
    fn history(&mut self, event: &LogEvent) -> Result<&[LogEvent], ProjectionError>;
}

/// The state of the follow-up projection after the event at `position`.
/// Serialisable: it is the checkpoint.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct FollowUpState {
    /// The last position applied; 0 before any.
    pub position: u64,
    /// The chain hash at `position`, so a checkpoint can tell whether it still
    /// belongs to the log it is loaded against.
    pub hash: Hash,
    /// When the event at `position` was recorded.
    pub recorded: Option<DateTime<Utc>>,
    pub(crate) agreements: BTreeMap<Uuid, AgreementRow>,
    pub(crate) activities: BTreeMap<Uuid, ActivityRow>,
    pub(crate) amendments: Vec<AmendmentRow>,
}

impl FollowUpState {
    /// Applies the next event of the log. Events must come in position order.
    pub fn apply(
        &mut self,
        event: &LogEvent,
        history: &mut impl StreamHistory,
    ) -> Result<(), ProjectionError> {
        debug_assert_eq!(event.position, self.position + 1, "events in log order");
        if let Some(id) = event.stream_id() {
            let stream = history.history(event)?;
            if event.stream.starts_with("agreement-") {
                match agreement_row(id, stream) {
                    Some(row) => self.agreements.insert(id, row),
                    None => self.agreements.remove(&id),
                };
            } else if event.stream.starts_with("activity-") {
                match activity_row(id, stream) {
                    Some(row) => self.activities.insert(id, row),
                    None => self.activities.remove(&id),
                };
            }
        }
        if let Some(amendment) = AmendmentRow::of(event) {
            self.amendments.push(amendment);
        }
        self.position = event.position;
        self.hash = event.hash;
        self.recorded = Some(event.recorded);
        Ok(())
    }

    pub fn agreements(&self) -> impl Iterator<Item = &AgreementRow> {
        self.agreements.values()
    }

    pub fn agreement(&self, id: Uuid) -> Option<&AgreementRow> {
        self.agreements.get(&id)
    }

    pub fn activities(&self) -> impl Iterator<Item = &ActivityRow> {
        self.activities.values()
    }

    pub fn amendments(&self) -> &[AmendmentRow] {
        &self.amendments
    }
}
