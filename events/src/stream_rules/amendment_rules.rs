//! The rules of corrections and retractions: what may be amended, and that a
//! correction leaves a valid event. That the stream stays valid after it is
//! the rule book's replay (`StreamState::check_amended`, in `mod.rs`).

use uuid::Uuid;

use crate::amendment::{Correction, Retraction};
use crate::error::{RuleViolation, ValidationErrors};
use crate::event::DomainEvent;

use super::amendments::{corrected, Amendable, Amended};
use super::state::StreamState;

impl StreamState {
    pub(super) fn check_correction(&self, correction: &Correction) -> Result<(), RuleViolation> {
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
            )
            .within(&errors));
        }
        Ok(())
    }

    pub(super) fn check_retraction(&self, retraction: &Retraction) -> Result<(), RuleViolation> {
        self.amendable_target(retraction.target, "retract")?;
        Ok(())
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
}

fn one_line(errors: &ValidationErrors) -> String {
    errors
        .errors
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(" / ")
}
