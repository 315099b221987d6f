//! A view built incrementally, as events arrive, equals one rebuilt from
//! scratch, and a rebuild equals the domain's full reading — over generated
//! logs with corrections and retractions, whose activities are stored in
//! every schema version (older ones as a log written by an earlier build
//! holds them), so that reading them upcasts.

use proptest::prelude::*;
use serde_json::value::RawValue;
use serde_json::{json, Value};
use std::ops::ControlFlow;

use trygglogg_events::StreamName;
use trygglogg_projections::follow_up::{Audience, FollowUpState};
use trygglogg_projections::{build, ProjectionError, Projections, StoreHistory};
use trygglogg_store::{ExpectedVersion, NewEvent, Store};
use uuid::Uuid;

use crate::as_of::wait_until_applied;
use crate::helpers::{agreement, author, control, open, record};

#[derive(Debug, Clone)]
enum Step {
    /// `v1`: stored in schema version 1 (one `place`).
    Complete {
        checked: u32,
        month: u32,
        v1: bool,
    },
    Plan {
        month: u32,
        v1: bool,
    },
    /// Complete, cancel or reschedule the n-th planned activity.
    Finish {
        n: usize,
        how: u8,
    },
    /// Correct the n-th completed activity: its place, its date (into
    /// another year), what it serves, or who did it (unlinking it).
    Correct {
        n: usize,
        what: u8,
    },
    /// Start the n-th planned activity, or start one without a plan.
    Start {
        n: usize,
        planned: bool,
    },
    /// Complete or cancel the n-th activity under way, or correct its start.
    EndStarted {
        n: usize,
        how: u8,
    },
    /// Retract the plan of the n-th planned activity, voiding it.
    RetractPlan {
        n: usize,
    },
    Retract {
        n: usize,
    },
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        3 => (0u32..100, 1u32..13, any::<bool>())
            .prop_map(|(checked, month, v1)| Step::Complete { checked, month, v1 }),
        2 => (1u32..13, any::<bool>()).prop_map(|(month, v1)| Step::Plan { month, v1 }),
        2 => (0usize..20, 0u8..3).prop_map(|(n, how)| Step::Finish { n, how }),
        2 => (0usize..20, 0u8..4).prop_map(|(n, what)| Step::Correct { n, what }),
        1 => (0usize..20, any::<bool>()).prop_map(|(n, planned)| Step::Start { n, planned }),
        1 => (0usize..20, 0u8..3).prop_map(|(n, how)| Step::EndStarted { n, how }),
        1 => (0usize..20).prop_map(|n| Step::RetractPlan { n }),
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
            let mut planned: Vec<(String, Uuid)> = Vec::new();
            // Completed activities: stream, completion id, and whether it had a plan.
            let mut completed: Vec<(String, Uuid, bool)> = Vec::new();
            // Activities under way: stream and the start's id.
            let mut started: Vec<(String, Uuid)> = Vec::new();
            for step in steps {
                let stream = format!("activity-{}", Uuid::new_v4());
                let v1 = matches!(step, Step::Complete { v1: true, .. } | Step::Plan { v1: true, .. });
                let (stream, events) = match step {
                    Step::Complete { checked, month, .. } => {
                        (stream, json!([control(agreement, &format!("2018-{month:02}-10"), checked, "Hagfors")]))
                    }
                    Step::Plan { month, .. } => {
                        (stream, json!([{"type": "activity_planned", "data": {
                            "title": "Kontroll", "kind": "traffic_control", "planned": format!("2018-{month:02}-15"),
                            "serves": {"agreement": agreement, "focus_area": "trafikmiljo", "commitment": "kontroller"},
                            "places": ["Hagfors"], "responsible": ["Polisen"]}}]))
                    }
                    Step::Finish { n, how } if !planned.is_empty() => {
                        let (stream, _) = planned.remove(n % planned.len());
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
                    Step::Correct { n, what } if !completed.is_empty() => {
                        let (stream, target, had_plan) = completed[n % completed.len()].clone();
                        // A completion of a plan serves what the plan serves.
                        let what = if had_plan { what % 2 } else { what };
                        let changes = match what {
                            0 => json!({"places": ["Ekshärad"]}),
                            1 => json!({"occurred": "2019-02-01"}),
                            2 => json!({"serves": {"agreement": agreement, "focus_area": "trafikmiljo"}}),
                            _ => json!({"serves": null, "responsible": ["Hagfors kommun/samhällsbyggnad"]}),
                        };
                        (stream, json!([{"type": "correction", "data": {"target": target,
                            "target_type": "activity_completed", "changes": changes, "reason": "Fel uppgift."}}]))
                    }
                    Step::Start { n, planned: true } if !planned.is_empty() => {
                        let (stream, _) = planned.remove(n % planned.len());
                        (stream, json!([{"type": "activity_started", "data": {
                            "started": "2018-05-02", "expected_length": {"weeks": 6}}}]))
                    }
                    Step::Start { .. } => {
                        (stream, json!([{"type": "activity_started", "data": {
                            "title": "Insats", "kind": "traffic_control", "started": "2018-11-06",
                            "serves": {"agreement": agreement, "focus_area": "trafikmiljo", "commitment": "kontroller"},
                            "places": ["Hagfors"], "responsible": ["Polisen"]}}]))
                    }
                    Step::EndStarted { n, how } if !started.is_empty() => {
                        let (stream, target) = started.remove(n % started.len());
                        let event = match how {
                            0 => json!({"type": "activity_completed", "data": {
                                "kind": "traffic_control", "facts": {"focus": ["speed"], "checked": 5},
                                "occurred": "2018-12-01", "places": ["Hagfors"], "responsible": ["Polisen"],
                                "summary": "Genomförd."}}),
                            1 => json!({"type": "activity_cancelled", "data": {"reason": "Personalbrist."}}),
                            _ => json!({"type": "correction", "data": {"target": target,
                                "target_type": "activity_started", "changes": {"started": "2019-01-08"},
                                "reason": "Fel startdatum."}}),
                        };
                        (stream, json!([event]))
                    }
                    Step::RetractPlan { n } if !planned.is_empty() => {
                        let (stream, target) = planned.remove(n % planned.len());
                        (stream, json!([{"type": "retraction", "data": {"target": target, "reason": "Felregistrerad."}}]))
                    }
                    Step::Retract { n } if !completed.is_empty() => {
                        let (stream, target, _) = completed.remove(n % completed.len());
                        (stream, json!([{"type": "retraction", "data": {"target": target, "reason": "Fel."}}]))
                    }
                    _ => continue,
                };
                let id = if v1 {
                    append_v1(recorder.store(), &stream, &events[0]).await
                } else {
                    record(&recorder, &stream, events.clone(), &police).await.event_ids[0]
                };
                // Only a completion that finishes a plan leaves `serves` to the plan.
                let had_plan = events[0]["data"].get("serves").is_none();
                match events[0]["type"].as_str() {
                    Some("activity_completed") => completed.push((stream, id, had_plan)),
                    Some("activity_planned") => planned.push((stream, id)),
                    Some("activity_started") => started.push((stream, id)),
                    _ => {}
                }
            }
            wait_until_applied(&live).await;
            let rebuilt = build(recorder.store(), None, |_| {}).unwrap();
            prop_assert_eq!(&*live.read(), &rebuilt);
            // The quick reading of stored events (v1 ones upcast) places every
            // activity as the domain's full reading does.
            prop_assert_eq!(rebuilt.disagreements(recorder.store()).unwrap(), Vec::<Uuid>::new());
            // Histories read from the store give what the cached ones give.
            let mut uncached = FollowUpState::default();
            let mut history = StoreHistory::uncached(recorder.store().clone());
            recorder.store().scan(1, |event| {
                uncached.apply(&event, &mut history)?;
                Ok::<_, ProjectionError>(ControlFlow::Continue(()))
            }).unwrap();
            prop_assert_eq!(&uncached, &rebuilt);
            for year in [2018, 2019] {
                prop_assert_eq!(
                    live.follow_up(agreement, year, Audience::Internal).unwrap(),
                    rebuilt.follow_up(recorder.store(), agreement, year, Audience::Internal).unwrap()
                );
            }
            Ok(())
        })?;
    }
}

/// Appends the first event of a new stream as an earlier build stored it:
/// in schema version 1, with one `place` where version 2 has `places`. The
/// recorder writes only the current version, so this goes to the store.
pub async fn append_v1(store: &Store, stream: &str, event: &Value) -> Uuid {
    let mut data = event["data"].clone();
    let places = data
        .as_object_mut()
        .and_then(|fields| fields.remove("places"))
        .expect("an activity with places");
    data["place"] = places[0].clone();
    let metadata = json!({"actor": "polis-1", "organisation": "Polisen", "schema_version": 1});
    let id = Uuid::now_v7();
    let raw = |value: Value| RawValue::from_string(value.to_string()).unwrap();
    store
        .append(
            StreamName::parse(stream).unwrap(),
            ExpectedVersion::NoStream,
            vec![NewEvent {
                id,
                event_type: event["type"].as_str().unwrap().to_owned(),
                data: raw(data),
                metadata: raw(metadata),
            }],
        )
        .await
        .unwrap();
    id
}
