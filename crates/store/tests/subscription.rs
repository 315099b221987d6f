//! The live subscription: every event after a position, once, in order.

use std::time::Duration;

use trygglogg_store::ExpectedVersion;

use crate::helpers::{event, open_temp, stream};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_subscription_catches_up_then_stays_live_without_gaps_or_duplicates() {
    let (_dir, store) = open_temp();
    for n in 0..700 {
        store
            .append(stream("s"), ExpectedVersion::Any, vec![event(n)])
            .await
            .unwrap();
    }
    let mut subscription = store.subscribe(100);
    let writer = {
        let store = store.clone();
        tokio::spawn(async move {
            let mut handles = Vec::new();
            for task in 0..8 {
                let store = store.clone();
                handles.push(tokio::spawn(async move {
                    for n in 0..50 {
                        let s = stream(&format!("live{task}"));
                        store
                            .append(s, ExpectedVersion::Any, vec![event(n)])
                            .await
                            .unwrap();
                    }
                }));
            }
            for h in handles {
                h.await.unwrap();
            }
        })
    };
    let mut expected = 101;
    while expected <= 1100 {
        let next = tokio::time::timeout(Duration::from_secs(10), subscription.next())
            .await
            .expect("the subscription delivers new events")
            .expect("open")
            .expect("readable");
        assert_eq!(next.position, expected);
        expected += 1;
    }
    writer.await.unwrap();
    assert_eq!(subscription.position(), 1100);
    // Nothing more: the next call waits.
    assert!(
        tokio::time::timeout(Duration::from_millis(100), subscription.next())
            .await
            .is_err()
    );
    store
        .append(stream("s"), ExpectedVersion::Any, vec![event(1)])
        .await
        .unwrap();
    let last = tokio::time::timeout(Duration::from_secs(5), subscription.next())
        .await
        .unwrap();
    assert_eq!(last.unwrap().unwrap().position, 1101);
}
