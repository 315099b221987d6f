//! The parts of a traffic control's outcome that are more than one count:
//! reports by offence, and whether a speed camera was used.

use crate::fields::{from_json_via_object, Cursor, FromJson, Object};
use crate::labels::{FactLabel, Labelled, Measure};
use crate::numbers::Quantity;
use schemars::JsonSchema;
use serde::{Serialize, Serializer};
use serde_json::Value;

/// Reports of a traffic control by offence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct OffenceReports {
    /// Rattfylleri.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub drunk_driving: Option<Quantity>,
    /// Drograttfylleri.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub drugged_driving: Option<Quantity>,
    /// Olovlig körning.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unlicensed_driving: Option<Quantity>,
    /// Hastighetsöverträdelse.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub speeding: Option<Quantity>,
    /// Any other offence.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub other: Option<Quantity>,
}

impl OffenceReports {
    fn read(object: &mut Object, at: &mut Cursor) -> Option<Self> {
        let drunk_driving = object.optional(at, "drunk_driving");
        let drugged_driving = object.optional(at, "drugged_driving");
        let unlicensed_driving = object.optional(at, "unlicensed_driving");
        let speeding = object.optional(at, "speeding");
        let other = object.optional(at, "other");
        Some(Self {
            drunk_driving: drunk_driving?,
            drugged_driving: drugged_driving?,
            unlicensed_driving: unlicensed_driving?,
            speeding: speeding?,
            other: other?,
        })
    }
}

impl Labelled for OffenceReports {
    const FACTS: &'static [FactLabel] = &[
        FactLabel::new("drunk_driving", "rapporter om rattfylleri", Measure::Count)
            .one("rapport om rattfylleri"),
        FactLabel::new(
            "drugged_driving",
            "rapporter om drograttfylleri",
            Measure::Count,
        )
        .one("rapport om drograttfylleri"),
        FactLabel::new(
            "unlicensed_driving",
            "rapporter om olovlig körning",
            Measure::Count,
        )
        .one("rapport om olovlig körning"),
        FactLabel::new(
            "speeding",
            "rapporter om hastighetsöverträdelse",
            Measure::Count,
        )
        .one("rapport om hastighetsöverträdelse"),
        FactLabel::new("other", "rapporter om andra brott", Measure::Count)
            .one("rapport om annat brott"),
    ];
}

/// A mobile speed camera: used or not (`true`/`false`), or in how many controls.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CameraUse {
    Used(bool),
    Controls(Quantity),
}

impl FromJson for CameraUse {
    fn expected() -> String {
        format!("true, false or {}", Quantity::expected())
    }

    fn from_json(value: &Value, at: &mut Cursor) -> Option<Self> {
        match value {
            Value::Bool(used) => Some(Self::Used(*used)),
            other => Quantity::from_json(other, at).map(Self::Controls),
        }
    }
}

impl Serialize for CameraUse {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Used(used) => serializer.serialize_bool(*used),
            Self::Controls(quantity) => quantity.serialize(serializer),
        }
    }
}

impl JsonSchema for CameraUse {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "CameraUse".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "Whether a mobile speed camera was used, or in how many controls.",
            "anyOf": [{"type": "boolean"}, generator.subschema_for::<Quantity>()]
        })
    }
}

from_json_via_object!(OffenceReports, "reports by offence, e.g. {\"speeding\": 3}");
