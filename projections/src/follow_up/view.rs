//! The follow-up of one agreement for one year, as people read it: per focus
//! area and commitment, what was done, where and when, against the target.

use chrono::{DateTime, Utc};
use schemars::JsonSchema;
use serde::Serialize;
use uuid::Uuid;

use super::dates::Dates;
use super::facts::{Categories, FactTotal, FactTotals};
use super::results::{AgreementContext, Assessment, Continuity, IndicatorSeries, Verdict};
use super::rows::{
    ActivityRow, ActivityStatus, AgreementRow, AmendmentKind, ExpectedLength, IndicatorRow,
    ReviewRow, Target,
};
use super::scope::Scope;

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
    /// What it covers: a year, a tertial of a year, or the whole period.
    pub scope: Scope,
    /// The year it is of; for the whole period, its last year (up to which
    /// one-off commitments are judged).
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
    /// A tertial's work dated only to its year ("under året"): in the year,
    /// in no tertial alone, so listed here and not counted. Empty for a year
    /// or the period, which count it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub during_the_year: Vec<ActivityLine>,
    /// Indicator measurements whose period touches the scope's days.
    pub indicators: Vec<IndicatorRow>,
    /// Each defined indicator with its whole series up to the scope's last year.
    pub indicator_series: Vec<IndicatorSeries>,
    /// The agreement it continues, and those that continue it.
    pub continuity: Continuity,
    /// The council's reviews of the scope's years.
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
    /// The first year followed up; with `began_earlier`, the agreement ran in
    /// earlier years too, from a year the source does not give.
    pub first_year: i32,
    pub last_year: i32,
    pub began_earlier: bool,
    pub adopted: Option<Dates>,
    pub description: Option<String>,
    pub context: AgreementContext,
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
            began_earlier: row.began_earlier,
            adopted: row.adopted,
            description: row.description.clone(),
            context: row.context.clone(),
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
    /// The signed checkpoint of the log at `position` (a tree of that
    /// size). The server that holds the key fills it in; a view built
    /// without one (a rebuild, a test) leaves it out.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub checkpoint: Option<CheckpointNamed>,
}

/// A signed checkpoint (C2SP tlog-checkpoint) as a follow-up names it: only
/// its text and the public key's, so the views need no key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct CheckpointNamed {
    /// How many log positions the tree holds: the follow-up's `position`.
    pub tree_size: u64,
    /// The RFC 9162 Merkle tree's root hash over those positions, in hex
    /// (the note has it in base64).
    pub root_hash: String,
    /// The signed note, exactly as signed: what a council saves, and what
    /// `trygglogg proof verify` and Go's `sumdb/note` check.
    pub note: String,
    /// The public key, as a note verifier key (`<name>+<hash>+<base64>`).
    pub key: String,
    /// The public key's fingerprint, short enough to compare by eye.
    pub fingerprint: String,
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
    /// In a tertial, the share of a yearly count or sum the tertial is judged
    /// against (its 4 of 12 months, rounded up: 25 a year is 9); absent elsewhere.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scope_target: Option<Target>,
    /// What was achieved, in the target's terms.
    pub outcome: Outcome,
    /// Computed from the target and the outcome.
    pub status: Status,
    /// The coordinator's assessment of the year, if made.
    pub assessment: Option<Assessment>,
    /// The assessed verdict says something else than the computed status.
    pub assessment_differs: bool,
    pub progress: Progress,
}

/// What a commitment achieved in a year, in the terms of its target.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Completed activities (for a one-off: up to this year).
    Activities { completed: u32 },
    /// The sum of one fact over the year's completed activities; `several`
    /// activities gave only "several" and add no number.
    FactSum { fact: String, total: FactTotal },
    /// The indicator's last measurement in the year, if any.
    Indicator {
        indicator: String,
        value: Option<f64>,
        right_way: bool,
        /// Absent where the indicator states no target value.
        #[serde(skip_serializing_if = "Option::is_none")]
        reaches_target: Option<bool>,
    },
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
    /// An indicator measured this year that neither reaches its target nor
    /// moved the right way from its baseline.
    NotAchieved,
    /// An indicator not measured this year.
    NotMeasured,
    /// An indicator measured this year whose definition states no target
    /// value: no target is judged (*inget målvärde angivet*).
    NoTargetValue,
    /// In a tertial, a one-off or an indicator not yet met: judged for the
    /// whole year (*bedöms för året*), as a tertial report reads.
    JudgedForYear,
}

