//! A view built incrementally, as events arrive, equals one rebuilt from
//! scratch — over generated logs with corrections and retractions.

use proptest::prelude::*;
use serde_json::json;
use trygglogg_projections::follow_up::Audience;
use trygglogg_projections::{build, Projections};
use uuid::Uuid;

use crate::as_of::wait_until_applied;
use crate::helpers::{agreement, author, control, open, record};

#[derive(Debug, Clone)]
enum Step {
    Complete {
        checked: u32,
        month: u32,
    },
    Plan {
        month: u32,
    },
    /// Complete, cancel or reschedule the n-th planned activity.
    Finish {
        n: usize,
        how: u8,
    },
    /// Correct the place of the n-th completed activity.
    Correct {
        n: usize,
    },
    Retract {
        n: usize,
    },
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        3 => (0u32..100, 1u32..13).prop_map(|(checked, month)| Step::Complete { checked, month }),
        2 => (1u32..13).prop_map(|month| Step::Plan { month }),
        2 => (0usize..20, 0u8..3).prop_map(|(n, how)| Step::Finish { n, how }),
        1 => (0usize..20).prop_map(|n| Step::Correct { n }),
        1 => (0usize..20).prop_map(|n| Step::Retract { n }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    #[test]
    fn incremental_equals_rebuilt(steps in prop::collection::vec(step(), 1..25)) {
        let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
        runtime.block_on(async move {
            let (dir, recorder) = open();
            let agreement = agreement(&recorder).await;
            let live = Projections::open(recorder.store().clone(), dir.path().join("views")).unwrap();
            tokio::spawn(live.clone().follow());
            let police = author("polis-1", "Polisen");
            let mut planned: Vec<String> = Vec::new();
            let mut completed: Vec<(String, Uuid)> = Vec::new();
            for step in steps {
                let stream = format!("activity-{}", Uuid::new_v4());
                let (stream, events) = match step {
                    Step::Complete { checked, month } => {
                        (stream, json!([control(agreement, &format!("2018-{month:02}-10"), checked, "Hagfors")]))
                    }
                    Step::Plan { month } => {
                        planned.push(stream.clone());
                        (stream, json!([{"type": "activity_planned", "data": {
                            "title": "Kontroll", "kind": "traffic_control", "planned": format!("2018-{month:02}-15"),
                            "serves": {"agreement": agreement, "focus_area": "trafikmiljo", "commitment": "kontroller"},
                            "places": ["Hagfors"], "responsible": ["Polisen"]}}]))
                    }
                    Step::Finish { n, how } if !planned.is_empty() => {
                        let stream = planned.remove(n % planned.len());
                        let event = match how {
                            0 => json!({"type": "activity_completed", "data": {
                                "kind": "traffic_control", "facts": {"focus": ["speed"], "checked": 3},
                                "occurred": "2018-06-01", "places": ["Hagfors"], "responsible": ["Polisen"],
                                "summary": "Genomförd."}}),
                            1 => json!({"type": "activity_cancelled", "data": {"reason": "Personalbrist."}}),
                            _ => json!({"type": "activity_rescheduled", "data": {"planned": "2019-01-15", "reason": "Snö."}}),
                        };
                        (stream, json!([event]))
                    }
                    Step::Correct { n } if !completed.is_empty() => {
                        let (stream, target) = completed[n % completed.len()].clone();
                        (stream, json!([{"type": "correction", "data": {"target": target,
                            "target_type": "activity_completed", "changes": {"places": ["Ekshärad"]}, "reason": "Fel ort."}}]))
                    }
                    Step::Retract { n } if !completed.is_empty() => {
                        let (stream, target) = completed.remove(n % completed.len());
                        (stream, json!([{"type": "retraction", "data": {"target": target, "reason": "Fel."}}]))
                    }
                    _ => continue,
                };
                let recorded = record(&recorder, &stream, events.clone(), &police).await;
                if events[0]["type"] == "activity_completed" && !stream.is_empty() {
                    completed.push((stream, recorded.event_ids[0]));
                }
            }
            wait_until_applied(&live).await;
            let rebuilt = build(recorder.store(), None, |_| {}).unwrap();
            prop_assert_eq!(&*live.read(), &rebuilt);
            for year in [2018, 2019] {
                prop_assert_eq!(
                    live.follow_up(agreement, year, Audience::Internal),
                    rebuilt.follow_up(agreement, year, Audience::Internal)
                );
            }
            Ok(())
        })?;
    }
}
