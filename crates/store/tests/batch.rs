//! Batches: appends to several streams in one group commit, all or none.

use std::sync::atomic::Ordering;

use trygglogg_store::{
    AppendError, BatchError, BatchPart, Direction, ExpectedVersion, NewEvent, Store, Verification,
};
use uuid::Uuid;

use crate::helpers::{event, event_with_id, open_temp, stream};

fn part(label: &str, expected: ExpectedVersion, events: Vec<NewEvent>) -> BatchPart {
    BatchPart {
        stream: stream(label),
        expected,
        events,
    }
}

/// What a refusal must leave: the head, and every stream's version.
fn state(store: &Store, labels: &[&str]) -> (u64, Vec<u64>) {
    let versions = labels
        .iter()
        .map(|l| store.stream_version(&stream(l)).unwrap())
        .collect();
    (store.head().position, versions)
}

#[tokio::test]
async fn a_batch_appends_to_every_stream_in_one_commit() {
    let (_dir, store) = open_temp();
    store
        .append(stream("b"), ExpectedVersion::Any, vec![event(0)])
        .await
        .unwrap();
    let commits = store.stats().commits.load(Ordering::Relaxed);

    let appended = store
        .append_batch(vec![
            part("a", ExpectedVersion::NoStream, vec![event(1), event(2)]),
            part("b", ExpectedVersion::Exact(1), vec![event(3)]),
            part("c", ExpectedVersion::Any, vec![event(4)]),
        ])
        .await
        .unwrap();

    let answers: Vec<_> = appended
        .iter()
        .map(|a| (a.positions.clone(), a.stream_version, a.replayed))
        .collect();
    assert_eq!(
        answers,
        [
            (vec![2, 3], 2, false),
            (vec![4], 2, false),
            (vec![5], 1, false)
        ]
    );
    assert_eq!(store.stats().commits.load(Ordering::Relaxed), commits + 1);
    assert_eq!(state(&store, &["a", "b", "c"]), (5, vec![2, 2, 1]));
    let b = store
        .read_stream(&stream("b"), 1, Direction::Forward, 10)
        .unwrap();
    assert_eq!(b.iter().map(|e| e.position).collect::<Vec<_>>(), [1, 4]);
    assert!(matches!(
        store.verify(|_| {}).unwrap(),
        Verification::Intact { .. }
    ));
}

