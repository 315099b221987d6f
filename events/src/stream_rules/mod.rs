//! Per-stream rules as a pure fold: `StreamState::default()`, `apply` each recorded
//! event, then `check` (or `check_batch`) what is about to be appended.

use crate::activity::{ActivityCompleted, ActivityPlanned, Serves};
use crate::agreement::{AgreementAdopted, CommitmentAdded};
use crate::amendment::{CorrectedFields, Correction, Retraction};
use crate::error::{DecodeError, RuleViolation, ValidationErrors};
use crate::event::{read_data, DomainEvent, EventType};
use crate::fields::{Cursor, ParseContext};
use crate::key::Key;
use crate::occurred::Year;
use crate::party::Party;
use crate::stored::decode_stored;
use crate::stream::{StreamCategory, StreamName};
use crate::wire::ValidatedEvent;
use serde_json::Value;
use uuid::Uuid;

mod amendments;

pub use amendments::{amend, Amendable, Amended, Amendment};

/// A stored event as the fold needs it; map the store's record into this.
#[derive(Debug, Clone, PartialEq)]
pub struct RecordedDomainEvent {
    pub id: Uuid,
    /// 1-based position within its stream.
    pub version: u64,
    /// Position in the global log.
    pub position: u64,
    pub event: DomainEvent,
}

impl RecordedDomainEvent {
    /// Decodes a store record: `data` and `metadata` are the stored JSON bytes, the
    /// latter an [`crate::EventMetadata`] that carries the data's schema version.
    pub fn decode(
        id: Uuid,
        version: u64,
        position: u64,
        event_type: &str,
        data: &[u8],
        metadata: &[u8],
    ) -> Result<Self, DecodeError> {
        let text = |what: &'static str, bytes| {
            std::str::from_utf8(bytes).map_err(|e| DecodeError::Json {
                what,
                reason: e.to_string(),
            })
        };
        let event =
            decode_stored(event_type, text("metadata", metadata)?, text("data", data)?)?.event;
        Ok(Self {
            id,
            version,
            position,
            event,
        })
    }
}

/// What a stream holds so far, as far as its rules are concerned.
#[derive(Debug, Clone, Default)]
pub struct StreamState {
    entries: Vec<Amended<DomainEvent>>,
    version: u64,
}

/// The agreement stream's effective content (retracted events left out).
struct AgreementView<'a> {
    adopted: &'a AgreementAdopted,
    focus_areas: Vec<&'a Key>,
    commitments: Vec<&'a CommitmentAdded>,
    reviewed_years: Vec<Year>,
}

/// The activity stream's effective content.
#[derive(Default)]
struct ActivityView<'a> {
    plan: Option<&'a ActivityPlanned>,
    cancelled: bool,
    completed: Option<&'a ActivityCompleted>,
}

impl StreamState {
    /// Folds a recorded event in. Recorded events passed [`Self::check`] when they were
    /// appended, so this never fails.
    pub fn apply(&mut self, recorded: &RecordedDomainEvent) {
        self.apply_event(Some(recorded.id), &recorded.event);
        self.version = recorded.version;
    }

    /// The version of the last applied event; 0 for a new stream.
    pub fn version(&self) -> u64 {
        self.version
    }

    /// Whether the event with `id` has been retracted.
    pub fn is_retracted(&self, id: Uuid) -> bool {
        self.find(id).is_some_and(|entry| entry.retracted)
    }

    /// The event with `id` as currently corrected, if it is in this stream.
    pub fn current(&self, id: Uuid) -> Option<&DomainEvent> {
        self.find(id).map(|entry| &entry.event)
    }

    fn apply_event(&mut self, id: Option<Uuid>, event: &DomainEvent) {
        amend(&mut self.entries, id, event);
    }

