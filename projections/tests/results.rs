//! The follow-up's targets against outcomes, the coordinator's verdicts,
//! indicator series and agreements that continue each other, recorded through
//! the real recorder and read back from the log.

use serde_json::{json, Value};
use trygglogg_projections::build;
use trygglogg_projections::follow_up::{
    Audience, CommitmentFollowUp, FollowUp, Outcome, Status, Verdict,
};
use trygglogg_recorder::Recorder;
use uuid::Uuid;

use crate::helpers::{agreement_with_target, author, open, record};

fn coordinator() -> trygglogg_recorder::Author {
    author("samordnare", "Hagfors kommun")
}

fn follow_up(recorder: &Recorder, agreement: Uuid, year: i32) -> FollowUp {
    let store = recorder.store();
    build(store, None, |_| {})
        .unwrap()
        .follow_up(store, agreement, year, Audience::Public)
        .unwrap()
        .expect("the agreement exists")
}

fn the_commitment(view: &FollowUp) -> &CommitmentFollowUp {
    &view.focus_areas[0].commitments[0]
}

/// One completed traffic control for the tests' commitment, with `facts`.
async fn completed(recorder: &Recorder, agreement: Uuid, date: &str, facts: Value) {
    record(
        recorder,
        &format!("activity-{}", Uuid::new_v4()),
        json!([{"type": "activity_completed", "data": {
            "kind": "traffic_control", "facts": facts,
            "serves": {"agreement": agreement, "focus_area": "trafikmiljo", "commitment": "kontroller"},
            "occurred": date, "places": ["Hagfors centrum"], "responsible": ["Polisen"],
            "summary": "Riktade hastighetskontroller."}}]),
        &author("polis-1", "Polisen"),
    )
    .await;
}

