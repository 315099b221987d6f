//! The rules of an agreement's stream: adopted first, then its focus areas,
//! commitments, indicators, reviews and assessments, each checked against
//! what the stream already holds (the cases run as `stream_rules.rs`'s do).

use crate::common::{valid, with};
use crate::stream_rules::{correction, retraction, run, v, Case};
use serde_json::{json, Value};
use trygglogg_events::EventType;

#[test]
fn agreement_stream_rules() {
    use EventType::*;
    let commitment = |pointer: &str, value: Value| {
        (
            CommitmentAdded,
            with(valid(CommitmentAdded), pointer, value),
        )
    };
    let review = |year: i64| {
        (
            FollowUpReviewed,
            with(
                with(valid(FollowUpReviewed), "/year", json!(year)),
                "/reviewed",
                json!("2017-11-20"),
            ),
        )
    };
    let adopted_2017 = (
        AgreementAdopted,
        with(
            valid(AgreementAdopted),
            "/period",
            json!({"first_year": 2017, "years": 1}),
        ),
    );
    let cases: Vec<Case> = vec![
        (vec![], v(AgreementAdopted), None),
        (vec![], v(CommitmentAdded), Some("agreement_not_adopted")),
        (vec![], v(FocusAreaAdded), Some("agreement_not_adopted")),
        (
            vec![v(AgreementAdopted)],
            v(AgreementAdopted),
            Some("agreement_already_adopted"),
        ),
        (
            vec![v(AgreementAdopted)],
            v(ActivityCompleted),
            Some("wrong_stream_category"),
        ),
        // Focus areas and commitments.
        (vec![v(AgreementAdopted)], v(FocusAreaAdded), None),
        (
            vec![v(AgreementAdopted)],
            (FocusAreaAdded, json!({"key": "trafikmiljo", "name": "X"})),
            Some("focus_area_exists"),
        ),
        (vec![v(AgreementAdopted)], v(CommitmentAdded), None),
        (
            vec![v(AgreementAdopted)],
            commitment("/focus_area", json!("droger")),
            Some("focus_area_missing"),
        ),
        (
            vec![v(AgreementAdopted), v(FocusAreaAdded)],
            commitment("/focus_area", json!("droger")),
            None,
        ),
        (
            vec![v(AgreementAdopted), v(CommitmentAdded)],
            v(CommitmentAdded),
            Some("commitment_exists"),
        ),
        (
            vec![v(AgreementAdopted)],
            commitment("/responsible", json!(["Hagfors kommun/skola", "Polisen"])),
            None,
        ),
        (
            vec![v(AgreementAdopted)],
            commitment("/responsible", json!(["Polisen", "Munkfors kommun"])),
            Some("responsible_not_a_party"),
        ),
        // Follow-ups: within the period, once per year.
        (vec![adopted_2017.clone()], review(2017), None),
        (
            vec![v(AgreementAdopted)],
            review(2017),
            Some("year_outside_period"),
        ),
        (
            vec![adopted_2017.clone(), review(2017)],
            review(2017),
            Some("year_already_reviewed"),
        ),
        // Indicators: defined under an existing focus area (and commitment),
        // once; measured only once defined.
        (vec![v(AgreementAdopted)], v(IndicatorDefined), None),
        (
            vec![v(AgreementAdopted)],
            (
                IndicatorDefined,
                with(valid(IndicatorDefined), "/focus_area", json!("droger")),
            ),
            Some("focus_area_missing"),
        ),
        (
            vec![v(AgreementAdopted)],
            (
                IndicatorDefined,
                with(
                    valid(IndicatorDefined),
                    "/commitment",
                    json!("trafikkontroller"),
                ),
            ),
            Some("commitment_missing"),
        ),
        (
            vec![v(AgreementAdopted), v(CommitmentAdded)],
            (
                IndicatorDefined,
                with(
                    valid(IndicatorDefined),
                    "/commitment",
                    json!("trafikkontroller"),
                ),
            ),
            None,
        ),
        (
            vec![v(AgreementAdopted), v(IndicatorDefined)],
            v(IndicatorDefined),
            Some("indicator_exists"),
        ),
        (
            vec![v(AgreementAdopted)],
            v(IndicatorMeasured),
            Some("indicator_missing"),
        ),
        (
            vec![v(AgreementAdopted), v(IndicatorDefined)],
            v(IndicatorMeasured),
            None,
        ),
        (
            vec![v(AgreementAdopted), v(IndicatorDefined)],
            (
                IndicatorMeasured,
                with(
                    valid(IndicatorMeasured),
                    "/indicator",
                    json!("anmalda-brott"),
                ),
            ),
            Some("indicator_missing"),
        ),
        // A target on an indicator names a defined one.
        (
            vec![v(AgreementAdopted)],
            commitment("/target", json!({"indicator": "trygg-centrum"})),
            Some("indicator_missing"),
        ),
        (
            vec![v(AgreementAdopted), v(IndicatorDefined)],
            commitment("/target", json!({"indicator": "trygg-centrum"})),
            None,
        ),
        // Assessments: of an existing commitment, in the period, once a year.
        (
            vec![v(AgreementAdopted), v(CommitmentAdded)],
            v(CommitmentAssessed),
            None,
        ),
        (
            vec![v(AgreementAdopted)],
            v(CommitmentAssessed),
            Some("commitment_missing"),
        ),
        (
            vec![v(AgreementAdopted), v(CommitmentAdded)],
            (
                CommitmentAssessed,
                with(valid(CommitmentAssessed), "/year", json!(2017)),
            ),
            Some("year_outside_period"),
        ),
        (
            vec![
                v(AgreementAdopted),
                v(CommitmentAdded),
                v(CommitmentAssessed),
            ],
            v(CommitmentAssessed),
            Some("commitment_already_assessed"),
        ),
        (
            vec![
                v(AgreementAdopted),
                v(CommitmentAdded),
                v(CommitmentAssessed),
            ],
            (
                CommitmentAssessed,
                with(valid(CommitmentAssessed), "/year", json!(2019)),
            ),
            None,
        ),
        // A second opinion is a correction of the first.
        (
            vec![
                v(AgreementAdopted),
                v(CommitmentAdded),
                v(CommitmentAssessed),
            ],
            correction(
                3,
                "commitment_assessed",
                json!({"verdict": "met", "deviation": null}),
            ),
            None,
        ),
        // Amendments must not leave later events breaking a rule.
        (
            vec![
                v(AgreementAdopted),
                v(FocusAreaAdded),
                commitment("/focus_area", json!("droger")),
            ],
            retraction(2),
            Some("amendment_breaks_stream"),
        ),
        (
            vec![v(AgreementAdopted), v(FocusAreaAdded)],
            retraction(2),
            None,
        ),
        (
            vec![v(AgreementAdopted), v(CommitmentAdded)],
            correction(2, "commitment_added", json!({"focus_area": "saknas"})),
            Some("amendment_breaks_stream"),
        ),
        (
            vec![v(AgreementAdopted), v(CommitmentAdded)],
            correction(2, "commitment_added", json!({"target": "continuous"})),
            None,
        ),
    ];
    run(cases);
}
