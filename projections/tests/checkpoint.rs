//! Start-up catches up from the checkpoint; a checkpoint that is damaged, or
//! of another log, is dropped and the view rebuilt from the log.

use serde_json::json;
use trygglogg_projections::{build, checkpoint, Projections};
use trygglogg_store::Hash;
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

/// A server starts reading the checkpoint before it opens the log: what
/// was read is used once the log is open, and checked against it then (a
/// checkpoint the log has moved past is caught up from, one of another log
/// is dropped).
#[tokio::test]
async fn a_checkpoint_read_while_the_log_opens_is_checked_against_it() {
    let (dir, recorder) = open();
    let views = dir.path().join("views");
    import_fixture(&recorder).await;
    drop(Projections::open(recorder.store().clone(), &views).unwrap());
    let checkpointed = checkpoint::load(&views).unwrap();
    // The log moves past the checkpoint while no view follows it.
    let agreed = agreement(&recorder).await;
    record(
        &recorder,
        &format!("activity-{}", Uuid::new_v4()),
        json!([control(agreed, "2018-02-02", 7, "Råda")]),
        &author("polis-1", "Polisen"),
    )
    .await;
    let log = dir.path().join("log");
    drop(recorder);

    let reading = checkpoint::Reading::start(&views);
    let store = trygglogg_store::Store::open(&log).unwrap();
    let read = reading.finish();
    assert_eq!(read.state.as_ref(), Ok(&checkpointed), "read as saved");

    let reopened =
        Projections::open_with(store.clone(), checkpoint::Reading::start(&views)).unwrap();
    assert!(store.head().position > checkpointed.position);
    assert_eq!(reopened.applied(), store.head().position);
    assert_eq!(*reopened.read(), build(&store, None, |_| {}).unwrap());
    drop(reopened);

    let (_other_dir, other) = open();
    agreement(&other).await;
    let reading = checkpoint::Reading::start(&views);
    let reopened = Projections::open_with(other.store().clone(), reading).unwrap();
    assert_eq!(
        *reopened.read(),
        build(other.store(), None, |_| {}).unwrap()
    );
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

/// Over 256 bytes spread evenly across a saved checkpoint, from its first to
/// its last, each with one bit flipped (which bit turns with the byte): the
/// file is refused each time, and the view that `Projections::open` builds
/// instead equals a rebuild from the log. Without the seal, a flipped bit in
/// a count decoded as another count.
#[tokio::test]
async fn a_checkpoint_with_any_bit_flipped_is_refused_and_rebuilt_from_the_log() {
    let (dir, recorder) = open();
    let views = dir.path().join("views");
    import_fixture(&recorder).await;
    let store = recorder.store().clone();
    let rebuilt = build(&store, None, |_| {}).unwrap();
    drop(Projections::open(store.clone(), &views).unwrap());
    let file = checkpoint::path(&views);
    let saved = std::fs::read(&file).unwrap();
    assert_eq!(checkpoint::load(&views).as_ref(), Ok(&rebuilt));
    assert!(
        saved.len() >= 200,
        "a checkpoint of the seed: {} bytes",
        saved.len()
    );

    let every = (saved.len() / 256).max(1);
    let sample: Vec<usize> = (0..saved.len())
        .step_by(every)
        .chain([saved.len() - 1])
        .collect();
    assert!(sample.len() > 256);
    for at in sample {
        let mut flipped = saved.clone();
        flipped[at] ^= 1 << (at % 8);
        std::fs::write(&file, &flipped).unwrap();
        assert!(
            checkpoint::load(&views).is_err(),
            "a bit flipped at byte {at} of {} is read",
            saved.len()
        );
        let reopened = Projections::open(store.clone(), &views).unwrap();
        assert_eq!(*reopened.read(), rebuilt, "byte {at}");
        assert!(
            checkpoint::load(&views).as_ref() == Ok(&rebuilt),
            "byte {at}: the rebuilt view is checkpointed again"
        );
    }
}

/// A checkpoint sealed as sound that does not belong to the log: built past
/// its head, or to a position whose hash the log does not have.
#[tokio::test]
async fn a_sound_checkpoint_of_another_history_is_rebuilt_from_the_log() {
    let (dir, recorder) = open();
    let views = dir.path().join("views");
    import_fixture(&recorder).await;
    let store = recorder.store().clone();
    let rebuilt = build(&store, None, |_| {}).unwrap();
    let head = store.head();

    let mut past_the_head = rebuilt.clone();
    past_the_head.position = head.position + 5;
    let mut another_hash = rebuilt.clone();
    another_hash.hash = Hash::GENESIS;
    for (name, state) in [
        ("past the head", past_the_head),
        ("another hash", another_hash),
    ] {
        checkpoint::save(&views, &state).unwrap();
        assert_eq!(checkpoint::load(&views).as_ref(), Ok(&state), "{name}");
        let reopened = Projections::open(store.clone(), &views).unwrap();
        assert_eq!(*reopened.read(), rebuilt, "{name}");
    }
}
