//! What the follow-up keeps per activity between requests: a small entry that
//! says where the activity counts (agreement, focus area, commitment, year,
//! the organisations responsible) and how (its status, whether it was
//! retracted). Its texts stay in the log and are read when a follow-up is
//! asked for, so memory per activity is a few dozen bytes, not its whole row.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasher, Hash, RandomState};

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::lean::{Change, Placing, StoredServes};
use super::rows::{ActivityRow, ActivityStatus, AgreementRow, Dates, ServesRow};

/// Where and how one activity counts, as its stream now says (corrections
/// applied; a retracted first event voids it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct ActivityEntry {
    /// What it serves, in [`Index::serves`].
    serves: Option<u32>,
    /// The organisations responsible (the part before any `/department`), in
    /// [`Index::organisations`].
    organisations: u32,
    /// The first day it happened or is planned for, as days from 1 Jan of
    /// year 1; its follow-up year is that day's.
    from: i32,
    status: ActivityStatus,
    retracted: bool,
    /// Where its stream begins: ties between activities of one day are put in
    /// log order.
    first_position: u64,
}

impl ActivityEntry {
    pub fn year(&self) -> i32 {
        self.first_day().year()
    }

    pub fn first_day(&self) -> NaiveDate {
        NaiveDate::from_num_days_from_ce_opt(self.from).unwrap_or(NaiveDate::MIN)
    }
}

/// A value of an interned table, with the key it is looked up by: the same
/// key type for the stored value and for a borrowed reading of one, so a
/// lookup needs no copy.
trait Keyed {
    type Key<'a>: Hash
    where
        Self: 'a;
    fn key(&self) -> Self::Key<'_>;
    /// Whether this is the value with `key`.
    fn is(&self, key: &Self::Key<'_>) -> bool;
}

impl Keyed for ServesRow {
    type Key<'a> = (Uuid, &'a str, Option<&'a str>);
    fn key(&self) -> Self::Key<'_> {
        (self.agreement, &self.focus_area, self.commitment.as_deref())
    }
    fn is(&self, key: &Self::Key<'_>) -> bool {
        self.agreement == key.0 && self.focus_area == key.1 && self.commitment.as_deref() == key.2
    }
}

impl Keyed for Vec<String> {
    type Key<'a> = Vec<&'a str>;
    fn key(&self) -> Self::Key<'_> {
        self.iter().map(String::as_str).collect()
    }
    fn is(&self, key: &Self::Key<'_>) -> bool {
        self.len() == key.len() && self.iter().zip(key).all(|(a, b)| a == b)
    }
}

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
const NOBODY: u32 = 0;

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
    pub fn serves_number(&mut self, serves: &StoredServes<'_>) -> u32 {
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

    fn serves(&self, n: u32) -> &ServesRow {
        self.serves.get(n)
    }

    fn organisations(&self, n: u32) -> &[String] {
        self.organisations.get(n)
    }
}

/// Every activity's entry, and the tables its numbers point into.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(from = "StoredIndex", into = "StoredIndex")]
pub(crate) struct Index {
    entries: HashMap<Uuid, ActivityEntry>,
    pub tables: Tables,
    /// Per agreement, how many counted activities serve it in each year:
    /// kept as entries change, so the years with work are known without a
    /// walk over every activity.
    years: HashMap<Uuid, BTreeMap<i32, u32>>,
    /// Where activities were placed before a later event moved them to
    /// another year, agreement or organisations (a correction, a reschedule,
    /// a completion on another day than planned), each place once: a year
    /// an activity left still shows the corrections made while it was
    /// there. Few activities ever move, so this stays small.
    left: HashMap<Uuid, Vec<ActivityEntry>>,
}

/// What a checkpoint holds of the index; the per-year counts are derived.
#[derive(Serialize, Deserialize)]
struct StoredIndex {
    entries: Vec<(Uuid, ActivityEntry)>,
    tables: Tables,
    left: Vec<(Uuid, Vec<ActivityEntry>)>,
}

