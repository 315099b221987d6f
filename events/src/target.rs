//! How much a commitment promises: a number of activities, a sum of one named
//! fact, an indicator value, ongoing work, or a one-off. The follow-up computes
//! a status against it.

use crate::error::Invalid;
use crate::fields::{string, Cursor, FromJson, Object};
use crate::key::Key;
use crate::numbers::Count;
use crate::snake_name::{FactName, NameOf, NAME_PATTERN};
use serde::{Serialize, Serializer};
use serde_json::{json, Value};

/// How much a commitment promises.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// At least this many activities per year, e.g. `{"per_year": 20}`.
    PerYear(Count),
    /// At least this sum of one fact of the completed activities per year, e.g.
    /// `{"fact": "controls", "at_least": 25}`: one record of 25 controls meets it.
    FactSum { fact: FactName, at_least: Count },
    /// The value of a defined indicator (`indicator_defined`), reaching its target
    /// value in its direction: `{"indicator": "<key>"}`.
    Indicator(Key),
    /// Ongoing work without a number (*löpande, kontinuerligt*): `"continuous"`.
    Continuous,
    /// To be done once in the period, e.g. an inquiry: `"once"`.
    Once,
}

const TARGET_EXPECTED: &str = "{\"per_year\": 20}, {\"fact\": \"controls\", \"at_least\": 25}, \
     {\"indicator\": \"<indicator key>\"}, \"continuous\" or \"once\"";

impl Target {
    /// The indicator the target names, if it is one.
    pub fn indicator(&self) -> Option<&Key> {
        match self {
            Self::Indicator(key) => Some(key),
            _ => None,
        }
    }

    fn read_object(value: &Value, at: &mut Cursor) -> Option<Self> {
        let mut object = Object::open(value, at)?;
        let target = if value.get("fact").is_some() || value.get("at_least").is_some() {
            let fact =
                object.required_with(at, "fact", "a fact name, e.g. \"controls\"", |v, at| {
                    let raw = string(v, at, "a fact name, e.g. \"controls\"")?;
                    let source = at.ctx().source();
                    at.check(FactName::parse_from(raw, NameOf::Fact, source))
                });
            let at_least = object.required(at, "at_least");
            Some(Self::FactSum {
                fact: fact?,
                at_least: at_least?,
            })
        } else if value.get("indicator").is_some() {
            object.required(at, "indicator").map(Self::Indicator)
        } else if value.get("per_year").is_some() {
            object.required(at, "per_year").map(Self::PerYear)
        } else {
            at.reject(Invalid::new(
                "names no kind of target",
                format!("give {TARGET_EXPECTED}"),
            ));
            return None;
        };
        object.finish(at);
        target
    }
}

impl FromJson for Target {
    fn expected() -> String {
        TARGET_EXPECTED.into()
    }

    fn from_json(value: &Value, at: &mut Cursor) -> Option<Self> {
        match value {
            Value::String(s) if s == "continuous" => Some(Self::Continuous),
            Value::String(s) if s == "once" => Some(Self::Once),
            Value::Object(_) => Self::read_object(value, at),
            _ => {
                at.reject(Invalid::new(
                    "is not a target",
                    format!("give {TARGET_EXPECTED}"),
                ));
                None
            }
        }
    }
}

impl Serialize for Target {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let value = match self {
            Self::PerYear(n) => json!({"per_year": n.get()}),
            Self::FactSum { fact, at_least } => {
                json!({"fact": fact.as_str(), "at_least": at_least.get()})
            }
            Self::Indicator(key) => json!({"indicator": key.as_str()}),
            Self::Continuous => json!("continuous"),
            Self::Once => json!("once"),
        };
        value.serialize(serializer)
    }
}

impl schemars::JsonSchema for Target {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Target".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let count = generator.subschema_for::<Count>();
        let key = generator.subschema_for::<Key>();
        schemars::json_schema!({
            "description": "How much a commitment promises; the follow-up's status is computed against it.",
            "oneOf": [
                {
                    "description": "At least this many completed activities per year.",
                    "type": "object",
                    "properties": {"per_year": count},
                    "required": ["per_year"],
                    "additionalProperties": false
                },
                {
                    "description": "At least this sum of one fact of the year's completed activities, e.g. {\"fact\": \"controls\", \"at_least\": 25}.",
                    "type": "object",
                    "properties": {
                        "fact": {"type": "string", "pattern": NAME_PATTERN},
                        "at_least": count
                    },
                    "required": ["fact", "at_least"],
                    "additionalProperties": false
                },
                {
                    "description": "The value of a defined indicator (indicator_defined) reaching its target value, in its direction.",
                    "type": "object",
                    "properties": {"indicator": key},
                    "required": ["indicator"],
                    "additionalProperties": false
                },
                {"description": "Ongoing work without a number.", "const": "continuous"},
                {"description": "Once in the period.", "const": "once"}
            ]
        })
    }
}
