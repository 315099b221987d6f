//! Kinds of activity. The set is open: known kinds get typed facts; any other
//! well-formed kind is accepted with generic facts, so a municipality with a new kind of
//! work needs no code change and old events never need migration.

use crate::error::Invalid;
use crate::fields::{from_json_via_str, Source};
use crate::snake_name::{CustomKind, NameOf, NAME_PATTERN};
use serde::{Serialize, Serializer};
use std::fmt;

/// A kind of activity, written as a snake_case name in the wire format.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ActivityKind {
    /// Trafikkontroll: speed, sobriety or behaviour.
    TrafficControl,
    /// Översyn av trafikmiljö.
    TrafficEnvironmentReview,
    /// Alkoholtillsyn / restaurangtillsyn.
    LicensingInspection,
    /// Kontrollköp of beer, tobacco, medicines.
    TestPurchase,
    /// Allvarssamtal with a youth and guardians; only ever a count.
    SeriousTalk,
    /// Riktad insats, e.g. six weeks on youth and narcotics.
    TargetedOperation,
    /// Informationsmaterial, e.g. Tonårsparlören sent to guardians.
    InformationMaterial,
    /// A policy adopted or a routine revised.
    PolicyOrRoutine,
    /// Samverkansmöte, e.g. SSPF (skola, socialtjänst, polis, fritid).
    CoordinationMeeting,
    /// Utredning, e.g. on smoke-free school time.
    Inquiry,
    /// Trygghetsvandring or nattvandring.
    SafetyWalk,
    /// Medborgardialog.
    CitizenDialogue,
    /// Any other kind; recorded with generic facts.
    Other(CustomKind),
}

/// The kinds with typed facts, in the order of the catalogue.
pub static KNOWN_ACTIVITY_KINDS: [ActivityKind; 12] = [
    ActivityKind::TrafficControl,
    ActivityKind::TrafficEnvironmentReview,
    ActivityKind::LicensingInspection,
    ActivityKind::TestPurchase,
    ActivityKind::SeriousTalk,
    ActivityKind::TargetedOperation,
    ActivityKind::InformationMaterial,
    ActivityKind::PolicyOrRoutine,
    ActivityKind::CoordinationMeeting,
    ActivityKind::Inquiry,
    ActivityKind::SafetyWalk,
    ActivityKind::CitizenDialogue,
];

impl ActivityKind {
    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        Self::parse_from(raw, Source::Incoming)
    }

    pub(crate) fn parse_from(raw: &str, source: Source) -> Result<Self, Invalid> {
        match KNOWN_ACTIVITY_KINDS.iter().find(|k| k.as_str() == raw) {
            Some(known) => Ok(known.clone()),
            None => CustomKind::parse_from(raw, NameOf::ActivityKind, source).map(Self::Other),
        }
    }

    pub fn as_str(&self) -> &str {
        match self {
            Self::TrafficControl => "traffic_control",
            Self::TrafficEnvironmentReview => "traffic_environment_review",
            Self::LicensingInspection => "licensing_inspection",
            Self::TestPurchase => "test_purchase",
            Self::SeriousTalk => "serious_talk",
            Self::TargetedOperation => "targeted_operation",
            Self::InformationMaterial => "information_material",
            Self::PolicyOrRoutine => "policy_or_routine",
            Self::CoordinationMeeting => "coordination_meeting",
            Self::Inquiry => "inquiry",
            Self::SafetyWalk => "safety_walk",
            Self::CitizenDialogue => "citizen_dialogue",
            Self::Other(custom) => custom.as_str(),
        }
    }

    pub(crate) fn known_names() -> Vec<&'static str> {
        KNOWN_ACTIVITY_KINDS
            .iter()
            .map(ActivityKind::as_str)
            .collect()
    }
}

impl fmt::Display for ActivityKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for ActivityKind {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl schemars::JsonSchema for ActivityKind {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "ActivityKind".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "pattern": NAME_PATTERN,
            "description": "A known kind with typed facts, or any other snake_case name \
                            (generic facts) that holds no personnummer or \
                            samordningsnummer among its digits.",
            "examples": ActivityKind::known_names()
        })
    }
}

const KIND_EXPECTED: &str = "a snake_case kind, e.g. \"traffic_control\" or \"night_walk\"";

from_json_via_str!(ActivityKind, KIND_EXPECTED, parse_from);
