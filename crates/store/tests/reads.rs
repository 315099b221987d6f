//! Reading the global log and single streams, in pages, both ways.

use trygglogg_store::{Direction, ExpectedVersion};

use crate::helpers::{event, open_temp, stream};

fn positions(events: &[trygglogg_store::RecordedEvent]) -> Vec<u64> {
    events.iter().map(|e| e.position).collect()
}

#[tokio::test]
async fn the_global_log_reads_in_pages_forward_and_backward() {
    let (_dir, store) = open_temp();
    for n in 0..10 {
        let s = if n % 2 == 0 { "even" } else { "odd" };
        store
            .append(stream(s), ExpectedVersion::Any, vec![event(n)])
            .await
            .unwrap();
    }
    use Direction::{Backward, Forward};
    // (from, direction, limit, expected positions)
    let cases: [(u64, Direction, usize, Vec<u64>); 8] = [
        (1, Forward, 3, vec![1, 2, 3]),
        (0, Forward, 2, vec![1, 2]),
        (9, Forward, 5, vec![9, 10]),
        (11, Forward, 5, vec![]),
        (u64::MAX, Backward, 3, vec![10, 9, 8]),
        (3, Backward, 5, vec![3, 2, 1]),
        (0, Backward, 5, vec![]),
        (5, Forward, 0, vec![]),
    ];
    for (from, direction, limit, expected) in cases {
        let page = store.read_all(from, direction, limit).unwrap();
        assert_eq!(
            positions(&page),
            expected,
            "from {from} {direction:?} limit {limit}"
        );
    }
}

#[tokio::test]
async fn a_stream_reads_by_version() {
    let (_dir, store) = open_temp();
    for n in 0..9 {
        let s = ["a", "b", "ab"][n as usize % 3];
        store
            .append(stream(s), ExpectedVersion::Any, vec![event(n)])
            .await
            .unwrap();
    }
    let a = stream("a");
    let versions = |events: Vec<trygglogg_store::RecordedEvent>| {
        events
            .iter()
            .map(|e| (e.version, e.position))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        versions(store.read_stream(&a, 1, Direction::Forward, 10).unwrap()),
        [(1, 1), (2, 4), (3, 7)]
    );
    assert_eq!(
        versions(store.read_stream(&a, 2, Direction::Forward, 1).unwrap()),
        [(2, 4)]
    );
    assert_eq!(
        versions(
            store
                .read_stream(&a, u64::MAX, Direction::Backward, 2)
                .unwrap()
        ),
        [(3, 7), (2, 4)]
    );
    assert_eq!(
        versions(store.read_stream(&a, 1, Direction::Backward, 9).unwrap()),
        [(1, 1)]
    );
    assert!(store
        .read_stream(&stream("none"), 1, Direction::Forward, 9)
        .unwrap()
        .is_empty());
    assert_eq!(store.stream_version(&a).unwrap(), 3);
    assert_eq!(store.stream_version(&stream("none")).unwrap(), 0);
    // The uuids of `a` and `ab` share their first byte; their streams stay apart.
    assert!(store
        .read_stream(&a, 1, Direction::Forward, 10)
        .unwrap()
        .iter()
        .all(|e| e.stream == a));
}

#[tokio::test]
async fn an_event_is_found_by_its_id() {
    let (_dir, store) = open_temp();
    let e = event(7);
    let id = e.id;
    store
        .append(stream("i"), ExpectedVersion::Any, vec![event(1), e])
        .await
        .unwrap();
    let found = store.event_by_id(id).unwrap().expect("found");
    assert_eq!(
        (found.position, found.version, found.data.get()),
        (2, 2, r#"{"n":7}"#)
    );
    assert!(store.event_by_id(uuid::Uuid::now_v7()).unwrap().is_none());
}

/// A scan longer than one page of the read-ahead: every event once, in
/// order, each as stored; from any position; stopped where the visitor says.
#[tokio::test]
async fn a_scan_hands_over_every_event_in_order_and_stops_when_told() {
    let (_dir, store) = open_temp();
    let events = 2500u64;
    for batch in 0..events / 100 {
        let batch: Vec<_> = (0..100).map(|n| event(batch * 100 + n)).collect();
        store
            .append(stream("many"), ExpectedVersion::Any, batch)
            .await
            .unwrap();
    }
    let scan = |from: u64, stop_at: u64| {
        let mut seen = Vec::new();
        store
            .scan(from, |event| {
                let stored = store.read_all(event.position, Direction::Forward, 1)?;
                assert_eq!(stored[0].as_stored().data.get(), event.data.get());
                assert_eq!(stored[0].hash, event.hash);
                seen.push(event.position);
                Ok::<_, trygglogg_store::StoreError>(if event.position == stop_at {
                    std::ops::ControlFlow::Break(())
                } else {
                    std::ops::ControlFlow::Continue(())
                })
            })
            .unwrap();
        seen
    };
    // (from, stop at, expected first, expected last)
    let cases = [
        (0, u64::MAX, 1, events),
        (1, u64::MAX, 1, events),
        (1500, u64::MAX, 1500, events),
        (2400, u64::MAX, 2400, events),
        (1, 1800, 1, 1800),
        (100, 100, 100, 100),
    ];
    for (from, stop_at, first, last) in cases {
        let seen = scan(from, stop_at);
        assert_eq!(
            seen,
            (first..=last).collect::<Vec<_>>(),
            "from {from}, stopping at {stop_at}"
        );
    }
    assert!(scan(events + 1, u64::MAX).is_empty());
}
