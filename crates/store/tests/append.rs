//! Appending: versions, idempotency, refusals, durability.

use trygglogg_store::{AppendError, Direction, ExpectedVersion, Store, MAX_STORED_EVENT_BYTES};
use uuid::Uuid;

use crate::helpers::{event, event_with_id, open_temp, raw, stream};

#[tokio::test]
async fn positions_and_versions_count_from_one_without_gaps() {
    let (_dir, store) = open_temp();
    let a = store
        .append(
            stream("a"),
            ExpectedVersion::NoStream,
            vec![event(1), event(2)],
        )
        .await
        .unwrap();
    let b = store
        .append(stream("b"), ExpectedVersion::Any, vec![event(3)])
        .await
        .unwrap();
    let a2 = store
        .append(stream("a"), ExpectedVersion::Exact(2), vec![event(4)])
        .await
        .unwrap();
    assert_eq!(
        (a.positions, a.stream_version, a.replayed),
        (vec![1, 2], 2, false)
    );
    assert_eq!((b.positions, b.stream_version), (vec![3], 1));
    assert_eq!((a2.positions, a2.stream_version), (vec![4], 3));
    assert_eq!(store.head().position, 4);
}

#[tokio::test]
async fn expected_version_is_checked() {
    let (_dir, store) = open_temp();
    let s = stream("x");
    store
        .append(s, ExpectedVersion::Any, vec![event(1), event(2)])
        .await
        .unwrap();
    // (expected, accepted?)
    let cases = [
        (ExpectedVersion::NoStream, false),
        (ExpectedVersion::Exact(0), false),
        (ExpectedVersion::Exact(1), false),
        (ExpectedVersion::Exact(3), false),
        (ExpectedVersion::Exact(2), true),
    ];
    for (expected, accepted) in cases {
        let result = store.append(s, expected, vec![event(9)]).await;
        match (accepted, result) {
            (true, Ok(appended)) => assert_eq!(appended.stream_version, 3),
            (false, Err(AppendError::VersionConflict { actual, .. })) => assert_eq!(actual, 2),
            (accepted, other) => {
                panic!("{expected:?}: expected accepted={accepted}, got {other:?}")
            }
        }
    }
    assert_eq!(
        store.head().position,
        3,
        "refused appends left the log unchanged"
    );
}

#[tokio::test]
async fn a_retry_with_the_same_ids_returns_the_original_positions() {
    let (_dir, store) = open_temp();
    let (id1, id2) = (Uuid::now_v7(), Uuid::now_v7());
    let request = || vec![event_with_id(id1, 1), event_with_id(id2, 2)];
    store
        .append(stream("other"), ExpectedVersion::Any, vec![event(0)])
        .await
        .unwrap();
    let first = store
        .append(stream("r"), ExpectedVersion::NoStream, request())
        .await
        .unwrap();
    // The retry carries the original expected version, which no longer holds:
    // it is still an idempotent success, not a conflict.
    let retry = store
        .append(stream("r"), ExpectedVersion::NoStream, request())
        .await
        .unwrap();
    assert_eq!(first.positions, vec![2, 3]);
    assert_eq!(retry.positions, first.positions);
    assert_eq!(retry.stream_version, 2);
    assert!(retry.replayed && !first.replayed);
    assert_eq!(store.head().position, 3, "the retry appended nothing");
}

