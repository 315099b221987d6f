//! What a follow-up is built from, and reading it: the selection is taken
//! from the state under its lock (no I/O); the selected activities' streams
//! are then read from the log without it, and the view built (`build.rs`).

use std::collections::BTreeMap;

use trygglogg_store::Store;
use uuid::Uuid;

use super::index::row_placed_in;
use super::results::Continuity;
use super::rows::{activity_row, AgreementRow, AmendmentRow, Target};
use super::state::FollowUpState;
use super::stream_events::stream_events;
use super::view::{Audience, BuiltFrom, FollowUp};
use crate::{LogEvent, ProjectionError};

/// What a follow-up is built from, taken from the live state in a moment:
/// the agreement, the activities of the year, and the position the state
/// stood at. Reading the activities' streams then needs no lock.
#[derive(Debug, Clone)]
pub struct Selection {
    pub(super) agreement: AgreementRow,
    pub(super) year: i32,
    activities: Vec<Uuid>,
    /// Activities that a correction moved out of the year: not counted, but
    /// the corrections that took them away are listed.
    left: Vec<Uuid>,
    /// Per one-off commitment (focus area, key): completed in any year up to
    /// this one.
    pub(super) done_once: BTreeMap<(String, String), u32>,
    pub(super) continuity: Continuity,
    pub(super) built_from: BuiltFrom,
}

impl FollowUpState {
    /// The follow-up of `agreement` for `year`, reading the activities' texts
    /// from `store`; `None` if there is no such agreement. A year outside the
    /// agreement's period is still answered (it shows what was recorded), so
    /// nothing is hidden by a mistyped period.
    pub fn follow_up(
        &self,
        store: &Store,
        agreement: Uuid,
        year: i32,
        audience: Audience,
    ) -> Result<Option<FollowUp>, ProjectionError> {
        self.select(agreement, year)
            .map(|selection| selection.read(store, audience))
            .transpose()
    }

    /// What the follow-up of `agreement` for `year` is built from.
    pub fn select(&self, agreement: Uuid, year: i32) -> Option<Selection> {
        let row = self.agreement(agreement)?;
        let done_once = row
            .commitments
            .iter()
            .filter(|c| c.target == Target::Once)
            .map(|c| {
                let key = (c.focus_area.clone(), c.key.clone());
                let done = self
                    .activities
                    .completed_up_to(agreement, &c.focus_area, &c.key, year);
                (key, done)
            })
            .collect();
        Some(Selection {
            agreement: row.clone(),
            year,
            activities: self.activities.in_year(row, year),
            left: self.activities.left_year(row, year),
            done_once,
            continuity: self.continuity(row),
            built_from: BuiltFrom {
                position: self.position,
                hash: self.hash.to_hex(),
                recorded: self.recorded,
                as_of: None,
            },
        })
    }
}

impl Selection {
    /// The log position the selection was taken at.
    pub fn position(&self) -> u64 {
        self.built_from.position
    }

    /// Reads the selected activities' streams (up to the selection's
    /// position) and builds the follow-up.
    pub fn read(self, store: &Store, audience: Audience) -> Result<FollowUp, ProjectionError> {
        let up_to = self.built_from.position;
        let mut in_year = Vec::with_capacity(self.activities.len());
        let mut amendments = Vec::new();
        for id in &self.activities {
            let history = stream_events(store, &format!("activity-{id}"), up_to)?;
            amendments.extend(self.amendments_here(*id, &history));
            in_year.extend(activity_row(*id, &history));
        }
        for id in &self.left {
            let history = stream_events(store, &format!("activity-{id}"), up_to)?;
            amendments.extend(self.amendments_here(*id, &history));
        }
        let history = stream_events(store, &format!("agreement-{}", self.agreement.id), up_to)?;
        amendments.extend(history.iter().filter_map(AmendmentRow::of));
        amendments.sort_by_key(|m| m.position);
        Ok(self.build(&in_year, &amendments, audience))
    }

    /// The amendments of an activity's stream that changed this year's
    /// follow-up: those after which, or before which, the activity was
    /// placed in it. A correction that moves an activity from one year to
    /// another is shown in both; one made while it was elsewhere, in neither.
    fn amendments_here(&self, id: Uuid, history: &[LogEvent]) -> Vec<AmendmentRow> {
        let placed_here = |events: &[LogEvent]| {
            activity_row(id, events)
                .is_some_and(|row| row_placed_in(&row, &self.agreement, self.year))
        };
        history
            .iter()
            .enumerate()
            .filter_map(|(at, event)| {
                let amendment = AmendmentRow::of(event)?;
                (placed_here(&history[..at]) || placed_here(&history[..=at])).then_some(amendment)
            })
            .collect()
    }
}
