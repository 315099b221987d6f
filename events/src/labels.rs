//! The Swedish the catalogue speaks: every known activity kind's name, every
//! fact's label and whether it is a count or categorical (written beside each
//! facts type, [`Labelled`], and gathered by kind in `report.rs`), and the labels
//! of the words categorical facts take. Pages, the CSV and forms read these, so
//! they all say the same thing.

use serde::Serialize;

/// How a fact is measured, and so how a follow-up shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    /// A quantity: a number, "at least N" or "several"; summed in a follow-up.
    Count,
    /// Words or short texts (a focus, the products bought, a publisher): listed.
    Categorical,
    /// Counts by named parts, each with its own label (reports by offence).
    #[serde(serialize_with = "counts_by")]
    CountsBy(&'static [FactLabel]),
    /// Counts per organisation present (participants of a meeting).
    CountPerOrganisation,
    /// Yes or no, or a count (a speed camera used, or in how many controls).
    YesNoOrCount,
}

fn counts_by<S: serde::Serializer>(
    parts: &&'static [FactLabel],
    serializer: S,
) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeMap;
    let mut map = serializer.serialize_map(Some(1))?;
    map.serialize_entry("counts_by", parts)?;
    map.end()
}

/// One fact of a known kind: its name in the wire format, its Swedish label (as
/// it follows a number: "kontroller", "rapporter om rattfylleri"; `one` as it
/// follows 1: "kontroll") and its measure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct FactLabel {
    pub name: &'static str,
    pub label: &'static str,
    pub one: &'static str,
    pub measure: Measure,
}

impl FactLabel {
    pub(crate) const fn new(name: &'static str, label: &'static str, measure: Measure) -> Self {
        Self {
            name,
            label,
            one: label,
            measure,
        }
    }

    /// The label after 1, where Swedish says it otherwise.
    pub(crate) const fn one(self, one: &'static str) -> Self {
        Self { one, ..self }
    }
}

/// A facts type's labels, one per field it serialises, in its order.
pub(crate) trait Labelled {
    const FACTS: &'static [FactLabel];
}

/// A known kind: its name in the wire format, its Swedish name and its facts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct KindLabel {
    pub kind: &'static str,
    /// Lower case, as it stands in a sentence: "trafikkontroll".
    pub label: &'static str,
    /// As it follows any number but 1: "3 trafikkontroller".
    pub plural: &'static str,
    pub facts: &'static [FactLabel],
}

/// The Swedish words of categorical facts' values, by fact and value.
const VALUE_LABELS: &[(&str, &str, &str)] = &[
    ("focus", "speed", "hastighet"),
    ("focus", "sobriety", "nykterhet"),
    ("focus", "behaviour", "trafikbeteende"),
    ("basis", "targeted", "riktad insats"),
    ("basis", "routine", "linjearbete"),
    ("basis", "tips", "tips från allmänheten"),
    ("products", "beer", "öl"),
    ("products", "tobacco", "tobak"),
    ("products", "e_cigarettes", "e-cigaretter"),
    ("products", "medicines", "receptfria läkemedel"),
    ("action", "adopted", "antagen"),
    ("action", "revised", "reviderad"),
    // An indicator's direction (`indicator_defined`), as its form offers it.
    ("direction", "higher_is_better", "högre värde är bättre"),
    ("direction", "lower_is_better", "lägre värde är bättre"),
];

/// A categorical value in Swedish: a known word's label, yes or no, or a text as
/// it was written.
pub fn value_label<'a>(fact: &str, value: &'a str) -> &'a str {
    VALUE_LABELS
        .iter()
        .find(|(f, v, _)| *f == fact && *v == value)
        .map_or(value, |(_, _, label)| label)
}

/// "ja" or "nej".
pub fn yes_no(value: bool) -> &'static str {
    if value {
        "ja"
    } else {
        "nej"
    }
}
