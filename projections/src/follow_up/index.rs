//! What the follow-up keeps per activity between requests: a small entry that
//! says where the activity counts (agreement, focus area, commitment, year,
//! the organisations responsible) and how (its status, whether it was
//! retracted). Its texts stay in the log and are read when a follow-up is
//! asked for, so memory per activity is a few dozen bytes, not its whole row.

use std::collections::HashMap;
use std::ops::RangeInclusive;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use trygglogg_events::{amend, Amended, Occurred, Placed};
use uuid::Uuid;

pub(crate) use super::entry::ActivityEntry;
use super::pairs::{AsPairs, PairsMap};
use super::rows::{ActivityRow, ActivityStatus, AgreementRow, ServesRow};
use super::scope::Scope;
use super::tables::{organisations, Change, Tables, NOBODY};

/// Every activity's entry, and the tables its numbers point into.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(from = "StoredIndex")]
pub(crate) struct Index {
    entries: HashMap<Uuid, ActivityEntry>,
    pub tables: Tables,
    /// Where activities were placed before a later event moved them to
    /// another year, agreement or organisations (a correction, a reschedule,
    /// a completion on another day than planned), each place once: a year
    /// an activity left still shows the corrections made while it was
    /// there. Few activities ever move, so this stays small.
    left: HashMap<Uuid, Vec<ActivityEntry>>,
}

/// What a checkpoint holds of the index: its maps as sequences of pairs.
#[derive(Deserialize)]
struct StoredIndex {
    entries: PairsMap<Uuid, ActivityEntry>,
    tables: Tables,
    left: PairsMap<Uuid, Vec<ActivityEntry>>,
}

/// The index is written as a [`StoredIndex`] straight from its maps: a
/// checkpoint of millions of activities is written every few seconds, and a
/// copy of the index for it (serde's `into`) would double the memory the
/// index takes each time.
impl Serialize for Index {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut stored = serializer.serialize_struct("StoredIndex", 3)?;
        stored.serialize_field("entries", &AsPairs(&self.entries))?;
        stored.serialize_field("tables", &self.tables)?;
        stored.serialize_field("left", &AsPairs(&self.left))?;
        stored.end()
    }
}

