//! Per-stream rules as a pure fold: `StreamState::default()`, `apply` each recorded
//! event, then `check` (or `check_batch`) what is about to be appended.
//!
//! Split along its seams, with no module importing one that imports it back:
//! `state.rs` is the fold (a leaf); this file is the checks every stream
//! shares, and the replay after an amendment; `agreement_rules.rs`,
//! `activity_rules.rs`, `amendment_rules.rs` and `result_rules.rs` hold the
//! rules of each kind of event; `period_rules.rs` holds work within its
//! agreement's period; `amendments.rs` is what an amendment does to its stream.

use crate::error::RuleViolation;
use crate::event::{DomainEvent, EventType};
use crate::stream::{StreamCategory, StreamName};
use crate::wire::ValidatedEvent;

mod activity_rules;
mod agreement_rules;
mod amendment_rules;
mod amendments;
mod period_rules;
mod result_rules;
mod state;

pub use amendments::{amend, Amendable, Amended, Amendment};
pub use period_rules::period_words;
pub use state::{RecordedDomainEvent, StreamState};

impl StreamState {
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
            DomainEvent::Correction(correction) => {
                self.check_correction(correction)?;
                self.check_amended(event.clone(), "correction")
            }
            DomainEvent::Retraction(retraction) => {
                self.check_retraction(retraction)?;
                self.check_amended(event.clone(), "retraction")
            }
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
