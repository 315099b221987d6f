//! Corrections and retractions: what one does to its stream (`amend`, the one
//! rule, for the per-stream rules on whole domain events and for any view
//! that folds a cheaper reading of the same events, e.g.
//! [`crate::ActivityChange`]), and the rules an amendment must keep.

use serde_json::Value;
use uuid::Uuid;

use crate::amendment::CorrectedFields;
use crate::error::ValidationErrors;
use crate::event::{read_data, DomainEvent};
use crate::fields::{Cursor, ParseContext};
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
        corrected(self, changes).ok()
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
            ActivityChange::Started(p) => ActivityChange::Started(p.corrected(changes)),
            ActivityChange::Rescheduled(p) => ActivityChange::Rescheduled(p.corrected(changes)),
            ActivityChange::Completed(p) => ActivityChange::Completed(p.corrected(changes)),
            other => other.clone(),
        })
    }
}

/// The event with `changes` replacing its top-level fields (the fields of a
/// merged one, `EventType::merged_fields`, one by one), read as stored data (the
/// changed fields were checked against today when the correction was parsed).
pub(super) fn corrected(
    event: &DomainEvent,
    changes: &CorrectedFields,
) -> Result<DomainEvent, ValidationErrors> {
    let mut data = event.data();
    let merged = event.event_type().merged_fields();
    if let Value::Object(fields) = &mut data {
        for (key, value) in changes.fields() {
            match (fields.get_mut(key), value) {
                (Some(Value::Object(old)), Value::Object(new))
                    if merged.contains(&key.as_str()) =>
                {
                    old.extend(new.clone());
                }
                _ => {
                    fields.insert(key.clone(), value.clone());
                }
            }
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

#[cfg(test)]
mod tests {
    use super::*;

    type Change = ActivityChange<Placing<u32, u32>>;
    /// What is checked, the events, and the stream as it then stands.
    type Case = (&'static str, Vec<Change>, Vec<(Change, bool)>);

    fn placing(serves: Option<Option<u32>>, responsible: Option<u32>) -> Placing<u32, u32> {
        Placing {
            serves,
            planned: None,
            occurred: None,
            responsible,
        }
    }

    fn id(n: u128) -> Uuid {
        Uuid::from_u128(n)
    }

    /// The stream after amending with each event in turn (ids 1, 2, …):
    /// each event as it now stands, and whether it still counts.
    fn amended(events: &[Change]) -> Vec<(Change, bool)> {
        let mut stream = Vec::new();
        for (n, event) in events.iter().enumerate() {
            amend(&mut stream, Some(id(n as u128 + 1)), event);
        }
        stream
            .into_iter()
            .map(|e| (e.event, e.is_effective()))
            .collect()
    }

    #[test]
    fn amendments_change_their_targets_and_nothing_else() {
        let completed = Change::Completed(placing(Some(Some(1)), Some(1)));
        let cases: Vec<Case> = vec![
            (
                "a correction replaces the fields it gives, keeps the others",
                vec![
                    completed,
                    Change::Correction {
                        target: id(1),
                        changes: placing(None, Some(7)),
                    },
                ],
                vec![
                    (Change::Completed(placing(Some(Some(1)), Some(7))), true),
                    (
                        Change::Correction {
                            target: id(1),
                            changes: placing(None, Some(7)),
                        },
                        false,
                    ),
                ],
            ),
            (
                "a correction may remove what is served",
                vec![
                    completed,
                    Change::Correction {
                        target: id(1),
                        changes: placing(Some(None), None),
                    },
                ],
                vec![
                    (Change::Completed(placing(Some(None), Some(1))), true),
                    (
                        Change::Correction {
                            target: id(1),
                            changes: placing(Some(None), None),
                        },
                        false,
                    ),
                ],
            ),
            (
                "a retraction voids its target only",
                vec![
                    Change::Planned(placing(None, Some(1))),
                    Change::Cancelled,
                    Change::Retraction { target: id(2) },
                ],
                vec![
                    (Change::Planned(placing(None, Some(1))), true),
                    (Change::Cancelled, false),
                    (Change::Retraction { target: id(2) }, false),
                ],
            ),
            (
                "an amendment of an id not in the stream changes nothing",
                vec![completed, Change::Retraction { target: id(9) }],
                vec![
                    (completed, true),
                    (Change::Retraction { target: id(9) }, false),
                ],
            ),
        ];
        for (what, events, expected) in cases {
            assert_eq!(amended(&events), expected, "{what}");
        }
    }
}
