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
/// 731 days: two years, one of them a leap year.
// (`MAX_RANGE_DAYS`; not named in the doc comment, which is the JSON Schema's
// description and read by the API's users.)
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

/// A calendar month, e.g. March 2017: work the source dates to the month only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    /// Its first day; the type's only constructor makes it one.
    first: NaiveDate,
}

impl Month {
    /// The month of `year` numbered `month` (1–12), no earlier than [`EARLIEST_DATE`].
    pub fn parse(year: i32, month: u32) -> Result<Self, Invalid> {
        match NaiveDate::from_ymd_opt(year, month, 1) {
            Some(first) if first >= EARLIEST_DATE => Ok(Self { first }),
            Some(first) => Err(Invalid::new(
                format!("{} is before {EARLIEST_DATE}", first.format("%Y-%m")),
                "check the year",
            )),
            None => Err(Invalid::new(
                format!("{year}-{month:02} is not a month"),
                format!("give {MONTH_EXPECTED}"),
            )),
        }
    }

    pub fn first_day(&self) -> NaiveDate {
        self.first
    }

    pub fn last_day(&self) -> NaiveDate {
        let next = self
            .first
            .checked_add_months(chrono::Months::new(1))
            .expect("a month of 2000–9999 has a successor");
        next.pred_opt()
            .expect("a month's successor has a day before it")
    }
}

/// How exactly the source dates something: to the day, the month, the year, or a
/// range of days. Shown by the follow-up so that a reader (and the page) never takes
/// "some time in 2017" for 1 January.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    serde::Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Precision {
    Day,
    Month,
    Year,
    Range,
}

/// When something happened (or is planned): one day, a month, a year, or an
/// inclusive range of days; as precise as the source, never more.
///
/// A month, a year or a range says the activity took place on one or more days of it;
/// it does not claim every day, nor the first. Serialised as `"2017-07-15"`,
/// `"2017-03"`, `"2017"` or `{"from": "2017-05-01", "to": "2017-05-31"}`. The month
/// and year forms were added without a schema version: every stored date reads as
/// it did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Occurred {
    On(NaiveDate),
    InMonth(Month),
    InYear(Year),
    Between(DateRange),
}

impl Occurred {
    /// The first day it may have taken place on.
    pub fn start(&self) -> NaiveDate {
        match self {
            Self::On(date) => *date,
            Self::InMonth(month) => month.first_day(),
            Self::InYear(year) => first_of_year(*year),
            Self::Between(range) => range.from,
        }
    }

    /// The last day it may have taken place on.
    pub fn end(&self) -> NaiveDate {
        match self {
            Self::On(date) => *date,
            Self::InMonth(month) => month.last_day(),
            Self::InYear(year) => {
                NaiveDate::from_ymd_opt(year.get(), 12, 31).expect("31 December is a date")
            }
            Self::Between(range) => range.to,
        }
    }

    pub fn precision(&self) -> Precision {
        match self {
            Self::On(_) => Precision::Day,
            Self::InMonth(_) => Precision::Month,
            Self::InYear(_) => Precision::Year,
            Self::Between(_) => Precision::Range,
        }
    }

    /// The day by which it had surely begun: what "has it happened yet?" is judged
    /// by. Work dated "March 2017" may be recorded during March; a range or a day is
    /// recorded once it has ended.
    fn known_by(&self) -> NaiveDate {
        match self {
            Self::InMonth(_) | Self::InYear(_) => self.start(),
            Self::On(_) | Self::Between(_) => self.end(),
        }
    }