#[tokio::test]
async fn a_refused_part_anywhere_appends_nothing_of_the_batch() {
    let taken = Uuid::now_v7();
    let shared = Uuid::now_v7();
    // (what the last part is, which refusal it gets)
    type Case = (&'static str, BatchPart, fn(&AppendError) -> bool);
    let cases: Vec<Case> = vec![
        (
            "a stale expected version",
            part("c", ExpectedVersion::Exact(5), vec![event(10)]),
            |e| matches!(e, AppendError::VersionConflict { actual: 1, .. }),
        ),
        (
            "a new stream expected where one is",
            part("c", ExpectedVersion::NoStream, vec![event(10)]),
            |e| matches!(e, AppendError::VersionConflict { .. }),
        ),
        (
            "an id recorded with other content",
            part("c", ExpectedVersion::Any, vec![event_with_id(taken, 99)]),
            |e| matches!(e, AppendError::IdConflict { position: 1, .. }),
        ),
        (
            "an id an earlier part of the batch uses",
            part("c", ExpectedVersion::Any, vec![event_with_id(shared, 7)]),
            |e| matches!(e, AppendError::IdConflict { .. }),
        ),
        ("no events", part("c", ExpectedVersion::Any, vec![]), |e| {
            matches!(e, AppendError::Empty)
        }),
        (
            "a malformed event type",
            part(
                "c",
                ExpectedVersion::Any,
                vec![NewEvent {
                    event_type: "Not A Type".into(),
                    ..event(10)
                }],
            ),
            |e| matches!(e, AppendError::InvalidEventType { .. }),
        ),
    ];
    for (case, last, refusal) in cases {
        let (_dir, store) = open_temp();
        store
            .append(
                stream("c"),
                ExpectedVersion::Any,
                vec![event_with_id(taken, 1)],
            )
            .await
            .unwrap();
        let before = state(&store, &["a", "b", "c"]);
        let answer = store
            .append_batch(vec![
                part("a", ExpectedVersion::NoStream, vec![event(1), event(2)]),
                part("b", ExpectedVersion::Any, vec![event_with_id(shared, 3)]),
                last,
            ])
            .await;
        match answer {
            Err(BatchError::Part { part: 2, error }) => assert!(refusal(&error), "{case}: {error}"),
            other => panic!("{case}: {other:?}"),
        }
        assert_eq!(state(&store, &["a", "b", "c"]), before, "{case}");
        // The refused batch left no id behind: its events may be sent again.
        let again = store
            .append(
                stream("b"),
                ExpectedVersion::NoStream,
                vec![event_with_id(shared, 3)],
            )
            .await;
        assert!(again.is_ok(), "{case}: {again:?}");
    }
}

#[tokio::test]
async fn a_resent_batch_answers_the_same_positions_and_appends_nothing() {
    let (_dir, store) = open_temp();
    let batch = vec![
        part("a", ExpectedVersion::NoStream, vec![event(1), event(2)]),
        part("b", ExpectedVersion::NoStream, vec![event(3)]),
    ];
    let first = store.append_batch(batch.clone()).await.unwrap();
    store
        .append(stream("b"), ExpectedVersion::Exact(1), vec![event(4)])
        .await
        .unwrap();
    let before = state(&store, &["a", "b"]);

    // Expected versions that no longer hold do not matter to a replay.
    let again = store.append_batch(batch.clone()).await.unwrap();
    assert!(again.iter().all(|a| a.replayed));
    let positions = |answers: &[trygglogg_store::Appended]| {
        answers
            .iter()
            .map(|a| a.positions.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(positions(&again), positions(&first));
    assert_eq!(state(&store, &["a", "b"]), before);

    // The same ids with other content are a conflict, and append nothing.
    let mut changed = batch;
    changed[1].events[0].data = crate::helpers::raw(r#"{"n":33}"#);
    let refused = store.append_batch(changed).await;
    assert!(
        matches!(
            refused,
            Err(BatchError::Part {
                part: 1,
                error: AppendError::IdConflict { position: 3, .. }
            })
        ),
        "{refused:?}"
    );
    assert_eq!(state(&store, &["a", "b"]), before);
}

/// Batches, refused batches and single appends sent at once share group
/// commits; what was acknowledged is what a reopened store holds, in an
/// intact chain.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_batches_land_whole_or_not_at_all_and_survive_reopening() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let mut tasks = Vec::new();
    for i in 0..40u64 {
        let store = store.clone();
        tasks.push(tokio::spawn(async move {
            let label = format!("s{i}");
            if i % 4 == 3 {
                // Refused: its second part expects a stream that is not there.
                let refused = store
                    .append_batch(vec![
                        part(&label, ExpectedVersion::Any, vec![event(i)]),
                        part("nowhere", ExpectedVersion::Exact(9), vec![event(i)]),
                    ])
                    .await;
                assert!(matches!(refused, Err(BatchError::Part { part: 1, .. })));
                0
            } else if i % 2 == 0 {
                let appended = store
                    .append_batch(vec![
                        part(&label, ExpectedVersion::NoStream, vec![event(i), event(i)]),
                        part(&format!("t{i}"), ExpectedVersion::NoStream, vec![event(i)]),
                    ])
                    .await
                    .unwrap();
                appended.iter().map(|a| a.positions.len() as u64).sum()
            } else {
                store
                    .append(stream(&label), ExpectedVersion::Any, vec![event(i)])
                    .await
                    .unwrap();
                1
            }
        }));
    }
    let mut acknowledged = 0;
    for task in tasks {
        acknowledged += task.await.unwrap();
    }
    assert_eq!(store.head().position, acknowledged);
    drop(store);

    let reopened = Store::open(dir.path()).unwrap();
    assert_eq!(reopened.head().position, acknowledged);
    for i in (3..40).step_by(4) {
        let version = reopened.stream_version(&stream(&format!("s{i}"))).unwrap();
        assert_eq!(version, 0, "refused batch {i} left nothing");
    }
    match reopened.verify(|_| {}).unwrap() {
        Verification::Intact { head } => assert_eq!(head.position, acknowledged),
        broken => panic!("{broken:?}"),
    }
}
