//! The follower reads what an event needs from the log before it takes the
//! view's write lock (`StoreHistory::prefetch`), then applies it from memory:
//! what it folds must be what a rebuild folds, also when what was read ahead
//! belongs to another event than the one applied.

use serde_json::json;
use trygglogg_projections::follow_up::FollowUpState;
use trygglogg_projections::{build, StoreHistory};
use trygglogg_store::Direction;
use uuid::Uuid;

use crate::helpers::{agreement, author, control, open, record};

#[tokio::test]
async fn prefetched_histories_fold_as_histories_read_under_the_lock() {
    let (_dir, recorder) = open();
    let agreement = agreement(&recorder).await;
    let police = author("polis-1", "Polisen");
    for changes in [json!({"occurred": "2019-02-01"}), json!({"serves": null})] {
        let stream = format!("activity-{}", Uuid::new_v4());
        let done = record(
            &recorder,
            &stream,
            json!([control(agreement, "2018-03-10", 3, "Hagfors")]),
            &police,
        )
        .await;
        record(
            &recorder,
            &stream,
            json!([{"type": "correction", "data": {"target": done.event_ids[0],
                "target_type": "activity_completed", "changes": changes, "reason": "Fel."}}]),
            &police,
        )
        .await;
    }
    let store = recorder.store();
    let rebuilt = build(store, None, |_| {}).unwrap();
    let events = store.read_all(1, Direction::Forward, 1000).unwrap();
    // Read ahead for the event itself, or (stale) for the next one: each
    // case must fold to the rebuild. The uncached history reads every
    // agreement event's and every amendment's stream.
    for stale in [false, true] {
        let mut state = FollowUpState::default();
        let mut history = StoreHistory::uncached(store.clone());
        for (at, event) in events.iter().enumerate() {
            let ahead = match stale {
                true => &events[(at + 1).min(events.len() - 1)],
                false => event,
            };
            history.prefetch(&ahead.as_stored()).unwrap();
            state.apply(&event.as_stored(), &mut history).unwrap();
        }
        assert_eq!(state, rebuilt, "read ahead for the next event: {stale}");
    }
}