    /// Checks, on the state of an *agreement* stream, that an activity may
    /// serve it as `serves` says: the agreement is adopted, has the focus
    /// area, and has the commitment (if one is named) under that focus area.
    /// `path` is where `serves` sits in the request, e.g. `events[0].data.serves`.
    pub fn check_serves(&self, serves: &Serves, path: &str) -> Result<(), RuleViolation> {
        let Some(view) = self.agreement_view() else {
            return Err(RuleViolation::new(
                "agreement_missing",
                format!("{path}.agreement"),
                format!("no agreement {} has been adopted", serves.agreement),
                "give the id of an agreement listed by GET /api/v1/agreements, or leave serves out",
            ));
        };
        check_focus_area(&view, &serves.focus_area, &format!("{path}.focus_area"))?;
        let Some(commitment) = &serves.commitment else {
            return Ok(());
        };
        let under_focus_area = || {
            view.commitments
                .iter()
                .filter(|c| c.focus_area == serves.focus_area)
        };
        if under_focus_area().any(|c| c.key == *commitment) {
            return Ok(());
        }
        let known: Vec<&str> = under_focus_area().map(|c| c.key.as_str()).collect();
        Err(RuleViolation::new(
            "commitment_missing",
            format!("{path}.commitment"),
            format!(
                "the focus area {:?} has no commitment {:?}",
                serves.focus_area.as_str(),
                commitment.as_str()
            ),
            if known.is_empty() {
                "leave commitment out, or add the commitment first (commitment_added)".to_owned()
            } else {
                format!("give one of: {}; or leave commitment out", known.join(", "))
            },
        ))
    }

    /// The parties of the agreement this stream holds, once adopted.
    pub fn agreement_parties(&self) -> Option<&[Party]> {
        self.agreement_view()
            .map(|view| view.adopted.parties.as_slice())
    }

    /// Checks events about to be appended to `stream`, in order: each is checked
    /// against the state including the ones before it. Paths start with `events[i]`.
    pub fn check_batch(
        &self,
        stream: &StreamName,
        events: &[ValidatedEvent],
    ) -> Result<(), RuleViolation> {
        let mut state = self.clone();
        for (i, validated) in events.iter().enumerate() {
            let at = format!("events[{i}]");
            let event_type = validated.event.event_type();
            if !stream.category().allows(event_type) {
                return Err(wrong_category(stream.category(), event_type).prefixed(&at));
            }
            state.check(&validated.event).map_err(|v| v.prefixed(&at))?;
            state.apply_event(validated.id, &validated.event);
        }
        Ok(())
    }

    /// Checks one event against the stream's rules. Paths are relative to the event
    /// (`type`, `data.target`, …).
    pub fn check(&self, event: &DomainEvent) -> Result<(), RuleViolation> {
        let event_type = event.event_type();
        if let Some(category) = self.category() {
            if !category.allows(event_type) {
                return Err(wrong_category(category, event_type));
            }
        }
        if self.entries.first().is_some_and(|entry| entry.retracted) {
            return Err(RuleViolation::new(
                "stream_retracted",
                "type",
                "the first event of this stream was retracted, which voids the stream",
                "record the activity or agreement anew in a new stream",
            ));
        }
        match event {
            DomainEvent::Correction(correction) => self.check_correction(correction),
            DomainEvent::Retraction(retraction) => self.check_retraction(retraction),
            DomainEvent::AgreementAdopted(_)
            | DomainEvent::FocusAreaAdded(_)
            | DomainEvent::CommitmentAdded(_)
            | DomainEvent::FollowUpReviewed(_)
            | DomainEvent::IndicatorMeasured(_) => self.check_agreement_event(event),
            DomainEvent::ActivityPlanned(_)
            | DomainEvent::ActivityCompleted(_)
            | DomainEvent::ActivityCancelled(_)
            | DomainEvent::ActivityRescheduled(_) => self.check_activity_event(event),
        }
    }

    fn category(&self) -> Option<StreamCategory> {
        let first = self.entries.first()?.event.event_type();
        StreamCategory::ALL.into_iter().find(|c| c.allows(first))
    }

    fn find(&self, id: Uuid) -> Option<&Amended<DomainEvent>> {
        self.entries.iter().find(|entry| entry.id == Some(id))
    }

    /// Events that count: neither retracted nor amendments.
    fn effective(&self) -> impl Iterator<Item = &Amended<DomainEvent>> {
        self.entries.iter().filter(|entry| entry.is_effective())
    }

