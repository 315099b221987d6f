//! What a correction or a retraction does to its stream: the one rule, for the
//! per-stream rules (on whole domain events) and for any view that folds a
//! cheaper reading of the same events (e.g. [`crate::ActivityChange`]).

use uuid::Uuid;

use crate::amendment::CorrectedFields;
use crate::event::DomainEvent;
use crate::placing::{ActivityChange, Placing};

/// An event as far as amending goes: whether it amends another, and what it
/// becomes when corrected.
pub trait Amendable: Clone {
    /// What a correction of such an event carries.
    type Changes;

    /// The amendment this event is, if it is one.
    fn amendment(&self) -> Option<Amendment<'_, Self::Changes>>;

    /// This event with a correction's `changes` laid over it; `None` when they
    /// do not make a valid event (the correction then changes nothing).
    fn corrected(&self, changes: &Self::Changes) -> Option<Self>;
}

/// A correction (with its changes) or a retraction, naming its target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Amendment<'a, C> {
    Correction { target: Uuid, changes: &'a C },
    Retraction { target: Uuid },
}

/// One event of a stream as it now stands.
#[derive(Debug, Clone, PartialEq)]
pub struct Amended<E> {
    /// `None` for an event that has no id yet (one being checked): it cannot
    /// be a target.
    pub id: Option<Uuid>,
    /// The event with the corrections made so far laid over it.
    pub event: E,
    pub retracted: bool,
}

impl<E: Amendable> Amended<E> {
    /// Counts in the stream: neither retracted nor an amendment itself.
    pub fn is_effective(&self) -> bool {
        !self.retracted && self.event.amendment().is_none()
    }
}

/// Adds the next event to `stream`: a correction is laid over its target, a
/// retraction marks its target retracted (an unknown target changes nothing),
/// and every event, amendments too, is kept in order. A retracted first event
/// voids the stream; callers decide what a voided stream still shows.
pub fn amend<E: Amendable>(stream: &mut Vec<Amended<E>>, id: Option<Uuid>, event: &E) {
    match event.amendment() {
        Some(Amendment::Correction { target, changes }) => {
            if let Some(entry) = stream.iter_mut().find(|e| e.id == Some(target)) {
                if let Some(corrected) = entry.event.corrected(changes) {
                    entry.event = corrected;
                }
            }
        }
        Some(Amendment::Retraction { target }) => {
            if let Some(entry) = stream.iter_mut().find(|e| e.id == Some(target)) {
                entry.retracted = true;
            }
        }
        None => {}
    }
    stream.push(Amended {
        id,
        event: event.clone(),
        retracted: false,
    });
}

impl Amendable for DomainEvent {
    type Changes = CorrectedFields;

    fn amendment(&self) -> Option<Amendment<'_, CorrectedFields>> {
        match self {
            DomainEvent::Correction(c) => Some(Amendment::Correction {
                target: c.target,
                changes: &c.changes,
            }),
            DomainEvent::Retraction(r) => Some(Amendment::Retraction { target: r.target }),
            _ => None,
        }
    }

    fn corrected(&self, changes: &CorrectedFields) -> Option<Self> {
        super::corrected(self, changes).ok()
    }
}

impl<S: Clone, O: Clone> Amendable for ActivityChange<Placing<S, O>> {
    type Changes = Placing<S, O>;

    fn amendment(&self) -> Option<Amendment<'_, Placing<S, O>>> {
        match self {
            ActivityChange::Correction { target, changes } => Some(Amendment::Correction {
                target: *target,
                changes,
            }),
            ActivityChange::Retraction { target } => {
                Some(Amendment::Retraction { target: *target })
            }
            _ => None,
        }
    }

    fn corrected(&self, changes: &Placing<S, O>) -> Option<Self> {
        Some(match self {
            ActivityChange::Planned(p) => ActivityChange::Planned(p.corrected(changes)),
            ActivityChange::Rescheduled(p) => ActivityChange::Rescheduled(p.corrected(changes)),
            ActivityChange::Completed(p) => ActivityChange::Completed(p.corrected(changes)),
            other => other.clone(),
        })
    }
}
