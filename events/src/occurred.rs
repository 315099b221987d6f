//! Valid time: when something happened or is planned, as Swedish local dates.

use crate::error::Invalid;
use crate::fields::{integer, kind_of, string, Cursor, FromJson, Object, ParseContext};
use crate::privacy::{quoted, redact_identity_numbers};
use chrono::{Datelike, Days, NaiveDate};
use serde::Serialize;
use serde_json::Value;
use std::fmt;

/// No medborgarlöfte predates this; an earlier date is a typo such as `0217`.
pub const EARLIEST_DATE: NaiveDate = match NaiveDate::from_ymd_opt(2000, 1, 1) {
    Some(date) => date,
    None => panic!("2000-01-01 is a date"),
};

/// Longest accepted range, about two years: longer spans say nothing a follow-up can use.
pub const MAX_RANGE_DAYS: u64 = 731;

/// How far ahead a plan may reach, about three years: beyond any agreement period.
pub const MAX_PLAN_AHEAD_DAYS: u64 = 1096;

/// A year of an agreement period or a follow-up, 2000–2100.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct Year(i32);

impl Year {
    /// The first year accepted.
    pub const FIRST: Year = Year(2000);
    /// The last year accepted.
    pub const LAST: Year = Year(2100);

    pub fn parse(raw: i64) -> Result<Self, Invalid> {
        match i32::try_from(raw) {
            Ok(year) if (Self::FIRST.0..=Self::LAST.0).contains(&year) => Ok(Self(year)),
            _ => Err(Invalid::new(
                format!(
                    "{} is not a plausible year",
                    redact_identity_numbers(&raw.to_string())
                ),
                "give a year from 2000 to 2100, e.g. 2018",
            )),
        }
    }

    pub fn get(self) -> i32 {
        self.0
    }
}

impl fmt::Display for Year {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl FromJson for Year {
    fn expected() -> String {
        "a year, e.g. 2018".into()
    }

    fn from_json(value: &Value, at: &mut Cursor) -> Option<Self> {
        let raw = integer(value, at, "a year, e.g. 2018")?;
        at.check(Self::parse(raw))
    }
}

impl schemars::JsonSchema for Year {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Year".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({"type": "integer", "minimum": 2000, "maximum": 2100})
    }
}

/// An inclusive range of dates that ends on or after it starts and spans at most
/// [`MAX_RANGE_DAYS`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, schemars::JsonSchema)]
pub struct DateRange {
    /// First day, `YYYY-MM-DD`.
    from: NaiveDate,
    /// Last day, inclusive, `YYYY-MM-DD`.
    to: NaiveDate,
}

impl DateRange {
    pub fn parse(from: NaiveDate, to: NaiveDate) -> Result<Self, Invalid> {
        if to < from {
            return Err(Invalid::new(
                format!("ends {to}, before it starts on {from}"),
                "give an end (\"to\") on or after the start (\"from\")",
            ));
        }
        if to - from > chrono::TimeDelta::days(MAX_RANGE_DAYS as i64) {
            return Err(Invalid::new(
                format!(
                    "spans {} days, more than {MAX_RANGE_DAYS}",
                    (to - from).num_days()
                ),
                "split it by year, or record a shorter range",
            ));
        }
        Ok(Self { from, to })
    }

    pub fn from(&self) -> NaiveDate {
        self.from
    }

    pub fn to(&self) -> NaiveDate {
        self.to
    }
}

/// When something happened (or is planned): one day, or an inclusive range.
///
/// A range says the activity took place on one or more days of that range; it does not
/// claim every day. "In May 2017" is `2017-05-01`–`2017-05-31`; a six-week operation is
/// its first to last day. Serialised as `"2017-07-15"` or
/// `{"from": "2017-05-01", "to": "2017-05-31"}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, schemars::JsonSchema)]
#[serde(untagged)]
pub enum Occurred {
    On(NaiveDate),
    Between(DateRange),
}