impl Status {
    /// Whether this computed status says the same as `verdict`; `None` where
    /// the status cannot say (no measurement of the indicator yet). Here, not
    /// on `Verdict`, so that the results do not import the view back.
    pub fn agrees_with(self, verdict: Verdict) -> Option<bool> {
        Some(match self {
            Status::Achieved => verdict == Verdict::Met,
            Status::Partly => verdict == Verdict::PartlyMet,
            Status::NotStarted | Status::NotAchieved => verdict == Verdict::NotMet,
            // Ongoing work with activities done fits either of the two.
            Status::ContinuousOngoing => verdict != Verdict::NotMet,
            Status::NotMeasured | Status::NoTargetValue | Status::JudgedForYear => return None,
        })
    }

    /// The status of `outcome` against `target`. An indicator that moved the
    /// right way but does not reach its target is partly achieved; a fact sum
    /// short of its target, or only "several", is partly achieved.
    pub(super) fn of(target: &Target, outcome: &Outcome) -> Status {
        match (target, outcome) {
            (_, Outcome::Indicator { value: None, .. }) => Status::NotMeasured,
            (
                _,
                Outcome::Indicator {
                    reaches_target: None,
                    ..
                },
            ) => Status::NoTargetValue,
            (
                _,
                Outcome::Indicator {
                    reaches_target,
                    right_way,
                    ..
                },
            ) => {
                if *reaches_target == Some(true) {
                    Status::Achieved
                } else if *right_way {
                    Status::Partly
                } else {
                    Status::NotAchieved
                }
            }
            (Target::FactSum { at_least, .. }, Outcome::FactSum { total, .. }) => {
                if total.sum >= u64::from(*at_least) {
                    Status::Achieved
                } else if total.sum > 0 || total.several > 0 {
                    Status::Partly
                } else {
                    Status::NotStarted
                }
            }
            (_, Outcome::Activities { completed: 0 }) | (_, Outcome::FactSum { .. }) => {
                Status::NotStarted
            }
            (Target::PerYear(n), Outcome::Activities { completed }) if completed < n => {
                Status::Partly
            }
            (Target::Continuous, _) => Status::ContinuousOngoing,
            _ => Status::Achieved,
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, JsonSchema)]
pub struct Progress {
    pub counts: Counts,
    /// Sums of the kind-specific facts of the completed activities.
    pub facts: FactTotals,
    /// The categorical facts of the completed activities, merged: each fact
    /// once, with its distinct values (e.g. `focus` → hastighet, nykterhet).
    #[serde(default, skip_serializing_if = "Categories::is_empty")]
    pub categories: Categories,
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
                    progress.categories.add(&row.categories);
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
    /// A custom kind's Swedish plural, where its completion gave one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind_plural: Option<String>,
    pub title: Option<String>,
    pub dates: Dates,
    pub places: Vec<String>,
    pub responsible: Vec<String>,
    pub summary: Option<String>,
    pub facts: FactTotals,
    /// The categorical facts, e.g. `focus` → inriktning: hastighet.
    #[serde(default, skip_serializing_if = "Categories::is_empty")]
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
            kind_plural: row.kind_plural.clone(),
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

#[cfg(test)]
mod tests {
    use super::super::results::Verdict;
    use super::*;
    use trygglogg_events::{Count, FactValue, LabelledFact, Quantity};

    fn indicator(value: Option<f64>, right_way: bool, reaches_target: bool) -> Outcome {
        Outcome::Indicator {
            indicator: "trygg".into(),
            value,
            right_way,
            reaches_target: Some(reaches_target),
        }
    }

