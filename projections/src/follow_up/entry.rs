//! One activity's entry in the follow-up's index, packed into 20 bytes: the
//! index keeps one for every activity ever recorded, so the entry's size is
//! most of what the follow-up's memory grows by (BENCHMARKS.md, "Memory
//! under sustained appends").

use std::num::NonZeroU32;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::rows::ActivityStatus;
use super::tables::NOBODY;

/// Where and how one activity counts, as its stream now says (corrections
/// applied; a retracted first event voids it).
///
/// 20 bytes, 36 with its id in the index's map (as plain fields, an
/// `Option<u32>` and a `u64`, it took 32 and 48): what it serves is stored
/// plus one so that "none" takes no room, and its first position in 48 bits
/// (a log of 2⁴⁸ events, 281 million million, is beyond any this serves).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "StoredEntry", into = "StoredEntry")]
pub(crate) struct ActivityEntry {
    /// What it serves, as its number in `Tables::serves` plus one.
    serves: Option<NonZeroU32>,
    /// The organisations responsible (the part before any `/department`), in
    /// `Tables::organisations`.
    pub organisations: u32,
    /// The first day it happened or is planned for, as days from 1 Jan of
    /// year 1; its follow-up year is that day's.
    pub from: i32,
    pub status: ActivityStatus,
    pub retracted: bool,
    /// Where its stream begins (ties between activities of one day are put
    /// in log order): the low 32 bits and the 16 above them.
    position_low: u32,
    position_high: u16,
}

/// An entry as checkpoints hold it: the plain fields, as before the entry
/// was packed, so that a checkpoint's format did not change.
#[derive(Debug, Serialize, Deserialize)]
pub(super) struct StoredEntry {
    pub serves: Option<u32>,
    pub organisations: u32,
    pub from: i32,
    pub status: ActivityStatus,
    pub retracted: bool,
    pub first_position: u64,
}

impl From<StoredEntry> for ActivityEntry {
    fn from(stored: StoredEntry) -> Self {
        ActivityEntry {
            serves: None,
            organisations: stored.organisations,
            from: stored.from,
            status: stored.status,
            retracted: stored.retracted,
            position_low: stored.first_position as u32,
            position_high: u16::try_from(stored.first_position >> 32)
                .expect("a log's positions are below 2^48"),
        }
        .serving(stored.serves)
    }
}

impl From<ActivityEntry> for StoredEntry {
    fn from(entry: ActivityEntry) -> Self {
        StoredEntry {
            serves: entry.serves(),
            organisations: entry.organisations,
            from: entry.from,
            status: entry.status,
            retracted: entry.retracted,
            first_position: entry.first_position(),
        }
    }
}

impl ActivityEntry {
    /// An activity whose stream begins at `first_position`, before any of its
    /// events placed it: planned, serving nothing, by nobody, on no day.
    pub fn blank(first_position: u64) -> Self {
        ActivityEntry::from(StoredEntry {
            serves: None,
            organisations: NOBODY,
            from: NaiveDate::MIN.num_days_from_ce(),
            status: ActivityStatus::Planned,
            retracted: false,
            first_position,
        })
    }

    /// What it serves, as its number in `Tables::serves`.
    pub fn serves(&self) -> Option<u32> {
        self.serves.map(|n| n.get() - 1)
    }

    /// The entry serving `serves` instead.
    pub fn serving(self, serves: Option<u32>) -> Self {
        let serves = serves.map(|n| {
            n.checked_add(1)
                .and_then(NonZeroU32::new)
                .expect("a table's numbers are below u32::MAX: they count its values")
        });
        ActivityEntry { serves, ..self }
    }

    pub fn first_position(&self) -> u64 {
        u64::from(self.position_high) << 32 | u64::from(self.position_low)
    }

    pub fn year(&self) -> i32 {
        self.first_day().year()
    }

    pub fn first_day(&self) -> NaiveDate {
        NaiveDate::from_num_days_from_ce_opt(self.from).unwrap_or(NaiveDate::MIN)
    }
}

#[cfg(test)]
mod tests {
    use uuid::Uuid;

    use super::*;

    /// The index's memory per activity: the entry and its id in the map's
    /// slot (besides one control byte per slot).
    #[test]
    fn an_entry_takes_20_bytes_and_36_with_its_id() {
        assert_eq!(std::mem::size_of::<ActivityEntry>(), 20);
        assert_eq!(std::mem::size_of::<(Uuid, ActivityEntry)>(), 36);
    }

    /// Every field reads back as it was stored, at the edges of what the
    /// packing holds, and a checkpoint's bytes are those of the plain
    /// fields.
    #[test]
    fn an_entry_holds_what_it_was_given() {
        let positions = [1, u64::from(u32::MAX), 1 << 32, (1 << 48) - 1];
        let serves = [None, Some(0), Some(1), Some(u32::MAX - 1)];
        for (first_position, serves) in positions.into_iter().zip(serves) {
            let stored = || StoredEntry {
                serves,
                organisations: 7,
                from: -3,
                status: ActivityStatus::Cancelled,
                retracted: true,
                first_position,
            };
            let entry = ActivityEntry::from(stored());
            assert_eq!(entry.first_position(), first_position);
            assert_eq!(entry.serves(), serves);
            assert_eq!(entry.serving(Some(4)).serves(), Some(4));
            assert_eq!(entry.serving(None).serves(), None);
            let plain = postcard::to_stdvec(&stored()).unwrap();
            assert_eq!(
                postcard::to_stdvec(&entry).unwrap(),
                plain,
                "{stored:?}",
                stored = stored()
            );
            assert_eq!(
                postcard::from_bytes::<ActivityEntry>(&plain).unwrap(),
                entry
            );
        }
    }
}