impl From<StoredIndex> for Index {
    fn from(stored: StoredIndex) -> Self {
        let mut index = Index {
            entries: HashMap::with_capacity(stored.entries.len()),
            tables: stored.tables,
            years: HashMap::new(),
            left: stored.left.into_iter().collect(),
        };
        for (id, entry) in stored.entries {
            index.put(id, entry);
        }
        index
    }
}

impl From<Index> for StoredIndex {
    fn from(index: Index) -> Self {
        StoredIndex {
            entries: index.entries.into_iter().collect(),
            tables: index.tables,
            left: index.left.into_iter().collect(),
        }
    }
}

/// Two indexes are equal when they say the same of every activity, and of
/// where moved ones were before, however their tables happen to be numbered.
impl PartialEq for Index {
    fn eq(&self, other: &Self) -> bool {
        let same = |mine: &[ActivityEntry], theirs: &[ActivityEntry]| {
            mine.len() == theirs.len()
                && mine
                    .iter()
                    .zip(theirs)
                    .all(|(a, b)| self.placing(a) == other.placing(b))
        };
        self.entries.len() == other.entries.len()
            && self.entries.iter().all(|(id, entry)| {
                other.entries.get(id).is_some_and(|theirs| {
                    same(std::slice::from_ref(entry), std::slice::from_ref(theirs))
                })
            })
            && self.left.len() == other.left.len()
            && self.left.iter().all(|(id, places)| {
                other
                    .left
                    .get(id)
                    .is_some_and(|theirs| same(places, theirs))
            })
    }
}

/// An entry with its numbers looked up.
#[derive(Debug, PartialEq)]
struct Resolved<'a> {
    serves: Option<&'a ServesRow>,
    organisations: &'a [String],
    first_day: NaiveDate,
    status: ActivityStatus,
    retracted: bool,
    first_position: u64,
}

impl Index {
    pub fn entries(&self) -> impl Iterator<Item = (&Uuid, &ActivityEntry)> {
        self.entries.iter()
    }

