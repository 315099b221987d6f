//! Dates as precise as the source gave them: a leaf, which the rows, the
//! scopes, the results and the audit trail all read.

use chrono::{Datelike, NaiveDate};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use trygglogg_events::Precision;

/// An inclusive range of Swedish local dates, and how precisely the source
/// gave them: a day (`from == to`), a month, a year, or a range of days.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
pub struct Dates {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub precision: Precision,
}

impl Dates {
    pub(crate) fn of(occurred: &trygglogg_events::Occurred) -> Dates {
        Dates {
            from: occurred.start(),
            to: occurred.end(),
            precision: occurred.precision(),
        }
    }

    /// One day.
    pub fn day(date: NaiveDate) -> Dates {
        Dates {
            from: date,
            to: date,
            precision: Precision::Day,
        }
    }

    /// The follow-up year of a dated thing: the year it started. A six-week
    /// operation from late November counts in the year it was launched.
    pub fn year(&self) -> i32 {
        self.from.year()
    }

    pub fn overlaps_year(&self, year: i32) -> bool {
        self.from.year() <= year && year <= self.to.year()
    }

    /// Whether they share a day with the inclusive `(from, to)`.
    pub fn overlaps(&self, (from, to): (NaiveDate, NaiveDate)) -> bool {
        self.from <= to && from <= self.to
    }
}
