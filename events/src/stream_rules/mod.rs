//! Per-stream rules as a pure fold: `StreamState::default()`, `apply` each recorded
//! event, then `check` (or `check_batch`) what is about to be appended.

//!
//! Split along its seams: this file is the fold and the checks every stream
//! shares; `agreement_rules.rs`, `activity_rules.rs` and `amendments.rs` hold
//! the rules of each kind of event (and, in `amendments.rs`, what an
//! amendment does to its stream).

use crate::error::{DecodeError, RuleViolation};
use crate::event::{DomainEvent, EventType};
use crate::stored::decode_stored;
use crate::stream::{StreamCategory, StreamName};
use crate::wire::ValidatedEvent;
use uuid::Uuid;

mod activity_rules;
mod agreement_rules;
mod amendments;
mod period_rules;
mod result_rules;

pub use amendments::{amend, Amendable, Amended, Amendment};
pub use period_rules::period_words;

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
            state
                .check(&validated.event)
                .and_then(|()| state.check_serves_named(&validated.event))
                .map_err(|v| v.prefixed(&at))?;
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
            | DomainEvent::IndicatorDefined(_)
            | DomainEvent::IndicatorMeasured(_)
            | DomainEvent::CommitmentAssessed(_) => self.check_agreement_event(event),
            DomainEvent::ActivityPlanned(_)
            | DomainEvent::ActivityStarted(_)
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
}

fn wrong_category(category: StreamCategory, event_type: EventType) -> RuleViolation {
    RuleViolation::new(
        "wrong_stream_category",
        "type",
        format!(
            "{} does not belong in an {} stream",
            event_type.as_str(),
            category.as_str()
        ),
        category.where_it_goes(event_type),
    )
}
