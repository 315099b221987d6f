//! The result side of a follow-up: an agreement's context (who adopted it,
//! signatories by role, other parties, the lägesbild, what it continues), the
//! coordinator's assessment of each commitment per year, and the indicators
//! with their whole series up to a year.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use trygglogg_events::{CommitmentAssessed, Continuation, IndicatorDefined};
use uuid::Uuid;

use super::dates::Dates;

/// What the agreement says about itself beyond its title and period.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct AgreementContext {
    /// The body that adopted it, e.g. "Kommunstyrelsen".
    pub adopted_by: Option<String>,
    /// Signatories by role, never by name.
    pub signatories: Vec<String>,
    /// Organisations beside the municipality and Polisen.
    pub other_parties: Vec<String>,
    /// The lägesbild it was based on.
    pub situation: Option<String>,
    /// The agreement it continues.
    pub follows: Option<Uuid>,
}

/// Another agreement, for a link.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct AgreementLink {
    pub id: Uuid,
    pub title: String,
    /// Its last year (for the agreement it continues) or its first year (for one
    /// that continues it): the follow-up to link to.
    pub year: i32,
}

/// The agreements one is linked with, both ways.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Continuity {
    /// The agreement this one continues (*Fortsätter*).
    pub follows: Option<AgreementLink>,
    /// The agreements that continue this one (*Fortsätts av*).
    pub followed_by: Vec<AgreementLink>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[schemars(rename = "AssessedVerdict")]
pub enum Verdict {
    /// Uppfyllt.
    Met,
    /// Delvis uppfyllt.
    PartlyMet,
    /// Ej uppfyllt.
    NotMet,
}

impl From<trygglogg_events::Verdict> for Verdict {
    fn from(verdict: trygglogg_events::Verdict) -> Self {
        match verdict {
            trygglogg_events::Verdict::Met => Verdict::Met,
            trygglogg_events::Verdict::PartlyMet => Verdict::PartlyMet,
            trygglogg_events::Verdict::NotMet => Verdict::NotMet,
        }
    }
}

/// Whether a commitment goes on the next year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Continues {
    Yes,
    No,
    /// It goes on changed, as said.
    Changed(String),
    /// The assessment does not say (*ej angivet*): `continues` was left out.
    NotStated,
}

/// The coordinator's assessment of a commitment for a year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Assessment {
    pub commitment: String,
    pub year: i32,
    pub verdict: Verdict,
    /// Why it was not met in full.
    pub deviation: Option<String>,
    pub lessons: Option<String>,
    pub continues: Continues,
}

impl Assessment {
    pub(super) fn of(event: &CommitmentAssessed) -> Assessment {
        Assessment {
            commitment: event.commitment.to_string(),
            year: event.year.get(),
            verdict: event.verdict.into(),
            deviation: event.deviation.as_ref().map(ToString::to_string),
            lessons: event.lessons.as_ref().map(ToString::to_string),
            continues: match &event.continues {
                Some(Continuation::Continues) => Continues::Yes,
                Some(Continuation::Ends) => Continues::No,
                Some(Continuation::Changed(what)) => Continues::Changed(what.to_string()),
                None => Continues::NotStated,
            },
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[schemars(rename = "IndicatorDirection")]
pub enum Direction {
    LowerIsBetter,
    HigherIsBetter,
}

impl From<trygglogg_events::Direction> for Direction {
    fn from(direction: trygglogg_events::Direction) -> Self {
        match direction {
            trygglogg_events::Direction::LowerIsBetter => Direction::LowerIsBetter,
            trygglogg_events::Direction::HigherIsBetter => Direction::HigherIsBetter,
        }
    }
}

impl From<Direction> for trygglogg_events::Direction {
    fn from(direction: Direction) -> Self {
        match direction {
            Direction::LowerIsBetter => trygglogg_events::Direction::LowerIsBetter,
            Direction::HigherIsBetter => trygglogg_events::Direction::HigherIsBetter,
        }
    }
}

/// An indicator as defined.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct IndicatorDefinition {
    pub key: String,
    pub name: String,
    pub unit: String,
    pub source: String,
    pub focus_area: String,
    pub commitment: Option<String>,
    pub baseline_year: i32,
    pub baseline: f64,
    /// The value aimed at, if the agreement states one.
    pub target: Option<f64>,
    pub direction: Direction,
    pub description: Option<String>,
}

impl IndicatorDefinition {
    pub(super) fn of(event: &IndicatorDefined) -> IndicatorDefinition {
        IndicatorDefinition {
            key: event.key.to_string(),
            name: event.name.to_string(),
            unit: event.unit.to_string(),
            source: event.source.to_string(),
            focus_area: event.focus_area.to_string(),
            commitment: event.commitment.as_ref().map(ToString::to_string),
            baseline_year: event.baseline.year.get(),
            baseline: event.baseline.value.get(),
            target: event.target.map(|t| t.get()),
            direction: event.direction.into(),
            description: event.description.as_ref().map(ToString::to_string),
        }
    }
}

/// One measurement in an indicator's series.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct SeriesPoint {
    pub period: Dates,
    pub value: f64,
    /// `value` minus the baseline.
    pub change_from_baseline: f64,
    /// Whether the change from the baseline goes the indicator's right way.
    pub right_way: bool,
    /// Whether the value reaches the target; absent where no target value
    /// is stated.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reaches_target: Option<bool>,
}

/// An indicator with every measurement up to the follow-up's year, in period order.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct IndicatorSeries {
    #[serde(flatten)]
    pub definition: IndicatorDefinition,
    pub points: Vec<SeriesPoint>,
}

impl IndicatorSeries {
    /// The last measurement whose period starts in `year`.
    pub fn in_year(&self, year: i32) -> Option<&SeriesPoint> {
        self.points.iter().rev().find(|p| p.period.year() == year)
    }
}
