//! The rules of an activity stream: planned, started or completed first; a
//! plan may be started once; then at most one completion or cancellation; and
//! a start or completion that matches what came before it.

use crate::activity::{ActivityCompleted, ActivityPlanned, Serves};
use crate::activity_started::ActivityStarted;
use crate::error::RuleViolation;
use crate::event::DomainEvent;
use crate::kind::ActivityKind;

use super::state::StreamState;

/// The activity stream's effective content.
#[derive(Default)]
struct ActivityView<'a> {
    plan: Option<&'a ActivityPlanned>,
    start: Option<&'a ActivityStarted>,
    cancelled: bool,
    completed: Option<&'a ActivityCompleted>,
}

impl<'a> ActivityView<'a> {
    fn of(state: &'a StreamState) -> ActivityView<'a> {
        let mut view = ActivityView::default();
        for entry in state.effective() {
            match &entry.event {
                DomainEvent::ActivityPlanned(plan) => view.plan = Some(plan),
                DomainEvent::ActivityStarted(start) => view.start = Some(start),
                DomainEvent::ActivityCancelled(_) => view.cancelled = true,
                DomainEvent::ActivityCompleted(completed) => view.completed = Some(completed),
                _ => {}
            }
        }
        view
    }

    /// The activity's kind, as its plan or its start gives it.
    fn kind(&self) -> Option<&ActivityKind> {
        self.plan
            .map(|plan| &plan.kind)
            .or_else(|| self.start.and_then(|start| start.kind.as_ref()))
    }

    /// What the activity serves, as its plan or its start gives it.
    fn serves(&self) -> Option<&Serves> {
        self.plan
            .and_then(|plan| plan.serves.as_ref())
            .or_else(|| self.start.and_then(|start| start.serves.as_ref()))
    }
}

impl StreamState {
    pub(super) fn check_activity_event(&self, event: &DomainEvent) -> Result<(), RuleViolation> {
        let view = ActivityView::of(self);
        let begun = view.plan.is_some() || view.start.is_some() || view.completed.is_some();
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
            DomainEvent::ActivityStarted(start) if self.entries.is_empty() => {
                check_says_what_a_plan_says(start)
            }
            _ if !begun => Err(RuleViolation::new(
                "activity_not_started",
                "type",
                format!(
                    "{} needs a planned, started or completed activity, but this stream \
                     holds none",
                    event.event_type().as_str()
                ),
                "start an activity stream with activity_planned, activity_started or \
                 activity_completed",
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
            DomainEvent::ActivityStarted(_) | DomainEvent::ActivityRescheduled(_)
                if view.start.is_some() =>
            {
                Err(RuleViolation::new(
                    "activity_under_way",
                    "type",
                    "the activity is already under way",
                    "correct the start if its date was wrong, or record activity_completed \
                     or activity_cancelled when it ends",
                ))
            }
            DomainEvent::ActivityStarted(start) => {
                check_matches(&view, start.kind.as_ref(), start.serves.as_ref())
            }
            DomainEvent::ActivityCompleted(completed) => check_matches(
                &view,
                Some(&completed.report.kind()),
                completed.serves.as_ref(),
            ),
            // Rescheduling or cancelling: a plan exists and is still open.
            _ => Ok(()),
        }
    }
}

impl StreamState {
    /// New work names what it serves, or completes a plan that does: work
    /// that serves nothing would count in no follow-up, silently. A rule on
    /// new events only, never replayed over history: stored events without
    /// `serves` read, and can be corrected, as they stand.
    pub(super) fn check_serves_named(&self, event: &DomainEvent) -> Result<(), RuleViolation> {
        let before = ActivityView::of(self);
        let named = event.serving().is_some_and(|s| s.serves.is_some());
        if !event.must_serve() || named || before.serves().is_some() {
            return Ok(());
        }
        Err(serves_missing(event))
    }
}

fn serves_missing(event: &DomainEvent) -> RuleViolation {
    RuleViolation::new(
        "serves_missing",
        "data.serves",
        format!(
            "{} must say which agreement it serves",
            event.event_type().as_str()
        ),
        "give serves: {\"agreement\": \"<agreement uuid>\", \"focus_area\": \"<key>\", \
         \"commitment\": \"<key>\"}; GET /api/v1/agreements lists the agreements, and \
         GET /api/v1/agreements/{id} an agreement's focus areas and commitments with their keys",
    )
}

/// A start with no plan before it gives what a plan would.
fn check_says_what_a_plan_says(start: &ActivityStarted) -> Result<(), RuleViolation> {
    match start.what_a_plan_says().iter().find(|(_, given)| !given) {
        Some((field, _)) => Err(RuleViolation::new(
            "start_without_plan_incomplete",
            format!("data.{field}"),
            format!("an activity started without a plan needs its {field}"),
            "give title, kind, places and responsible, or record activity_planned first",
        )),
        None => Ok(()),
    }
}

/// A start or completion of a planned or started activity is of its kind and
/// serves what it serves.
fn check_matches(
    view: &ActivityView,
    kind: Option<&ActivityKind>,
    serves: Option<&Serves>,
) -> Result<(), RuleViolation> {
    if let (Some(before), Some(kind)) = (view.kind(), kind) {
        if kind != before {
            return Err(RuleViolation::new(
                "kind_differs_from_plan",
                "data.kind",
                format!("the activity was planned or started as {before}, not {kind}"),
                format!(
                    "leave kind out or give {before}, or cancel the activity and record \
                     the {kind} as a new one"
                ),
            ));
        }
    }
    if let (Some(before), Some(serves)) = (view.serves(), serves) {
        if before != serves {
            return Err(RuleViolation::new(
                "serves_differs_from_plan",
                "data.serves",
                "differs from what the plan or start serves",
                "leave serves out to keep the plan's, or correct the plan first",
            ));
        }
    }
    Ok(())
}
