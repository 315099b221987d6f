//! The cheap reading of an activity event: only the fields that place the
//! activity in a follow-up (what it serves, when, who was responsible) and how
//! it changes the activity's status. Stored bytes are read in place
//! ([`crate::decode_placing`]): texts are borrowed where they need no
//! unescaping, and everything else in the event is skipped. A view that keeps
//! a few numbers per activity reads the log through this rather than through
//! the full parser, which costs more than the rest of a rebuild together.
//!
//! The types are generic over how a text is held, so a view can swap the
//! borrowed texts for numbers of its own tables ([`Placing::map`]) and fold
//! plain values; what a correction does to them is the domain's rule
//! ([`Placing::corrected`], laid over its target by `crate::amend`).

use std::borrow::Cow;
use std::fmt;

use chrono::NaiveDate;
use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};
use uuid::Uuid;

use crate::activity::Serves;
use crate::event::DomainEvent;
use crate::nonempty::NonEmpty;
use crate::occurred::{DateRange, Occurred};
use crate::party::Party;

/// The placing fields of an activity event (or of a correction's `changes`),
/// each `None` when absent. `S` holds what the activity serves, `O` its
/// responsible organisations.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Placing<S, O> {
    /// `Some(None)` when given as `null` (a correction removing it).
    pub serves: Option<Option<S>>,
    pub planned: Option<Occurred>,
    pub occurred: Option<Occurred>,
    pub responsible: Option<O>,
}

impl<S: Clone, O: Clone> Placing<S, O> {
    /// `changes` laid over `self`: every field present in `changes` wins, as
    /// a correction replaces the top-level fields it names.
    pub fn corrected(&self, changes: &Self) -> Self {
        Placing {
            serves: changes.serves.clone().or_else(|| self.serves.clone()),
            planned: changes.planned.or(self.planned),
            occurred: changes.occurred.or(self.occurred),
            responsible: changes
                .responsible
                .clone()
                .or_else(|| self.responsible.clone()),
        }
    }
}

impl<S, O> Placing<S, O> {
    /// The same placing with its texts held otherwise (e.g. as numbers).
    pub fn map<S2, O2>(
        self,
        serves: impl FnOnce(S) -> S2,
        responsible: impl FnOnce(O) -> O2,
    ) -> Placing<S2, O2> {
        Placing {
            serves: self.serves.map(|s| s.map(serves)),
            planned: self.planned,
            occurred: self.occurred,
            responsible: self.responsible.map(responsible),
        }
    }
}

/// An activity stream's event, as far as placing the activity goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActivityChange<P> {
    Planned(P),
    /// Under way; its start date is held as `occurred`.
    Started(P),
    Rescheduled(P),
    Cancelled,
    Completed(P),
    /// `changes` holds the corrected placing fields only.
    Correction {
        target: Uuid,
        changes: P,
    },
    Retraction {
        target: Uuid,
    },
}

impl<P> ActivityChange<P> {
    pub fn is_amendment(&self) -> bool {
        matches!(self, Self::Correction { .. } | Self::Retraction { .. })
    }

    /// The same change with its placing held otherwise.
    pub fn map<Q>(self, placing: impl FnOnce(P) -> Q) -> ActivityChange<Q> {
        match self {
            Self::Planned(p) => ActivityChange::Planned(placing(p)),
            Self::Started(p) => ActivityChange::Started(placing(p)),
            Self::Rescheduled(p) => ActivityChange::Rescheduled(placing(p)),
            Self::Cancelled => ActivityChange::Cancelled,
            Self::Completed(p) => ActivityChange::Completed(placing(p)),
            Self::Correction { target, changes } => ActivityChange::Correction {
                target,
                changes: placing(changes),
            },
            Self::Retraction { target } => ActivityChange::Retraction { target },
        }
    }
}

