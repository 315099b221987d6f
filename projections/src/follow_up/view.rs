//! The follow-up of one agreement for one year, as people read it: per focus
//! area and commitment, what was done, where and when, against the target.

use chrono::{DateTime, Utc};
use schemars::JsonSchema;
use serde::Serialize;
use uuid::Uuid;

use super::facts::{Categories, FactTotals};
use super::rows::{
    ActivityRow, ActivityStatus, AgreementRow, AmendmentKind, Dates, ExpectedLength, IndicatorRow,
    ReviewRow, Target,
};

/// Who reads: the public never sees internal notes or who recorded what.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Audience {
    Public,
    Internal,
}

impl Audience {
    /// The corrected fields this audience may see: a correction of an
    /// internal note is itself internal.
    pub(super) fn show(self, mut changes: serde_json::Value) -> serde_json::Value {
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
    /// Planned and neither started, completed nor cancelled (yet).
    pub planned: u32,
    /// Under way (*pågår*).
    pub started: u32,
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
    pub(super) fn of(target: Target, completed: u32) -> Status {
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
    pub(super) fn of<'a>(
        rows: impl IntoIterator<Item = &'a ActivityRow>,
        audience: Audience,
    ) -> Progress {
        let mut progress = Progress::default();
        for row in rows {
            match row.status {
                ActivityStatus::Planned => progress.counts.planned += 1,
                ActivityStatus::Started => progress.counts.started += 1,
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
    /// The kind in Swedish.
    pub kind_label: String,
    pub title: Option<String>,
    pub dates: Dates,
    pub places: Vec<String>,
    pub responsible: Vec<String>,
    pub summary: Option<String>,
    pub facts: FactTotals,
    /// The categorical facts, e.g. `focus` → inriktning: hastighet.
    #[serde(skip_serializing_if = "Categories::is_empty")]
    pub categories: Categories,
    pub hours: Option<u64>,
    pub cost_sek: Option<u64>,
    pub cancel_reason: Option<String>,
    /// The work goes on beyond this record (*sker kontinuerligt*).
    pub continues: bool,
    /// How long work under way is expected to last.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expected_length: Option<ExpectedLength>,
    /// Internal views only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Internal views only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recorded_by: Option<String>,
}

impl ActivityLine {
    pub(super) fn of(row: &ActivityRow, audience: Audience) -> ActivityLine {
        let internal = audience == Audience::Internal;
        ActivityLine {
            id: row.id,
            status: row.status,
            kind: row.kind.clone(),
            kind_label: row.kind_label.clone(),
            title: row.title.clone(),
            dates: row.dates,
            places: row.places.clone(),
            responsible: row.responsible.clone(),
            summary: row.summary.clone(),
            facts: row.facts.clone(),
            categories: row.categories.clone(),
            hours: row.hours,
            cost_sek: row.cost_sek,
            cancel_reason: row.cancel_reason.clone(),
            continues: row.continues,
            expected_length: row.expected_length,
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
