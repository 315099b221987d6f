//! What an activity event says about where it counts: the agreement it
//! serves and when. The period and `serves` rules read activities through
//! this one view, so a new activity event type joins them by adding its arm
//! here.

use crate::activity::Serves;
use crate::event::DomainEvent;
use crate::occurred::Occurred;

/// Where an activity event places its activity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Serving<'a> {
    pub serves: Option<&'a Serves>,
    /// When it took place or is planned.
    pub when: Occurred,
    /// The field that holds `when`, for refusals: `planned`, `started` or
    /// `occurred`.
    pub when_field: &'static str,
}

impl DomainEvent {
    /// Where the event places its activity; `None` for events that place
    /// nothing (a cancellation, an amendment, an agreement's events). A
    /// reschedule names no agreement: it moves the plan's.
    pub fn serving(&self) -> Option<Serving<'_>> {
        let (serves, when, when_field) = match self {
            Self::ActivityPlanned(planned) => (planned.serves.as_ref(), planned.planned, "planned"),
            Self::ActivityStarted(started) => (started.serves.as_ref(), started.started, "started"),
            Self::ActivityCompleted(completed) => {
                (completed.serves.as_ref(), completed.occurred, "occurred")
            }
            Self::ActivityRescheduled(rescheduled) => (None, rescheduled.planned, "planned"),
            _ => return None,
        };
        Some(Serving {
            serves,
            when,
            when_field,
        })
    }

    /// Whether new input of this type must name what it serves: every event
    /// that starts or reports an activity.
    pub(crate) fn must_serve(&self) -> bool {
        matches!(
            self,
            Self::ActivityPlanned(_) | Self::ActivityStarted(_) | Self::ActivityCompleted(_)
        )
    }
}
