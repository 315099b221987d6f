//! Start-up catches up from the checkpoint; a checkpoint of another log is
//! dropped.

use serde_json::json;
use trygglogg_projections::{build, Projections};
use uuid::Uuid;

use crate::helpers::{agreement, author, control, import_fixture, open, record};

#[tokio::test]
async fn reopening_continues_from_the_checkpoint_and_equals_a_rebuild() {
    let (dir, recorder) = open();
    let views = dir.path().join("views");
    import_fixture(&recorder).await;
    let store = recorder.store().clone();
    let first = Projections::open(store.clone(), &views).unwrap();
    let checkpointed = first.applied();
    assert_eq!(checkpointed, store.head().position);
    drop(first);

    let agreement = agreement(&recorder).await;
    let police = author("polis-1", "Polisen");
    record(
        &recorder,
        &format!("activity-{}", Uuid::new_v4()),
        json!([control(agreement, "2018-02-02", 7, "Råda")]),
        &police,
    )
    .await;
    let reopened = Projections::open(store.clone(), &views).unwrap();
    assert_eq!(reopened.applied(), store.head().position);
    assert!(reopened.applied() > checkpointed);
    assert_eq!(*reopened.read(), build(&store, None, |_| {}).unwrap());
}

#[tokio::test]
async fn a_checkpoint_from_another_log_is_dropped() {
    let (dir, recorder) = open();
    let views = dir.path().join("views");
    import_fixture(&recorder).await;
    Projections::open(recorder.store().clone(), &views).unwrap();

    // Another log, as after restoring a different backup into a new store.
    let (_other_dir, other) = open();
    let agreement = agreement(&other).await;
    let police = author("polis-1", "Polisen");
    for n in 0..30 {
        let date = format!("2018-03-{:02}", n % 28 + 1);
        record(
            &other,
            &format!("activity-{}", Uuid::new_v4()),
            json!([control(agreement, &date, n, "Hagfors")]),
            &police,
        )
        .await;
    }
    let reopened = Projections::open(other.store().clone(), &views).unwrap();
    assert_eq!(
        *reopened.read(),
        build(other.store(), None, |_| {}).unwrap()
    );
    assert_eq!(
        reopened.read().agreements().count(),
        1,
        "nothing of the first log remains"
    );
}
