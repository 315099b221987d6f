//! The texts that the follow-up's index entries refer to by number, each
//! distinct value kept once, and the reading of stored activity events into
//! such numbers.

use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::{BuildHasher, RandomState};

use serde::{Deserialize, Serialize};
use trygglogg_events::{
    decode_placing, stored_schema_version, ActivityChange, DecodeError, Placing, StoredPlacing,
    StoredServes,
};
use trygglogg_store::StoredEvent;
use uuid::Uuid;

use super::keyed::Keyed;
use super::rows::ServesRow;
use crate::ProjectionError;

/// An activity event's placing with its texts as numbers of [`Tables`]: what
/// serves is in `serves`, the organisations responsible in `organisations`.
pub(crate) type NumberedPlacing = Placing<u32, u32>;

/// An activity stream's event as the index folds it.
pub(crate) type Change = ActivityChange<NumberedPlacing>;

/// Each distinct value once, numbered in the order first seen.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(from = "Vec<T>", into = "Vec<T>")]
struct Interned<T: Keyed + Clone> {
    values: Vec<T>,
    /// Numbers by the hash of their key.
    numbers: HashMap<u64, Vec<u32>>,
    hasher: RandomState,
}

impl<T: Keyed + Clone> Default for Interned<T> {
    fn default() -> Self {
        Interned {
            values: Vec::new(),
            numbers: HashMap::new(),
            hasher: RandomState::new(),
        }
    }
}

impl<T: Keyed + Clone> From<Vec<T>> for Interned<T> {
    fn from(values: Vec<T>) -> Self {
        let mut interned = Interned::default();
        for value in values {
            let key = value.key();
            let hash = interned.hasher.hash_one(&key);
            drop(key);
            interned.push(hash, value);
        }
        interned
    }
}

impl<T: Keyed + Clone> From<Interned<T>> for Vec<T> {
    fn from(interned: Interned<T>) -> Self {
        interned.values
    }
}

impl<T: Keyed + Clone> Interned<T> {
    fn find(&self, key: &T::Key<'_>) -> Option<u32> {
        let hash = self.hasher.hash_one(key);
        self.numbers
            .get(&hash)?
            .iter()
            .copied()
            .find(|&n| self.values[n as usize].is(key))
    }

    /// The number of the value with `key`, made by `make` if it is new.
    fn number(&mut self, key: &T::Key<'_>, make: impl FnOnce() -> T) -> u32 {
        match self.find(key) {
            Some(n) => n,
            None => {
                let hash = self.hasher.hash_one(key);
                self.push(hash, make())
            }
        }
    }

    fn push(&mut self, hash: u64, value: T) -> u32 {
        let n = self.values.len() as u32;
        self.values.push(value);
        self.numbers.entry(hash).or_default().push(n);
        n
    }

    fn get(&self, n: u32) -> &T {
        &self.values[n as usize]
    }
}

/// The texts that entries and lean events refer to by number.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Tables {
    serves: Interned<ServesRow>,
    organisations: Interned<Vec<String>>,
}

/// The number of no organisations at all: the first of every table.
pub(crate) const NOBODY: u32 = 0;

impl Default for Tables {
    fn default() -> Self {
        let mut tables = Tables {
            serves: Interned::default(),
            organisations: Interned::default(),
        };
        tables.organisations_number::<&str>(&[]);
        tables
    }
}

impl Tables {
    fn serves_number(&mut self, serves: &StoredServes<'_>) -> u32 {
        let key = (
            serves.agreement,
            serves.focus_area.as_ref(),
            serves.commitment.as_deref(),
        );
        self.serves.number(&key, || ServesRow {
            agreement: serves.agreement,
            focus_area: serves.focus_area.clone().into_owned(),
            commitment: serves.commitment.clone().map(Cow::into_owned),
        })
    }

    /// The number of the organisations among `responsible`
    /// (`Hagfors kommun/skola` is Hagfors kommun's), sorted, each once.
    pub fn organisations_number<S: AsRef<str>>(&mut self, responsible: &[S]) -> u32 {
        let key = organisations(responsible);
        self.organisations
            .number(&key, || key.iter().map(|o| o.to_string()).collect())
    }

    pub fn serves(&self, n: u32) -> &ServesRow {
        self.serves.get(n)
    }

    pub fn organisations(&self, n: u32) -> &[String] {
        self.organisations.get(n)
    }

    /// The number of what `key` names, if anything served it yet.
    pub fn find_serves(&self, key: &(Uuid, &str, Option<&str>)) -> Option<u32> {
        self.serves.find(key)
    }

    /// Reads a stored event of an activity stream through the domain's
    /// placing decoder (upcast by its schema version), its texts numbered in
    /// these tables at once, so what is kept per event is a few plain
    /// numbers; `None` for a type that does not belong in an activity stream
    /// (the store never holds such an event, but a view must not fail on one).
    pub fn read(&mut self, event: &StoredEvent<'_>) -> Result<Option<Change>, ProjectionError> {
        let undecodable = |e: DecodeError| ProjectionError::Undecodable {
            position: event.position,
            reason: e.to_string(),
        };
        let version = stored_schema_version(event.metadata.get()).map_err(undecodable)?;
        let change =
            decode_placing(event.event_type, version, event.data.get()).map_err(undecodable)?;
        Ok(change.map(|change| change.map(|placing| self.numbered(placing))))
    }

    fn numbered(&mut self, placing: StoredPlacing<'_>) -> NumberedPlacing {
        Placing {
            serves: placing
                .serves
                .map(|serves| serves.map(|s| self.serves_number(&s))),
            planned: placing.planned,
            occurred: placing.occurred,
            responsible: placing.responsible.map(|r| self.organisations_number(&r)),
        }
    }
}

/// The organisations among `responsible` (`Hagfors kommun/skola` is Hagfors
/// kommun's), sorted, each once.
pub(crate) fn organisations<S: AsRef<str>>(responsible: &[S]) -> Vec<&str> {
    let mut organisations: Vec<&str> = responsible
        .iter()
        .map(|r| {
            let r = r.as_ref();
            r.split_once('/').map_or(r, |(m, _)| m)
        })
        .collect();
    organisations.sort_unstable();
    organisations.dedup();
    organisations
}