#[tokio::test]
async fn reusing_an_id_for_other_content_is_refused() {
    let (_dir, store) = open_temp();
    let id = Uuid::now_v7();
    store
        .append(
            stream("c"),
            ExpectedVersion::Any,
            vec![event_with_id(id, 1)],
        )
        .await
        .unwrap();
    let fresh = Uuid::now_v7();
    let cases: Vec<(
        &str,
        trygglogg_events::StreamName,
        Vec<trygglogg_store::NewEvent>,
    )> = vec![
        ("other data", stream("c"), vec![event_with_id(id, 2)]),
        ("other stream", stream("d"), vec![event_with_id(id, 1)]),
        (
            "other metadata",
            stream("c"),
            vec![trygglogg_store::NewEvent {
                metadata: raw(r#"{"actor":"x"}"#),
                ..event_with_id(id, 1)
            }],
        ),
    ];
    for (case, s, events) in cases {
        let err = store
            .append(s, ExpectedVersion::Any, events)
            .await
            .unwrap_err();
        assert_eq!(err, AppendError::IdConflict { id, position: 1 }, "{case}");
    }
    let partial = store
        .append(
            stream("c"),
            ExpectedVersion::Any,
            vec![event_with_id(id, 1), event_with_id(fresh, 3)],
        )
        .await
        .unwrap_err();
    assert_eq!(partial, AppendError::PartialRetry { id, position: 1 });
    assert_eq!(store.head().position, 1);
}

#[tokio::test]
async fn malformed_requests_are_refused_and_leave_the_log_unchanged() {
    let (_dir, store) = open_temp();
    let id = Uuid::now_v7();
    let big = "x".repeat(MAX_STORED_EVENT_BYTES);
    let huge = trygglogg_store::NewEvent {
        data: raw(&format!(r#"{{"text":"{big}"}}"#)),
        ..event(1)
    };
    let huge_id = huge.id;
    let cases = [
        (vec![], AppendError::Empty),
        (
            vec![event_with_id(id, 1), event_with_id(id, 2)],
            AppendError::DuplicateIdInRequest { id },
        ),
        (
            vec![trygglogg_store::NewEvent {
                event_type: "Bad Type".into(),
                ..event_with_id(id, 1)
            }],
            AppendError::InvalidEventType {
                id,
                event_type: "Bad Type".into(),
            },
        ),
    ];
    for (events, expected) in cases {
        let err = store
            .append(stream("m"), ExpectedVersion::Any, events)
            .await
            .unwrap_err();
        assert_eq!(err, expected);
    }
    match store
        .append(stream("m"), ExpectedVersion::Any, vec![event(0), huge])
        .await
    {
        Err(AppendError::TooLarge { id, size, max }) => {
            assert_eq!(id, huge_id);
            assert!(size > max && max == MAX_STORED_EVENT_BYTES);
        }
        other => panic!("expected TooLarge, got {other:?}"),
    }
    assert_eq!(store.head().position, 0);
    assert!(store
        .read_all(1, Direction::Forward, 10)
        .unwrap()
        .is_empty());
}

#[tokio::test]
async fn recorded_time_never_decreases_and_the_chain_links() {
    let (_dir, store) = open_temp();
    for n in 0..20 {
        store
            .append(stream("t"), ExpectedVersion::Any, vec![event(n)])
            .await
            .unwrap();
    }
    let events = store.read_all(1, Direction::Forward, 100).unwrap();
    for pair in events.windows(2) {
        assert!(pair[1].recorded >= pair[0].recorded);
        assert_eq!(pair[1].prev_hash, pair[0].hash);
    }
    assert_eq!(events[0].prev_hash, trygglogg_store::Hash::GENESIS);
    assert_eq!(store.head().hash, events[19].hash);
}

#[tokio::test]
async fn acknowledged_events_survive_reopening_exactly() {
    let dir = tempfile::tempdir().unwrap();
    let before = {
        let store = Store::open(dir.path()).unwrap();
        for n in 0..5 {
            store
                .append(stream("p"), ExpectedVersion::Any, vec![event(n)])
                .await
                .unwrap();
        }
        store.read_all(1, Direction::Forward, 100).unwrap()
    };
    let store = Store::open(dir.path()).unwrap();
    assert_eq!(store.read_all(1, Direction::Forward, 100).unwrap(), before);
    assert_eq!(store.head().hash, before[4].hash);
    let next = store
        .append(stream("p"), ExpectedVersion::Exact(5), vec![event(5)])
        .await
        .unwrap();
    assert_eq!((next.positions, next.stream_version), (vec![6], 6));
}
