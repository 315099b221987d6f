//! The follow-up of one agreement for one year, as people read it: per focus
//! area and commitment, what was done, where and when, against the target.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use schemars::JsonSchema;
use serde::Serialize;
use trygglogg_store::{Direction, Store, StreamName};
use uuid::Uuid;

use super::facts::FactTotals;
use super::index::row_placed_in;
use super::rows::{
    activity_row, ActivityRow, ActivityStatus, AgreementRow, AmendmentKind, AmendmentRow, Dates,
    FocusAreaRow, IndicatorRow, ReviewRow, Target,
};
use super::state::FollowUpState;
use crate::{LogEvent, ProjectionError};

/// Who reads: the public never sees internal notes or who recorded what.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Audience {
    Public,
    Internal,
}

impl Audience {
    /// The corrected fields this audience may see: a correction of an
    /// internal note is itself internal.
    fn show(self, mut changes: serde_json::Value) -> serde_json::Value {
        if self == Audience::Public {
            if let Some(fields) = changes.as_object_mut() {
                fields.remove("note");
            }
        }
        changes
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct FollowUp {
    pub agreement: AgreementHeader,
    pub year: i32,
    /// What the view was built from, so a printed copy can be checked against
    /// the log later.
    pub built_from: BuiltFrom,
    /// All activities of the year for this agreement.
    pub totals: Counts,
    pub focus_areas: Vec<FocusAreaFollowUp>,
    /// Activities of the year that serve this agreement under a focus area it
    /// does not have, or that serve no agreement but were carried out by its
    /// municipality (or a department of it).
    pub unattached: Vec<ActivityLine>,
    /// Indicator measurements whose period touches the year.
    pub indicators: Vec<IndicatorRow>,
    /// The council's reviews of this year.
    pub reviews: Vec<ReviewRow>,
    /// Corrections and retractions that changed this year's follow-up.
    pub amendments: Vec<AmendmentLine>,
}

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct AgreementHeader {
    pub id: Uuid,
    pub title: String,
    pub municipality: String,
    pub parties: Vec<String>,
    pub first_year: i32,
    pub last_year: i32,
    pub adopted: Option<Dates>,
    pub description: Option<String>,
}

impl AgreementHeader {
    pub fn of(row: &AgreementRow) -> AgreementHeader {
        AgreementHeader {
            id: row.id,
            title: row.title.clone(),
            municipality: row.municipality.clone(),
            parties: row.parties.clone(),
            first_year: row.first_year,
            last_year: row.first_year + row.years as i32 - 1,
            adopted: row.adopted,
            description: row.description.clone(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct BuiltFrom {
    /// The last log position included.
    pub position: u64,
    /// The chain hash at that position (`trygglogg verify` prints the head's).
    pub hash: String,
    /// When the event at that position was recorded.
    pub recorded: Option<DateTime<Utc>>,
    /// Set when the view was asked for as it stood at this instant.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub as_of: Option<DateTime<Utc>>,
}

/// Activities by outcome. The three are disjoint.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Counts {
    /// Planned and neither completed nor cancelled (yet).
    pub planned: u32,
    pub completed: u32,
    pub cancelled: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct FocusAreaFollowUp {
    pub key: String,
    pub name: String,
    pub description: Option<String>,
    pub commitments: Vec<CommitmentFollowUp>,
    /// Activities that serve the focus area but no particular commitment.
    pub without_commitment: Progress,
}

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct CommitmentFollowUp {
    pub key: String,
    pub title: String,
    pub description: String,
    pub responsible: Vec<String>,
    pub target: Target,
    pub status: Status,
    pub progress: Progress,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// The target is met (a yearly count reached, a one-off done).
    Achieved,
    /// Some, but fewer than the yearly target.
    Partly,
    /// Nothing completed this year.
    NotStarted,
    /// Continuous work, with completed activities this year.
    ContinuousOngoing,
}

impl Status {
    fn of(target: Target, completed: u32) -> Status {
        match target {
            _ if completed == 0 => Status::NotStarted,
            Target::PerYear(n) if completed < n => Status::Partly,
            Target::PerYear(_) | Target::Once => Status::Achieved,
            Target::Continuous => Status::ContinuousOngoing,
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, JsonSchema)]
pub struct Progress {
    pub counts: Counts,
    /// Sums of the kind-specific facts of the completed activities.
    pub facts: FactTotals,
    pub hours: Option<u64>,
    pub cost_sek: Option<u64>,
    /// In date order.
    pub activities: Vec<ActivityLine>,
}

impl Progress {
    fn of<'a>(rows: impl IntoIterator<Item = &'a ActivityRow>, audience: Audience) -> Progress {
        let mut progress = Progress::default();
        for row in rows {
            match row.status {
                ActivityStatus::Planned => progress.counts.planned += 1,
                ActivityStatus::Cancelled => progress.counts.cancelled += 1,
                ActivityStatus::Completed => {
                    progress.counts.completed += 1;
                    progress.facts.add(&row.facts);
                    if let Some(h) = row.hours {
                        *progress.hours.get_or_insert(0) += h;
                    }
                    if let Some(c) = row.cost_sek {
                        *progress.cost_sek.get_or_insert(0) += c;
                    }
                }
            }
            progress.activities.push(ActivityLine::of(row, audience));
        }
        progress
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct ActivityLine {
    pub id: Uuid,
    pub status: ActivityStatus,
    pub kind: String,
    pub title: Option<String>,
    pub dates: Dates,
    pub places: Vec<String>,
    pub responsible: Vec<String>,
    pub summary: Option<String>,
    pub facts: FactTotals,
    pub hours: Option<u64>,
    pub cost_sek: Option<u64>,
    pub cancel_reason: Option<String>,
    /// The work goes on beyond this record (*sker kontinuerligt*).
    pub continues: bool,
    /// Internal views only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Internal views only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recorded_by: Option<String>,
}

impl ActivityLine {
    fn of(row: &ActivityRow, audience: Audience) -> ActivityLine {
        let internal = audience == Audience::Internal;
        ActivityLine {
            id: row.id,
            status: row.status,
            kind: row.kind.clone(),
            title: row.title.clone(),
            dates: row.dates,
            places: row.places.clone(),
            responsible: row.responsible.clone(),
            summary: row.summary.clone(),
            facts: row.facts.clone(),
            hours: row.hours,
            cost_sek: row.cost_sek,
            cancel_reason: row.cancel_reason.clone(),
            continues: row.continues,
            note: row.note.clone().filter(|_| internal),
            recorded_by: internal.then(|| row.recorded_by.clone()),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct AmendmentLine {
    pub kind: AmendmentKind,
    pub position: u64,
    pub recorded: DateTime<Utc>,
    /// The agreement or activity it changed.
    pub subject: Uuid,
    /// The event it corrected or retracted.
    pub target: Uuid,
    pub reason: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub changes: Option<serde_json::Value>,
    /// Internal views only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recorded_by: Option<String>,
}

/// What a follow-up is built from, taken from the live state in a moment:
/// the agreement, the activities of the year, and the position the state
/// stood at. Reading the activities' streams then needs no lock.
#[derive(Debug, Clone)]
pub struct Selection {
    agreement: AgreementRow,
    year: i32,
    activities: Vec<Uuid>,
    /// Activities that a correction moved out of the year: not counted, but
    /// the corrections that took them away are listed.
    left: Vec<Uuid>,
    /// Per one-off commitment (focus area, key): completed in any year up to
    /// this one.
    done_once: BTreeMap<(String, String), u32>,
    built_from: BuiltFrom,
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

    fn build(
        &self,
        in_year: &[ActivityRow],
        amendments: &[AmendmentRow],
        audience: Audience,
    ) -> FollowUp {
        let (row, year, agreement) = (&self.agreement, self.year, self.agreement.id);
        let counted = || in_year.iter().filter(|a| !a.retracted);
        let serving = |focus: &FocusAreaRow, commitment: Option<&str>| -> Vec<&ActivityRow> {
            counted()
                .filter(|a| {
                    a.serves.as_ref().is_some_and(|s| {
                        s.agreement == agreement
                            && s.focus_area == focus.key
                            && s.commitment.as_deref() == commitment
                    })
                })
                .collect()
        };
        let focus_areas = row
            .focus_areas
            .iter()
            .map(|focus| FocusAreaFollowUp {
                key: focus.key.clone(),
                name: focus.name.clone(),
                description: focus.description.clone(),
                commitments: row
                    .commitments
                    .iter()
                    .filter(|c| c.focus_area == focus.key)
                    .map(|c| {
                        let progress = Progress::of(serving(focus, Some(&c.key)), audience);
                        // A one-off is judged over the period up to this year:
                        // done in 2018, it is still done in 2019.
                        let completed = match c.target {
                            Target::Once => self
                                .done_once
                                .get(&(c.focus_area.clone(), c.key.clone()))
                                .copied()
                                .unwrap_or_default(),
                            _ => progress.counts.completed,
                        };
                        CommitmentFollowUp {
                            key: c.key.clone(),
                            title: c.title.clone(),
                            description: c.description.clone(),
                            responsible: c.responsible.clone(),
                            target: c.target,
                            status: Status::of(c.target, completed),
                            progress,
                        }
                    })
                    .collect(),
                without_commitment: Progress::of(serving(focus, None), audience),
            })
            .collect();
        let attached = |a: &ActivityRow| {
            a.serves.as_ref().is_some_and(|s| {
                s.agreement == agreement
                    && row.focus_areas.iter().any(|f| f.key == s.focus_area)
                    && s.commitment.as_ref().is_none_or(|c| {
                        row.commitments
                            .iter()
                            .any(|k| &k.key == c && k.focus_area == s.focus_area)
                    })
            })
        };
        let unattached = counted()
            .filter(|a| !attached(a))
            .map(|a| ActivityLine::of(a, audience))
            .collect();
        let amendments = amendments
            .iter()
            .map(|m| AmendmentLine {
                kind: m.kind,
                position: m.position,
                recorded: m.recorded,
                subject: m.subject,
                target: m.target,
                reason: m.reason.clone(),
                changes: m.changes.clone().map(|changes| audience.show(changes)),
                recorded_by: (audience == Audience::Internal)
                    .then(|| format!("{} ({})", m.actor, m.organisation)),
            })
            .collect();
        FollowUp {
            agreement: AgreementHeader::of(row),
            year,
            built_from: self.built_from.clone(),
            totals: Progress::of(counted(), audience).counts,
            focus_areas,
            unattached,
            indicators: row
                .indicators
                .iter()
                .filter(|i| i.period.overlaps_year(year))
                .cloned()
                .collect(),
            reviews: row
                .reviews
                .iter()
                .filter(|r| r.year == year)
                .cloned()
                .collect(),
            amendments,
        }
    }
}

/// The events of `stream` up to log position `up_to`, decoded.
pub(crate) fn stream_events(
    store: &Store,
    stream: &str,
    up_to: u64,
) -> Result<Vec<LogEvent>, ProjectionError> {
    let name = StreamName::parse(stream.to_owned()).map_err(|e| ProjectionError::Undecodable {
        position: up_to,
        reason: e.to_string(),
    })?;
    let mut events = Vec::new();
    for record in store.read_stream(&name, 1, Direction::Forward, usize::MAX)? {
        if record.position > up_to {
            break;
        }
        events.push(LogEvent::decode(&record)?);
    }
    Ok(events)
}
