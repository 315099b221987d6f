//! What a completed activity records, by kind (the table "Facts by kind" in this
//! crate's README.md). Every count is optional or may be "several": the system
//! records what the source says, never an invented number.

use crate::error::Invalid;
use crate::fields::{from_json_via_object, kind_of, Cursor, FromJson, Object};
use crate::kind::{ActivityKind, CustomKind, KNOWN_ACTIVITY_KINDS};
use crate::nonempty::NonEmpty;
use crate::numbers::{Quantity, Weeks};
use crate::party::Party;
use crate::snake_name::{FactName, NAME_PATTERN};
use crate::text::{Summary, Title};
use crate::word_enum::word_enum;
use schemars::JsonSchema;
use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};
use serde_json::{Map, Value};
use std::collections::BTreeMap;

word_enum! {
    /// What a traffic control looks at.
    TrafficFocus {
        /// Hastighet.
        Speed = "speed",
        /// Nykterhet: alcohol and drugs.
        Sobriety = "sobriety",
        /// Trafikbeteende.
        Behaviour = "behaviour",
    }
}

word_enum! {
    /// Why a traffic control took place.
    TrafficControlBasis {
        /// A targeted operation (riktad insats).
        Targeted = "targeted",
        /// Part of routine patrol (linjearbete).
        Routine = "routine",
        /// Following tips from the public (spaning och kontroll utifrån tips).
        Tips = "tips",
    }
}

word_enum! {
    /// What a test purchase tried to buy.
    TestPurchaseProduct {
        /// Öl, folköl.
        Beer = "beer",
        /// Tobak.
        Tobacco = "tobacco",
        /// E-cigaretter.
        ECigarettes = "e_cigarettes",
        /// Receptfria läkemedel.
        Medicines = "medicines",
    }
}

word_enum! {
    /// What happened to a policy or routine.
    PolicyAction {
        Adopted = "adopted",
        Revised = "revised",
    }
}

/// Trafikkontroll.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct TrafficControlFacts {
    pub focus: NonEmpty<TrafficFocus>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub basis: Option<TrafficControlBasis>,
    /// Control occasions.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub controls: Option<Quantity>,
    /// Vehicles or drivers checked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub checked: Option<Quantity>,
    /// Reports written (anmälningar, rapporter).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reported: Option<Quantity>,
}

impl TrafficControlFacts {
    fn read(object: &mut Object, at: &mut Cursor) -> Option<Self> {
        let focus = object.required(at, "focus");
        let basis = object.optional(at, "basis");
        let controls = object.optional(at, "controls");
        let checked = object.optional(at, "checked");
        let reported = object.optional(at, "reported");
        Some(Self {
            focus: focus?,
            basis: basis?,
            controls: controls?,
            checked: checked?,
            reported: reported?,
        })
    }
}

/// Översyn av trafikmiljö.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct TrafficEnvironmentReviewFacts {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub findings: Option<Summary>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub measures_decided: Option<Summary>,
}

impl TrafficEnvironmentReviewFacts {
    fn read(object: &mut Object, at: &mut Cursor) -> Option<Self> {
        let findings = object.optional(at, "findings");
        let measures_decided = object.optional(at, "measures_decided");
        Some(Self {
            findings: findings?,
            measures_decided: measures_decided?,
        })
    }
}

/// Alkoholtillsyn / restaurangtillsyn.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct LicensingInspectionFacts {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub premises_visited: Option<Quantity>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub remarks: Option<Quantity>,
}

impl LicensingInspectionFacts {
    fn read(object: &mut Object, at: &mut Cursor) -> Option<Self> {
        let premises_visited = object.optional(at, "premises_visited");
        let remarks = object.optional(at, "remarks");
        Some(Self {
            premises_visited: premises_visited?,
            remarks: remarks?,
        })
    }
}