/// Whether an activity is still planned, is under way, was completed or was
/// cancelled.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ActivityStatus {
    #[default]
    Planned,
    /// Under way (*pågår*) until completed or cancelled.
    Started,
    Completed,
    Cancelled,
}

/// Where an activity stands: what it serves, when it happened or is planned,
/// who was responsible, and its status. Fold its effective events (amended
/// with `crate::amend`, retracted ones and amendments left out) with
/// [`Placed::after`]: the one rule for what a plan, a reschedule, a
/// cancellation and a completion do, for every view.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Placed<S, O> {
    pub serves: Option<S>,
    pub dates: Option<Occurred>,
    pub responsible: Option<O>,
    pub status: ActivityStatus,
}

/// Before any event: planned, nothing known.
impl<S, O> Default for Placed<S, O> {
    fn default() -> Self {
        Placed {
            serves: None,
            dates: None,
            responsible: None,
            status: ActivityStatus::Planned,
        }
    }
}

impl<S: Clone, O: Clone> Placed<S, O> {
    /// The activity after one more event of its stream.
    pub fn after(mut self, change: &ActivityChange<Placing<S, O>>) -> Self {
        match change {
            // A plan says what it serves, when, and who is responsible.
            ActivityChange::Planned(p) => {
                self.serves = p.serves.clone().flatten();
                self.dates = p.planned.or(self.dates);
                self.responsible = p.responsible.clone();
            }
            // A start says when it began; what it serves and who does it
            // stay the plan's unless it names them.
            ActivityChange::Started(p) => {
                self.status = ActivityStatus::Started;
                if let Some(Some(serves)) = &p.serves {
                    self.serves = Some(serves.clone());
                }
                self.dates = p.occurred.or(self.dates);
                if let Some(responsible) = &p.responsible {
                    self.responsible = Some(responsible.clone());
                }
            }
            // A new date for the plan; nothing else changes.
            ActivityChange::Rescheduled(p) => self.dates = p.planned.or(self.dates),
            ActivityChange::Cancelled => self.status = ActivityStatus::Cancelled,
            // A completion says when it happened and who did it; it serves
            // what the plan served unless it names what it serves.
            ActivityChange::Completed(p) => {
                self.status = ActivityStatus::Completed;
                if let Some(Some(serves)) = &p.serves {
                    self.serves = Some(serves.clone());
                }
                self.dates = p.occurred.or(self.dates);
                self.responsible = p.responsible.clone();
            }
            ActivityChange::Correction { .. } | ActivityChange::Retraction { .. } => {}
        }
        self
    }
}

impl DomainEvent {
    /// The event as far as placing an activity goes, read from the domain
    /// value; `None` for an event of another stream.
    pub fn placing(&self) -> Option<ActivityChange<Placing<&Serves, &NonEmpty<Party>>>> {
        Some(match self {
            DomainEvent::ActivityPlanned(e) => ActivityChange::Planned(Placing {
                serves: Some(e.serves.as_ref()),
                planned: Some(e.planned),
                occurred: None,
                responsible: Some(&e.responsible),
            }),
            DomainEvent::ActivityStarted(e) => ActivityChange::Started(Placing {
                serves: Some(e.serves.as_ref()),
                planned: None,
                occurred: Some(e.started),
                responsible: e.responsible.as_ref(),
            }),
            DomainEvent::ActivityRescheduled(e) => ActivityChange::Rescheduled(Placing {
                serves: None,
                planned: Some(e.planned),
                occurred: None,
                responsible: None,
            }),
            DomainEvent::ActivityCancelled(_) => ActivityChange::Cancelled,
            DomainEvent::ActivityCompleted(e) => ActivityChange::Completed(Placing {
                serves: Some(e.serves.as_ref()),
                planned: None,
                occurred: Some(e.occurred),
                responsible: Some(&e.responsible),
            }),
            _ => return None,
        })
    }
}

