//! Counts and other numbers: never negative, never absurd, and "several" when the
//! source says no more than that.

use crate::error::Invalid;
use crate::fields::{integer, kind_of, Cursor, FromJson};
use serde::{Serialize, Serializer};
use serde_json::Value;
use std::fmt;

/// Defines a whole-number newtype in `0..=MAX` read from a JSON integer.
macro_rules! bounded_whole_number {
    ($(#[$doc:meta])* $name:ident($inner:ty), max: $max:expr, expected: $expected:expr) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
        #[serde(transparent)]
        pub struct $name($inner);

        impl $name {
            pub const MAX: $inner = $max;

            pub fn parse(raw: i64) -> Result<Self, Invalid> {
                if raw < 0 {
                    return Err(Invalid::new(
                        format!("{} is negative", $crate::privacy::redact_identity_numbers(&raw.to_string())),
                        concat!("give ", $expected),
                    ));
                }
                match <$inner>::try_from(raw) {
                    Ok(value) if value <= Self::MAX => Ok(Self(value)),
                    _ => Err(Invalid::new(
                        format!(
                            "{} is more than {}, the most accepted",
                            $crate::privacy::redact_identity_numbers(&raw.to_string()),
                            Self::MAX
                        ),
                        concat!("check the number; give ", $expected),
                    )),
                }
            }

            pub fn get(self) -> $inner {
                self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}", self.0)
            }
        }

        impl FromJson for $name {
            fn expected() -> String {
                $expected.into()
            }

            fn from_json(value: &Value, at: &mut Cursor) -> Option<Self> {
                let raw = integer(value, at, $expected)?;
                at.check(Self::parse(raw))
            }
        }

        impl schemars::JsonSchema for $name {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                stringify!($name).into()
            }

            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                schemars::json_schema!({
                    "type": "integer",
                    "minimum": 0,
                    "maximum": $max,
                    "description": concat!("A whole number: ", $expected, ".")
                })
            }
        }
    };
}

bounded_whole_number! {
    /// How many of something: controls, outlets, talks, recipients.
    Count(u32), max: 1_000_000, expected: "a whole number from 0 to 1000000"
}

bounded_whole_number! {
    /// Staff hours spent, in whole hours.
    Hours(u32), max: 100_000, expected: "whole hours from 0 to 100000"
}

bounded_whole_number! {
    /// Cost in whole Swedish kronor.
    CostSek(u64), max: 1_000_000_000, expected: "whole kronor from 0 to 1000000000"
}

bounded_whole_number! {
    /// A length in weeks, e.g. of a targeted operation.
    Weeks(u32), max: 104, expected: "a number of weeks from 0 to 104"
}

bounded_whole_number! {
    /// A length in days.
    Days(u32), max: 730, expected: "a number of days from 0 to 730"
}

bounded_whole_number! {
    /// A length in months.
    Months(u32), max: 24, expected: "a number of months from 0 to 24"
}

/// A count as the source gives it: an exact number, "at least N" (*drygt trettio*),
/// or only "several" (*flertalet*). Inventing a number where the source has none
/// would falsify the follow-up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quantity {
    Exactly(Count),
    /// At least this many; the source gives no upper bound.
    AtLeast(Count),
    Several,
}

const QUANTITY_EXPECTED: &str =
    "a whole number from 0 to 1000000, {\"at_least\": <number>} or \"several\"";

impl Quantity {
    /// The number, when the source gives it exactly.
    pub fn exact(self) -> Option<u32> {
        match self {
            Self::Exactly(count) => Some(count.get()),
            Self::AtLeast(_) | Self::Several => None,
        }
    }

    /// The least the source vouches for: the number, the lower bound, or 0 for "several".
    pub fn lower_bound(self) -> u32 {
        match self {
            Self::Exactly(count) | Self::AtLeast(count) => count.get(),
            Self::Several => 0,
        }
    }

    /// A quantity as stored by this build (already checked): `None` for any other value.
    pub(crate) fn of_stored(value: &Value) -> Option<Self> {
        let count = |v: &Value| v.as_i64().and_then(|n| Count::parse(n).ok());
        match value {
            Value::String(s) if s == "several" => Some(Self::Several),
            Value::Object(map) if map.len() == 1 => {
                map.get("at_least").and_then(count).map(Self::AtLeast)
            }
            other => count(other).map(Self::Exactly),
        }
    }

    fn read_at_least(map: &serde_json::Map<String, Value>, at: &mut Cursor) -> Option<Self> {
        match map.get("at_least") {
            Some(bound) if map.len() == 1 => {
                Count::from_json(bound, &mut at.field("at_least")).map(Self::AtLeast)
            }
            _ => {
                at.reject(Invalid::new(
                    "is an object but not {\"at_least\": <number>}",
                    format!("give {QUANTITY_EXPECTED}"),
                ));
                None
            }
        }
    }
}

impl Serialize for Quantity {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        match self {
            Self::Exactly(count) => count.serialize(serializer),
            Self::AtLeast(count) => {
                let mut map = serializer.serialize_map(Some(1))?;
                map.serialize_entry("at_least", count)?;
                map.end()
            }
            Self::Several => serializer.serialize_str("several"),
        }
    }
}

impl FromJson for Quantity {
    fn expected() -> String {
        QUANTITY_EXPECTED.into()
    }

    fn from_json(value: &Value, at: &mut Cursor) -> Option<Self> {
        match value {
            Value::String(s) if s == "several" => Some(Self::Several),
            Value::Number(_) => Count::from_json(value, at).map(Self::Exactly),
            Value::Object(map) => Self::read_at_least(map, at),
            other => {
                at.reject(Invalid::new(
                    format!("{} is not a count", describe(other)),
                    format!("give {QUANTITY_EXPECTED}; leave the field out if unknown"),
                ));
                None
            }
        }
    }
}

fn describe(value: &Value) -> String {
    match value {
        Value::String(s) => crate::privacy::quoted(s),
        other => kind_of(other).to_owned(),
    }
}

impl schemars::JsonSchema for Quantity {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Quantity".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let count = generator.subschema_for::<Count>();
        schemars::json_schema!({
            "description": "An exact count; {\"at_least\": N} when the source gives only a \
                            lower bound (\"drygt trettio\"); or \"several\" when it gives \
                            no number.",
            "anyOf": [
                count,
                {
                    "type": "object",
                    "properties": {"at_least": count},
                    "required": ["at_least"],
                    "additionalProperties": false
                },
                {"const": "several"}
            ]
        })
    }
}

/// A measured value of an indicator; any finite number (shares, rates, changes).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(transparent)]
pub struct IndicatorValue(f64);

impl IndicatorValue {
    pub fn parse(raw: f64) -> Result<Self, Invalid> {
        if raw.is_finite() {
            Ok(Self(raw))
        } else {
            Err(Invalid::new(
                "is not a finite number",
                "give a number, e.g. 12.5",
            ))
        }
    }

    pub fn get(self) -> f64 {
        self.0
    }
}

impl FromJson for IndicatorValue {
    fn expected() -> String {
        "a number, e.g. 12.5".into()
    }

    fn from_json(value: &Value, at: &mut Cursor) -> Option<Self> {
        match value.as_f64() {
            Some(raw) => at.check(Self::parse(raw)),
            None => {
                at.reject(Invalid::new(
                    format!("must be a number, not {}", kind_of(value)),
                    "give a number, e.g. 12.5",
                ));
                None
            }
        }
    }
}

impl schemars::JsonSchema for IndicatorValue {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "IndicatorValue".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({"type": "number"})
    }
}