    /// Reads a date, a month, a year or a range and checks it against `horizon`.
    pub(crate) fn read(value: &Value, at: &mut Cursor, horizon: Horizon) -> Option<Self> {
        let occurred = match value {
            Value::String(raw) => at.check(Self::parse_text(raw))?,
            Value::Object(_) => {
                let mut object = Object::open(value, at)?;
                let from = object.required_with(at, "from", DATE_EXPECTED, read_date);
                let to = object.required_with(at, "to", DATE_EXPECTED, read_date);
                object.finish(at);
                Self::Between(at.check(DateRange::parse(from?, to?))?)
            }
            other => {
                at.reject(Invalid::new(
                    format!(
                        "must be a date, a month, a year or a range, not {}",
                        kind_of(other)
                    ),
                    format!("give {OCCURRED_EXPECTED}"),
                ));
                return None;
            }
        };
        let checked = match horizon {
            Horizon::Past => occurred.known_by(),
            Horizon::Plan => occurred.end(),
        };
        at.check(horizon.check(checked, at.ctx()))?;
        Some(occurred)
    }

    /// Reads the text forms, strictly: `YYYY-MM-DD`, `YYYY-MM` or `YYYY`.
    pub fn parse_text(raw: &str) -> Result<Self, Invalid> {
        let digits_at = |positions: &[usize]| {
            raw.char_indices().all(|(i, c)| {
                if positions.contains(&i) {
                    c == '-'
                } else {
                    c.is_ascii_digit()
                }
            })
        };
        let number = |range: std::ops::Range<usize>| raw[range].parse::<u32>().ok();
        let refused = || {
            Invalid::new(
                format!("{} is not a date, a month or a year", quoted(raw)),
                format!("give {OCCURRED_EXPECTED}"),
            )
        };
        match raw.len() {
            10 => parse_date(raw).map(Self::On),
            7 if digits_at(&[4]) => match (number(0..4), number(5..7)) {
                (Some(year), Some(month)) => Month::parse(year as i32, month).map(Self::InMonth),
                _ => Err(refused()),
            },
            4 if digits_at(&[]) => match number(0..4) {
                Some(year) => Year::parse(i64::from(year)).map(Self::InYear),
                None => Err(refused()),
            },
            _ => Err(refused()),
        }
    }
}

fn first_of_year(year: Year) -> NaiveDate {
    NaiveDate::from_ymd_opt(year.get(), 1, 1).expect("1 January is a date")
}

impl fmt::Display for Occurred {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::On(date) => write!(f, "{date}"),
            Self::InMonth(month) => write!(f, "{}", month.first.format("%Y-%m")),
            Self::InYear(year) => write!(f, "{year}"),
            Self::Between(range) => write!(f, "{}–{}", range.from, range.to),
        }
    }
}

impl Serialize for Occurred {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Between(range) => range.serialize(serializer),
            _ => serializer.collect_str(self),
        }
    }
}

impl schemars::JsonSchema for Occurred {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Occurred".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let range = generator.subschema_for::<DateRange>();
        schemars::json_schema!({
            "description": "When something happened (or is planned), as precise as the source: a day \"2017-07-15\", a month \"2017-03\", a year \"2017\", or an inclusive range {\"from\", \"to\"}. A month, year or range means \"on one or more days of it\".",
            "anyOf": [
                {"type": "string", "format": "date"},
                {"type": "string", "pattern": "^[0-9]{4}-(0[1-9]|1[0-2])$"},
                {"type": "string", "pattern": "^[0-9]{4}$"},
                range
            ]
        })
    }
}

pub(crate) const OCCURRED_EXPECTED: &str =
    "a date \"2017-07-15\", a month \"2017-03\", a year \"2017\" \
     or a range {\"from\": \"2017-05-01\", \"to\": \"2017-05-31\"}";

const MONTH_EXPECTED: &str = "a month as YYYY-MM, e.g. \"2017-03\"";

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
    at.check(parse_date(raw))
}

fn parse_date(raw: &str) -> Result<NaiveDate, Invalid> {
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
        Some(date) if date >= EARLIEST_DATE => Ok(date),
        Some(date) => Err(Invalid::new(
            format!("{date} is before {EARLIEST_DATE}"),
            "check the year",
        )),
        None => Err(Invalid::new(
            format!("{} is not a date", quoted(raw)),
            format!("give {DATE_EXPECTED}"),
        )),
    }
}
