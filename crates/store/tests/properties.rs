//! Generated concurrent appends: whatever the interleaving, positions are
//! gapless, stream versions contiguous, retries append nothing and conflicts are
//! detected.

use std::collections::{BTreeMap, HashMap};

use proptest::prelude::*;
use trygglogg_events::StreamName;
use trygglogg_store::{AppendError, Appended, Direction, ExpectedVersion, NewEvent, Verification};
use uuid::Uuid;

use crate::helpers::{event_with_id, open_temp, stream};

#[derive(Debug, Clone)]
enum Op {
    /// Append `count` new events to stream `stream`, expecting the version this
    /// task last saw there (`exact`) or any version.
    Append { stream: u8, count: u8, exact: bool },
    /// Resend an earlier successful request of this task.
    Retry(usize),
    /// Reuse the id of an earlier event of this task with other content.
    Reuse(usize),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => (0u8..3, 1u8..4, any::<bool>()).prop_map(|(stream, count, exact)| Op::Append { stream, count, exact }),
        1 => any::<prop::sample::Index>().prop_map(|i| Op::Retry(i.index(1 << 16))),
        1 => any::<prop::sample::Index>().prop_map(|i| Op::Reuse(i.index(1 << 16))),
    ]
}

struct Sent {
    stream: StreamName,
    expected: ExpectedVersion,
    ids: Vec<Uuid>,
    /// What the events' data held, so a retry can resend the same content.
    content: u64,
    result: Result<Appended, AppendError>,
}

async fn run_task(store: trygglogg_store::Store, task: usize, ops: Vec<Op>) -> Vec<Sent> {
    let mut sent: Vec<Sent> = Vec::new();
    let mut seen_version: HashMap<StreamName, u64> = HashMap::new();
    for (n, op) in ops.into_iter().enumerate() {
        let succeeded: Vec<usize> = (0..sent.len())
            .filter(|&i| sent[i].result.as_ref().is_ok_and(|a| !a.replayed))
            .collect();
        match op {
            Op::Append {
                stream: s,
                count,
                exact,
            } => {
                let name = stream(&format!("p{s}"));
                let expected = if exact {
                    ExpectedVersion::Exact(seen_version.get(&name).copied().unwrap_or(0))
                } else {
                    ExpectedVersion::Any
                };
                let ids: Vec<Uuid> = (0..count).map(|_| Uuid::new_v4()).collect();
                let content = (task * 1000 + n) as u64;
                let events = ids.iter().map(|&id| event_with_id(id, content)).collect();
                let result = store.append(name, expected, events).await;
                match &result {
                    Ok(a) => {
                        seen_version.insert(name, a.stream_version);
                    }
                    Err(AppendError::VersionConflict { actual, .. }) => {
                        seen_version.insert(name, *actual);
                    }
                    Err(e) => panic!("unexpected refusal {e:?}"),
                }
                sent.push(Sent {
                    stream: name,
                    expected,
                    ids,
                    content,
                    result,
                });
            }
            Op::Retry(i) if !succeeded.is_empty() => {
                let original = &sent[succeeded[i % succeeded.len()]];
                let events: Vec<NewEvent> = original
                    .ids
                    .iter()
                    .map(|&id| event_with_id(id, original.content))
                    .collect();
                let result = store
                    .append(original.stream, original.expected, events)
                    .await;
                let Ok(first) = &original.result else {
                    unreachable!()
                };
                let again = result.as_ref().expect("a retry succeeds");
                assert!(again.replayed);
                assert_eq!(again.positions, first.positions);
                assert_eq!(again.stream_version, first.stream_version);
                sent.push(Sent {
                    stream: original.stream,
                    expected: original.expected,
                    ids: original.ids.clone(),
                    content: original.content,
                    result,
                });
            }
            Op::Reuse(i) if !succeeded.is_empty() => {
                let original = &sent[succeeded[i % succeeded.len()]];
                let id = original.ids[0];
                let result = store
                    .append(
                        original.stream,
                        ExpectedVersion::Any,
                        vec![event_with_id(id, u64::MAX)],
                    )
                    .await;
                let Ok(first) = &original.result else {
                    unreachable!()
                };
                assert_eq!(
                    result,
                    Err(AppendError::IdConflict {
                        id,
                        position: first.positions[0]
                    })
                );
            }
            Op::Retry(_) | Op::Reuse(_) => {}
        }
    }
    sent
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn concurrent_appends_keep_the_log_consistent(tasks in prop::collection::vec(prop::collection::vec(op(), 1..10), 1..6)) {
        let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
        runtime.block_on(async move {
            let (_dir, store) = open_temp();
            let handles: Vec<_> = tasks.into_iter().enumerate()
                .map(|(task, ops)| tokio::spawn(run_task(store.clone(), task, ops)))
                .collect();
            let mut sent = Vec::new();
            for handle in handles {
                sent.extend(handle.await.unwrap());
            }

            // Every original success: its events sit at the reported positions,
            // with the versions implied by the answer.
            let mut appended = 0;
            for s in &sent {
                let Ok(a) = &s.result else { continue };
                let first_version = a.stream_version + 1 - s.ids.len() as u64;
                for (k, (&id, &position)) in s.ids.iter().zip(&a.positions).enumerate() {
                    let e = store.event_by_id(id).unwrap().expect("appended event is readable");
                    prop_assert_eq!(e.position, position);
                    prop_assert_eq!(e.version, first_version + k as u64);
                    prop_assert_eq!(e.stream, s.stream);
                }
                if let ExpectedVersion::Exact(v) = s.expected {
                    if !a.replayed {
                        prop_assert_eq!(first_version, v + 1, "an exact expectation held");
                    }
                }
                if !a.replayed {
                    appended += s.ids.len() as u64;
                }
            }
            // Conflicts were real conflicts.
            for s in &sent {
                if let Err(AppendError::VersionConflict { expected, actual, .. }) = &s.result {
                    prop_assert_ne!(*expected, ExpectedVersion::Exact(*actual));
                }
            }

            let all = store.read_all(1, Direction::Forward, usize::MAX).unwrap();
            prop_assert_eq!(all.len() as u64, appended, "retries appended nothing");
            let mut versions: BTreeMap<StreamName, u64> = BTreeMap::new();
            for (i, e) in all.iter().enumerate() {
                prop_assert_eq!(e.position, i as u64 + 1, "gapless positions");
                let v = versions.entry(e.stream).or_default();
                *v += 1;
                prop_assert_eq!(e.version, *v, "contiguous stream versions");
            }
            for (name, last) in versions {
                prop_assert_eq!(store.stream_version(&name).unwrap(), last);
            }
            let verified = matches!(store.verify(|_| {}).unwrap(), Verification::Intact { .. });
            prop_assert!(verified);
            Ok(())
        })?;
    }
}
