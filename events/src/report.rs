//! A completed activity's kind and facts as one value ([`ActivityReport`]),
//! from the table of known kinds written once (`known_reports!`), and the
//! Swedish reading of its facts ([`LabelledFact`]).

use crate::custom_facts::GenericFacts;
use crate::error::Invalid;
use crate::facts::*;
use crate::fields::{Cursor, FromJson, Object};
use crate::kind::{ActivityKind, KNOWN_ACTIVITY_KINDS};
use crate::labels::{value_label, yes_no, FactLabel, KindLabel, Labelled, Measure};
use crate::numbers::Quantity;
use crate::snake_name::{CustomKind, NAME_PATTERN};
use crate::text::Title;
use schemars::JsonSchema;
use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};
use serde_json::{Map, Value};
use std::sync::LazyLock;

/// The table of known kinds, written once: each kind's report variant (named
/// as its [`ActivityKind`]) and the type of its facts. The report type, its
/// `kind`, the reading of its facts, its `Serialize` and the variants of its
/// JSON Schema are all derived from it, so they cannot disagree.
macro_rules! known_reports {
    ($($kind:ident($facts:ty) = $label:literal / $plural:literal,)*) => {
        /// The kind of a completed activity together with its facts; the pairing is the
        /// invariant (a serious talk always has a talk count), so they live in one type.
        /// Serialised as two fields of the event: `"kind"` and `"facts"`.
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub enum ActivityReport {
            $($kind($facts),)*
            Other {
                kind: CustomKind,
                /// Its Swedish name, e.g. "Riktad trafikinsats".
                label: Option<Title>,
                /// Its Swedish plural, after any number but 1, e.g.
                /// "riktade trafikinsatser"; without one, a count is written
                /// so that no plural is needed ("Båtsamverkan (2)").
                plural: Option<Title>,
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
                    ActivityKind::Other(kind) => GenericFacts::from_json(facts, at)
                        .map(|facts| Self::Other { kind, label: None, plural: None, facts }),
                }
            }

            fn serialize_facts<M: SerializeMap>(&self, map: &mut M) -> Result<(), M::Error> {
                match self {
                    $(Self::$kind(facts) => map.serialize_entry("facts", facts),)*
                    Self::Other { facts, .. } => map.serialize_entry("facts", facts),
                }
            }

            /// Per known kind, its facts as JSON and their labels.
            fn facts_and_labels(&self) -> Option<(Value, &'static [FactLabel])> {
                match self {
                    $(Self::$kind(facts) => Some((
                        serde_json::to_value(facts).unwrap_or_default(),
                        <$facts as Labelled>::FACTS,
                    )),)*
                    Self::Other { .. } => None,
                }
            }

            /// Per known kind, its name and the schema of its facts.
            fn known_schemas(
                generator: &mut schemars::SchemaGenerator,
            ) -> Vec<(&'static str, schemars::Schema)> {
                vec![$((ActivityKind::$kind.as_str(), generator.subschema_for::<$facts>()),)*]
            }
        }

        /// Every known kind with its Swedish name and its facts' labels, in the
        /// order of the catalogue.
        pub fn known_kinds() -> &'static [KindLabel] {
            static KINDS: LazyLock<Vec<KindLabel>> = LazyLock::new(|| {
                vec![$(KindLabel {
                    kind: static_name(&ActivityKind::$kind),
                    label: $label,
                    plural: $plural,
                    facts: <$facts as Labelled>::FACTS,
                },)*]
            });
            &KINDS
        }
    };
}

known_reports! {
    TrafficControl(TrafficControlFacts) = "trafikkontroll" / "trafikkontroller",
    TrafficEnvironmentReview(TrafficEnvironmentReviewFacts) =
        "översyn av trafikmiljö" / "översyner av trafikmiljö",
    LicensingInspection(LicensingInspectionFacts) = "alkoholtillsyn" / "alkoholtillsyner",
    TestPurchase(TestPurchaseFacts) = "kontrollköp" / "kontrollköp",
    SeriousTalk(SeriousTalkFacts) = "allvarssamtal" / "allvarssamtal",
    TargetedOperation(TargetedOperationFacts) = "riktad insats" / "riktade insatser",
    InformationMaterial(InformationMaterialFacts) = "informationsmaterial" / "informationsmaterial",
    PolicyOrRoutine(PolicyOrRoutineFacts) = "policy/rutin" / "policyer/rutiner",
    CoordinationMeeting(CoordinationMeetingFacts) = "samverkansmöte" / "samverkansmöten",
    Inquiry(InquiryFacts) = "utredning" / "utredningar",
    SafetyWalk(ParticipationFacts) = "trygghetsvandring" / "trygghetsvandringar",
    CitizenDialogue(ParticipationFacts) = "medborgardialog" / "medborgardialoger",
}