    fn placing(&self, entry: &ActivityEntry) -> Resolved<'_> {
        Resolved {
            serves: entry.serves.map(|n| self.tables.serves(n)),
            organisations: self.tables.organisations(entry.organisations),
            first_day: entry.first_day(),
            status: entry.status,
            retracted: entry.retracted,
            first_position: entry.first_position,
        }
    }

    /// Whether the entry says what the activity's full row says: the check
    /// that the lean reading and the domain's reading agree.
    pub fn agrees_with(&self, entry: &ActivityEntry, row: &ActivityRow) -> bool {
        let placing = self.placing(entry);
        placing.serves == row.serves.as_ref()
            && placing.organisations == organisations(&row.responsible)
            && placing.first_day == row.dates.from
            && placing.status == row.status
            && placing.retracted == row.retracted
            && placing.first_position == row.first_position
    }

    /// The activities of `year` in `agreement`'s follow-up (retracted ones
    /// too: the amendment that voided them is shown in their year), in date
    /// order, then log order.
    pub fn in_year(&self, agreement: &AgreementRow, year: i32) -> Vec<Uuid> {
        let mut found: Vec<(i32, u64, Uuid)> = self
            .entries
            .iter()
            .filter(|(_, e)| self.placed_in(e, agreement, year))
            .map(|(id, e)| (e.from, e.first_position, *id))
            .collect();
        found.sort_unstable();
        found.into_iter().map(|(_, _, id)| id).collect()
    }

    /// The activities that were in `year` of `agreement`'s follow-up and
    /// have moved out of it, in log order.
    pub fn left_year(&self, agreement: &AgreementRow, year: i32) -> Vec<Uuid> {
        let mut found: Vec<(u64, Uuid)> = self
            .left
            .iter()
            .filter(|(id, places)| {
                places.iter().any(|e| self.placed_in(e, agreement, year))
                    && !self
                        .entries
                        .get(id)
                        .is_some_and(|e| self.placed_in(e, agreement, year))
            })
            .map(|(id, places)| (places[0].first_position, *id))
            .collect();
        found.sort_unstable();
        found.into_iter().map(|(_, id)| id).collect()
    }

    fn placed_in(&self, entry: &ActivityEntry, agreement: &AgreementRow, year: i32) -> bool {
        entry.year() == year && self.belongs_to(entry, agreement)
    }

    /// Completed, counted activities serving this commitment in any year up
    /// to `year`: a one-off done in 2018 is still done in 2019.
    pub fn completed_up_to(
        &self,
        agreement: Uuid,
        focus_area: &str,
        commitment: &str,
        year: i32,
    ) -> u32 {
        let Some(number) = self
            .tables
            .serves
            .find(&(agreement, focus_area, Some(commitment)))
        else {
            return 0;
        };
        self.entries
            .values()
            .filter(|e| {
                e.serves == Some(number)
                    && !e.retracted
                    && e.status == ActivityStatus::Completed
                    && e.year() <= year
            })
            .count() as u32
    }

    /// The years in which counted activities serve `agreement`.
    pub fn years_of(&self, agreement: Uuid) -> impl Iterator<Item = i32> + '_ {
        self.years
            .get(&agreement)
            .into_iter()
            .flat_map(|years| years.keys().copied())
    }

    /// See [`belongs_to`].
    fn belongs_to(&self, entry: &ActivityEntry, agreement: &AgreementRow) -> bool {
        belongs_to(
            entry.serves.map(|n| self.tables.serves(n)),
            self.tables.organisations(entry.organisations),
            agreement,
        )
    }

    /// Replaces an activity's entry, keeping the per-year counts and, if it
    /// moved, where it was.
    fn put(&mut self, id: Uuid, entry: ActivityEntry) {
        if let Some(before) = self.entries.insert(id, entry) {
            self.count(&before, false);
            if !same_place(&before, &entry) {
                let places = self.left.entry(id).or_default();
                if !places.iter().any(|p| same_place(p, &before)) {
                    places.push(before);
                }
            }
        }
        self.count(&entry, true);
    }

    fn count(&mut self, entry: &ActivityEntry, add: bool) {
        let Some(n) = entry.serves.filter(|_| !entry.retracted) else {
            return;
        };
        let agreement = self.tables.serves(n).agreement;
        let years = self.years.entry(agreement).or_default();
        let count = years.entry(entry.year()).or_default();
        if add {
            *count += 1;
            return;
        }
        *count -= 1;
        if *count == 0 {
            years.remove(&entry.year());
            if years.is_empty() {
                self.years.remove(&agreement);
            }
        }
    }

    /// The next event of an activity that is not an amendment: it only adds
    /// to what the stream says, so the entry moves one step.
    pub fn step(&mut self, id: Uuid, position: u64, version: u64, change: &Change) {
        let entry = match self.entries.get(&id) {
            Some(entry) if entry.retracted => return,
            Some(entry) if version > 1 => *entry,
            _ => self.blank(position),
        };
        self.put(id, advanced(entry, change));
    }

    /// Derives an activity's entry from its whole stream, as the domain's
    /// rules fold it: corrections laid over the events they correct,
    /// retracted events left out, and a retracted first event voiding the
    /// activity (which then keeps the placing of that first event, as
    /// recorded, so the retraction is shown in its year).
    pub fn derive(&mut self, id: Uuid, history: &[(Uuid, u64, Change)]) {
        let Some(&(first_id, first_position, first_change)) = history.first() else {
            return;
        };
        let mut current: Vec<(Uuid, Change, bool)> = Vec::with_capacity(history.len());
        for &(event, _, change) in history {
            match change {
                Change::Correction { target, changes } => {
                    if let Some((_, corrected, _)) =
                        current.iter_mut().find(|(id, _, _)| *id == target)
                    {
                        *corrected = with_changes(corrected, &changes);
                    }
                }
                Change::Retraction { target } => {
                    if let Some((_, _, retracted)) =
                        current.iter_mut().find(|(id, _, _)| *id == target)
                    {
                        *retracted = true;
                    }
                }
                _ => current.push((event, change, false)),
            }
        }
        let first_retracted = current
            .iter()
            .any(|(event, _, retracted)| *event == first_id && *retracted);
        let blank = self.blank(first_position);
        let entry = if first_retracted {
            ActivityEntry {
                retracted: true,
                ..advanced(blank, &first_change)
            }
        } else {
            current
                .iter()
                .filter(|(_, _, retracted)| !retracted)
                .fold(blank, |entry, (_, change, _)| advanced(entry, change))
        };
        self.put(id, entry);
    }

    fn blank(&self, first_position: u64) -> ActivityEntry {
        ActivityEntry {
            serves: None,
            organisations: NOBODY,
            from: NaiveDate::MIN.num_days_from_ce(),
            status: ActivityStatus::Planned,
            retracted: false,
            first_position,
        }
    }
}