/// What an activity serves as stored, texts borrowed where they can be.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct StoredServes<'a> {
    pub agreement: Uuid,
    #[serde(borrow)]
    pub focus_area: Cow<'a, str>,
    #[serde(default, borrow)]
    pub commitment: Option<Cow<'a, str>>,
}

impl StoredServes<'_> {
    fn into_owned(self) -> StoredServes<'static> {
        StoredServes {
            agreement: self.agreement,
            focus_area: Cow::Owned(self.focus_area.into_owned()),
            commitment: self.commitment.map(|c| Cow::Owned(c.into_owned())),
        }
    }
}

/// The placing of a stored event, texts borrowed from its bytes.
pub type StoredPlacing<'a> = Placing<StoredServes<'a>, Vec<Cow<'a, str>>>;

impl StoredPlacing<'_> {
    /// The same placing, its texts copied out of the bytes they were read from.
    pub(crate) fn into_owned(self) -> StoredPlacing<'static> {
        self.map(StoredServes::into_owned, |responsible| {
            responsible
                .into_iter()
                .map(|r| Cow::Owned(r.into_owned()))
                .collect()
        })
    }
}

/// The placing fields as stored; every other field is skipped.
#[derive(Deserialize)]
pub(crate) struct PlacingFields<'a> {
    #[serde(default, borrow, deserialize_with = "present")]
    serves: Option<Option<StoredServes<'a>>>,
    #[serde(default, deserialize_with = "dates")]
    planned: Option<Occurred>,
    #[serde(default, deserialize_with = "dates")]
    occurred: Option<Occurred>,
    /// An `activity_started`'s date, placed as `occurred`.
    #[serde(default, deserialize_with = "dates")]
    started: Option<Occurred>,
    #[serde(borrow)]
    responsible: Option<Vec<Cow<'a, str>>>,
}

impl<'a> From<PlacingFields<'a>> for StoredPlacing<'a> {
    fn from(fields: PlacingFields<'a>) -> Self {
        Placing {
            serves: fields.serves,
            planned: fields.planned,
            occurred: fields.occurred.or(fields.started),
            responsible: fields.responsible,
        }
    }
}

#[derive(Deserialize)]
pub(crate) struct CorrectionFields<'a> {
    pub target: Uuid,
    #[serde(borrow)]
    pub changes: PlacingFields<'a>,
}

#[derive(Deserialize)]
pub(crate) struct RetractionFields {
    pub target: Uuid,
}

/// `occurred` / `planned` as stored: a date `"2017-07-15"`, a month
/// `"2017-03"`, a year `"2017"` or a range
/// `{"from": …, "to": …}`, with the range's rule of the full reading.
fn dates<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Occurred>, D::Error> {
    deserializer.deserialize_any(DatesVisitor).map(Some)
}

struct DatesVisitor;

fn date<E: de::Error>(text: &str) -> Result<NaiveDate, E> {
    text.parse().map_err(E::custom)
}

impl<'de> Visitor<'de> for DatesVisitor {
    type Value = Occurred;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a date, a month, a year or a {from, to} range")
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Occurred, E> {
        Occurred::parse_text(text).map_err(|invalid| E::custom(invalid.problem))
    }

    fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<Occurred, M::Error> {
        let (mut from, mut to) = (None, None);
        while let Some(key) = map.next_key::<Cow<str>>()? {
            let value: Cow<str> = map.next_value()?;
            match key.as_ref() {
                "from" => from = Some(date(&value)?),
                "to" => to = Some(date(&value)?),
                _ => {}
            }
        }
        match (from, to) {
            (Some(from), Some(to)) => DateRange::parse(from, to)
                .map(Occurred::Between)
                .map_err(|invalid| de::Error::custom(invalid.problem)),
            _ => Err(de::Error::custom("a range needs both from and to")),
        }
    }
}

