//! Sums of kind-specific facts (vehicles checked, outlets tested, talks held, …).
//!
//! Generic over every kind, known or custom: every whole-number fact is summed
//! under its name. A source that says only "several" (*flertalet*) adds no
//! number — inventing one would falsify the follow-up — but is counted, so the
//! view can say "at least N, and several more".

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct FactTotal {
    /// The sum of the exact numbers given.
    pub sum: u64,
    /// How many activities gave only "several" for this fact.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub several: u32,
}

fn collect(facts: &Value, totals: &mut BTreeMap<String, FactTotal>, descend: bool) {
    let Some(facts) = facts.as_object() else {
        return;
    };
    for (name, value) in facts {
        let total = match value {
            Value::Number(n) => n.as_u64().map(|sum| FactTotal { sum, several: 0 }),
            Value::String(s) if s == "several" => Some(FactTotal { sum: 0, several: 1 }),
            Value::Object(_) if descend => {
                collect(value, totals, false);
                None
            }
            _ => None,
        };
        if let Some(total) = total {
            totals.insert(name.clone(), total);
        }
    }
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

/// Fact name → total, e.g. `checked` → 40, `reported` → 3.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(transparent)]
pub struct FactTotals(pub BTreeMap<String, FactTotal>);

impl FactTotals {
    /// The numeric facts of one activity's `facts` object. Objects inside it
    /// (the `counts` of a custom kind's generic facts) are read too, by the
    /// names inside them.
    pub fn of(facts: &Value) -> FactTotals {
        let mut totals = BTreeMap::new();
        collect(facts, &mut totals, true);
        FactTotals(totals)
    }

    pub fn add(&mut self, other: &FactTotals) {
        for (name, total) in &other.0 {
            let sum = self.0.entry(name.clone()).or_default();
            sum.sum += total.sum;
            sum.several += total.several;
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

    #[test]
    fn a_custom_kinds_counts_are_summed_by_their_names() {
        let totals = FactTotals::of(
            &json!({"counts": {"participants": 12, "adults": "several"}, "texts": {"route": "Centrum"}}),
        );
        assert_eq!(
            serde_json::to_value(&totals).unwrap(),
            json!({"adults": {"sum": 0, "several": 1}, "participants": {"sum": 12}})
        );
    }

    #[test]
    fn sums_numbers_counts_several_and_ignores_the_rest() {
        let mut totals = FactTotals::of(&json!({"checked": 40, "reported": 3, "focus": ["speed"]}));
        totals.add(&FactTotals::of(
            &json!({"checked": "several", "reported": 2, "basis": "routine"}),
        ));
        assert_eq!(
            serde_json::to_value(&totals).unwrap(),
            json!({"checked": {"sum": 40, "several": 1}, "reported": {"sum": 5}})
        );
    }
}