/// Whether two entries would be in the same follow-ups: the same year, the
/// same thing served, the same organisations.
fn same_place(a: &ActivityEntry, b: &ActivityEntry) -> bool {
    a.year() == b.year() && a.serves == b.serves && a.organisations == b.organisations
}

/// An activity belongs to an agreement's follow-up when it serves the
/// agreement, or serves none and the agreement's municipality (or one of its
/// departments) carried it out (`organisations` as [`organisations`] gives
/// them). Work of the Police alone that serves no agreement cannot be placed
/// in a municipality, so it is in none: the Police work everywhere, and their
/// unlinked work would otherwise show up in every municipality's follow-up.
pub(crate) fn belongs_to<S: AsRef<str>>(
    serves: Option<&ServesRow>,
    organisations: &[S],
    agreement: &AgreementRow,
) -> bool {
    match serves {
        Some(serves) => serves.agreement == agreement.id,
        None => organisations
            .iter()
            .any(|o| o.as_ref() == agreement.municipality),
    }
}

/// Whether a full activity row is placed in `agreement`'s follow-up of
/// `year`: the same rule as for index entries.
pub(crate) fn row_placed_in(row: &ActivityRow, agreement: &AgreementRow, year: i32) -> bool {
    row.dates.from.year() == year
        && belongs_to(
            row.serves.as_ref(),
            &organisations(&row.responsible),
            agreement,
        )
}

/// The entry after one more (current) event of its stream; mirrors how an
/// activity row is derived (`rows::activity_row`).
fn advanced(mut entry: ActivityEntry, change: &Change) -> ActivityEntry {
    // A plan or a completion says when, and who was responsible.
    let place = |entry: &mut ActivityEntry, dates: Option<Dates>, p: &Placing| {
        if let Some(dates) = dates {
            entry.from = dates.from.num_days_from_ce();
        }
        entry.organisations = p.organisations.unwrap_or(NOBODY);
    };
    match change {
        Change::Planned(p) => {
            entry.serves = p.serves.flatten();
            place(&mut entry, p.planned, p);
        }
        Change::Rescheduled(p) => {
            if let Some(dates) = p.planned {
                entry.from = dates.from.num_days_from_ce();
            }
        }
        Change::Cancelled => entry.status = ActivityStatus::Cancelled,
        Change::Completed(p) => {
            entry.status = ActivityStatus::Completed;
            if let Some(Some(serves)) = p.serves {
                entry.serves = Some(serves);
            }
            place(&mut entry, p.occurred, p);
        }
        Change::Correction { .. } | Change::Retraction { .. } => {}
    }
    entry
}

/// The event `change` with a correction's `changes` laid over it.
fn with_changes(change: &Change, changes: &Placing) -> Change {
    match change {
        Change::Planned(p) => Change::Planned(p.corrected(changes)),
        Change::Rescheduled(p) => Change::Rescheduled(p.corrected(changes)),
        Change::Completed(p) => Change::Completed(p.corrected(changes)),
        other => *other,
    }
}

/// The organisations among `responsible` (`Hagfors kommun/skola` is Hagfors
/// kommun's), sorted, each once.
fn organisations<S: AsRef<str>>(responsible: &[S]) -> Vec<&str> {
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
