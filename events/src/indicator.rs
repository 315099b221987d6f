//! Result indicators: `indicator_defined` says once what is measured, how, from
//! what baseline, towards what target (if one is stated) and which way is
//! better;
//! `indicator_measured` records a value of a defined indicator for a period.

use crate::error::Invalid;
use crate::fields::Source;
use crate::fields::{from_json_via_object, Cursor, Object};
use crate::key::Key;
use crate::numbers::IndicatorValue;
use crate::occurred::{Horizon, Occurred, Year, OCCURRED_EXPECTED};
use crate::text::{PublicText, Title};
use crate::word_enum::word_enum;
use schemars::JsonSchema;
use serde::Serialize;

word_enum! {
    /// Which way an indicator should go.
    Direction {
        /// E.g. reported crimes, the share who feel unsafe.
        LowerIsBetter = "lower_is_better",
        /// E.g. the share who feel safe.
        HigherIsBetter = "higher_is_better",
    }
}

impl Direction {
    /// Whether going from `from` to `to` is going the right way (no change is not).
    pub fn improves(self, from: f64, to: f64) -> bool {
        match self {
            Self::LowerIsBetter => to < from,
            Self::HigherIsBetter => to > from,
        }
    }

    /// Whether `value` reaches `target` in this direction.
    pub fn reaches(self, value: f64, target: f64) -> bool {
        match self {
            Self::LowerIsBetter => value <= target,
            Self::HigherIsBetter => value >= target,
        }
    }
}

/// The value an indicator is measured from, and the year it was measured.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Baseline {
    pub year: Year,
    pub value: IndicatorValue,
}

impl Baseline {
    fn read(object: &mut Object, at: &mut Cursor) -> Option<Self> {
        let year = object.required(at, "year");
        let value = object.required(at, "value");
        Some(Self {
            year: year?,
            value: value?,
        })
    }
}

from_json_via_object!(Baseline, "{\"year\": 2016, \"value\": 71.5}");

/// `indicator_defined`: an indicator of the agreement's result, defined once.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct IndicatorDefined {
    /// Unique within the agreement; measurements and targets refer to it.
    pub key: Key,
    /// E.g. "Andel som känner sig trygga i centrum på kvällen".
    pub name: Title,
    /// E.g. "procent", "antal anmälda brott".
    pub unit: Title,
    /// E.g. "Polisens trygghetsmätning", "NTU", "anmälda brott".
    pub source: Title,
    /// The focus area it follows.
    pub focus_area: Key,
    /// The commitment under that focus area it follows, if one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub commitment: Option<Key>,
    pub baseline: Baseline,
    /// The value aimed at, reached when the value is at it or beyond it in
    /// `direction`. Optional: a published follow-up may give a series and
    /// its direction but no target value; the follow-up then judges no
    /// target, and still shows the series and the change from the baseline.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<IndicatorValue>,
    pub direction: Direction,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<PublicText>,
}

impl IndicatorDefined {
    pub(crate) fn read(object: &mut Object, at: &mut Cursor) -> Option<Self> {
        let key = object.required(at, "key");
        let name = object.required(at, "name");
        let unit = object.required(at, "unit");
        let source = object.required(at, "source");
        let focus_area = object.required(at, "focus_area");
        let commitment = object.optional(at, "commitment");
        let baseline = object.required(at, "baseline");
        let target = object.optional(at, "target");
        let direction = object.required(at, "direction");
        let description = object.optional(at, "description");
        Some(Self {
            key: key?,
            name: name?,
            unit: unit?,
            source: source?,
            focus_area: focus_area?,
            commitment: commitment?,
            baseline: baseline?,
            target: target?,
            direction: direction?,
            description: description?,
        })
    }
}

/// A measurement recorded before indicators were defined (schema version 1): it
/// names what it measures itself. Kept readable and shown; new measurements
/// name a defined indicator instead.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct UnlinkedIndicator {
    pub name: Title,
    pub unit: Title,
    pub source: Title,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub focus_area: Option<Key>,
}

impl UnlinkedIndicator {
    /// Reads it whole, or in a correction's changes (`partial`) only the
    /// fields given: a correction replaces those alone
    /// (`EventType::merged_fields`).
    fn read_in(value: &serde_json::Value, at: &mut Cursor, partial: bool) -> Option<Self> {
        let mut object = if partial {
            Object::open_partial(value, at)?
        } else {
            Object::open(value, at)?
        };
        let parsed = Self::read(&mut object, at);
        object.finish(at);
        parsed
    }

    fn read(object: &mut Object, at: &mut Cursor) -> Option<Self> {
        let name = object.required(at, "name");
        let unit = object.required(at, "unit");
        let source = object.required(at, "source");
        let focus_area = object.optional(at, "focus_area");
        Some(Self {
            name: name?,
            unit: unit?,
            source: source?,
            focus_area: focus_area?,
        })
    }
}

from_json_via_object!(
    UnlinkedIndicator,
    "{\"name\": \"…\", \"unit\": \"procent\", \"source\": \"…\"}"
);

/// `indicator_measured`: a value of an indicator for a period.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct IndicatorMeasured {
    /// The key of a defined indicator of this agreement (`indicator_defined`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub indicator: Option<Key>,
    /// Only in measurements recorded before indicators were defined (upcast from
    /// version 1); refused in new events.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unlinked: Option<UnlinkedIndicator>,
    pub value: IndicatorValue,
    /// The period measured: a date or a range.
    pub period: Occurred,
}

impl IndicatorMeasured {
    pub(crate) fn read(object: &mut Object, at: &mut Cursor) -> Option<Self> {
        let indicator: Option<Option<Key>> = object.optional(at, "indicator");
        let partial = object.is_partial();
        let unlinked: Option<Option<UnlinkedIndicator>> =
            object.optional_with(at, "unlinked", |v, at| {
                UnlinkedIndicator::read_in(v, at, partial)
            });
        let value = object.required(at, "value");
        let period = object.required_with(at, "period", OCCURRED_EXPECTED, |v, at| {
            Occurred::read(v, at, Horizon::Past)
        });
        let incoming = at.ctx().source() == Source::Incoming;
        match (&indicator, &unlinked) {
            (Some(None), Some(None)) if !object.is_partial() => {
                at.field("indicator").reject(Invalid::new(
                    "is required but missing",
                    "give the key of an indicator of the agreement (indicator_defined)",
                ))
            }
            (Some(Some(_)), Some(Some(_))) => at.field("unlinked").reject(Invalid::new(
                "cannot be given with indicator",
                "give only indicator, the key of a defined indicator",
            )),
            // Given at all (parsed or not): a new event may not have it.
            (_, Some(Some(_)) | None) if incoming => at.field("unlinked").reject(Invalid::new(
                "is kept only for measurements recorded before indicators were defined",
                "define the indicator first (indicator_defined) and give its key as indicator",
            )),
            _ => {}
        }
        Some(Self {
            indicator: indicator?,
            unlinked: unlinked?,
            value: value?,
            period: period?,
        })
    }
}
