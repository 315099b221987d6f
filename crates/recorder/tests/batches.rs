//! Batches: every item checked as a single append is, named when refused,
//! and all of them recorded together or none.

use serde_json::{json, Value};
use trygglogg_recorder::{Author, BatchItem, RecordError};
use trygglogg_test_support::{context, stream_named};
use uuid::Uuid;

use crate::{
    activity_stream, completed, coordinator, planned, planned_activity, recorder_serving, reporter,
    request,
};

fn item(stream: &str, events: Value) -> BatchItem {
    BatchItem {
        stream: stream_named(stream),
        request: request(json!({ "events": events })),
    }
}

/// `event` with a fixed id, so that a resend is recognised.
fn with_id(mut event: Value) -> Value {
    event["id"] = json!(Uuid::now_v7());
    event
}

/// A new activity with one plan.
fn new_activity() -> BatchItem {
    item(&activity_stream(), json!([with_id(planned())]))
}

fn positions(recorded: &[trygglogg_recorder::Recorded]) -> Vec<Vec<u64>> {
    recorded.iter().map(|r| r.positions.clone()).collect()
}

#[tokio::test]
async fn a_batch_records_every_item_and_a_resend_answers_the_same_positions() {
    let (_dir, recorder) = recorder_serving().await;
    let existing = planned_activity(&recorder).await;
    let head = recorder.store().head().position;
    let mut completion = item(&existing, json!([with_id(completed("Klar."))]));
    completion.request.expected_version = Some(1);
    let items = vec![new_activity(), completion, new_activity()];

    let recorded = recorder
        .record_batch(&items, &coordinator(), &context())
        .await
        .unwrap();
    let first = positions(&recorded);
    assert_eq!(first, [vec![head + 1], vec![head + 2], vec![head + 3]]);
    assert!(recorded.iter().all(|r| !r.replayed));
    assert_eq!(recorded[1].stream_version, 2);

    let again = recorder
        .record_batch(&items, &coordinator(), &context())
        .await
        .unwrap();
    assert!(again.iter().all(|r| r.replayed));
    assert_eq!(positions(&again), first);
    assert_eq!(recorder.store().head().position, head + 3);
}

#[tokio::test]
async fn a_refused_item_is_named_and_the_batch_records_nothing() {
    let (_dir, recorder) = recorder_serving().await;
    let existing = planned_activity(&recorder).await;
    let repeated = activity_stream();
    let agreement = format!("agreement-{}", Uuid::now_v7());
    let new_agreement = json!([{"type": "agreement_adopted", "data": {
        "title": "Medborgarlöften 2020", "municipality": "Hagfors kommun",
        "parties": ["Hagfors kommun", "Polisen"], "period": {"first_year": 2020, "years": 1},
        "focus_areas": [{"key": "trygghet", "name": "Trygghet"}]}}]);
    let cancelled = json!({"type": "activity_cancelled", "data": {"reason": "Personalbrist."}});
    let stale = BatchItem {
        request: request(json!({"expected_version": 7, "events": [completed("Klar.")]})),
        ..item(&existing, json!([]))
    };
    // (what, the batch's last item, who sends it, what the refusal says)
    let cases: Vec<(&str, BatchItem, Author, &str)> = vec![
        (
            "a personnummer",
            item(
                &activity_stream(),
                json!([completed("Samtal med 640823-3234.")]),
            ),
            coordinator(),
            "items[2]: events[0].data.summary",
        ),
        (
            "a rule of the stream",
            item(&existing, json!([cancelled, completed("Klar.")])),
            coordinator(),
            "items[2]: ",
        ),
        (
            "a stream given twice",
            item(&repeated, json!([planned()])),
            coordinator(),
            "items[2]: stream: ",
        ),
        (
            "a stale expected version",
            stale,
            coordinator(),
            "items[2]: stream ",
        ),
        (
            "a role that may not write there",
            item(&agreement, new_agreement),
            reporter("Polisen"),
            "items[2]: a reporter records activities only",
        ),
    ];
    for (what, last, author, says) in cases {
        let head = recorder.store().head();
        let first = if what == "a stream given twice" {
            item(&repeated, json!([planned()]))
        } else {
            new_activity()
        };
        let batch = [first, new_activity(), last];
        let refused = recorder
            .record_batch(&batch, &author, &context())
            .await
            .unwrap_err();
        assert_eq!(refused.item, Some(2), "{what}: {refused}");
        let message = refused.to_string();
        assert!(message.starts_with(says), "{what}: {message}");
        assert!(
            !message.contains("640823"),
            "{what}: never echo a personnummer"
        );
        assert!(
            !matches!(refused.error, RecordError::Store(_)),
            "{what}: {message}"
        );
        assert_eq!(
            recorder.store().head(),
            head,
            "{what}: the log is unchanged"
        );
    }
}

/// Each item is checked against the log as it stands before the batch: an
/// activity cannot serve an agreement adopted in the same batch.
#[tokio::test]
async fn an_item_cannot_build_on_another_item_of_its_batch() {
    let (_dir, recorder) = recorder_serving().await;
    let agreement = Uuid::now_v7();
    let adopted = json!([{"type": "agreement_adopted", "data": {
        "title": "Medborgarlöften 2020", "municipality": "Hagfors kommun",
        "parties": ["Hagfors kommun", "Polisen"], "period": {"first_year": 2020, "years": 1},
        "focus_areas": [{"key": "trygghet", "name": "Trygghet"}]}}]);
    let mut serving = planned();
    serving["data"]["serves"] = json!({"agreement": agreement, "focus_area": "trygghet"});
    serving["data"]["planned"] = json!("2020-03-01");
    let head = recorder.store().head();
    let batch = [
        item(&format!("agreement-{agreement}"), adopted),
        item(&activity_stream(), json!([serving])),
    ];
    let refused = recorder
        .record_batch(&batch, &coordinator(), &context())
        .await
        .unwrap_err();
    assert_eq!(refused.item, Some(1), "{refused}");
    assert!(
        refused.to_string().contains(&agreement.to_string()),
        "{refused}"
    );
    assert_eq!(recorder.store().head(), head);
}
