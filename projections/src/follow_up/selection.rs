//! What a follow-up is built from, and reading it: the selection is taken
//! from the state under its lock (no I/O); the selected activities' streams
//! are then read from the log without it, and the view built (`build.rs`).

use std::collections::BTreeMap;

use trygglogg_events::{StreamCategory, StreamName};
use trygglogg_store::Store;
use uuid::Uuid;

use super::index::row_placed_in;
use super::results::Continuity;
use super::rows::{activity_row, ActivityRow, AgreementRow, AmendmentRow, Target};
use super::scope::Scope;
use super::state::FollowUpState;
use super::stream_events::{activity_stream, stream_events};
use super::view::{Audience, BuiltFrom, FollowUp};
use crate::{LogEvent, ProjectionError};

/// What a follow-up is built from, taken from the live state in a moment:
/// the agreement, the activities of the scope's years, and the position the
/// state stood at. Reading the activities' streams then needs no lock.
#[derive(Debug, Clone)]
pub struct Selection {
    pub(super) agreement: AgreementRow,
    pub(super) scope: Scope,
    /// The activities of the scope's years, in date order; a tertial's are
    /// sifted from its year's when their rows are read.
    activities: Vec<Uuid>,
    /// Activities that a correction moved out of the scope's years: not
    /// counted, but the corrections that took them away are listed.
    left: Vec<Uuid>,
    /// Per one-off commitment (focus area, key): completed in any year up to
    /// the scope's last.
    pub(super) done_once: BTreeMap<(String, String), u32>,
    pub(super) continuity: Continuity,
    pub(super) built_from: BuiltFrom,
}

impl FollowUpState {
    /// The follow-up of `agreement` for `scope` (a year, a tertial, the
    /// period), reading the activities' texts from `store`; `None` if there
    /// is no such agreement, or the scope lies outside its period (see
    /// [`FollowUpState::period`]).
    pub fn follow_up(
        &self,
        store: &Store,
        agreement: Uuid,
        scope: impl Into<Scope>,
        audience: Audience,
    ) -> Result<Option<FollowUp>, ProjectionError> {
        self.select(agreement, scope)
            .map(|selection| selection.read(store, audience))
            .transpose()
    }

    /// The first and last year of `agreement`'s period, if it is adopted:
    /// what a follow-up outside it is refused with.
    pub fn period(&self, agreement: Uuid) -> Option<(i32, i32)> {
        let row = self.agreement(agreement)?;
        Some((row.first_year, row.last_year()))
    }

    /// What the follow-up of `agreement` for `scope` is built from; `None`
    /// if there is no such agreement or the scope lies outside its period.
    pub fn select(&self, agreement: Uuid, scope: impl Into<Scope>) -> Option<Selection> {
        let scope = scope.into();
        let row = self.agreement(agreement)?;
        if !scope.within_period(row) {
            return None;
        }
        let (first, last) = scope.years(row);
        let activities: Vec<Uuid> = (first..=last)
            .flat_map(|year| self.activities.in_year(row, year))
            .collect();
        let mut left: Vec<Uuid> = Vec::new();
        for year in first..=last {
            for id in self.activities.left_year(row, year) {
                if !activities.contains(&id) && !left.contains(&id) {
                    left.push(id);
                }
            }
        }
        let done_once = row
            .commitments
            .iter()
            .filter(|c| c.target == Target::Once)
            .map(|c| {
                let key = (c.focus_area.clone(), c.key.clone());
                let done = self
                    .activities
                    .completed_up_to(agreement, &c.focus_area, &c.key, last);
                (key, done)
            })
            .collect();
        Some(Selection {
            agreement: row.clone(),
            scope,
            activities,
            left,
            done_once,
            continuity: self.continuity(row),
            built_from: BuiltFrom {
                position: self.position,
                hash: self.hash.to_hex(),
                recorded: self.recorded,
                as_of: None,
                checkpoint: None,
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
        let mut in_scope: Vec<ActivityRow> = Vec::with_capacity(self.activities.len());
        let mut apart = Vec::new();
        let mut amendments = Vec::new();
        for id in &self.activities {
            let history = stream_events(store, &activity_stream(*id), up_to)?;
            amendments.extend(self.amendments_here(*id, &history));
            match activity_row(*id, &history) {
                Some(row) if self.scope.holds_dates(&self.agreement, &row.dates) => {
                    in_scope.push(row)
                }
                Some(row) if self.scope.apart(&row.dates) => apart.push(row),
                _ => {}
            }
        }
        for id in &self.left {
            let history = stream_events(store, &activity_stream(*id), up_to)?;
            amendments.extend(self.amendments_here(*id, &history));
        }
        let agreement = StreamName::new(StreamCategory::Agreement, self.agreement.id);
        let history = stream_events(store, &agreement, up_to)?;
        amendments.extend(history.iter().filter_map(AmendmentRow::of));
        amendments.sort_by_key(|m| m.position);
        Ok(self.build(&in_scope, &apart, &amendments, audience))
    }

    /// The amendments of an activity's stream that changed this follow-up:
    /// those after which, or before which, the activity was placed in it. A
    /// correction that moves an activity from one year (or tertial) to
    /// another is shown in both; one made while it was elsewhere, in neither.
    fn amendments_here(&self, id: Uuid, history: &[LogEvent]) -> Vec<AmendmentRow> {
        let placed_here = |events: &[LogEvent]| {
            activity_row(id, events)
                .is_some_and(|row| row_placed_in(&row, &self.agreement, &self.scope))
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
