//! What a commitment promised and achieved, in Swedish: its target (a
//! tertial's share first), its outcome, an indicator's goal. Beside
//! `words.rs`, whose numbers and fact names they use.

use trygglogg_projections::follow_up::{
    CommitmentFollowUp, Direction, FactTotal, IndicatorDefinition, IndicatorSeries, Outcome, Target,
};

use crate::words::{fact_label_after, fact_phrase, number};

/// What a commitment achieved, in its target's terms: "3 genomförda", "32
/// kontroller", "64,5 procent" (an indicator's unit from its definition among
/// `series`), "ej mätt i år".
pub(crate) fn outcome_phrase(outcome: &Outcome, series: &[IndicatorSeries]) -> String {
    match outcome {
        Outcome::Activities { completed: 1 } => "1 genomförd".to_owned(),
        Outcome::Activities { completed } => format!("{completed} genomförda"),
        Outcome::FactSum { fact, total } => fact_phrase(fact, total),
        Outcome::Indicator {
            indicator,
            value: Some(v),
            ..
        } => match series.iter().find(|s| s.definition.key == *indicator) {
            Some(s) => format!("{} {}", number(*v), s.definition.unit),
            None => number(*v),
        },
        Outcome::Indicator { value: None, .. } => "ej mätt i år".to_owned(),
    }
}

/// "Andel trygga i centrum: 80 procent eller högre".
pub(crate) fn indicator_target(definition: &IndicatorDefinition) -> String {
    format!("{}: {}", definition.name, indicator_goal(definition))
}

/// "80 procent eller högre"; "inget målvärde angivet (lägre är bättre)"
/// where the agreement states none.
pub(crate) fn indicator_goal(definition: &IndicatorDefinition) -> String {
    match definition.target {
        Some(target) => format!(
            "{} {} eller {}",
            number(target),
            definition.unit,
            match definition.direction {
                Direction::LowerIsBetter => "lägre",
                Direction::HigherIsBetter => "högre",
            }
        ),
        None => format!(
            "inget målvärde angivet ({} är bättre)",
            match definition.direction {
                Direction::LowerIsBetter => "lägre",
                Direction::HigherIsBetter => "högre",
            }
        ),
    }
}

/// "Målvärde 80", or "Inget målvärde angivet".
pub(crate) fn target_value(definition: &IndicatorDefinition) -> String {
    match definition.target {
        Some(target) => format!("Målvärde {}", number(target)),
        None => "Inget målvärde angivet".to_owned(),
    }
}

/// A commitment's target in words (see [`target_phrase`]); in a tertial, the
/// tertial's share first: "minst 9 kontroller för tertialet (minst 25
/// kontroller per år)".
pub(crate) fn commitment_target(c: &CommitmentFollowUp, series: &[IndicatorSeries]) -> String {
    let stated = target_phrase(&c.target, &c.outcome, series);
    match c
        .scope_target
        .as_ref()
        .and_then(|share| amount(share, &c.outcome))
    {
        Some(share) => format!("{share} för tertialet ({stated})"),
        None => stated,
    }
}

/// A target in words; an indicator's by its definition among `series`.
pub(crate) fn target_phrase(
    target: &Target,
    outcome: &Outcome,
    series: &[IndicatorSeries],
) -> String {
    if let Some(amount) = amount(target, outcome) {
        return format!("{amount} per år");
    }
    match target {
        Target::Indicator(key) => match series.iter().find(|s| s.definition.key == *key) {
            Some(s) => indicator_target(&s.definition),
            None => "en indikators målvärde".to_owned(),
        },
        Target::Once => "en gång under perioden".to_owned(),
        _ => "löpande arbete".to_owned(),
    }
}

/// How many a count or a fact-sum target asks for: "minst 20", "minst 25
/// kontroller", "minst 1 kontroll". `None` for a target that is not an amount.
fn amount(target: &Target, outcome: &Outcome) -> Option<String> {
    match target {
        Target::PerYear(n) => Some(format!("minst {n}")),
        Target::FactSum { fact, at_least } => {
            // The label the outcome's total carries (a custom fact's own, with
            // å, ä and ö), else the catalogue's; after 1, the singular.
            let none = FactTotal::default();
            let total = match outcome {
                Outcome::FactSum { total, .. } => total,
                _ => &none,
            };
            let label = fact_label_after(fact, total, u64::from(*at_least));
            Some(format!("minst {at_least} {label}"))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A custom fact's target reads by its label, with å, ä and ö; a known
    /// one by the catalogue's; one activity is "1 genomförd".
    #[test]
    fn targets_and_outcomes_read_in_swedish() {
        let areas = Target::FactSum {
            fact: "omraden".into(),
            at_least: 8,
        };
        let outcome = |label: &str| Outcome::FactSum {
            fact: "omraden".into(),
            total: FactTotal {
                label: label.into(),
                sum: 20,
                ..FactTotal::default()
            },
        };
        let cases = [
            (
                target_phrase(&areas, &outcome("nya grannsamverkansområden"), &[]),
                "minst 8 nya grannsamverkansområden per år",
            ),
            (
                target_phrase(&areas, &outcome(""), &[]),
                "minst 8 omraden per år",
            ),
            (
                target_phrase(
                    &Target::FactSum {
                        fact: "controls".into(),
                        at_least: 1,
                    },
                    &Outcome::Activities { completed: 0 },
                    &[],
                ),
                "minst 1 kontroll per år",
            ),
            (
                target_phrase(
                    &Target::FactSum {
                        fact: "controls".into(),
                        at_least: 25,
                    },
                    &Outcome::Activities { completed: 0 },
                    &[],
                ),
                "minst 25 kontroller per år",
            ),
            (
                outcome_phrase(&Outcome::Activities { completed: 1 }, &[]),
                "1 genomförd",
            ),
            (
                outcome_phrase(&Outcome::Activities { completed: 2 }, &[]),
                "2 genomförda",
            ),
        ];
        for (said, expected) in cases {
            assert_eq!(said, expected);
        }
    }
}
