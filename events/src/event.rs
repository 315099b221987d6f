//! The catalogue: the domain event that holds one of every type
//! ([`EventType`], in `event_type.rs`), and reading an event's data by its type.

use crate::activity::{ActivityCancelled, ActivityCompleted, ActivityPlanned, ActivityRescheduled};
use crate::activity_started::ActivityStarted;
use crate::agreement::{AgreementAdopted, CommitmentAdded, FocusAreaAdded, FollowUpReviewed};
use crate::amendment::{Correction, Retraction};
use crate::assessment::CommitmentAssessed;
use crate::fields::{Cursor, Object};
use crate::indicator::{IndicatorDefined, IndicatorMeasured};
use crate::occurred::Occurred;
use serde_json::Value;

pub use crate::event_type::EventType;

/// A validated event of any type. Constructed by [`crate::parse_event`] (new events)
/// or [`crate::decode`] (stored events).
#[derive(Debug, Clone, PartialEq)]
pub enum DomainEvent {
    AgreementAdopted(AgreementAdopted),
    FocusAreaAdded(FocusAreaAdded),
    CommitmentAdded(CommitmentAdded),
    FollowUpReviewed(FollowUpReviewed),
    IndicatorDefined(IndicatorDefined),
    IndicatorMeasured(IndicatorMeasured),
    CommitmentAssessed(CommitmentAssessed),
    ActivityPlanned(ActivityPlanned),
    ActivityStarted(ActivityStarted),
    ActivityCompleted(ActivityCompleted),
    ActivityCancelled(ActivityCancelled),
    ActivityRescheduled(ActivityRescheduled),
    Correction(Correction),
    Retraction(Retraction),
}

impl DomainEvent {
    pub fn event_type(&self) -> EventType {
        match self {
            Self::AgreementAdopted(_) => EventType::AgreementAdopted,
            Self::FocusAreaAdded(_) => EventType::FocusAreaAdded,
            Self::CommitmentAdded(_) => EventType::CommitmentAdded,
            Self::FollowUpReviewed(_) => EventType::FollowUpReviewed,
            Self::IndicatorDefined(_) => EventType::IndicatorDefined,
            Self::IndicatorMeasured(_) => EventType::IndicatorMeasured,
            Self::CommitmentAssessed(_) => EventType::CommitmentAssessed,
            Self::ActivityPlanned(_) => EventType::ActivityPlanned,
            Self::ActivityStarted(_) => EventType::ActivityStarted,
            Self::ActivityCompleted(_) => EventType::ActivityCompleted,
            Self::ActivityCancelled(_) => EventType::ActivityCancelled,
            Self::ActivityRescheduled(_) => EventType::ActivityRescheduled,
            Self::Correction(_) => EventType::Correction,
            Self::Retraction(_) => EventType::Retraction,
        }
    }

    /// Valid time: when the thing the event describes happened or is planned, in
    /// Swedish local dates. `None` where the event has no such time (a commitment, a
    /// cancellation, an amendment): use the recorded time for those.
    pub fn occurred(&self) -> Option<Occurred> {
        match self {
            Self::AgreementAdopted(e) => e.adopted,
            Self::FollowUpReviewed(e) => Some(e.reviewed),
            Self::IndicatorMeasured(e) => Some(e.period),
            Self::ActivityPlanned(e) => Some(e.planned),
            Self::ActivityStarted(e) => Some(e.started),
            Self::ActivityCompleted(e) => Some(e.occurred),
            Self::ActivityRescheduled(e) => Some(e.planned),
            Self::FocusAreaAdded(_)
            | Self::CommitmentAdded(_)
            | Self::IndicatorDefined(_)
            | Self::CommitmentAssessed(_)
            | Self::ActivityCancelled(_)
            | Self::Correction(_)
            | Self::Retraction(_) => None,
        }
    }

