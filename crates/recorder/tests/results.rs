//! Recording the result follow-up: an agreement continues only one that
//! exists, and only coordinators assess commitments.

use serde_json::json;
use trygglogg_recorder::{RecordError, Recorder};
use trygglogg_test_support::{context, recorder, seed_agreement, stream_named};
use uuid::Uuid;

use crate::{coordinator, reporter, request};

fn adoption(follows: Uuid) -> serde_json::Value {
    json!({"events": [{"type": "agreement_adopted", "data": {
        "title": "Medborgarlöften 2018–2019", "municipality": "Hagfors kommun",
        "parties": ["Hagfors kommun", "Polisen"], "period": {"first_year": 2018, "years": 2},
        "follows": follows, "focus_areas": []}}]})
}

fn log_length(recorder: &Recorder) -> u64 {
    recorder.store().head().position
}

#[tokio::test]
async fn an_agreement_follows_only_one_that_exists() {
    let (_dir, recorder) = recorder();
    let earlier = Uuid::new_v4();
    let record = |stream: String, body: serde_json::Value| {
        let recorder = &recorder;
        async move {
            recorder
                .record(
                    &stream_named(&stream),
                    &request(body),
                    &coordinator(),
                    &context(),
                )
                .await
        }
    };
    let before = log_length(&recorder);
    match record(format!("agreement-{}", Uuid::new_v4()), adoption(earlier)).await {
        Err(RecordError::Rule(violation)) => {
            assert_eq!(violation.rule, "followed_agreement_missing");
            assert_eq!(violation.path, "events[0].data.follows");
            assert!(
                violation.expected.contains("GET /api/v1/agreements"),
                "{violation:?}"
            );
        }
        other => panic!("followed a missing agreement: {other:?}"),
    }
    assert_eq!(
        log_length(&recorder),
        before,
        "the refusal left the log as it was"
    );
    record(
        format!("agreement-{earlier}"),
        json!({"events": seed_agreement(json!({"per_year": 3}))}),
    )
    .await
    .unwrap();
    let later = Uuid::new_v4();
    let adopted = record(format!("agreement-{later}"), adoption(earlier))
        .await
        .expect("follows one that exists");
    // A correction is held to the same rule: it may not point `follows` at
    // nothing, nor at the agreement itself.
    for (follows, rule) in [
        (Uuid::new_v4(), "followed_agreement_missing"),
        (later, "agreement_follows_itself"),
    ] {
        let correction = json!({"events": [{"type": "correction", "data": {
            "target": adopted.event_ids[0], "target_type": "agreement_adopted",
            "changes": {"follows": follows}, "reason": "Fel avtal angavs."}}]});
        match record(format!("agreement-{later}"), correction).await {
            Err(RecordError::Rule(violation)) => {
                assert_eq!(violation.rule, rule);
                assert_eq!(violation.path, "events[0].data.changes.follows");
            }
            other => panic!("a correction made it follow {follows}: {other:?}"),
        }
    }
}

#[tokio::test]
async fn only_a_coordinator_assesses_a_commitment() {
    let (_dir, recorder) = recorder();
    let agreement = format!("agreement-{}", Uuid::new_v4());
    let stream = stream_named(&agreement);
    let seed = request(json!({"events": seed_agreement(json!({"per_year": 3}))}));
    recorder
        .record(&stream, &seed, &coordinator(), &context())
        .await
        .unwrap();
    let assessment = request(json!({"events": [{"type": "commitment_assessed", "data": {
        "commitment": "kontroller", "year": 2018, "verdict": "met", "continues": "yes"}}]}));
    let as_reporter = recorder
        .record(&stream, &assessment, &reporter("Polisen"), &context())
        .await;
    assert!(
        matches!(&as_reporter, Err(RecordError::Forbidden(_))),
        "{as_reporter:?}"
    );
    recorder
        .record(&stream, &assessment, &coordinator(), &context())
        .await
        .expect("a coordinator assesses");
}