    /// The outcome of one record giving `controls` as `given` (nothing: the
    /// record does not give the fact).
    fn fact_sum(given: Option<Quantity>) -> Outcome {
        let facts: Vec<LabelledFact> = given
            .map(|quantity| LabelledFact {
                name: "controls".into(),
                label: "kontroller".into(),
                one: None,
                value: FactValue::Count(quantity),
            })
            .into_iter()
            .collect();
        let totals = FactTotals::of(&facts);
        Outcome::FactSum {
            fact: "controls".into(),
            total: totals.0.get("controls").cloned().unwrap_or_default(),
        }
    }

    fn count(n: i64) -> Count {
        Count::parse(n).expect("a count")
    }

    #[test]
    fn the_status_is_the_outcome_against_the_target() {
        let done = |completed| Outcome::Activities { completed };
        let controls = Target::FactSum {
            fact: "controls".into(),
            at_least: 25,
        };
        let on_indicator = Target::Indicator("trygg".into());
        let cases = [
            (Target::PerYear(3), done(3), Status::Achieved),
            (Target::PerYear(3), done(2), Status::Partly),
            (Target::PerYear(3), done(0), Status::NotStarted),
            (Target::Once, done(1), Status::Achieved),
            (Target::Continuous, done(1), Status::ContinuousOngoing),
            (Target::Continuous, done(0), Status::NotStarted),
            (
                controls.clone(),
                fact_sum(Some(Quantity::Exactly(count(32)))),
                Status::Achieved,
            ),
            (
                controls.clone(),
                fact_sum(Some(Quantity::Exactly(count(24)))),
                Status::Partly,
            ),
            // "At least 30" reaches 25; "at least 20" may or may not.
            (
                controls.clone(),
                fact_sum(Some(Quantity::AtLeast(count(30)))),
                Status::Achieved,
            ),
            (
                controls.clone(),
                fact_sum(Some(Quantity::AtLeast(count(20)))),
                Status::Partly,
            ),
            (
                controls.clone(),
                fact_sum(Some(Quantity::Several)),
                Status::Partly,
            ),
            (controls, fact_sum(None), Status::NotStarted),
            (
                on_indicator.clone(),
                indicator(Some(71.0), true, true),
                Status::Achieved,
            ),
            (
                on_indicator.clone(),
                indicator(Some(64.5), true, false),
                Status::Partly,
            ),
            (
                on_indicator.clone(),
                indicator(Some(58.0), false, false),
                Status::NotAchieved,
            ),
            (
                on_indicator.clone(),
                indicator(None, false, false),
                Status::NotMeasured,
            ),
            // Measured, but the definition states no target value.
            (
                on_indicator,
                Outcome::Indicator {
                    indicator: "trygg".into(),
                    value: Some(1.53),
                    right_way: true,
                    reaches_target: None,
                },
                Status::NoTargetValue,
            ),
        ];
        for (target, outcome, status) in cases {
            assert_eq!(
                Status::of(&target, &outcome),
                status,
                "{target:?} {outcome:?}"
            );
        }
    }

    #[test]
    fn a_verdict_agrees_with_the_status_that_says_the_same() {
        use Status::*;
        use Verdict::*;
        let cases = [
            (Met, Achieved, Some(true)),
            (PartlyMet, Achieved, Some(false)),
            (PartlyMet, Partly, Some(true)),
            (Met, Partly, Some(false)),
            (NotMet, NotStarted, Some(true)),
            (NotMet, NotAchieved, Some(true)),
            (Met, NotStarted, Some(false)),
            (Met, ContinuousOngoing, Some(true)),
            (PartlyMet, ContinuousOngoing, Some(true)),
            (NotMet, ContinuousOngoing, Some(false)),
            (Met, NotMeasured, None),
            (Met, NoTargetValue, None),
            (NotMet, JudgedForYear, None),
        ];
        for (verdict, status, agrees) in cases {
            assert_eq!(
                status.agrees_with(verdict),
                agrees,
                "{verdict:?} {status:?}"
            );
        }
    }
}