    /// The payload as JSON, in the current schema version.
    pub(crate) fn data(&self) -> Value {
        let data = match self {
            Self::AgreementAdopted(e) => serde_json::to_value(e),
            Self::FocusAreaAdded(e) => serde_json::to_value(e),
            Self::CommitmentAdded(e) => serde_json::to_value(e),
            Self::FollowUpReviewed(e) => serde_json::to_value(e),
            Self::IndicatorDefined(e) => serde_json::to_value(e),
            Self::IndicatorMeasured(e) => serde_json::to_value(e),
            Self::CommitmentAssessed(e) => serde_json::to_value(e),
            Self::ActivityPlanned(e) => serde_json::to_value(e),
            Self::ActivityStarted(e) => serde_json::to_value(e),
            Self::ActivityCompleted(e) => serde_json::to_value(e),
            Self::ActivityCancelled(e) => serde_json::to_value(e),
            Self::ActivityRescheduled(e) => serde_json::to_value(e),
            Self::Correction(e) => serde_json::to_value(e),
            Self::Retraction(e) => serde_json::to_value(e),
        };
        // Payloads hold only strings, numbers, lists and string-keyed maps, which always
        // serialise.
        data.expect("domain payloads serialise to JSON")
    }
}

/// Reads `data` (current schema version) as an event of `event_type`. With `partial`,
/// missing fields are not errors (a correction's changed fields).
pub(crate) fn read_data(
    event_type: EventType,
    data: &Value,
    at: &mut Cursor,
    partial: bool,
) -> Option<DomainEvent> {
    let mut object = if partial {
        Object::open_partial(data, at)?
    } else {
        Object::open(data, at)?
    };
    let object_ref = &mut object;
    let event = match event_type {
        EventType::AgreementAdopted => {
            AgreementAdopted::read(object_ref, at).map(DomainEvent::AgreementAdopted)
        }
        EventType::FocusAreaAdded => {
            FocusAreaAdded::read(object_ref, at).map(DomainEvent::FocusAreaAdded)
        }
        EventType::CommitmentAdded => {
            CommitmentAdded::read(object_ref, at).map(DomainEvent::CommitmentAdded)
        }
        EventType::FollowUpReviewed => {
            FollowUpReviewed::read(object_ref, at).map(DomainEvent::FollowUpReviewed)
        }
        EventType::IndicatorDefined => {
            IndicatorDefined::read(object_ref, at).map(DomainEvent::IndicatorDefined)
        }
        EventType::IndicatorMeasured => {
            IndicatorMeasured::read(object_ref, at).map(DomainEvent::IndicatorMeasured)
        }
        EventType::CommitmentAssessed => {
            CommitmentAssessed::read(object_ref, at).map(DomainEvent::CommitmentAssessed)
        }
        EventType::ActivityPlanned => {
            ActivityPlanned::read(object_ref, at).map(DomainEvent::ActivityPlanned)
        }
        EventType::ActivityStarted => {
            ActivityStarted::read(object_ref, at).map(DomainEvent::ActivityStarted)
        }
        EventType::ActivityCompleted => {
            ActivityCompleted::read(object_ref, at).map(DomainEvent::ActivityCompleted)
        }
        EventType::ActivityCancelled => {
            ActivityCancelled::read(object_ref, at).map(DomainEvent::ActivityCancelled)
        }
        EventType::ActivityRescheduled => {
            ActivityRescheduled::read(object_ref, at).map(DomainEvent::ActivityRescheduled)
        }
        EventType::Correction => {
            Correction::read(object_ref, at, read_changes).map(DomainEvent::Correction)
        }
        EventType::Retraction => Retraction::read(object_ref, at).map(DomainEvent::Retraction),
    };
    object.finish(at);
    event
}

/// Reads a correction's changed fields as those fields of `event_type`
/// (missing fields are fine: only the changed ones are given).
fn read_changes(event_type: EventType, data: &Value, at: &mut Cursor) {
    read_data(event_type, data, at, true);
}
