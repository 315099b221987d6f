//! The rules of an activity stream: planned or completed first, then at most
//! one completion or cancellation, and a completion that matches its plan.

use crate::activity::{ActivityCompleted, ActivityPlanned};
use crate::error::RuleViolation;
use crate::event::DomainEvent;

use super::state::StreamState;

/// The activity stream's effective content.
#[derive(Default)]
struct ActivityView<'a> {
    plan: Option<&'a ActivityPlanned>,
    cancelled: bool,
    completed: Option<&'a ActivityCompleted>,
}

impl<'a> ActivityView<'a> {
    fn of(state: &'a StreamState) -> ActivityView<'a> {
        let mut view = ActivityView::default();
        for entry in state.effective() {
            match &entry.event {
                DomainEvent::ActivityPlanned(plan) => view.plan = Some(plan),
                DomainEvent::ActivityCancelled(_) => view.cancelled = true,
                DomainEvent::ActivityCompleted(completed) => view.completed = Some(completed),
                _ => {}
            }
        }
        view
    }
}

impl StreamState {
    pub(super) fn check_activity_event(&self, event: &DomainEvent) -> Result<(), RuleViolation> {
        let view = ActivityView::of(self);
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
