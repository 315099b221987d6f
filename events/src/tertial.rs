//! Tertials, the four-month parts of a year many local police areas report
//! by: T1 January–April, T2 May–August, T3 September–December.
//!
//! Where work counts: in the tertial its first possible day falls in, as it
//! counts in the year it starts in. A range from April into May counts in T1;
//! a month lies wholly in one tertial. Work dated only to a year lies in no
//! tertial alone: a tertial's follow-up lists it apart ("under året") and
//! does not count it.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::error::Invalid;
use crate::occurred::{Occurred, Precision};
use crate::privacy::quoted;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(into = "u8")]
pub enum Tertial {
    T1,
    T2,
    T3,
}

impl From<Tertial> for u8 {
    fn from(tertial: Tertial) -> u8 {
        tertial.number()
    }
}

impl Tertial {
    pub const ALL: [Tertial; 3] = [Tertial::T1, Tertial::T2, Tertial::T3];

    /// The one spelling in a path: `t1`, `t2` or `t3`.
    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        match raw {
            "t1" => Ok(Self::T1),
            "t2" => Ok(Self::T2),
            "t3" => Ok(Self::T3),
            other => Err(Invalid::new(
                format!("{} is not a tertial", quoted(other)),
                "give t1 (January–April), t2 (May–August) or t3 (September–December)",
            )),
        }
    }

    pub fn number(self) -> u8 {
        match self {
            Self::T1 => 1,
            Self::T2 => 2,
            Self::T3 => 3,
        }
    }

    /// The path segment, `t1`–`t3`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::T1 => "t1",
            Self::T2 => "t2",
            Self::T3 => "t3",
        }
    }

    /// The tertial a day lies in.
    pub fn of(date: NaiveDate) -> Self {
        match date.month() {
            1..=4 => Self::T1,
            5..=8 => Self::T2,
            _ => Self::T3,
        }
    }

    /// The tertial dated work counts in, from its first possible day and its
    /// precision; `None` for work dated only to a year.
    pub fn placing(start: NaiveDate, precision: Precision) -> Option<Self> {
        (precision != Precision::Year).then(|| Self::of(start))
    }

    /// The tertial `occurred` counts in (see [`Tertial::placing`]).
    pub fn of_occurred(occurred: &Occurred) -> Option<Self> {
        Self::placing(occurred.start(), occurred.precision())
    }

    /// Its first and last month, 1–12.
    pub fn months(self) -> (u32, u32) {
        match self {
            Self::T1 => (1, 4),
            Self::T2 => (5, 8),
            Self::T3 => (9, 12),
        }
    }

    /// Its first and last day in `year`.
    pub fn days(self, year: i32) -> Option<(NaiveDate, NaiveDate)> {
        let (first, last) = self.months();
        let from = NaiveDate::from_ymd_opt(year, first, 1)?;
        let to = match last {
            12 => NaiveDate::from_ymd_opt(year, 12, 31)?,
            _ => NaiveDate::from_ymd_opt(year, last + 1, 1)?.pred_opt()?,
        };
        Some((from, to))
    }
}

impl std::fmt::Display for Tertial {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "T{}", self.number())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn work_counts_in_the_tertial_its_first_day_lies_in() {
        let read = |text: &str| Occurred::parse_text(text).unwrap();
        let range = |from: &str, to: &str| {
            Occurred::Between(crate::DateRange::parse(day(from), day(to)).unwrap())
        };
        // (date, tertial it counts in)
        let cases = [
            (read("2018-04-30"), Some(Tertial::T1)),
            (read("2018-05-01"), Some(Tertial::T2)),
            (read("2018-08-31"), Some(Tertial::T2)),
            (read("2018-09-01"), Some(Tertial::T3)),
            (read("2018-12-31"), Some(Tertial::T3)),
            (read("2018-01-01"), Some(Tertial::T1)),
            (read("2018-04"), Some(Tertial::T1)),
            (read("2018-05"), Some(Tertial::T2)),
            (read("2018-09"), Some(Tertial::T3)),
            // Across two tertials: where it starts, as across two years.
            (range("2018-04-20", "2018-05-10"), Some(Tertial::T1)),
            (range("2018-08-25", "2018-09-05"), Some(Tertial::T2)),
            // A year is in no tertial alone.
            (read("2018"), None),
        ];
        for (occurred, tertial) in cases {
            assert_eq!(Tertial::of_occurred(&occurred), tertial, "{occurred}");
        }
    }

    #[test]
    fn a_tertial_spans_its_four_months() {
        assert_eq!(
            Tertial::T1.days(2020),
            Some((day("2020-01-01"), day("2020-04-30")))
        );
        assert_eq!(
            Tertial::T2.days(2018),
            Some((day("2018-05-01"), day("2018-08-31")))
        );
        assert_eq!(
            Tertial::T3.days(2018),
            Some((day("2018-09-01"), day("2018-12-31")))
        );
    }

    #[test]
    fn only_the_lowercase_path_spelling_is_a_tertial() {
        for (raw, parsed) in [
            ("t1", Some(Tertial::T1)),
            ("t2", Some(Tertial::T2)),
            ("t3", Some(Tertial::T3)),
            ("T2", None),
            ("t4", None),
            ("t0", None),
            ("2", None),
            ("", None),
        ] {
            assert_eq!(Tertial::parse(raw).ok(), parsed, "{raw:?}");
        }
        let refused = Tertial::parse("t4").unwrap_err();
        assert!(refused.expected.contains("t2 (May–August)"), "{refused:?}");
    }
}
