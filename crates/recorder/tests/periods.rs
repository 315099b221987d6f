//! Work serving an agreement lies within the agreement's period: whether it
//! is planned, completed, rescheduled or corrected there.

use serde_json::{json, Value};
use trygglogg_recorder::RecordError;
use trygglogg_test_support::{
    adopt_agreement, author, record, recorder, seed_agreement, serves, AGREEMENT,
};
use uuid::Uuid;

fn planned(on: &str) -> Value {
    json!({"type": "activity_planned", "data": {
        "title": "Hastighetskontroll Dalavägen", "kind": "traffic_control", "planned": on,
        "places": ["Hagfors centrum"], "responsible": ["Polisen"], "serves": serves()}})
}

fn completed(on: &str) -> Value {
    json!({"type": "activity_completed", "data": {
        "kind": "traffic_control", "facts": {"focus": ["speed"], "checked": 40},
        "occurred": on, "places": ["Hagfors centrum"], "responsible": ["Polisen"],
        "summary": "Kontroll på Dalavägen.", "serves": serves()}})
}

#[tokio::test]
async fn work_outside_the_agreements_years_is_refused_naming_the_period() {
    let (_dir, recorder) = recorder();
    adopt_agreement(&recorder).await;
    let who = author("polis-4711", "Polisen");
    // Each case: what is already in the stream, what comes (given the id of
    // the stream's first event), and the path refused. The agreement runs
    // 2018–2019; "today" is 2019-06-01.
    let moved = |field: &'static str, to: &'static str| {
        move |first: Uuid| {
            json!({"type": "correction", "data": {
                "target": first, "target_type": "activity_completed",
                "changes": {field: to}, "reason": "Fel år."}})
        }
    };
    let next = |event: Value| move |_: Uuid| event.clone();
    type Next = Box<dyn Fn(Uuid) -> Value>;
    let cases: Vec<(Option<Value>, Next, Option<&str>)> = vec![
        (None, Box::new(next(planned("2018-03-14"))), None),
        (None, Box::new(next(planned("2019-12"))), None),
        (
            None,
            Box::new(next(planned("2020-01-10"))),
            Some("events[0].data.planned"),
        ),
        (None, Box::new(next(completed("2018"))), None),
        (
            None,
            Box::new(next(completed("2017-12-31"))),
            Some("events[0].data.occurred"),
        ),
        (
            None,
            Box::new(next(completed("2017"))),
            Some("events[0].data.occurred"),
        ),
        (
            None,
            Box::new(next(completed_range("2017-12-20", "2018-01-10"))),
            Some("events[0].data.occurred"),
        ),
        (
            Some(planned("2019-05-01")),
            Box::new(next(json!({"type": "activity_rescheduled", "data": {
                "planned": "2020-02", "reason": "Flyttad."}}))),
            Some("events[0].data.planned"),
        ),
        (
            Some(completed("2018-05-03")),
            Box::new(moved("occurred", "2017-05-03")),
            Some("events[0].data.changes.occurred"),
        ),
        (
            Some(completed("2018-05-03")),
            Box::new(moved("occurred", "2019-05")),
            None,
        ),
    ];
    for (before, next, refused) in cases {
        let stream = format!("activity-{}", Uuid::new_v4());
        let first = Uuid::new_v4();
        if let Some(mut event) = before {
            event["id"] = json!(first);
            record(&recorder, &stream, json!([event]), &who)
                .await
                .unwrap();
        }
        check(&recorder, &stream, next(first), refused, &who).await;
    }
}

#[tokio::test]
async fn work_is_checked_against_the_agreements_period_as_last_corrected() {
    let (_dir, recorder) = recorder();
    let coordinator = author("samordnare", "Hagfors kommun");
    let who = author("polis-4711", "Polisen");
    let agreement = format!("agreement-{AGREEMENT}");
    let adopted = record(
        &recorder,
        &agreement,
        seed_agreement(json!({"per_year": 3})),
        &coordinator,
    )
    .await
    .unwrap()
    .event_ids[0];
    // Each step: the agreement's period corrected to these years, then
    // work planned in a new activity stream, and what the rule says of it.
    // The work before each correction has the agreement as it stood read
    // (and kept): the next work must see the correction all the same.
    let steps = [
        (None, "2019-03-14", None),
        (Some(1), "2019-03-14", Some("avtalet gäller 2018")),
        (Some(1), "2018-03-14", None),
        (Some(3), "2020-02-10", None),
        (Some(2), "2020-02-10", Some("avtalet gäller 2018–2019")),
    ];
    for (years, on, refused) in steps {
        if let Some(years) = years {
            let correction = json!([{"type": "correction", "data": {
                "target": adopted, "target_type": "agreement_adopted",
                "changes": {"period": {"first_year": 2018, "years": years}},
                "reason": "Perioden ändrades."}}]);
            record(&recorder, &agreement, correction, &coordinator)
                .await
                .unwrap();
        }
        let stream = format!("activity-{}", Uuid::new_v4());
        let result = record(&recorder, &stream, json!([planned(on)]), &who).await;
        match (result, refused) {
            (Ok(_), None) => {}
            (Err(RecordError::Rule(violation)), Some(period)) => {
                assert_eq!(violation.rule, "outside_agreement_period", "{on}");
                assert!(violation.problem.contains(period), "{on}: {violation}");
            }
            (other, _) => panic!("{years:?} years, {on}: expected {refused:?}, got {other:?}"),
        }
    }
}

fn completed_range(from: &str, to: &str) -> Value {
    let mut event = completed(from);
    event["data"]["occurred"] = json!({"from": from, "to": to});
    event
}

async fn check(
    recorder: &trygglogg_recorder::Recorder,
    stream: &str,
    next: Value,
    refused: Option<&str>,
    who: &trygglogg_recorder::Author,
) {
    let head = recorder.store().head().position;
    let what = next.to_string();
    match (record(recorder, stream, json!([next]), who).await, refused) {
        (Ok(_), None) => {}
        (Err(RecordError::Rule(violation)), Some(path)) => {
            assert_eq!(violation.rule, "outside_agreement_period", "{what}");
            assert_eq!(violation.path, path, "{what}");
            assert!(
                violation.problem.contains("avtalet gäller 2018–2019"),
                "{what}: {violation}"
            );
            assert_eq!(
                recorder.store().head().position,
                head,
                "{what}: log unchanged"
            );
        }
        (other, _) => panic!("{what}: expected {refused:?}, got {other:?}"),
    }
}
