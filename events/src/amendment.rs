//! Fixing mistakes without rewriting history: a correction or a retraction is a new
//! event that points at an earlier one; views apply it and the audit trail shows both.

use crate::error::Invalid;
use crate::event_type::EventType;
use crate::fields::{kind_of, Cursor, Object};
use crate::text::Summary;
use schemars::JsonSchema;
use serde::Serialize;
use serde_json::{Map, Value};
use uuid::Uuid;

/// `correction`: replaces some top-level fields of an earlier event in the same stream.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Correction {
    /// The id of the corrected event.
    pub target: Uuid,
    /// Its type; must match the event the id points at.
    pub target_type: EventType,
    /// The corrected fields with their new values, e.g. `{"places": ["Ekshärad"]}`. Each
    /// is validated as that field of `target_type`.
    pub changes: CorrectedFields,
    pub reason: Summary,
}

/// Reads the changed fields of a correction as those fields of the target
/// type, reporting what is wrong through the cursor: the catalogue's reader
/// of event data, passed in so that this module need not know the catalogue
/// (which knows corrections).
pub(crate) type ReadFields = fn(EventType, &Value, &mut Cursor);

impl Correction {
    pub(crate) fn read(object: &mut Object, at: &mut Cursor, fields: ReadFields) -> Option<Self> {
        let target = object.required(at, "target");
        let target_type: Option<EventType> = object.required(at, "target_type");
        let changes = object.required_with(at, "changes", CHANGES_EXPECTED, |v, at| {
            CorrectedFields::read(v, at, target_type, fields)
        });
        let reason = object.required(at, "reason");
        if let Some(target_type) = target_type {
            if !target_type.is_correctable() {
                at.field("target_type").reject(Invalid::new(
                    format!("a {} cannot be corrected", target_type.as_str()),
                    "correct the original event instead, or retract it and record anew",
                ));
            }
        }
        Some(Self {
            target: target?,
            target_type: target_type?,
            changes: changes?,
            reason: reason?,
        })
    }
}

const CHANGES_EXPECTED: &str =
    "an object with the corrected fields, e.g. {\"places\": [\"Ekshärad\"]}";

/// The changed fields of a correction; each checked as that field of the target type.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(transparent)]
pub struct CorrectedFields(Map<String, Value>);

impl CorrectedFields {
    pub fn fields(&self) -> &Map<String, Value> {
        &self.0
    }

    fn read(
        value: &Value,
        at: &mut Cursor,
        target_type: Option<EventType>,
        fields: ReadFields,
    ) -> Option<Self> {
        let Value::Object(map) = value else {
            at.reject(Invalid::new(
                format!("must be an object, not {}", kind_of(value)),
                format!("give {CHANGES_EXPECTED}"),
            ));
            return None;
        };
        if map.is_empty() {
            at.reject(Invalid::new(
                "corrects nothing",
                format!("give {CHANGES_EXPECTED}"),
            ));
            return None;
        }
        let target_type = target_type.filter(|t| t.is_correctable())?;
        let errors_before = at.error_count();
        for key in map.keys() {
            if target_type.identity_fields().contains(&key.as_str()) {
                at.field(key).reject(Invalid::new(
                    format!(
                        "identifies the {} and cannot be corrected",
                        target_type.as_str()
                    ),
                    "retract the event and record a new one",
                ));
            }
        }
        // Missing fields are fine here: only the changed ones are given.
        fields(target_type, value, at);
        (at.error_count() == errors_before).then(|| Self(map.clone()))
    }
}

/// `retraction`: an earlier event in the same stream should not have been recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Retraction {
    /// The id of the retracted event.
    pub target: Uuid,
    pub reason: Summary,
}

impl Retraction {
    pub(crate) fn read(object: &mut Object, at: &mut Cursor) -> Option<Self> {
        let target = object.required(at, "target");
        let reason = object.required(at, "reason");
        Some(Self {
            target: target?,
            reason: reason?,
        })
    }
}
