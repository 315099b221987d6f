//! `commitment_assessed`: the coordinator's verdict on one commitment for one
//! year, as published follow-ups give it: uppfyllt, delvis uppfyllt or ej
//! uppfyllt, why it deviated, what was learned, and whether it goes on.

use crate::error::Invalid;
use crate::fields::{Cursor, FromJson, Object};
use crate::key::Key;
use crate::occurred::Year;
use crate::text::Summary;
use crate::word_enum::word_enum;
use schemars::JsonSchema;
use serde::{Serialize, Serializer};
use serde_json::{json, Value};

word_enum! {
    /// The assessed verdict on a commitment for a year.
    Verdict {
        /// *Uppfyllt*.
        Met = "met",
        /// *Delvis uppfyllt*.
        PartlyMet = "partly_met",
        /// *Ej uppfyllt*.
        NotMet = "not_met",
    }
}

/// Whether the commitment goes on the next year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Continuation {
    /// `"yes"`.
    Continues,
    /// `"no"`.
    Ends,
    /// `{"changed": "<what it becomes>"}`.
    Changed(Summary),
}

const CONTINUATION_EXPECTED: &str =
    "\"yes\", \"no\" or {\"changed\": \"what the commitment becomes\"}";

impl FromJson for Continuation {
    fn expected() -> String {
        CONTINUATION_EXPECTED.into()
    }

    fn from_json(value: &Value, at: &mut Cursor) -> Option<Self> {
        match value {
            Value::String(s) if s == "yes" => Some(Self::Continues),
            Value::String(s) if s == "no" => Some(Self::Ends),
            Value::Object(_) => {
                let mut object = Object::open(value, at)?;
                let changed = object.required(at, "changed");
                object.finish(at);
                changed.map(Self::Changed)
            }
            _ => {
                at.reject(Invalid::new(
                    "is not an answer to whether the commitment continues",
                    format!(
                        "give {CONTINUATION_EXPECTED}, or leave it out when the source \
                         does not say (ej angivet)"
                    ),
                ));
                None
            }
        }
    }
}

impl Serialize for Continuation {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Continues => json!("yes"),
            Self::Ends => json!("no"),
            Self::Changed(what) => json!({"changed": what.as_str()}),
        }
        .serialize(serializer)
    }
}

impl JsonSchema for Continuation {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Continuation".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let summary = generator.subschema_for::<Summary>();
        schemars::json_schema!({
            "description": "Whether the commitment continues the next year.",
            "oneOf": [
                {"const": "yes"},
                {"const": "no"},
                {
                    "type": "object",
                    "properties": {"changed": summary},
                    "required": ["changed"],
                    "additionalProperties": false
                }
            ]
        })
    }
}

/// `commitment_assessed`: a coordinator's assessment of a commitment for a year.
/// Once per commitment and year; a second opinion is a correction of the first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct CommitmentAssessed {
    /// The key of a commitment of this agreement.
    pub commitment: Key,
    /// The year assessed; within the agreement period.
    pub year: Year,
    pub verdict: Verdict,
    /// Why it was not met in full, e.g. a pandemic or a vacancy; required unless
    /// the verdict is `met`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deviation: Option<Summary>,
    /// What was learned.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lessons: Option<Summary>,
    /// Left out where the source does not say (*ej angivet*): a published
    /// follow-up often gives a verdict without saying what comes next.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub continues: Option<Continuation>,
}

impl CommitmentAssessed {
    pub(crate) fn read(object: &mut Object, at: &mut Cursor) -> Option<Self> {
        let commitment = object.required(at, "commitment");
        let year = object.required(at, "year");
        let verdict: Option<Verdict> = object.required(at, "verdict");
        let deviation: Option<Option<Summary>> = object.optional(at, "deviation");
        let lessons = object.optional(at, "lessons");
        let continues = object.optional(at, "continues");
        if let (Some(verdict), Some(None)) = (verdict, &deviation) {
            if verdict != Verdict::Met && !object.is_partial() {
                at.field("deviation").reject(Invalid::new(
                    format!("is required when the verdict is {}", verdict.as_str()),
                    "say why the commitment was not met in full, e.g. \"Vakans under våren.\"",
                ));
            }
        }
        Some(Self {
            commitment: commitment?,
            year: year?,
            verdict: verdict?,
            deviation: deviation?,
            lessons: lessons?,
            continues: continues?,
        })
    }
}