/// Kontrollköp.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct TestPurchaseFacts {
    pub products: NonEmpty<TestPurchaseProduct>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outlets_tested: Option<Quantity>,
    /// Purchases where the outlet sold when it should have refused.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sales_made: Option<Quantity>,
}

impl TestPurchaseFacts {
    fn read(object: &mut Object, at: &mut Cursor) -> Option<Self> {
        let products = object.required(at, "products");
        let outlets_tested = object.optional(at, "outlets_tested");
        let sales_made = object.optional(at, "sales_made");
        Some(Self {
            products: products?,
            outlets_tested: outlets_tested?,
            sales_made: sales_made?,
        })
    }
}

/// Allvarssamtal: a count only, never who (OSL 26 kap).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct SeriousTalkFacts {
    pub talks: Quantity,
}

impl SeriousTalkFacts {
    fn read(object: &mut Object, at: &mut Cursor) -> Option<Self> {
        let talks = object.required(at, "talks");
        Some(Self { talks: talks? })
    }
}

/// Riktad insats.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct TargetedOperationFacts {
    /// E.g. "ungdomar och narkotika".
    pub theme: Title,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub duration_weeks: Option<Weeks>,
}

impl TargetedOperationFacts {
    fn read(object: &mut Object, at: &mut Cursor) -> Option<Self> {
        let theme = object.required(at, "theme");
        let duration_weeks = object.optional(at, "duration_weeks");
        Some(Self {
            theme: theme?,
            duration_weeks: duration_weeks?,
        })
    }
}

/// Informationsmaterial sent or handed out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct InformationMaterialFacts {
    /// E.g. "Tonårsparlören".
    pub material: Title,
    /// E.g. "vårdnadshavare till ungdomar som fyller 14 år under 2017".
    pub audience: Title,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recipients: Option<Quantity>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub publisher: Option<Title>,
}

impl InformationMaterialFacts {
    fn read(object: &mut Object, at: &mut Cursor) -> Option<Self> {
        let material = object.required(at, "material");
        let audience = object.required(at, "audience");
        let recipients = object.optional(at, "recipients");
        let publisher = object.optional(at, "publisher");
        Some(Self {
            material: material?,
            audience: audience?,
            recipients: recipients?,
            publisher: publisher?,
        })
    }
}

/// A policy adopted or a routine revised.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct PolicyOrRoutineFacts {
    pub document: Title,
    pub action: PolicyAction,
    /// The organisations the document binds.
    pub organisations: NonEmpty<Party>,
    /// Where it is published, e.g. "hagfors.se".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub published_at: Option<Title>,
}

impl PolicyOrRoutineFacts {
    fn read(object: &mut Object, at: &mut Cursor) -> Option<Self> {
        let document = object.required(at, "document");
        let action = object.required(at, "action");
        let organisations = object.required(at, "organisations");
        let published_at = object.optional(at, "published_at");
        Some(Self {
            document: document?,
            action: action?,
            organisations: organisations?,
            published_at: published_at?,
        })
    }
}

/// Samverkansmöte.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct CoordinationMeetingFacts {
    /// The organisations present.
    pub organisations: NonEmpty<Party>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub meetings: Option<Quantity>,
}

impl CoordinationMeetingFacts {
    fn read(object: &mut Object, at: &mut Cursor) -> Option<Self> {
        let organisations = object.required(at, "organisations");
        let meetings = object.optional(at, "meetings");
        Some(Self {
            organisations: organisations?,
            meetings: meetings?,
        })
    }
}

/// Utredning.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct InquiryFacts {
    /// E.g. "rökfri skoltid".
    pub subject: Title,
    /// E.g. "huvudmannanivå".
    pub level: Title,
}

impl InquiryFacts {
    fn read(object: &mut Object, at: &mut Cursor) -> Option<Self> {
        let subject = object.required(at, "subject");
        let level = object.required(at, "level");
        Some(Self {
            subject: subject?,
            level: level?,
        })
    }
}

/// Trygghetsvandring, nattvandring, medborgardialog: how many took part.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct ParticipationFacts {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub participants: Option<Quantity>,
}