    fn agreement_view(&self) -> Option<AgreementView<'_>> {
        let mut view: Option<AgreementView> = None;
        for entry in self.effective() {
            match (&entry.event, &mut view) {
                (DomainEvent::AgreementAdopted(adopted), None) => {
                    view = Some(AgreementView {
                        adopted,
                        focus_areas: adopted.focus_areas.iter().map(|a| &a.key).collect(),
                        commitments: Vec::new(),
                        reviewed_years: Vec::new(),
                    })
                }
                (DomainEvent::FocusAreaAdded(added), Some(view)) => {
                    view.focus_areas.push(&added.focus_area.key)
                }
                (DomainEvent::CommitmentAdded(commitment), Some(view)) => {
                    view.commitments.push(commitment)
                }
                (DomainEvent::FollowUpReviewed(review), Some(view)) => {
                    view.reviewed_years.push(review.year)
                }
                _ => {}
            }
        }
        view
    }

    fn activity_view(&self) -> ActivityView<'_> {
        let mut view = ActivityView::default();
        for entry in self.effective() {
            match &entry.event {
                DomainEvent::ActivityPlanned(plan) => view.plan = Some(plan),
                DomainEvent::ActivityCancelled(_) => view.cancelled = true,
                DomainEvent::ActivityCompleted(completed) => view.completed = Some(completed),
                _ => {}
            }
        }
        view
    }

    fn check_agreement_event(&self, event: &DomainEvent) -> Result<(), RuleViolation> {
        let view = self.agreement_view();
        let view = match (event, view) {
            (DomainEvent::AgreementAdopted(_), None) if self.entries.is_empty() => return Ok(()),
            (DomainEvent::AgreementAdopted(_), _) => {
                return Err(RuleViolation::new(
                    "agreement_already_adopted",
                    "type",
                    "this stream already holds an agreement",
                    "adopt each agreement in its own agreement-<uuid> stream; fix mistakes \
                     with a correction",
                ))
            }
            (_, None) => {
                return Err(RuleViolation::new(
                    "agreement_not_adopted",
                    "type",
                    format!(
                        "{} needs an agreement, but this stream holds none",
                        event.event_type().as_str()
                    ),
                    "start the agreement stream with agreement_adopted",
                ))
            }
            (_, Some(view)) => view,
        };
        match event {
            DomainEvent::FocusAreaAdded(added) => {
                let key = &added.focus_area.key;
                if view.focus_areas.contains(&key) {
                    return Err(RuleViolation::new(
                        "focus_area_exists",
                        "data.key",
                        format!("the agreement already has a focus area {:?}", key.as_str()),
                        "choose another key, or correct the existing focus area",
                    ));
                }
            }
            DomainEvent::CommitmentAdded(commitment) => {
                if view.commitments.iter().any(|c| c.key == commitment.key) {
                    return Err(RuleViolation::new(
                        "commitment_exists",
                        "data.key",
                        format!(
                            "the agreement already has a commitment {:?}",
                            commitment.key.as_str()
                        ),
                        "choose another key, or correct the existing commitment",
                    ));
                }
                check_focus_area(&view, &commitment.focus_area, "data.focus_area")?;
                let parties = view.adopted.parties.as_slice();
                if let Some((i, party)) = commitment
                    .responsible
                    .iter()
                    .enumerate()
                    .find(|(_, party)| !party.acts_for(parties))
                {
                    return Err(RuleViolation::new(
                        "responsible_not_a_party",
                        format!("data.responsible[{i}]"),
                        format!("{party} is not a party to this agreement"),
                        format!(
                            "name one of the parties ({}) or a department of {}",
                            join(parties),
                            view.adopted.municipality
                        ),
                    ));
                }
            }
            DomainEvent::FollowUpReviewed(review) => {
                let period = view.adopted.period;
                if !period.contains(review.year) {
                    return Err(RuleViolation::new(
                        "year_outside_period",
                        "data.year",
                        format!("the agreement does not cover {}", review.year),
                        format!(
                            "give a year from {} to {}",
                            period.first_year,
                            period.last_year()
                        ),
                    ));
                }
                if view.reviewed_years.contains(&review.year) {
                    return Err(RuleViolation::new(
                        "year_already_reviewed",
                        "data.year",
                        format!("{} has already been reviewed", review.year),
                        "correct the earlier review instead of recording a second one",
                    ));
                }
            }
            DomainEvent::IndicatorMeasured(indicator) => {
                if let Some(key) = &indicator.focus_area {
                    check_focus_area(&view, key, "data.focus_area")?;
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn check_activity_event(&self, event: &DomainEvent) -> Result<(), RuleViolation> {
        let view = self.activity_view();
        let started = view.plan.is_some() || view.completed.is_some();
        match event {
            DomainEvent::ActivityPlanned(_) if self.entries.is_empty() => Ok(()),
            DomainEvent::ActivityPlanned(_) => Err(RuleViolation::new(
                "activity_already_started",
                "type",
                "this stream already holds an activity",
                "plan each activity in its own activity-<uuid> stream; use \
                 activity_rescheduled to move a plan",
            )),
            DomainEvent::ActivityCompleted(_) if self.entries.is_empty() => Ok(()),
            _ if !started => Err(RuleViolation::new(
                "activity_not_started",
                "type",
                format!(
                    "{} needs a planned or completed activity, but this stream holds none",
                    event.event_type().as_str()
                ),
                "start an activity stream with activity_planned or activity_completed",
            )),
            _ if view.completed.is_some() => Err(RuleViolation::new(
                "activity_already_completed",
                "type",
                "the activity is already completed",
                "fix the completion with a correction, or record a new activity",
            )),
            _ if view.cancelled => Err(RuleViolation::new(
                "activity_cancelled",
                "type",
                "the activity was cancelled",
                "plan a new activity in a new stream, or retract the cancellation if it \
                 was a mistake",
            )),
            DomainEvent::ActivityCompleted(completed) => match view.plan {
                Some(plan) => check_completes_plan(plan, completed),
                None => Ok(()),
            },
            // Rescheduling or cancelling: a plan exists and is still open.
            _ => Ok(()),
        }
    }

    fn check_correction(&self, correction: &Correction) -> Result<(), RuleViolation> {
        let entry = self.amendable_target(correction.target, "correct")?;
        let actual = entry.event.event_type();
        if actual != correction.target_type {
            return Err(RuleViolation::new(
                "target_type_mismatch",
                "data.target_type",
                format!(
                    "the target is a {}, not a {}",
                    actual.as_str(),
                    correction.target_type.as_str()
                ),
                format!("give \"{}\"", actual.as_str()),
            ));
        }
        if let Err(errors) = corrected(&entry.event, &correction.changes) {
            return Err(RuleViolation::new(
                "correction_invalid",
                "data.changes",
                format!(
                    "the corrected event would be invalid: {}",
                    one_line(&errors)
                ),
                "change the fields so that the whole event is valid",
            ));
        }
        self.check_amended(DomainEvent::Correction(correction.clone()), "correction")
    }

    fn check_retraction(&self, retraction: &Retraction) -> Result<(), RuleViolation> {
        self.amendable_target(retraction.target, "retract")?;
        self.check_amended(DomainEvent::Retraction(retraction.clone()), "retraction")
    }

    /// The target of an amendment: in this stream, not an amendment, not retracted.
    fn amendable_target(
        &self,
        target: Uuid,
        verb: &str,
    ) -> Result<&Amended<DomainEvent>, RuleViolation> {
        let entry = self.find(target).ok_or_else(|| {
            RuleViolation::new(
                "target_not_found",
                "data.target",
                format!("no event with id {target} in this stream"),
                format!("give the id of an event in this stream to {verb}"),
            )
        })?;
        if entry.event.amendment().is_some() {
            return Err(RuleViolation::new(
                "target_is_amendment",
                "data.target",
                format!(
                    "event {target} is a {}, which cannot be amended",
                    entry.event.event_type().as_str()
                ),
                "record a new correction of the original event instead",
            ));
        }
        if entry.retracted {
            return Err(RuleViolation::new(
                "target_retracted",
                "data.target",
                format!("event {target} has been retracted"),
                format!("{verb} an event that is still in force"),
            ));
        }
        Ok(entry)
    }

    /// Replays the stream as it would be after the amendment: a correction or a
    /// retraction must not leave a later event breaking a rule (e.g. retracting a
    /// focus area that commitments still use).
    fn check_amended(&self, amendment: DomainEvent, what: &str) -> Result<(), RuleViolation> {
        let mut amended = self.clone();
        amended.apply_event(None, &amendment);
        if amended.entries.first().is_some_and(|entry| entry.retracted) {
            // Retracting the opening event voids the whole stream; nothing to break.
            return Ok(());
        }
        let mut replayed = StreamState::default();
        for entry in amended.effective() {
            if let Err(violation) = replayed.check(&entry.event) {
                let which = entry.id.map(|id| id.to_string()).unwrap_or_default();
                return Err(RuleViolation::new(
                    "amendment_breaks_stream",
                    "data.target",
                    format!(
                        "after this {what}, the {} {which} would break a rule: {violation}",
                        entry.event.event_type().as_str()
                    ),
                    "amend the later events first, or amend differently",
                ));
            }
            replayed.apply_event(entry.id, &entry.event);
        }
        Ok(())
    }
}

fn check_focus_area(view: &AgreementView, key: &Key, path: &str) -> Result<(), RuleViolation> {
    if view.focus_areas.contains(&key) {
        return Ok(());
    }
    let known: Vec<&str> = view.focus_areas.iter().map(|k| k.as_str()).collect();
    Err(RuleViolation::new(
        "focus_area_missing",
        path,
        format!("the agreement has no focus area {:?}", key.as_str()),
        if known.is_empty() {
            "add the focus area first (focus_area_added)".to_owned()
        } else {
            format!(
                "give one of: {}; or add the focus area first",
                known.join(", ")
            )
        },
    ))
}

/// A completion of a plan is of the planned kind and serves what the plan serves.
fn check_completes_plan(
    plan: &ActivityPlanned,
    completed: &ActivityCompleted,
) -> Result<(), RuleViolation> {
    let kind = completed.report.kind();
    if kind != plan.kind {
        return Err(RuleViolation::new(
            "kind_differs_from_plan",
            "data.kind",
            format!("the activity was planned as {}, not {kind}", plan.kind),
            format!(
                "complete it as {}, or cancel the plan and record the {kind} as a new activity",
                plan.kind
            ),
        ));
    }
    if let (Some(planned), Some(done)) = (&plan.serves, &completed.serves) {
        if planned != done {
            return Err(RuleViolation::new(
                "serves_differs_from_plan",
                "data.serves",
                "differs from what the plan serves",
                "leave serves out to keep the plan's, or correct the plan first",
            ));
        }
    }
    Ok(())
}

fn wrong_category(category: StreamCategory, event_type: EventType) -> RuleViolation {
    let allowed: Vec<&str> = category
        .allowed_event_types()
        .iter()
        .map(|t| t.as_str())
        .collect();
    RuleViolation::new(
        "wrong_stream_category",
        "type",
        format!(
            "{} does not belong in an {} stream",
            event_type.as_str(),
            category.as_str()
        ),
        format!("{} streams take: {}", category.as_str(), allowed.join(", ")),
    )
}

/// The event with `changes` replacing its top-level fields, read as stored data (the
/// changed fields were checked against today when the correction was parsed).
fn corrected(
    event: &DomainEvent,
    changes: &CorrectedFields,
) -> Result<DomainEvent, ValidationErrors> {
    let mut data = event.data();
    if let Value::Object(fields) = &mut data {
        for (key, value) in changes.fields() {
            fields.insert(key.clone(), value.clone());
        }
    }
    let mut errors = Vec::new();
    let read = read_data(
        event.event_type(),
        &data,
        &mut Cursor::new("data", &mut errors, ParseContext::STORED),
        false,
    );
    match read {
        Some(event) if errors.is_empty() => Ok(event),
        _ => Err(ValidationErrors::from_vec(errors)),
    }
}

fn one_line(errors: &ValidationErrors) -> String {
    errors
        .errors
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(" / ")
}

fn join(parties: &[crate::party::Party]) -> String {
    parties
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}