#[tokio::test]
async fn a_fact_sum_target_counts_the_sum_not_the_records() {
    // (the fact targeted, facts of the one record, its sum, status against
    // "at least 25" of it)
    let cases = [
        (
            "controls",
            json!({"focus": ["speed"], "controls": 32}),
            32,
            Status::Achieved,
        ),
        // "57 riktade trafikinsatser": operations, summed apart from controls.
        (
            "operations",
            json!({"operations": 57, "controls": 3}),
            57,
            Status::Achieved,
        ),
        ("operations", json!({"controls": 30}), 0, Status::NotStarted),
        (
            "controls",
            json!({"focus": ["speed"], "controls": 25}),
            25,
            Status::Achieved,
        ),
        (
            "controls",
            json!({"focus": ["speed"], "controls": 20}),
            20,
            Status::Partly,
        ),
        (
            "controls",
            json!({"focus": ["speed"], "controls": "several"}),
            0,
            Status::Partly,
        ),
        (
            "controls",
            json!({"focus": ["speed"], "checked": 40}),
            0,
            Status::NotStarted,
        ),
    ];
    for (targeted, facts, sum, status) in cases {
        let (_dir, recorder) = open();
        let target = json!({"fact": targeted, "at_least": 25});
        let agreement = agreement_with_target(&recorder, target).await;
        completed(&recorder, agreement, "2018-05-14", facts.clone()).await;
        let view = follow_up(&recorder, agreement, 2018);
        let commitment = the_commitment(&view);
        assert_eq!(commitment.progress.counts.completed, 1, "{facts}");
        match &commitment.outcome {
            Outcome::FactSum { fact, total } => {
                assert_eq!((fact.as_str(), total.sum), (targeted, sum), "{facts}")
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(commitment.status, status, "{facts}");
        // Side by side in the JSON: target, outcome, status.
        let json = serde_json::to_value(commitment).unwrap();
        assert_eq!(
            json["target"],
            json!({"fact_sum": {"fact": targeted, "at_least": 25}})
        );
        assert!(json["outcome"]["fact_sum"]["total"].is_object(), "{json}");
    }
}

async fn assess(recorder: &Recorder, agreement: Uuid, verdict: &str) {
    record(
        recorder,
        &format!("agreement-{agreement}"),
        json!([{"type": "commitment_assessed", "data": {
            "commitment": "kontroller", "year": 2018, "verdict": verdict,
            "deviation": "Vakans i lokalpolisområdet under våren.",
            "lessons": "Lägg kontrollerna tidigt på året.",
            "continues": "yes"}}]),
        &coordinator(),
    )
    .await;
}

#[tokio::test]
async fn a_verdict_beside_the_computed_status_is_flagged_where_they_differ() {
    // Three controls promised, two done: computed "partly".
    let cases = [
        ("partly_met", Verdict::PartlyMet, false),
        ("met", Verdict::Met, true),
        ("not_met", Verdict::NotMet, true),
    ];
    for (word, verdict, differs) in cases {
        let (_dir, recorder) = open();
        let agreement = agreement_with_target(&recorder, json!({"per_year": 3})).await;
        for date in ["2018-03-01", "2018-09-01"] {
            completed(&recorder, agreement, date, json!({"focus": ["speed"]})).await;
        }
        assess(&recorder, agreement, word).await;
        let view = follow_up(&recorder, agreement, 2018);
        let commitment = the_commitment(&view);
        assert_eq!(commitment.status, Status::Partly);
        let assessment = commitment.assessment.as_ref().expect("assessed");
        assert_eq!(assessment.verdict, verdict);
        assert_eq!(
            assessment.deviation.as_deref(),
            Some("Vakans i lokalpolisområdet under våren.")
        );
        assert_eq!(commitment.assessment_differs, differs, "{word}");
        // The next year is not assessed.
        let next = follow_up(&recorder, agreement, 2019);
        assert!(the_commitment(&next).assessment.is_none());
        assert!(!the_commitment(&next).assessment_differs);
    }
}

#[tokio::test]
async fn an_indicator_series_runs_up_to_each_year_with_the_change_from_baseline() {
    let (_dir, recorder) = open();
    let target = json!({"indicator": "trygg-centrum"});
    let agreement = Uuid::new_v4();
    let stream = format!("agreement-{agreement}");
    let mut events = trygglogg_test_support::seed_agreement(target);
    // The indicator is defined before the commitment that targets it.
    events.as_array_mut().unwrap().insert(
        1,
        json!({"type": "indicator_defined", "data": {
            "key": "trygg-centrum", "name": "Andel som känner sig trygga i centrum på kvällen",
            "unit": "procent", "source": "Polisens trygghetsmätning", "focus_area": "trafikmiljo",
            "baseline": {"year": 2016, "value": 60}, "target": 70,
            "direction": "higher_is_better"}}),
    );
    record(&recorder, &stream, events, &coordinator()).await;
    for (period, value) in [
        (json!({"from": "2017-01-01", "to": "2017-12-31"}), 58.0),
        (json!({"from": "2018-01-01", "to": "2018-12-31"}), 64.5),
        (json!({"from": "2019-01-01", "to": "2019-01-31"}), 71.0),
    ] {
        record(
            &recorder,
            &stream,
            json!([{"type": "indicator_measured", "data": {
                "indicator": "trygg-centrum", "value": value, "period": period}}]),
            &coordinator(),
        )
        .await;
    }
    // (year, values in the series, change from baseline of the last, right
    // way, status of the commitment on the indicator)
    let cases = [
        (2018, vec![58.0, 64.5], 4.5, true, Status::Partly),
        (2019, vec![58.0, 64.5, 71.0], 11.0, true, Status::Achieved),
    ];
    for (year, values, change, right_way, status) in cases {
        let view = follow_up(&recorder, agreement, year);
        let series = &view.indicator_series[0];
        assert_eq!(series.definition.baseline, 60.0);
        let got: Vec<f64> = series.points.iter().map(|p| p.value).collect();
        assert_eq!(got, values, "{year}");
        assert_eq!(series.points[0].change_from_baseline, -2.0);
        assert!(!series.points[0].right_way, "58 is lower than 60");
        let last = series.points.last().unwrap();
        assert_eq!(last.change_from_baseline, change, "{year}");
        assert_eq!(last.right_way, right_way, "{year}");
        assert_eq!(the_commitment(&view).status, status, "{year}");
    }
}

#[tokio::test]
async fn an_agreement_that_follows_another_is_linked_both_ways() {
    let (_dir, recorder) = open();
    let earlier = Uuid::new_v4();
    record(
        &recorder,
        &format!("agreement-{earlier}"),
        json!([{"type": "agreement_adopted", "data": {
            "title": "Tidigare medborgarlöften", "municipality": "Hagfors kommun",
            "parties": ["Hagfors kommun", "Polisen"], "period": {"until_year": 2017},
            "focus_areas": []}}]),
        &coordinator(),
    )
    .await;
    let later = Uuid::new_v4();
    record(
        &recorder,
        &format!("agreement-{later}"),
        json!([{"type": "agreement_adopted", "data": {
            "title": "Medborgarlöften 2018–2019", "municipality": "Hagfors kommun",
            "parties": ["Hagfors kommun", "Polisen"], "period": {"first_year": 2018, "years": 2},
            "adopted": "2017-11-20", "adopted_by": "Kommunstyrelsen",
            "signatories": ["kommunstyrelsens ordförande", "lokalpolisområdeschef"],
            "other_parties": ["Bergslagens räddningstjänst"],
            "situation": "Lägesbilden visar oro för trafiken i centrum.",
            "follows": earlier, "focus_areas": []}}]),
        &coordinator(),
    )
    .await;
    let old = follow_up(&recorder, earlier, 2017);
    assert!(old.agreement.began_earlier, "tidigare år, not 2017 alone");
    assert_eq!(old.continuity.follows, None);
    let followed_by: Vec<(Uuid, i32)> = old
        .continuity
        .followed_by
        .iter()
        .map(|l| (l.id, l.year))
        .collect();
    assert_eq!(followed_by, [(later, 2018)]);
    let new = follow_up(&recorder, later, 2018);
    let follows = new.continuity.follows.as_ref().expect("linked back");
    assert_eq!((follows.id, follows.year), (earlier, 2017));
    assert_eq!(follows.title, "Tidigare medborgarlöften");
    assert!(new.continuity.followed_by.is_empty());
    let context = &new.agreement.context;
    assert_eq!(context.adopted_by.as_deref(), Some("Kommunstyrelsen"));
    assert_eq!(
        context.signatories,
        ["kommunstyrelsens ordförande", "lokalpolisområdeschef"]
    );
    assert_eq!(context.other_parties, ["Bergslagens räddningstjänst"]);
}

/// A measurement an earlier build stored (schema version 1, naming what it
/// measured itself) is still read, and shown in its year beside the defined
/// indicators' series, in none of which it counts.
#[tokio::test]
async fn a_v1_measurement_stays_readable_and_shown() {
    use serde_json::value::RawValue;
    use trygglogg_events::StreamName;
    use trygglogg_store::{ExpectedVersion, NewEvent};

    let (_dir, recorder) = open();
    let agreement = agreement_with_target(&recorder, json!({"per_year": 3})).await;
    let raw = |value: Value| RawValue::from_string(value.to_string()).unwrap();
    recorder
        .store()
        .append(
            StreamName::parse(&format!("agreement-{agreement}")).unwrap(),
            ExpectedVersion::Exact(2),
            vec![NewEvent {
                id: Uuid::now_v7(),
                event_type: "indicator_measured".into(),
                data: raw(json!({
                    "indicator": "Andel som känner sig trygga i centrum på kvällen",
                    "value": 71.5, "unit": "procent",
                    "period": {"from": "2018-01-01", "to": "2018-12-31"},
                    "source": "Polisens trygghetsmätning 2018", "focus_area": "trafikmiljo"})),
                metadata: raw(
                    json!({"actor": "samordnare", "organisation": "Hagfors kommun",
                    "schema_version": 1}),
                ),
            }],
        )
        .await
        .unwrap();
    let view = follow_up(&recorder, agreement, 2018);
    assert!(view.indicator_series.is_empty());
    let measured = &view.indicators[0];
    assert_eq!(measured.key, None);
    assert_eq!(
        measured.indicator,
        "Andel som känner sig trygga i centrum på kvällen"
    );
    assert_eq!(
        (
            measured.value,
            measured.unit.as_str(),
            measured.source.as_str()
        ),
        (71.5, "procent", "Polisens trygghetsmätning 2018")
    );
    assert_eq!(measured.focus_area.as_deref(), Some("trafikmiljo"));
}