impl ParticipationFacts {
    fn read(object: &mut Object, at: &mut Cursor) -> Option<Self> {
        let participants = object.optional(at, "participants");
        Some(Self {
            participants: participants?,
        })
    }
}

/// Up to this many generic counts and texts each.
pub const MAX_GENERIC_FACTS: usize = 20;

/// Facts of a kind this build has no types for: named counts and short texts. A fact
/// name is snake_case and must not hold a personnummer or samordningsnummer among its
/// digits.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct GenericFacts {
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    #[schemars(with = "BTreeMap<String, Quantity>")]
    pub counts: BTreeMap<FactName, Quantity>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    #[schemars(with = "BTreeMap<String, Title>")]
    pub texts: BTreeMap<FactName, Title>,
}

impl GenericFacts {
    fn read(object: &mut Object, at: &mut Cursor) -> Option<Self> {
        let counts = object.optional_with(at, "counts", read_named);
        let texts = object.optional_with(at, "texts", read_named);
        Some(Self {
            counts: counts?.unwrap_or_default(),
            texts: texts?.unwrap_or_default(),
        })
    }
}

fn read_named<V: FromJson>(value: &Value, at: &mut Cursor) -> Option<BTreeMap<FactName, V>> {
    let Value::Object(map) = value else {
        at.reject(Invalid::new(
            format!("must be an object, not {}", kind_of(value)),
            "give named values, e.g. {\"participants\": 12}",
        ));
        return None;
    };
    if map.len() > MAX_GENERIC_FACTS {
        at.reject(Invalid::new(
            format!("has {} entries, more than {MAX_GENERIC_FACTS}", map.len()),
            "keep the facts that matter for the follow-up",
        ));
        return None;
    }
    let mut parsed = BTreeMap::new();
    let mut all_valid = true;
    for (name, raw) in map {
        let mut at_entry = at.entry(name);
        let source = at_entry.ctx().source();
        let name = at_entry.check(FactName::parse_from(name, source));
        match (name, V::from_json(raw, &mut at_entry)) {
            (Some(name), Some(value)) => {
                parsed.insert(name, value);
            }
            _ => all_valid = false,
        }
    }
    all_valid.then_some(parsed)
}

from_json_via_object!(TrafficControlFacts, "traffic control facts");
from_json_via_object!(TrafficEnvironmentReviewFacts, "review facts");
from_json_via_object!(LicensingInspectionFacts, "inspection facts");
from_json_via_object!(TestPurchaseFacts, "test purchase facts");
from_json_via_object!(SeriousTalkFacts, "{\"talks\": 4}");
from_json_via_object!(TargetedOperationFacts, "operation facts");
from_json_via_object!(InformationMaterialFacts, "material facts");
from_json_via_object!(PolicyOrRoutineFacts, "policy facts");
from_json_via_object!(CoordinationMeetingFacts, "meeting facts");
from_json_via_object!(InquiryFacts, "inquiry facts");
from_json_via_object!(ParticipationFacts, "participation facts");
from_json_via_object!(GenericFacts, "generic facts with counts and texts");