impl ActivityReport {
    /// Reads `kind` and `facts` from an event's fields. Facts may be left out when
    /// every fact of the kind is optional.
    pub(crate) fn read(object: &mut Object, at: &mut Cursor) -> Option<Self> {
        let kind = object.required::<ActivityKind>(at, "kind");
        let label = object.optional::<Title>(at, "kind_label");
        let plural = object.optional::<Title>(at, "kind_plural");
        let facts = object.raw("facts");
        // Without a valid kind there is nothing to check the facts against; a
        // correction that changes neither has nothing to check at all.
        let kind = kind?;
        // The label is checked beside the facts, so that both are reported.
        let label = label.and_then(|label| check_kind_label(&kind, label, at));
        let plural = plural.and_then(|plural| check_custom_only(&kind, plural, at, "kind_plural"));
        if facts.is_none() && object.is_partial() {
            return None;
        }
        let no_facts = Value::Object(Map::new());
        let facts = facts.unwrap_or(&no_facts);
        let report = Self::read_facts(kind, facts, &mut at.field("facts"));
        let (label, plural, report) = (label?, plural?, report?);
        Some(match report {
            Self::Other { kind, facts, .. } => Self::Other {
                kind,
                label,
                plural,
                facts,
            },
            known => known,
        })
    }

    /// The kind's Swedish name, as it stands in a sentence: the catalogue's for a
    /// known kind, the label given for a custom one, or else its key as words
    /// (`riktad_trafikinsats` → "riktad trafikinsats").
    pub fn kind_label(&self) -> String {
        match self {
            Self::Other { label, .. } => kind_label_of(&self.kind(), label.as_ref()),
            known => kind_label_of(&known.kind(), None),
        }
    }

    /// A custom kind's Swedish plural, if one was given (a known kind's is
    /// the catalogue's: [`kind_plural`]).
    pub fn custom_plural(&self) -> Option<&Title> {
        match self {
            Self::Other { plural, .. } => plural.as_ref(),
            _ => None,
        }
    }

    /// Every fact given, with its Swedish label, as a count or as words.
    pub fn labelled_facts(&self) -> Vec<LabelledFact> {
        match self {
            Self::Other { facts, .. } => custom_facts_labelled(facts),
            known => match known.facts_and_labels() {
                Some((facts, labels)) => known_facts_labelled(&facts, labels),
                None => Vec::new(),
            },
        }
    }
}

impl Serialize for ActivityReport {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("kind", self.kind().as_str())?;
        if let Self::Other {
            label: Some(label), ..
        } = self
        {
            map.serialize_entry("kind_label", label)?;
        }
        if let Some(plural) = self.custom_plural() {
            map.serialize_entry("kind_plural", plural)?;
        }
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
                "kind_label": {
                    "type": "string",
                    "description": "The Swedish name of a custom kind, with å, ä and ö, \
                                    e.g. \"Riktad trafikinsats\"; known kinds have \
                                    their own."
                },
                "kind_plural": {
                    "type": "string",
                    "description": "The Swedish plural of a custom kind, as it follows any \
                                    number but 1, e.g. \"riktade trafikinsatser\"; \
                                    optional (without it a count is written \
                                    \"Riktad trafikinsats (2)\"); known kinds have \
                                    their own."
                },
                "facts": { "type": "object" }
            },
            "required": ["kind"],
            "oneOf": variants
        })
    }
}

/// The name of a known kind, borrowed from the static table of kinds.
fn static_name(kind: &ActivityKind) -> &'static str {
    KNOWN_ACTIVITY_KINDS
        .iter()
        .find(|known| *known == kind)
        .map_or("", ActivityKind::as_str)
}

/// A known kind's Swedish name: `traffic_control` → "trafikkontroll".
pub fn kind_label(kind: &str) -> Option<&'static str> {
    known_kinds()
        .iter()
        .find(|k| k.kind == kind)
        .map(|k| k.label)
}

/// A known kind's Swedish plural ("trafikkontroller"), as it follows any
/// number but 1.
pub fn kind_plural(kind: &str) -> Option<&'static str> {
    known_kinds()
        .iter()
        .find(|k| k.kind == kind)
        .map(|k| k.plural)
}

/// A known fact's Swedish label by its name in a follow-up's totals
/// (`reports.speeding`, `participants.Polisen` for parts); the first kind that
/// has the fact gives it.
pub fn fact_label(name: &str) -> Option<String> {
    labels_of(name).map(|(label, _)| label)
}

/// The label after 1 ("1 kontroll", "1 rapport om rattfylleri").
pub fn fact_label_one(name: &str) -> Option<String> {
    labels_of(name).map(|(_, one)| one)
}

/// A known fact's labels, after any number and after 1.
fn labels_of(name: &str) -> Option<(String, String)> {
    let (head, part) = match name.split_once('.') {
        Some((head, part)) => (head, Some(part)),
        None => (name, None),
    };
    let both = |fact: &FactLabel| (fact.label.to_owned(), fact.one.to_owned());
    known_kinds()
        .iter()
        .flat_map(|kind| kind.facts)
        .find_map(|fact| match (fact.measure, part) {
            _ if fact.name != head => None,
            (Measure::CountsBy(parts), Some(part)) => {
                parts.iter().find(|p| p.name == part).map(both)
            }
            (Measure::CountPerOrganisation, Some(organisation)) => Some((
                format!("{} från {organisation}", fact.label),
                format!("{} från {organisation}", fact.one),
            )),
            (_, None) => Some(both(fact)),
            (_, Some(_)) => None,
        })
}