/// Tells a field given as `null` (`Some(None)`) from one left out (`None`).
fn present<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    deserializer: D,
) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(deserializer).map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;

    type Change = ActivityChange<Placing<u32, u32>>;

    fn on(day: u32) -> Option<Occurred> {
        Some(Occurred::On(NaiveDate::from_ymd_opt(2018, 5, day).unwrap()))
    }

    fn placing(
        serves: Option<Option<u32>>,
        day: Option<Occurred>,
        who: Option<u32>,
    ) -> Placing<u32, u32> {
        Placing {
            serves,
            planned: day,
            occurred: day,
            responsible: who,
        }
    }

    #[test]
    fn each_event_moves_an_activity_as_the_domain_says() {
        let plan = Change::Planned(placing(Some(Some(1)), on(1), Some(1)));
        let cases: Vec<(&str, Vec<Change>, Placed<u32, u32>)> = vec![
            (
                "a plan places it",
                vec![plan],
                Placed {
                    serves: Some(1),
                    dates: on(1),
                    responsible: Some(1),
                    status: ActivityStatus::Planned,
                },
            ),
            (
                "a reschedule moves the date only",
                vec![plan, Change::Rescheduled(placing(None, on(9), None))],
                Placed {
                    serves: Some(1),
                    dates: on(9),
                    responsible: Some(1),
                    status: ActivityStatus::Planned,
                },
            ),
            (
                "a cancellation changes the status only",
                vec![plan, Change::Cancelled],
                Placed {
                    serves: Some(1),
                    dates: on(1),
                    responsible: Some(1),
                    status: ActivityStatus::Cancelled,
                },
            ),
            (
                "a completion keeps what the plan serves when it names nothing",
                vec![plan, Change::Completed(placing(None, on(3), Some(2)))],
                Placed {
                    serves: Some(1),
                    dates: on(3),
                    responsible: Some(2),
                    status: ActivityStatus::Completed,
                },
            ),
            (
                "a completion that names what it serves wins",
                vec![
                    plan,
                    Change::Completed(placing(Some(Some(5)), on(3), Some(2))),
                ],
                Placed {
                    serves: Some(5),
                    dates: on(3),
                    responsible: Some(2),
                    status: ActivityStatus::Completed,
                },
            ),
            (
                "a start after a plan says when it began and keeps the rest",
                vec![plan, Change::Started(placing(None, on(4), None))],
                Placed {
                    serves: Some(1),
                    dates: on(4),
                    responsible: Some(1),
                    status: ActivityStatus::Started,
                },
            ),
            (
                "a start without a plan places it",
                vec![Change::Started(placing(Some(Some(3)), on(4), Some(3)))],
                Placed {
                    serves: Some(3),
                    dates: on(4),
                    responsible: Some(3),
                    status: ActivityStatus::Started,
                },
            ),
            (
                "a completion ends what was under way",
                vec![
                    plan,
                    Change::Started(placing(None, on(4), None)),
                    Change::Completed(placing(None, on(20), Some(2))),
                ],
                Placed {
                    serves: Some(1),
                    dates: on(20),
                    responsible: Some(2),
                    status: ActivityStatus::Completed,
                },
            ),
            (
                "a cancellation ends it too",
                vec![
                    Change::Started(placing(Some(Some(3)), on(4), Some(3))),
                    Change::Cancelled,
                ],
                Placed {
                    serves: Some(3),
                    dates: on(4),
                    responsible: Some(3),
                    status: ActivityStatus::Cancelled,
                },
            ),
            (
                "amendments do nothing by themselves",
                vec![
                    plan,
                    Change::Retraction {
                        target: Uuid::nil(),
                    },
                ],
                Placed {
                    serves: Some(1),
                    dates: on(1),
                    responsible: Some(1),
                    status: ActivityStatus::Planned,
                },
            ),
        ];
        for (what, events, expected) in cases {
            let placed = events.iter().fold(Placed::default(), |p, e| p.after(e));
            assert_eq!(placed, expected, "{what}");
        }
    }
}