/// The table of known kinds, written once: each kind's report variant (named
/// as its [`ActivityKind`]) and the type of its facts. The report type, its
/// `kind`, the reading of its facts, its `Serialize` and the variants of its
/// JSON Schema are all derived from it, so they cannot disagree.
macro_rules! known_reports {
    ($($kind:ident($facts:ty),)*) => {
        /// The kind of a completed activity together with its facts; the pairing is the
        /// invariant (a serious talk always has a talk count), so they live in one type.
        /// Serialised as two fields of the event: `"kind"` and `"facts"`.
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub enum ActivityReport {
            $($kind($facts),)*
            Other {
                kind: CustomKind,
                facts: GenericFacts,
            },
        }

        impl ActivityReport {
            pub fn kind(&self) -> ActivityKind {
                match self {
                    $(Self::$kind(_) => ActivityKind::$kind,)*
                    Self::Other { kind, .. } => ActivityKind::Other(kind.clone()),
                }
            }

            fn read_facts(kind: ActivityKind, facts: &Value, at: &mut Cursor) -> Option<Self> {
                match kind {
                    $(ActivityKind::$kind => FromJson::from_json(facts, at).map(Self::$kind),)*
                    ActivityKind::Other(kind) => {
                        GenericFacts::from_json(facts, at).map(|facts| Self::Other { kind, facts })
                    }
                }
            }

            fn serialize_facts<M: SerializeMap>(&self, map: &mut M) -> Result<(), M::Error> {
                match self {
                    $(Self::$kind(facts) => map.serialize_entry("facts", facts),)*
                    Self::Other { facts, .. } => map.serialize_entry("facts", facts),
                }
            }

            /// Per known kind, its name and the schema of its facts.
            fn known_schemas(
                generator: &mut schemars::SchemaGenerator,
            ) -> Vec<(&'static str, schemars::Schema)> {
                vec![$((ActivityKind::$kind.as_str(), generator.subschema_for::<$facts>()),)*]
            }
        }
    };
}

known_reports! {
    TrafficControl(TrafficControlFacts),
    TrafficEnvironmentReview(TrafficEnvironmentReviewFacts),
    LicensingInspection(LicensingInspectionFacts),
    TestPurchase(TestPurchaseFacts),
    SeriousTalk(SeriousTalkFacts),
    TargetedOperation(TargetedOperationFacts),
    InformationMaterial(InformationMaterialFacts),
    PolicyOrRoutine(PolicyOrRoutineFacts),
    CoordinationMeeting(CoordinationMeetingFacts),
    Inquiry(InquiryFacts),
    SafetyWalk(ParticipationFacts),
    CitizenDialogue(ParticipationFacts),
}

impl ActivityReport {
    /// Reads `kind` and `facts` from an event's fields. Facts may be left out when
    /// every fact of the kind is optional.
    pub(crate) fn read(object: &mut Object, at: &mut Cursor) -> Option<Self> {
        let kind = object.required::<ActivityKind>(at, "kind");
        let facts = object.raw("facts");
        // Without a valid kind there is nothing to check the facts against; a
        // correction that changes neither has nothing to check at all.
        let kind = kind?;
        if facts.is_none() && object.is_partial() {
            return None;
        }
        let no_facts = Value::Object(Map::new());
        let facts = facts.unwrap_or(&no_facts);
        Self::read_facts(kind, facts, &mut at.field("facts"))
    }
}

impl Serialize for ActivityReport {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(2))?;
        map.serialize_entry("kind", self.kind().as_str())?;
        self.serialize_facts(&mut map)?;
        map.end()
    }
}

impl JsonSchema for ActivityReport {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "ActivityReport".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let known = |kind: &str, facts: schemars::Schema| {
            serde_json::json!({
                "properties": { "kind": { "const": kind }, "facts": facts }
            })
        };
        let mut variants: Vec<Value> = Self::known_schemas(generator)
            .into_iter()
            .map(|(kind, facts)| known(kind, facts))
            .collect();
        variants.push(serde_json::json!({
            "properties": {
                "kind": { "not": { "enum": ActivityKind::known_names() } },
                "facts": generator.subschema_for::<GenericFacts>()
            }
        }));
        debug_assert_eq!(variants.len(), KNOWN_ACTIVITY_KINDS.len() + 1);
        schemars::json_schema!({
            "type": "object",
            "properties": {
                "kind": {
                    "type": "string",
                    "pattern": NAME_PATTERN,
                    "description": "The activity kind; known kinds have typed facts, any \
                                    other snake_case kind takes generic facts. A kind \
                                    must not hold a personnummer or samordningsnummer \
                                    among its digits."
                },
                "facts": { "type": "object" }
            },
            "required": ["kind"],
            "oneOf": variants
        })
    }
}
