//! Activity events read only as far as the follow-up's index needs: where an
//! activity counts (what it serves, when, who was responsible) and how (its
//! status). Read straight from the stored bytes, without the domain parser:
//! stored events were validated when they were recorded, and the full parse
//! costs more than the rest of a rebuild together. Texts are borrowed from
//! the stored bytes and turned into numbers of the index's tables at once, so
//! what is kept per event is a few plain numbers.
//!
//! The upcaster from schema v1 changes only `place` → `places`, which is not
//! read here, so stored events of every version read alike.

use std::borrow::Cow;
use std::fmt;

use chrono::NaiveDate;
use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};
use trygglogg_events::EventType;
use trygglogg_store::StoredEvent;
use uuid::Uuid;

use super::index::Tables;
use super::rows::Dates;
use crate::ProjectionError;

/// The fields of an activity event that place it, each `None` when absent,
/// with texts as numbers of the index's tables. A correction's `changes` are
/// read into the same shape: a present field replaces the corrected event's,
/// as the domain's correction rule says.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct Placing {
    /// `Some(None)` when given as `null` (a correction removing it).
    pub serves: Option<Option<u32>>,
    pub planned: Option<Dates>,
    pub occurred: Option<Dates>,
    /// The organisations responsible.
    pub organisations: Option<u32>,
}

impl Placing {
    /// `changes` laid over `self`: every field present in `changes` wins.
    pub fn corrected(&self, changes: &Placing) -> Placing {
        Placing {
            serves: changes.serves.or(self.serves),
            planned: changes.planned.or(self.planned),
            occurred: changes.occurred.or(self.occurred),
            organisations: changes.organisations.or(self.organisations),
        }
    }
}

/// An activity stream's event, as far as placing the activity goes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Change {
    Planned(Placing),
    Rescheduled(Placing),
    Cancelled,
    Completed(Placing),
    Correction { target: Uuid, changes: Placing },
    Retraction { target: Uuid },
}

/// The placing fields as stored, texts borrowed where they need no unescaping.
#[derive(Deserialize)]
struct StoredPlacing<'a> {
    #[serde(default, borrow, deserialize_with = "present")]
    serves: Option<Option<StoredServes<'a>>>,
    planned: Option<StoredDates>,
    occurred: Option<StoredDates>,
    #[serde(borrow)]
    responsible: Option<Vec<Cow<'a, str>>>,
}

#[derive(Deserialize)]
pub(crate) struct StoredServes<'a> {
    pub agreement: Uuid,
    #[serde(borrow)]
    pub focus_area: Cow<'a, str>,
    #[serde(borrow)]
    pub commitment: Option<Cow<'a, str>>,
}

#[derive(Deserialize)]
struct StoredCorrection<'a> {
    target: Uuid,
    #[serde(borrow)]
    changes: StoredPlacing<'a>,
}

#[derive(Deserialize)]
struct StoredRetraction {
    target: Uuid,
}

impl StoredPlacing<'_> {
    fn numbered(&self, tables: &mut Tables) -> Placing {
        Placing {
            serves: self
                .serves
                .as_ref()
                .map(|s| s.as_ref().map(|s| tables.serves_number(s))),
            planned: self.planned.map(|d| d.0),
            occurred: self.occurred.map(|d| d.0),
            organisations: self
                .responsible
                .as_deref()
                .map(|r| tables.organisations_number(r)),
        }
    }
}

impl Change {
    /// Reads a stored event of an activity stream; `None` for a type that
    /// does not belong in one (the store never holds such an event, but a
    /// view must not fail on one).
    pub fn read(
        event: &StoredEvent<'_>,
        tables: &mut Tables,
    ) -> Result<Option<Change>, ProjectionError> {
        let undecodable = |e: serde_json::Error| ProjectionError::Undecodable {
            position: event.position,
            reason: format!("data: {e}"),
        };
        let data = event.data.get();
        let mut placing = || {
            serde_json::from_str::<StoredPlacing>(data)
                .map(|p| p.numbered(tables))
                .map_err(undecodable)
        };
        Ok(Some(match EventType::parse(event.event_type) {
            Ok(EventType::ActivityPlanned) => Change::Planned(placing()?),
            Ok(EventType::ActivityRescheduled) => Change::Rescheduled(placing()?),
            Ok(EventType::ActivityCancelled) => Change::Cancelled,
            Ok(EventType::ActivityCompleted) => Change::Completed(placing()?),
            Ok(EventType::Correction) => {
                let c: StoredCorrection = serde_json::from_str(data).map_err(undecodable)?;
                Change::Correction {
                    target: c.target,
                    changes: c.changes.numbered(tables),
                }
            }
            Ok(EventType::Retraction) => {
                let r: StoredRetraction = serde_json::from_str(data).map_err(undecodable)?;
                Change::Retraction { target: r.target }
            }
            _ => return Ok(None),
        }))
    }

    pub fn is_amendment(&self) -> bool {
        matches!(self, Change::Correction { .. } | Change::Retraction { .. })
    }
}

/// `occurred` / `planned` as stored: a date `"2017-07-15"` or a range
/// `{"from": …, "to": …}`.
#[derive(Clone, Copy)]
struct StoredDates(Dates);

impl<'de> Deserialize<'de> for StoredDates {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(DatesVisitor)
    }
}

struct DatesVisitor;

fn date<E: de::Error>(text: &str) -> Result<NaiveDate, E> {
    text.parse().map_err(E::custom)
}

impl<'de> Visitor<'de> for DatesVisitor {
    type Value = StoredDates;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a date or a {from, to} range")
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<StoredDates, E> {
        let day = date(text)?;
        Ok(StoredDates(Dates { from: day, to: day }))
    }

    fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<StoredDates, M::Error> {
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
            (Some(from), Some(to)) => Ok(StoredDates(Dates { from, to })),
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
