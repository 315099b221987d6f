//! What part of an agreement a follow-up covers: a year, a tertial of a year,
//! or the whole period. Where an activity counts is decided here, for the
//! index's entries and the activities' rows alike.

use chrono::{Datelike, NaiveDate};
use schemars::JsonSchema;
use serde::Serialize;
use trygglogg_events::{Precision, Tertial};

use super::dates::Dates;
use super::rows::AgreementRow;

/// The follow-up's scope. Work counts by the day it starts (as in a year's
/// follow-up): in a tertial, the tertial that day lies in, so a range across
/// two tertials counts in the first; work dated only to a year counts in the
/// year and the period, and in no tertial (a tertial's follow-up lists it
/// apart, as "under året").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Scope {
    Year {
        year: i32,
    },
    /// T1 January–April, T2 May–August, T3 September–December.
    Tertial {
        year: i32,
        #[schemars(with = "u8", range(min = 1, max = 3))]
        tertial: Tertial,
    },
    /// Every year of the agreement's period together.
    Period,
}

/// As a reader names it: "2018", "T2 2018", "hela perioden".
impl std::fmt::Display for Scope {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Scope::Year { year } => write!(f, "{year}"),
            Scope::Tertial { year, tertial } => write!(f, "{tertial} {year}"),
            Scope::Period => write!(f, "hela perioden"),
        }
    }
}

impl From<i32> for Scope {
    fn from(year: i32) -> Scope {
        Scope::Year { year }
    }
}

impl Scope {
    /// The first and last year it covers of `agreement`.
    pub fn years(&self, agreement: &AgreementRow) -> (i32, i32) {
        match *self {
            Scope::Year { year } | Scope::Tertial { year, .. } => (year, year),
            Scope::Period => (agreement.first_year, agreement.last_year()),
        }
    }

    /// The year a one-off commitment is judged up to, and the follow-up's
    /// `year`: the year itself, or the period's last.
    pub fn last_year(&self, agreement: &AgreementRow) -> i32 {
        self.years(agreement).1
    }

    /// Whether it lies within the agreement's period: a follow-up outside it
    /// is not served.
    pub fn within_period(&self, agreement: &AgreementRow) -> bool {
        self.within_years(agreement.first_year, agreement.last_year())
    }

    /// Whether it lies within a period of the years `first` to `last`.
    pub fn within_years(&self, first: i32, last: i32) -> bool {
        match *self {
            Scope::Year { year } | Scope::Tertial { year, .. } => (first..=last).contains(&year),
            Scope::Period => true,
        }
    }

    /// The days it spans, for indicators measured over them.
    pub fn days(&self, agreement: &AgreementRow) -> Option<(NaiveDate, NaiveDate)> {
        match *self {
            Scope::Tertial { year, tertial } => tertial.days(year),
            _ => {
                let (first, last) = self.years(agreement);
                Some((
                    NaiveDate::from_ymd_opt(first, 1, 1)?,
                    NaiveDate::from_ymd_opt(last, 12, 31)?,
                ))
            }
        }
    }

    /// Whether work starting on `start`, dated as precisely as `precision`,
    /// counts in this scope of `agreement`.
    pub fn holds(&self, agreement: &AgreementRow, start: NaiveDate, precision: Precision) -> bool {
        let (first, last) = self.years(agreement);
        let in_years = (first..=last).contains(&start.year());
        match *self {
            Scope::Tertial { tertial, .. } => {
                in_years && Tertial::placing(start, precision) == Some(tertial)
            }
            _ => in_years,
        }
    }

    /// Whether `dates` count in this scope (see [`Scope::holds`]).
    pub fn holds_dates(&self, agreement: &AgreementRow, dates: &Dates) -> bool {
        self.holds(agreement, dates.from, dates.precision)
    }

    /// Whether work dated `dates` is listed apart in this scope: a tertial's
    /// year-precision work, in its year but in no tertial.
    pub fn apart(&self, dates: &Dates) -> bool {
        matches!(*self, Scope::Tertial { year, .. }
            if dates.precision == Precision::Year && dates.from.year() == year)
    }
}