impl Occurred {
    pub fn start(&self) -> NaiveDate {
        match self {
            Self::On(date) => *date,
            Self::Between(range) => range.from,
        }
    }

    pub fn end(&self) -> NaiveDate {
        match self {
            Self::On(date) => *date,
            Self::Between(range) => range.to,
        }
    }

    /// Reads a date or a range and checks its end against `horizon`.
    pub(crate) fn read(value: &Value, at: &mut Cursor, horizon: Horizon) -> Option<Self> {
        let occurred = match value {
            Value::String(_) => Self::On(read_date(value, at)?),
            Value::Object(_) => {
                let mut object = Object::open(value, at)?;
                let from = object.required_with(at, "from", DATE_EXPECTED, read_date);
                let to = object.required_with(at, "to", DATE_EXPECTED, read_date);
                object.finish(at);
                Self::Between(at.check(DateRange::parse(from?, to?))?)
            }
            other => {
                at.reject(Invalid::new(
                    format!("must be a date or a range, not {}", kind_of(other)),
                    format!("give {OCCURRED_EXPECTED}"),
                ));
                return None;
            }
        };
        at.check(horizon.check(occurred.end(), at.ctx()))?;
        Some(occurred)
    }
}

impl fmt::Display for Occurred {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::On(date) => write!(f, "{date}"),
            Self::Between(range) => write!(f, "{}–{}", range.from, range.to),
        }
    }
}

pub(crate) const OCCURRED_EXPECTED: &str =
    "a date \"2017-07-15\" or a range {\"from\": \"2017-05-01\", \"to\": \"2017-05-31\"}";

const DATE_EXPECTED: &str = "a date as YYYY-MM-DD, e.g. \"2017-11-07\"";

/// How far from today a date may lie, by what it describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Horizon {
    /// Something that happened: it cannot end after today.
    Past,
    /// A plan: at most [`MAX_PLAN_AHEAD_DAYS`] ahead.
    Plan,
}

impl Horizon {
    pub(crate) fn check(self, end: NaiveDate, ctx: ParseContext) -> Result<(), Invalid> {
        let Some(today) = ctx.today else {
            return Ok(());
        };
        match self {
            Self::Past if end > today => Err(Invalid::new(
                format!("ends {end}, after today ({today})"),
                "record things that have happened; use activity_planned for the future",
            )),
            Self::Plan if end > today + Days::new(MAX_PLAN_AHEAD_DAYS) => Err(Invalid::new(
                format!("ends {end}, more than three years ahead"),
                "plan within the agreement period; check the year",
            )),
            _ => Ok(()),
        }
    }

    /// The latest year a new agreement period may start in: two years ahead.
    pub(crate) fn check_first_year(year: Year, ctx: ParseContext) -> Result<(), Invalid> {
        match ctx.today {
            Some(today) if year.get() > today.year() + 2 => Err(Invalid::new(
                format!("{year} is more than two years ahead"),
                "check the year; agreements are adopted shortly before they start",
            )),
            _ => Ok(()),
        }
    }
}

/// A strict `YYYY-MM-DD` date, no earlier than [`EARLIEST_DATE`].
pub(crate) fn read_date(value: &Value, at: &mut Cursor) -> Option<NaiveDate> {
    let raw = string(value, at, DATE_EXPECTED)?;
    let well_formed = raw.len() == 10
        && raw.char_indices().all(|(i, c)| {
            if i == 4 || i == 7 {
                c == '-'
            } else {
                c.is_ascii_digit()
            }
        });
    let parsed = well_formed
        .then(|| NaiveDate::parse_from_str(raw, "%Y-%m-%d").ok())
        .flatten();
    match parsed {
        Some(date) if date >= EARLIEST_DATE => Some(date),
        Some(date) => {
            at.reject(Invalid::new(
                format!("{date} is before {EARLIEST_DATE}"),
                "check the year",
            ));
            None
        }
        None => {
            at.reject(Invalid::new(
                format!("{} is not a date", quoted(raw)),
                format!("give {DATE_EXPECTED}"),
            ));
            None
        }
    }
}
