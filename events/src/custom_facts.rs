//! Facts of a kind this build has no types for (named counts and short texts,
//! with their Swedish labels), and the reading of a JSON object whose keys are
//! names, which typed facts use too (participants by organisation).

use crate::error::Invalid;
use crate::fields::{from_json_via_object, kind_of, Cursor, FromJson, Object, Source};
use crate::numbers::Quantity;
use crate::snake_name::{FactName, NameOf};
use crate::text::Title;
use schemars::JsonSchema;
use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeMap;

/// Up to this many generic counts and texts each.
pub const MAX_GENERIC_FACTS: usize = 20;

/// Facts of a kind this build has no types for: named counts and short texts, and a
/// Swedish label for any of their names (`{"utan_korkort": "utan körkort"}`). A fact
/// name is snake_case and must not hold a personnummer or samordningsnummer among its
/// digits; a label is a title, with å, ä and ö. A count's label may have a singular
/// (`singular_labels`), used after 1.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
// Each part may be left out, as the reading takes it (the schema says so).
#[serde(default)]
pub struct GenericFacts {
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    #[schemars(with = "BTreeMap<String, Quantity>")]
    pub counts: BTreeMap<FactName, Quantity>,
    /// Categorical facts: shown as they are written.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    #[schemars(with = "BTreeMap<String, Title>")]
    pub texts: BTreeMap<FactName, Title>,
    /// The Swedish label of a count or text, by its name; a count's as it
    /// follows any number but 1 ("32 riktade trafikinsatser").
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    #[schemars(with = "BTreeMap<String, Title>")]
    pub labels: BTreeMap<FactName, Title>,
    /// A count's label as it follows 1 ("1 riktad trafikinsats"), by its
    /// name; only beside its label in `labels`.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    #[schemars(with = "BTreeMap<String, Title>")]
    pub singular_labels: BTreeMap<FactName, Title>,
}

impl GenericFacts {
    fn read(object: &mut Object, at: &mut Cursor) -> Option<Self> {
        let fact_name = |raw: &str, source| FactName::parse_from(raw, NameOf::Fact, source);
        let counts = object.optional_with(at, "counts", |v, at| read_map(v, at, fact_name));
        let texts = object.optional_with(at, "texts", |v, at| read_map(v, at, fact_name));
        let labels = object.optional_with(at, "labels", |v, at| read_map(v, at, fact_name));
        let singular_labels =
            object.optional_with(at, "singular_labels", |v, at| read_map(v, at, fact_name));
        let facts = Self {
            counts: counts?.unwrap_or_default(),
            texts: texts?.unwrap_or_default(),
            labels: labels?.unwrap_or_default(),
            singular_labels: singular_labels?.unwrap_or_default(),
        };
        let mut all_named = true;
        for name in facts.labels.keys() {
            if !facts.counts.contains_key(name) && !facts.texts.contains_key(name) {
                all_named = false;
                at.field("labels").entry(name.as_str()).reject(Invalid::new(
                    "labels no count or text",
                    "give a label only for a name among counts or texts",
                ));
            }
        }
        for name in facts.singular_labels.keys() {
            if !facts.counts.contains_key(name) || !facts.labels.contains_key(name) {
                all_named = false;
                at.field("singular_labels")
                    .entry(name.as_str())
                    .reject(Invalid::new(
                        "is the singular of no labelled count",
                        "give a singular label only for a count that has its label in \
                         \"labels\", e.g. {\"labels\": {\"insatser\": \"riktade \
                         trafikinsatser\"}, \"singular_labels\": {\"insatser\": \"riktad \
                         trafikinsats\"}}",
                    ));
            }
        }
        all_named.then_some(facts)
    }

    /// The label given for a fact, if any.
    pub fn label(&self, name: &str) -> Option<&Title> {
        self.labels
            .iter()
            .find(|(n, _)| n.as_str() == name)
            .map(|(_, l)| l)
    }
}

from_json_via_object!(GenericFacts, "generic facts with counts, texts and labels");

/// Reads a JSON object of up to [`MAX_GENERIC_FACTS`] named values, each key read
/// with `key` (given whether the data comes in or was stored).
pub(crate) fn read_map<K: Ord, V: FromJson>(
    value: &Value,
    at: &mut Cursor,
    key: impl Fn(&str, Source) -> Result<K, Invalid>,
) -> Option<BTreeMap<K, V>> {
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
        let name = at_entry.check(key(name, source));
        match (name, V::from_json(raw, &mut at_entry)) {
            // Two keys can read as one name (" Polisen" is "Polisen" once
            // trimmed): neither count may silently replace the other.
            (Some(name), Some(_)) if parsed.contains_key(&name) => {
                at_entry.reject(Invalid::new(
                    "is the same name as another entry once trimmed",
                    "give each name once",
                ));
                all_valid = false;
            }
            (Some(name), Some(value)) => {
                parsed.insert(name, value);
            }
            _ => all_valid = false,
        }
    }
    all_valid.then_some(parsed)
}