impl From<StoredIndex> for Index {
    fn from(stored: StoredIndex) -> Self {
        Index {
            entries: stored.entries.0,
            tables: stored.tables,
            left: stored.left.0,
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
            serves: entry.serves().map(|n| self.tables.serves(n)),
            organisations: self.tables.organisations(entry.organisations),
            first_day: entry.first_day(),
            status: entry.status,
            retracted: entry.retracted,
            first_position: entry.first_position(),
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
        let days = days_of(year);
        let mut found: Vec<(i32, u64, Uuid)> = self
            .entries
            .iter()
            .filter(|(_, e)| self.placed_in(e, agreement, &days))
            .map(|(id, e)| (e.from, e.first_position(), *id))
            .collect();
        found.sort_unstable();
        found.into_iter().map(|(_, _, id)| id).collect()
    }

    /// The activities that were in `year` of `agreement`'s follow-up and
    /// have moved out of it, in log order.
    pub fn left_year(&self, agreement: &AgreementRow, year: i32) -> Vec<Uuid> {
        let days = days_of(year);
        let mut found: Vec<(u64, Uuid)> = self
            .left
            .iter()
            .filter(|(id, places)| {
                places.iter().any(|e| self.placed_in(e, agreement, &days))
                    && !self
                        .entries
                        .get(id)
                        .is_some_and(|e| self.placed_in(e, agreement, &days))
            })
            .map(|(id, places)| (places[0].first_position(), *id))
            .collect();
        found.sort_unstable();
        found.into_iter().map(|(_, id)| id).collect()
    }

    /// `days`: the year's, as [`days_of`] gives them.
    fn placed_in(
        &self,
        entry: &ActivityEntry,
        agreement: &AgreementRow,
        days: &RangeInclusive<i32>,
    ) -> bool {
        days.contains(&entry.from) && self.belongs_to(entry, agreement)
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
            .find_serves(&(agreement, focus_area, Some(commitment)))
        else {
            return 0;
        };
        let last_day = *days_of(year).end();
        self.entries
            .values()
            .filter(|e| {
                e.serves() == Some(number)
                    && !e.retracted
                    && e.status == ActivityStatus::Completed
                    && e.from <= last_day
            })
            .count() as u32
    }

    /// See [`belongs_to`].
    fn belongs_to(&self, entry: &ActivityEntry, agreement: &AgreementRow) -> bool {
        belongs_to(
            entry.serves().map(|n| self.tables.serves(n)),
            self.tables.organisations(entry.organisations),
            agreement,
        )
    }

    /// Replaces an activity's entry, keeping, if it moved, where it was.
    fn put(&mut self, id: Uuid, entry: ActivityEntry) {
        if let Some(before) = self.entries.insert(id, entry) {
            if !same_place(&before, &entry) {
                let places = self.left.entry(id).or_default();
                if !places.iter().any(|p| same_place(p, &before)) {
                    places.push(before);
                }
            }
        }
    }

    /// The next event of an activity that is not an amendment: it only adds
    /// to what the stream says, so the entry moves one step.
    pub fn step(&mut self, id: Uuid, position: u64, version: u64, change: &Change) {
        let entry = match self.entries.get(&id) {
            Some(entry) if entry.retracted => return,
            Some(entry) if version > 1 => *entry,
            _ => ActivityEntry::blank(position),
        };
        self.put(id, advanced(entry, change));
    }

    /// Derives an activity's entry from its whole stream, amended as the
    /// domain's rule says (`amend`): corrections laid over the events they
    /// correct, retracted events left out, and a retracted first event
    /// voiding the activity (which then keeps the placing of that first
    /// event, as recorded, so the retraction is shown in its year).
    pub fn derive(&mut self, id: Uuid, history: &[(Uuid, u64, Change)]) {
        let Some(&(_, first_position, first_change)) = history.first() else {
            return;
        };
        let mut stream: Vec<Amended<Change>> = Vec::with_capacity(history.len());
        for (event, _, change) in history {
            amend(&mut stream, Some(*event), change);
        }
        let blank = ActivityEntry::blank(first_position);
        let entry = if stream[0].retracted {
            let mut voided = advanced(blank, &first_change);
            voided.retracted = true;
            voided
        } else {
            stream
                .iter()
                .filter(|amended| amended.is_effective())
                .fold(blank, |entry, amended| advanced(entry, &amended.event))
        };
        self.put(id, entry);
    }
}

/// The days of `year` as an entry counts them (days from 1 Jan of year 1):
/// a selection walks every entry, and comparing two numbers is cheaper than
/// finding each entry's year.
fn days_of(year: i32) -> RangeInclusive<i32> {
    let day = |month, day| {
        NaiveDate::from_ymd_opt(year, month, day).map_or(i32::MIN, |d| d.num_days_from_ce())
    };
    day(1, 1)..=day(12, 31)
}

/// Whether two entries would be in the same follow-ups: the same year, the
/// same thing served, the same organisations.
fn same_place(a: &ActivityEntry, b: &ActivityEntry) -> bool {
    a.year() == b.year() && a.serves() == b.serves() && a.organisations == b.organisations
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
/// `scope`: the same rule as for index entries, which place by year.
pub(crate) fn row_placed_in(row: &ActivityRow, agreement: &AgreementRow, scope: &Scope) -> bool {
    scope.holds_dates(agreement, &row.dates)
        && belongs_to(
            row.serves.as_ref(),
            &organisations(&row.responsible),
            agreement,
        )
}

/// The entry after one more (current) event of its stream, by the domain's
/// rule ([`Placed::after`]), as an activity row is derived too.
fn advanced(entry: ActivityEntry, change: &Change) -> ActivityEntry {
    let placed = Placed {
        serves: entry.serves(),
        dates: Some(Occurred::On(entry.first_day())),
        responsible: Some(entry.organisations),
        status: entry.status.into(),
    }
    .after(change);
    let mut next = entry.serving(placed.serves);
    next.organisations = placed.responsible.unwrap_or(NOBODY);
    next.from = placed
        .dates
        .map_or(entry.from, |dates| dates.start().num_days_from_ce());
    next.status = placed.status.into();
    next
}

#[cfg(test)]
mod tests {
    use super::super::entry::StoredEntry;
    use super::*;

    /// An index of `n` activities, each placed somewhere else, and `moved`
    /// of them with a place they left.
    fn index_of(n: u128, moved: u128) -> Index {
        let entry = |i: u128| {
            ActivityEntry::from(StoredEntry {
                serves: (!i.is_multiple_of(3)).then_some((i % 7) as u32),
                organisations: (i % 5) as u32,
                from: 736_000 + (i % 2000) as i32,
                status: if i.is_multiple_of(2) {
                    ActivityStatus::Completed
                } else {
                    ActivityStatus::Planned
                },
                retracted: i.is_multiple_of(11),
                first_position: 1 + 2 * i as u64,
            })
        };
        Index::from(StoredIndex {
            entries: PairsMap((0..n).map(|i| (Uuid::from_u128(i), entry(i))).collect()),
            tables: Tables::default(),
            left: PairsMap(
                (0..moved)
                    .map(|i| (Uuid::from_u128(i), vec![entry(i + 1)]))
                    .collect(),
            ),
        })
    }

    /// The form a checkpoint has always held the index in: its maps as
    /// `Vec`s of pairs.
    type AsVecs = (
        Vec<(Uuid, ActivityEntry)>,
        Tables,
        Vec<(Uuid, Vec<ActivityEntry>)>,
    );

    /// The index is written from its maps in the form a checkpoint has
    /// always held, and reads back as it was.
    #[test]
    fn the_index_is_written_as_its_stored_form_and_reads_back() {
        for (n, moved) in [(0, 0), (1, 0), (300, 0), (300, 40)] {
            let index = index_of(n, moved);
            let bytes = postcard::to_stdvec(&index).unwrap();
            let stored: AsVecs = postcard::from_bytes(&bytes).unwrap();
            let stored = (stored.0, stored.2);
            assert_eq!(stored.0.len(), n as usize, "{n} activities");
            assert_eq!(stored.1.len(), moved as usize, "{moved} moved");
            for (id, entry) in &stored.0 {
                assert_eq!(index.entries.get(id), Some(entry), "{id}");
            }
            let back: Index = postcard::from_bytes(&bytes).unwrap();
            assert_eq!(back.entries, index.entries, "{n} activities");
            assert_eq!(back.left, index.left, "{moved} moved");
        }
    }

    /// Writing the index (every few seconds, for the checkpoint) copies none
    /// of it: at its peak it holds no more than the growing bytes written,
    /// about half the index's size. A copy (serde's `into`, as before)
    /// holds the index's size again on top.
    #[test]
    fn writing_the_index_holds_only_its_bytes() {
        let index = index_of(20_000, 100);
        let (bytes, peak) =
            crate::counting_alloc::peak_during(|| postcard::to_stdvec(&index).unwrap());
        // A `Vec` that doubles holds its old and its new buffer at once when
        // it grows: at most 3 × its length.
        let bound = 3 * bytes.len() + 4096;
        assert!(
            peak <= bound,
            "{peak} bytes at the peak for {} bytes written (at most {bound})",
            bytes.len()
        );
    }

    /// Reading the index (at every start) holds no more than the map it
    /// reads into, sized once: no `Vec` of the entries first (as much
    /// again), and no growing (the old and the new table at once).
    #[test]
    fn reading_the_index_holds_only_its_map() {
        let n = 20_000;
        let bytes = postcard::to_stdvec(&index_of(n, 100)).unwrap();
        let (_, map_alone) = crate::counting_alloc::peak_during(|| {
            HashMap::<Uuid, ActivityEntry>::with_capacity(n as usize)
        });
        let (read, peak) =
            crate::counting_alloc::peak_during(|| postcard::from_bytes::<Index>(&bytes).unwrap());
        assert_eq!(read.entries.len(), n as usize);
        // The 100 moved activities' map and lists, besides the entries'.
        let bound = map_alone + 64 * 1024;
        assert!(
            peak <= bound,
            "{peak} bytes at the peak reading {n} entries (the map alone takes {map_alone})"
        );
    }

    /// An entry is in a year's follow-up by its first day: the year's days
    /// as numbers hold its first and last day, leap day included, and not a
    /// day of the years beside it.
    #[test]
    fn a_years_days_are_its_first_to_its_last() {
        let day = |y, m, d| {
            NaiveDate::from_ymd_opt(y, m, d)
                .expect("a real day")
                .num_days_from_ce()
        };
        // (year, day, in it)
        let cases = [
            (2018, day(2018, 1, 1), true),
            (2018, day(2018, 12, 31), true),
            (2018, day(2018, 6, 15), true),
            (2018, day(2017, 12, 31), false),
            (2018, day(2019, 1, 1), false),
            (2020, day(2020, 2, 29), true),
            (2020, day(2020, 12, 31), true),
            (2021, day(2020, 12, 31), false),
        ];
        for (year, number, in_it) in cases {
            assert_eq!(
                days_of(year).contains(&number),
                in_it,
                "{year}: day {number}"
            );
            let mut entry = ActivityEntry::blank(1);
            entry.from = number;
            assert_eq!(entry.year() == year, in_it, "the entry's own year agrees");
        }
    }
}
