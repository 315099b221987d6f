//! What the follow-up keeps per agreement, per activity and per amendment: the
//! current state of each, with corrections applied, derived from its stream.
//!
//! Rows are derived by folding the stream through the domain's own rule fold
//! (`StreamState`), so a correction changes a view exactly as it changes what
//! the rules see: one piece of code decides what a correction means.

use chrono::{DateTime, NaiveDate, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use trygglogg_events::{DomainEvent, Placed, StreamState};
use uuid::Uuid;

use super::dates::Dates;
use super::facts::{Categories, FactTotals};
use super::keyed::Keyed;
use super::results::{AgreementContext, Assessment, IndicatorDefinition};
use crate::LogEvent;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AgreementRow {
    pub id: Uuid,
    pub title: String,
    pub municipality: String,
    pub parties: Vec<String>,
    pub first_year: i32,
    pub years: u32,
    /// The agreement ran in earlier years whose first is not known
    /// (`until_year`): `first_year` is only the first year followed up.
    pub began_earlier: bool,
    pub adopted: Option<Dates>,
    pub description: Option<String>,
    pub context: AgreementContext,
    pub focus_areas: Vec<FocusAreaRow>,
    pub commitments: Vec<CommitmentRow>,
    pub reviews: Vec<ReviewRow>,
    pub indicator_definitions: Vec<IndicatorDefinition>,
    /// Measurements, in the order recorded.
    pub indicators: Vec<IndicatorRow>,
    pub assessments: Vec<Assessment>,
}

impl AgreementRow {
    pub fn covers(&self, year: i32) -> bool {
        self.first_year <= year && year <= self.last_year()
    }

    pub fn last_year(&self) -> i32 {
        self.first_year + self.years as i32 - 1
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct FocusAreaRow {
    pub key: String,
    pub name: String,
    pub description: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct CommitmentRow {
    pub key: String,
    pub focus_area: String,
    pub title: String,
    pub description: String,
    pub responsible: Vec<String>,
    pub activity_kinds: Vec<String>,
    pub target: Target,
}

/// How much a commitment promises.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[schemars(rename = "CommitmentTarget")]
pub enum Target {
    /// At least this many completed activities per year.
    PerYear(u32),
    /// At least this sum of one fact of the year's completed activities.
    FactSum {
        fact: String,
        at_least: u32,
    },
    /// A defined indicator reaching its target value (by its key).
    Indicator(String),
    Continuous,
    /// Once in the period.
    Once,
}

impl Target {
    /// The target over `years` years: a yearly count or sum times the years;
    /// an indicator, continuous work or a one-off as it is.
    pub(crate) fn over_years(&self, years: i32) -> Target {
        let times = |n: u32| n.saturating_mul(u32::try_from(years.max(1)).unwrap_or(1));
        match self {
            Target::PerYear(n) => Target::PerYear(times(*n)),
            Target::FactSum { fact, at_least } => Target::FactSum {
                fact: fact.clone(),
                at_least: times(*at_least),
            },
            other => other.clone(),
        }
    }
}

impl From<&trygglogg_events::Target> for Target {
    fn from(target: &trygglogg_events::Target) -> Self {
        match target {
            trygglogg_events::Target::PerYear(n) => Target::PerYear(n.get()),
            trygglogg_events::Target::FactSum { fact, at_least } => Target::FactSum {
                fact: fact.as_str().to_owned(),
                at_least: at_least.get(),
            },
            trygglogg_events::Target::Indicator(key) => Target::Indicator(key.to_string()),
            trygglogg_events::Target::Continuous => Target::Continuous,
            trygglogg_events::Target::Once => Target::Once,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ReviewRow {
    pub year: i32,
    pub reviewed: Dates,
    pub body: String,
    pub minutes: String,
    pub summary: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct IndicatorRow {
    /// The defined indicator's key; `None` for a measurement recorded before
    /// indicators were defined, which names itself.
    pub key: Option<String>,
    /// Its name.
    pub indicator: String,
    pub value: f64,
    pub unit: String,
    pub period: Dates,
    pub source: String,
    pub focus_area: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ActivityStatus {
    /// Planned, and neither started, completed nor cancelled yet.
    Planned,
    /// Under way (*pågår*), until completed or cancelled.
    Started,
    Completed,
    Cancelled,
}

impl From<trygglogg_events::ActivityStatus> for ActivityStatus {
    fn from(status: trygglogg_events::ActivityStatus) -> Self {
        match status {
            trygglogg_events::ActivityStatus::Planned => ActivityStatus::Planned,
            trygglogg_events::ActivityStatus::Started => ActivityStatus::Started,
            trygglogg_events::ActivityStatus::Completed => ActivityStatus::Completed,
            trygglogg_events::ActivityStatus::Cancelled => ActivityStatus::Cancelled,
        }
    }
}

impl From<ActivityStatus> for trygglogg_events::ActivityStatus {
    fn from(status: ActivityStatus) -> Self {
        match status {
            ActivityStatus::Planned => trygglogg_events::ActivityStatus::Planned,
            ActivityStatus::Started => trygglogg_events::ActivityStatus::Started,
            ActivityStatus::Completed => trygglogg_events::ActivityStatus::Completed,
            ActivityStatus::Cancelled => trygglogg_events::ActivityStatus::Cancelled,
        }
    }
}

/// How long work under way is expected to last; the event's `expected_length`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[schemars(rename = "ActivityExpectedLength")]
pub enum ExpectedLength {
    Days(u32),
    Weeks(u32),
    Months(u32),
}

impl From<trygglogg_events::ExpectedLength> for ExpectedLength {
    fn from(length: trygglogg_events::ExpectedLength) -> Self {
        match length {
            trygglogg_events::ExpectedLength::Days(n) => ExpectedLength::Days(n.get()),
            trygglogg_events::ExpectedLength::Weeks(n) => ExpectedLength::Weeks(n.get()),
            trygglogg_events::ExpectedLength::Months(n) => ExpectedLength::Months(n.get()),
        }
    }
}

/// Which agreement, focus area and commitment an activity serves.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ServesRow {
    pub agreement: Uuid,
    pub focus_area: String,
    pub commitment: Option<String>,
}

impl Keyed for ServesRow {
    type Key<'a> = (Uuid, &'a str, Option<&'a str>);
    fn key(&self) -> Self::Key<'_> {
        (self.agreement, &self.focus_area, self.commitment.as_deref())
    }
    fn is(&self, key: &Self::Key<'_>) -> bool {
        self.agreement == key.0 && self.focus_area == key.1 && self.commitment.as_deref() == key.2
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActivityRow {
    /// The id of the activity (its stream's uuid).
    pub id: Uuid,
    pub status: ActivityStatus,
    /// The first event was retracted: the activity is void and counts nowhere,
    /// but stays so the amendment that voided it can be shown in its year.
    pub retracted: bool,
    pub kind: String,
    /// The kind in Swedish: the catalogue's name, a custom kind's label, or its
    /// key as words.
    pub kind_label: String,
    /// A custom kind's Swedish plural, if its completion gave one.
    pub kind_plural: Option<String>,
    pub title: Option<String>,
    pub serves: Option<ServesRow>,
    /// When it happened (completed) or is planned to happen.
    pub dates: Dates,
    pub places: Vec<String>,
    pub responsible: Vec<String>,
    /// The public summary of a completed activity, or a plan's description.
    pub summary: Option<String>,
    /// Internal note: never in public views.
    pub note: Option<String>,
    pub facts: FactTotals,
    /// The categorical facts (a focus, the products bought, a publisher).
    pub categories: Categories,
    pub hours: Option<u64>,
    pub cost_sek: Option<u64>,
    pub cancel_reason: Option<String>,
    pub continues: bool,
    /// How long work under way is expected to last.
    pub expected_length: Option<ExpectedLength>,
    /// Who recorded the plan, start, completion or cancellation that gives the
    /// activity its status (internal views only); amendments name their own.
    pub recorded_by: String,
    pub first_position: u64,
    pub last_recorded: DateTime<Utc>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum AmendmentKind {
    Correction,
    Retraction,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AmendmentRow {
    pub kind: AmendmentKind,
    pub id: Uuid,
    pub position: u64,
    pub recorded: DateTime<Utc>,
    pub stream: String,
    /// The uuid of the stream (the agreement or activity it changed).
    pub subject: Uuid,
    pub target: Uuid,
    pub reason: String,
    /// The corrected fields (corrections only).
    pub changes: Option<Value>,
    pub actor: String,
    pub organisation: String,
}

impl AmendmentRow {
    pub fn of(event: &LogEvent) -> Option<AmendmentRow> {
        let (kind, target, reason, changes) = match &event.event {
            DomainEvent::Correction(c) => (
                AmendmentKind::Correction,
                c.target,
                c.reason.as_str(),
                serde_json::to_value(&c.changes).ok(),
            ),
            DomainEvent::Retraction(r) => {
                (AmendmentKind::Retraction, r.target, r.reason.as_str(), None)
            }
            _ => return None,
        };
        Some(AmendmentRow {
            kind,
            id: event.id,
            position: event.position,
            recorded: event.recorded,
            stream: event.stream.to_string(),
            subject: event.stream.id(),
            target,
            reason: reason.to_owned(),
            changes,
            actor: event.actor.clone(),
            organisation: event.organisation.clone(),
        })
    }
}

/// The stream's events as they now stand: corrections applied, retracted
/// events and the amendments themselves left out.
fn current_events<'a>(
    state: &'a StreamState,
    history: &'a [LogEvent],
) -> impl Iterator<Item = (&'a LogEvent, &'a DomainEvent)> {
    history.iter().filter_map(move |e| {
        let current = state.current(e.id)?;
        let amendment = matches!(
            current,
            DomainEvent::Correction(_) | DomainEvent::Retraction(_)
        );
        (!amendment && !state.is_retracted(e.id)).then_some((e, current))
    })
}

fn fold(history: &[LogEvent]) -> StreamState {
    let mut state = StreamState::default();
    for event in history {
        state.apply(&event.as_domain());
    }
    state
}

fn strings<T: ToString>(items: impl IntoIterator<Item = T>) -> Vec<String> {
    items.into_iter().map(|t| t.to_string()).collect()
}

/// The agreement as its stream now describes it; `None` before it is adopted
/// or once its adoption is retracted.
pub fn agreement_row(id: Uuid, history: &[LogEvent]) -> Option<AgreementRow> {
    let state = fold(history);
    let mut row: Option<AgreementRow> = None;
    for (_, event) in current_events(&state, history) {
        match (event, row.as_mut()) {
            (DomainEvent::AgreementAdopted(a), _) => {
                row = Some(AgreementRow {
                    id,
                    title: a.title.to_string(),
                    municipality: a.municipality.to_string(),
                    parties: strings(a.parties.iter()),
                    first_year: a.period.first_year.get(),
                    years: a.period.years().into(),
                    began_earlier: a.period.start_unknown(),
                    adopted: a.adopted.as_ref().map(Dates::of),
                    description: a.description.as_ref().map(ToString::to_string),
                    context: AgreementContext {
                        adopted_by: a.adopted_by.as_ref().map(ToString::to_string),
                        signatories: strings(&a.signatories),
                        other_parties: strings(&a.other_parties),
                        situation: a.situation.as_ref().map(ToString::to_string),
                        follows: a.follows,
                    },
                    focus_areas: a.focus_areas.iter().map(focus_area_row).collect(),
                    commitments: Vec::new(),
                    reviews: Vec::new(),
                    indicator_definitions: Vec::new(),
                    indicators: Vec::new(),
                    assessments: Vec::new(),
                });
            }
            (DomainEvent::FocusAreaAdded(f), Some(row)) => {
                row.focus_areas.push(focus_area_row(&f.focus_area))
            }
            (DomainEvent::CommitmentAdded(c), Some(row)) => row.commitments.push(CommitmentRow {
                key: c.key.to_string(),
                focus_area: c.focus_area.to_string(),
                title: c.title.to_string(),
                description: c.description.to_string(),
                responsible: strings(c.responsible.iter()),
                activity_kinds: strings(&c.activity_kinds),
                target: (&c.target).into(),
            }),
            (DomainEvent::FollowUpReviewed(r), Some(row)) => row.reviews.push(ReviewRow {
                year: r.year.get(),
                reviewed: Dates::of(&r.reviewed),
                body: r.body.to_string(),
                minutes: r.minutes.to_string(),
                summary: r.summary.as_ref().map(ToString::to_string),
            }),
            (DomainEvent::IndicatorDefined(i), Some(row)) => {
                row.indicator_definitions.push(IndicatorDefinition::of(i))
            }
            (DomainEvent::IndicatorMeasured(i), Some(row)) => row
                .indicators
                .push(IndicatorRow::of(i, &row.indicator_definitions)),
            (DomainEvent::CommitmentAssessed(a), Some(row)) => {
                row.assessments.push(Assessment::of(a))
            }
            _ => {}
        }
    }
    row
}

fn focus_area_row(f: &trygglogg_events::FocusArea) -> FocusAreaRow {
    FocusAreaRow {
        key: f.key.to_string(),
        name: f.name.to_string(),
        description: f.description.as_ref().map(ToString::to_string),
    }
}

fn serves_row(serves: &trygglogg_events::Serves) -> ServesRow {
    ServesRow {
        agreement: serves.agreement,
        focus_area: serves.focus_area.to_string(),
        commitment: serves.commitment.as_ref().map(ToString::to_string),
    }
}

/// The activity as its stream now describes it; `None` for an empty history.
pub fn activity_row(id: Uuid, history: &[LogEvent]) -> Option<ActivityRow> {
    let first = history.first()?;
    let last = history.last()?;
    let state = fold(history);
    let mut row = ActivityRow {
        id,
        status: ActivityStatus::Planned,
        retracted: state.is_retracted(first.id),
        kind: String::new(),
        kind_label: String::new(),
        kind_plural: None,
        title: None,
        serves: None,
        dates: Dates::day(NaiveDate::MIN),
        places: Vec::new(),
        responsible: Vec::new(),
        summary: None,
        note: None,
        facts: FactTotals::default(),
        categories: Categories::default(),
        hours: None,
        cost_sek: None,
        cancel_reason: None,
        continues: false,
        expected_length: None,
        recorded_by: String::new(),
        first_position: first.position,
        last_recorded: last.recorded,
    };
    // A voided activity keeps the facts of its first event, for its year.
    let events: Vec<(&LogEvent, &DomainEvent)> = if row.retracted {
        vec![(first, &first.event)]
    } else {
        current_events(&state, history).collect()
    };
    // Where it stands (served, dates, responsible, status) by the domain's
    // rule, as the index places it; the rest of the row from the events.
    let mut placed = Placed::default();
    for (recorded, event) in events {
        if let Some(change) = event.placing() {
            placed = placed.after(&change);
        }
        let by = || format!("{} ({})", recorded.actor, recorded.organisation);
        match event {
            DomainEvent::ActivityPlanned(p) => {
                row.recorded_by = by();
                row.kind = p.kind.to_string();
                row.kind_label = trygglogg_events::kind_label_of(&p.kind, p.kind_label.as_ref());
                row.title = Some(p.title.to_string());
                row.places = strings(p.places.iter());
                row.summary = p.description.as_ref().map(ToString::to_string);
            }
            DomainEvent::ActivityStarted(s) => {
                row.recorded_by = by();
                if let Some(kind) = &s.kind {
                    row.kind = kind.to_string();
                    row.kind_label = trygglogg_events::kind_label_of(kind, s.kind_label.as_ref());
                }
                if let Some(title) = &s.title {
                    row.title = Some(title.to_string());
                }
                if let Some(places) = &s.places {
                    row.places = strings(places.iter());
                }
                if let Some(description) = &s.description {
                    row.summary = Some(description.to_string());
                }
                row.expected_length = s.expected_length.map(Into::into);
            }
            DomainEvent::ActivityCancelled(c) => {
                row.recorded_by = by();
                row.cancel_reason = Some(c.reason.to_string());
            }
            DomainEvent::ActivityCompleted(c) => {
                row.recorded_by = by();
                row.kind = c.report.kind().to_string();
                row.kind_label = c.report.kind_label();
                row.kind_plural = c.report.custom_plural().map(ToString::to_string);
                row.places = strings(c.places.iter());
                row.summary = Some(c.summary.to_string());
                row.note = c.note.as_ref().map(ToString::to_string);
                let facts = c.report.labelled_facts();
                row.facts = FactTotals::of(&facts);
                row.categories = Categories::of(&facts);
                row.hours = c.hours.map(|h| h.get().into());
                row.cost_sek = c.cost_sek.map(|c| c.get());
                row.continues = c.continues;
            }
            _ => {}
        }
    }
    row.status = placed.status.into();
    row.serves = placed.serves.map(serves_row);
    if let Some(dates) = &placed.dates {
        row.dates = Dates::of(dates);
    }
    row.responsible = placed
        .responsible
        .map(|r| strings(r.iter()))
        .unwrap_or_default();
    Some(row)
}

impl IndicatorRow {
    /// A measurement, named as its indicator is defined (a measurement always
    /// comes after its definition) or, recorded before indicators were
    /// defined, as it names itself.
    fn of(
        measured: &trygglogg_events::IndicatorMeasured,
        definitions: &[IndicatorDefinition],
    ) -> IndicatorRow {
        let defined = measured
            .indicator
            .as_ref()
            .and_then(|key| definitions.iter().find(|d| d.key == key.as_str()));
        let (indicator, unit, source, focus_area) = match (defined, &measured.unlinked) {
            (Some(d), _) => (
                d.name.clone(),
                d.unit.clone(),
                d.source.clone(),
                Some(d.focus_area.clone()),
            ),
            (None, Some(u)) => (
                u.name.to_string(),
                u.unit.to_string(),
                u.source.to_string(),
                u.focus_area.as_ref().map(ToString::to_string),
            ),
            (None, None) => Default::default(),
        };
        IndicatorRow {
            key: measured.indicator.as_ref().map(ToString::to_string),
            indicator,
            value: measured.value.get(),
            unit,
            period: Dates::of(&measured.period),
            source,
            focus_area,
        }
    }
}
