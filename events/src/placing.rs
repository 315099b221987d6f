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

use crate::occurred::{DateRange, Occurred};

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
    #[serde(borrow)]
    responsible: Option<Vec<Cow<'a, str>>>,
}

impl<'a> From<PlacingFields<'a>> for StoredPlacing<'a> {
    fn from(fields: PlacingFields<'a>) -> Self {
        Placing {
            serves: fields.serves,
            planned: fields.planned,
            occurred: fields.occurred,
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

/// `occurred` / `planned` as stored: a date `"2017-07-15"` or a range
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
        f.write_str("a date or a {from, to} range")
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Occurred, E> {
        Ok(Occurred::On(date(text)?))
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
