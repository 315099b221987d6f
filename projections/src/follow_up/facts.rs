//! Sums of kind-specific facts (drivers checked, attempts, talks held, …), and
//! the categorical facts beside them (a focus, the products bought, a publisher).
//!
//! Read from the catalogue's own Swedish reading of a report
//! (`ActivityReport::labelled_facts`), so every fact carries its label. A
//! source that says only "several" (*flertalet*) adds no number, and one that
//! says "at least N" adds N and makes the sum a lower bound: inventing a number
//! would falsify the follow-up, so both are counted and the view says "minst
//! 37" or "ett flertal".

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use trygglogg_events::{FactValue, LabelledFact, Quantity};

/// The total of one fact over the activities that give it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct FactTotal {
    /// The fact's Swedish label, as it follows a number ("kontroller").
    #[serde(default)]
    pub label: String,
    /// The label after 1, where a custom count gave its own ("riktad
    /// trafikinsats"); a known fact's is in the catalogue's table.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub singular_label: Option<String>,
    /// The sum of the numbers given, exact ones and lower bounds alike.
    pub sum: u64,
    /// How many activities gave only a lower bound ("at least N"): when any
    /// did, `sum` is a lower bound too.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub at_least: u32,
    /// How many activities gave only "several" for this fact.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub several: u32,
}

impl FactTotal {
    fn of(fact: &LabelledFact, quantity: Quantity) -> FactTotal {
        let mut total = FactTotal {
            label: fact.label.clone(),
            singular_label: fact.one.clone(),
            ..FactTotal::default()
        };
        match quantity {
            Quantity::Exactly(n) => total.sum = n.get().into(),
            Quantity::AtLeast(n) => {
                total.sum = n.get().into();
                total.at_least = 1;
            }
            Quantity::Several => total.several = 1,
        }
        total
    }

    fn add(&mut self, other: &FactTotal) {
        if self.label.is_empty() {
            self.label.clone_from(&other.label);
        }
        if self.singular_label.is_none() {
            self.singular_label.clone_from(&other.singular_label);
        }
        self.sum += other.sum;
        self.at_least += other.at_least;
        self.several += other.several;
    }
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

/// Fact name → total, e.g. `checked` → 40, `reports.speeding` → 3.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(transparent)]
pub struct FactTotals(pub BTreeMap<String, FactTotal>);

impl FactTotals {
    /// The counted facts of one activity.
    pub fn of(facts: &[LabelledFact]) -> FactTotals {
        FactTotals(
            facts
                .iter()
                .filter_map(|fact| match &fact.value {
                    FactValue::Count(q) => Some((fact.name.clone(), FactTotal::of(fact, *q))),
                    FactValue::Words(_) => None,
                })
                .collect(),
        )
    }

    pub fn add(&mut self, other: &FactTotals) {
        for (name, total) in &other.0 {
            self.0.entry(name.clone()).or_default().add(total);
        }
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// A categorical fact: its Swedish label and its values in Swedish.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct FactWords {
    pub label: String,
    pub values: Vec<String>,
}

/// Fact name → its words, e.g. `focus` → inriktning: hastighet, nykterhet.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(transparent)]
pub struct Categories(pub BTreeMap<String, FactWords>);

impl Categories {
    /// The categorical facts of one activity.
    pub fn of(facts: &[LabelledFact]) -> Categories {
        Categories(
            facts
                .iter()
                .filter_map(|fact| match &fact.value {
                    FactValue::Words(values) => Some((
                        fact.name.clone(),
                        FactWords {
                            label: fact.label.clone(),
                            values: values.clone(),
                        },
                    )),
                    FactValue::Count(_) => None,
                })
                .collect(),
        )
    }

    /// Merges `other` in as a follow-up's totals show it: each fact once,
    /// with the distinct values of all activities in the order first given.
    pub fn add(&mut self, other: &Categories) {
        for (name, words) in &other.0 {
            let merged = self.0.entry(name.clone()).or_default();
            if merged.label.is_empty() {
                merged.label.clone_from(&words.label);
            }
            for value in &words.values {
                if !merged.values.contains(value) {
                    merged.values.push(value.clone());
                }
            }
        }
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use trygglogg_events::Count;

    fn fact(name: &str, value: FactValue) -> LabelledFact {
        LabelledFact {
            name: name.into(),
            label: format!("{name} på svenska"),
            one: None,
            value,
        }
    }

    fn count(n: u32) -> Count {
        Count::parse(n.into()).unwrap()
    }

    #[test]
    fn sums_keep_lower_bounds_and_several_and_leave_words_apart() {
        let first = [
            fact("controls", FactValue::Count(Quantity::AtLeast(count(30)))),
            fact("checked", FactValue::Count(Quantity::Exactly(count(40)))),
            fact("focus", FactValue::Words(vec!["hastighet".into()])),
        ];
        let second = [
            fact("controls", FactValue::Count(Quantity::Exactly(count(7)))),
            fact("checked", FactValue::Count(Quantity::Several)),
        ];
        let mut totals = FactTotals::of(&first);
        totals.add(&FactTotals::of(&second));
        assert_eq!(
            serde_json::to_value(&totals).unwrap(),
            json!({
                "checked": {"label": "checked på svenska", "sum": 40, "several": 1},
                "controls": {"label": "controls på svenska", "sum": 37, "at_least": 1}
            })
        );
        assert_eq!(
            serde_json::to_value(Categories::of(&first)).unwrap(),
            json!({"focus": {"label": "focus på svenska", "values": ["hastighet"]}})
        );
    }

    /// Totals merge categorical facts as the rows give them: each fact once,
    /// its distinct values in the order first given; a custom count's
    /// singular label rides along.
    #[test]
    fn totals_merge_categories_and_keep_a_singular_label() {
        let words = |name: &str, values: &[&str]| {
            fact(
                name,
                FactValue::Words(values.iter().map(|v| (*v).to_owned()).collect()),
            )
        };
        let rows = [
            vec![
                words("focus", &["hastighet"]),
                words("products", &["öl", "tobak"]),
            ],
            vec![words("focus", &["nykterhet", "hastighet"])],
            vec![words("products", &["tobak", "e-cigaretter"])],
        ];
        let mut merged = Categories::default();
        for row in &rows {
            merged.add(&Categories::of(row));
        }
        assert_eq!(
            serde_json::to_value(&merged).unwrap(),
            json!({
                "focus": {"label": "focus på svenska", "values": ["hastighet", "nykterhet"]},
                "products": {"label": "products på svenska", "values": ["öl", "tobak", "e-cigaretter"]}
            })
        );
        let one = LabelledFact {
            one: Some("riktad trafikinsats".into()),
            ..fact("insatser", FactValue::Count(Quantity::Exactly(count(1))))
        };
        let mut totals = FactTotals::of(&[fact("other", FactValue::Count(Quantity::Several))]);
        totals.add(&FactTotals::of(&[one]));
        assert_eq!(
            totals.0["insatser"].singular_label.as_deref(),
            Some("riktad trafikinsats")
        );
    }
}
