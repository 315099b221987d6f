//! The catalogue of the result follow-up: an agreement's context, targets,
//! indicators and assessments; accepted and refused, each refusal naming its
//! field.

use crate::common::{parse, valid, with, without};
use serde_json::{json, Value};
use trygglogg_events::{DomainEvent, EventType};

/// (event type, field set by JSON pointer, value, expected error paths; empty
/// when accepted).
type Case = (EventType, &'static str, Value, &'static [&'static str]);

#[test]
fn accepted_and_refused_with_the_field_named() {
    use EventType::*;
    let cases: Vec<Case> = vec![
        // An agreement in context.
        (
            AgreementAdopted,
            "/adopted_by",
            json!("Kommunstyrelsen"),
            &[],
        ),
        (
            AgreementAdopted,
            "/adopted_by",
            json!(""),
            &["data.adopted_by"],
        ),
        (
            AgreementAdopted,
            "/signatories",
            json!(["kommunstyrelsens ordförande", "lokalpolisområdeschef"]),
            &[],
        ),
        (
            AgreementAdopted,
            "/signatories",
            json!(["ordförande 640823-3234"]),
            &["data.signatories[0]"],
        ),
        (
            AgreementAdopted,
            "/other_parties",
            json!(["Bergslagens räddningstjänst", "Länsstyrelsen Värmland"]),
            &[],
        ),
        (
            AgreementAdopted,
            "/other_parties",
            json!("Länsstyrelsen"),
            &["data.other_parties"],
        ),
        (
            AgreementAdopted,
            "/situation",
            json!("Lägesbilden visar oro för trafiken i centrum."),
            &[],
        ),
        (
            AgreementAdopted,
            "/follows",
            json!("5a1e0000-2017-4000-8000-000000000001"),
            &[],
        ),
        (
            AgreementAdopted,
            "/follows",
            json!("förra löftet"),
            &["data.follows"],
        ),
        // A period whose start is not known.
        (
            AgreementAdopted,
            "/period",
            json!({"until_year": 2017}),
            &[],
        ),
        (
            AgreementAdopted,
            "/period",
            json!({"until_year": "2017"}),
            &["data.period.until_year"],
        ),
        (
            AgreementAdopted,
            "/period",
            json!({"until_year": 2017, "first_year": 2016}),
            &["data.period.first_year"],
        ),
        // Targets.
        (
            CommitmentAdded,
            "/target",
            json!({"fact": "controls", "at_least": 25}),
            &[],
        ),
        (
            CommitmentAdded,
            "/target",
            json!({"fact": "controls"}),
            &["data.target.at_least"],
        ),
        (
            CommitmentAdded,
            "/target",
            json!({"fact": "Kontroller", "at_least": 25}),
            &["data.target.fact"],
        ),
        (
            CommitmentAdded,
            "/target",
            json!({"fact": "controls", "at_least": -1}),
            &["data.target.at_least"],
        ),
        (
            CommitmentAdded,
            "/target",
            json!({"indicator": "trygg-centrum"}),
            &[],
        ),
        (
            CommitmentAdded,
            "/target",
            json!({"indicator": "Trygg!"}),
            &["data.target.indicator"],
        ),
        (
            CommitmentAdded,
            "/target",
            json!({"per_month": 2}),
            &["data.target"],
        ),
        (
            CommitmentAdded,
            "/target",
            json!({"per_year": 2, "extra": 1}),
            &["data.target.extra"],
        ),
        // Indicators.
        (
            IndicatorDefined,
            "/direction",
            json!("down"),
            &["data.direction"],
        ),
        (
            IndicatorDefined,
            "/baseline",
            json!({"year": 2016}),
            &["data.baseline.value"],
        ),
        (IndicatorDefined, "/target", json!("högt"), &["data.target"]),
        (
            IndicatorDefined,
            "/commitment",
            json!("trafikkontroller"),
            &[],
        ),
        (IndicatorMeasured, "/value", json!("71"), &["data.value"]),
        (
            IndicatorMeasured,
            "/unlinked",
            json!({"name": "x", "unit": "st", "source": "y"}),
            &["data.unlinked"],
        ),
        // Assessments.
        (CommitmentAssessed, "/verdict", json!("met"), &[]),
        (
            CommitmentAssessed,
            "/verdict",
            json!("uppfyllt"),
            &["data.verdict"],
        ),
        (CommitmentAssessed, "/continues", json!("yes"), &[]),
        (CommitmentAssessed, "/continues", json!("no"), &[]),
        (
            CommitmentAssessed,
            "/continues",
            json!(true),
            &["data.continues"],
        ),
        (
            CommitmentAssessed,
            "/continues",
            json!({"changed": ""}),
            &["data.continues.changed"],
        ),
        (CommitmentAssessed, "/year", json!(1899), &["data.year"]),
    ];
    for (event_type, pointer, value, paths) in cases {
        let data = with(valid(event_type), pointer, value.clone());
        match parse(event_type.as_str(), &data) {
            Ok(_) => assert!(
                paths.is_empty(),
                "{event_type:?} {pointer} = {value} was accepted"
            ),
            Err(errors) => assert_eq!(
                &errors.paths(),
                paths,
                "{event_type:?} {pointer} = {value}:\n{errors}"
            ),
        }
    }
}

#[test]
fn a_deviation_needs_its_reason_unless_the_commitment_was_met() {
    let without_reason = without(valid(EventType::CommitmentAssessed), "deviation");
    for (verdict, refused) in [("met", false), ("partly_met", true), ("not_met", true)] {
        let data = with(without_reason.clone(), "/verdict", json!(verdict));
        let result = parse("commitment_assessed", &data);
        assert_eq!(result.is_err(), refused, "{verdict}");
        if let Err(errors) = result {
            assert_eq!(errors.paths(), vec!["data.deviation"]);
        }
    }
}

/// Whether a commitment continues is left out where the source does not say
/// (ej angivet); a made-up word for that is refused, saying to leave it out.
#[test]
fn whether_a_commitment_continues_may_be_left_unsaid() {
    let unsaid = without(valid(EventType::CommitmentAssessed), "continues");
    match parse("commitment_assessed", &unsaid) {
        Ok(trygglogg_events::DomainEvent::CommitmentAssessed(a)) => {
            assert_eq!(a.continues, None)
        }
        other => panic!("{other:?}"),
    }
    let worded = with(unsaid, "/continues", json!("not_stated"));
    let errors = parse("commitment_assessed", &worded).unwrap_err();
    assert_eq!(errors.paths(), vec!["data.continues"]);
    assert!(errors.to_string().contains("leave it out"), "{errors}");
}

#[test]
fn a_measurement_names_its_indicator() {
    let data = without(valid(EventType::IndicatorMeasured), "indicator");
    let errors = parse("indicator_measured", &data).unwrap_err();
    assert_eq!(errors.paths(), vec!["data.indicator"]);
}

#[test]
fn an_earlier_period_is_written_as_it_was_given() {
    let data = with(
        valid(EventType::AgreementAdopted),
        "/period",
        json!({"until_year": 2017}),
    );
    let DomainEvent::AgreementAdopted(adopted) = parse("agreement_adopted", &data).unwrap() else {
        panic!("not an agreement")
    };
    assert!(adopted.period.start_unknown());
    assert_eq!(adopted.period.last_year(), 2017);
    assert_eq!(
        serde_json::to_value(adopted.period).unwrap(),
        json!({"until_year": 2017})
    );
}