/// A kind in Swedish, as it stands in a sentence: the catalogue's name of a
/// known kind, the label given for a custom one, or else its key as words
/// (`riktad_trafikinsats` → "riktad trafikinsats", never the raw key).
pub fn kind_label_of(kind: &ActivityKind, label: Option<&Title>) -> String {
    match (kind, label) {
        (ActivityKind::Other(_), Some(label)) => label.to_string(),
        (ActivityKind::Other(custom), None) => custom.as_words(),
        (known, _) => kind_label(known.as_str()).unwrap_or_default().to_owned(),
    }
}

/// Refuses a label for a known kind (the catalogue names it).
pub(crate) fn check_kind_label(
    kind: &ActivityKind,
    label: Option<Title>,
    at: &mut Cursor,
) -> Option<Option<Title>> {
    check_custom_only(kind, label, at, "kind_label")
}

/// Refuses `field` (a name of the kind) for a known kind: the catalogue
/// names it.
fn check_custom_only(
    kind: &ActivityKind,
    name: Option<Title>,
    at: &mut Cursor,
    field: &str,
) -> Option<Option<Title>> {
    match (kind, name) {
        (ActivityKind::Other(_), name) => Some(name),
        (_, None) => Some(None),
        (known, Some(_)) => {
            at.field(field).reject(Invalid::new(
                format!("is given for {known}, a kind the catalogue names"),
                format!("leave {field} out for a known kind; give it only for a kind of your own"),
            ));
            None
        }
    }
}

/// One fact of a report in Swedish, e.g. `reports.speeding`, "rapporter om
/// hastighetsöverträdelse", 3.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LabelledFact {
    /// Its name in the wire format; a part's as `fact.part`.
    pub name: String,
    pub label: String,
    /// The label after 1, where a custom count gives its own
    /// (`singular_labels`); a known fact's is in the catalogue's table
    /// ([`fact_label_one`]).
    pub one: Option<String>,
    pub value: FactValue,
}

/// A fact as a follow-up shows it: a quantity to sum, or words to list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FactValue {
    Count(Quantity),
    Words(Vec<String>),
}

fn known_facts_labelled(facts: &Value, labels: &[FactLabel]) -> Vec<LabelledFact> {
    let mut out = Vec::new();
    for fact in labels {
        let Some(value) = facts.get(fact.name) else {
            continue;
        };
        let mut push = |name: String, label: String, value: FactValue| {
            out.push(LabelledFact {
                name,
                label,
                one: None,
                value,
            })
        };
        let name = fact.name.to_owned();
        let label = fact.label.to_owned();
        match (fact.measure, value) {
            (Measure::CountsBy(parts), Value::Object(counts)) => {
                for part in parts {
                    if let Some(q) = counts.get(part.name).and_then(Quantity::of_stored) {
                        push(
                            format!("{name}.{}", part.name),
                            part.label.to_owned(),
                            FactValue::Count(q),
                        );
                    }
                }
            }
            (Measure::CountPerOrganisation, Value::Object(counts)) => {
                for (organisation, q) in counts {
                    if let Some(q) = Quantity::of_stored(q) {
                        push(
                            format!("{name}.{organisation}"),
                            format!("{label} från {organisation}"),
                            FactValue::Count(q),
                        );
                    }
                }
            }
            (Measure::YesNoOrCount, Value::Bool(used)) => push(
                name,
                label,
                FactValue::Words(vec![yes_no(*used).to_owned()]),
            ),
            (Measure::Count | Measure::YesNoOrCount, value) => {
                if let Some(q) = Quantity::of_stored(value) {
                    push(name, label, FactValue::Count(q));
                }
            }
            (_, value) => push(name, label, FactValue::Words(words(fact.name, value))),
        }
    }
    out
}

fn words(fact: &str, value: &Value) -> Vec<String> {
    let one = |v: &Value| v.as_str().map(|s| value_label(fact, s).to_owned());
    match value {
        Value::Array(items) => items.iter().filter_map(one).collect(),
        other => one(other).into_iter().collect(),
    }
}

fn custom_facts_labelled(facts: &GenericFacts) -> Vec<LabelledFact> {
    let label = |name: &CustomKind| {
        facts
            .labels
            .get(name)
            .map_or_else(|| name.as_words(), ToString::to_string)
    };
    let counts = facts.counts.iter().map(|(name, q)| LabelledFact {
        name: name.as_str().to_owned(),
        label: label(name),
        one: facts.singular_labels.get(name).map(ToString::to_string),
        value: FactValue::Count(*q),
    });
    let texts = facts.texts.iter().map(|(name, text)| LabelledFact {
        name: name.as_str().to_owned(),
        label: label(name),
        one: None,
        value: FactValue::Words(vec![text.to_string()]),
    });
    counts.chain(texts).collect()
}
