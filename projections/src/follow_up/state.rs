//! The follow-up projection: a fold over the log that keeps every agreement
//! as it now stands, and an index entry per activity saying where it counts.
//! Activities' texts and the amendments stay in the log; a follow-up reads
//! them when it is asked for.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use trygglogg_events::StreamCategory;
use trygglogg_store::{Hash, Store, StoredEvent};
use uuid::Uuid;

use super::index::Index;
use super::rows::{activity_row, agreement_row, AgreementRow};
use super::stream_events::{activity_stream, stream_events};
use crate::{LogEvent, ProjectionError, StoreHistory};

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
    pub(crate) activities: Index,
}

impl FollowUpState {
    /// Applies the next event of the log. Events must come in position order.
    pub fn apply(
        &mut self,
        event: &StoredEvent<'_>,
        history: &mut StoreHistory,
    ) -> Result<(), ProjectionError> {
        debug_assert_eq!(event.position, self.position + 1, "events in log order");
        let id = event.stream.id();
        match event.stream.category() {
            StreamCategory::Agreement => {
                let event = LogEvent::decode_stored(event)?;
                match agreement_row(id, &history.agreement(&event)?) {
                    Some(row) => self.agreements.insert(id, row),
                    None => self.agreements.remove(&id),
                };
            }
            StreamCategory::Activity => self.apply_activity(id, event, history)?,
        }
        self.position = event.position;
        self.hash = event.hash;
        self.recorded = Some(event.recorded);
        Ok(())
    }

    /// An amendment can change anything its stream said, so the activity is
    /// derived again from its whole stream; any other event only adds to it.
    fn apply_activity(
        &mut self,
        id: Uuid,
        event: &StoredEvent<'_>,
        history: &mut StoreHistory,
    ) -> Result<(), ProjectionError> {
        let Some(change) = self.activities.tables.read(event)? else {
            return Ok(());
        };
        let recorded = (event.id, event.position, change);
        let stream = history.activity(
            &event.stream,
            event.version,
            recorded,
            change.is_amendment().then_some(&mut self.activities.tables),
        )?;
        match stream {
            Some(stream) => self.activities.derive(id, &stream),
            None => self
                .activities
                .step(id, event.position, event.version, &change),
        }
        Ok(())
    }

    pub fn agreements(&self) -> impl Iterator<Item = &AgreementRow> {
        self.agreements.values()
    }

    pub fn agreement(&self, id: Uuid) -> Option<&AgreementRow> {
        self.agreements.get(&id)
    }

    /// The activities whose index entry says something else than their
    /// stream read in full through the domain's parser and rules would: the
    /// check that the quick reading of stored events is a faithful one.
    /// Reads every activity's stream, so it is slow; empty when all agree.
    pub fn disagreements(&self, store: &Store) -> Result<Vec<Uuid>, ProjectionError> {
        let mut found = Vec::new();
        for (id, entry) in self.activities.entries() {
            let history = stream_events(store, &activity_stream(*id), self.position)?;
            let agrees = activity_row(*id, &history)
                .is_some_and(|row| self.activities.agrees_with(entry, &row));
            if !agrees {
                found.push(*id);
            }
        }
        Ok(found)
    }
}
