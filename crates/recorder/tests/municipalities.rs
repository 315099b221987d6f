//! Where each author may write: two municipalities, Hagfors and Torsby, each
//! with an agreement and activities, and every kind of author tried on each.

use serde_json::{json, Value};
use trygglogg_events::Municipality;
use trygglogg_recorder::{Author, Municipalities, RecordError, Recorded, Recorder, Scope};
use uuid::Uuid;

use trygglogg_test_support::{context, recorder, stream_named};

use crate::{activity_stream, request};

fn listed(names: &[&str]) -> Municipalities {
    Municipalities::Listed(
        names
            .iter()
            .map(|name| Municipality::parse(name).unwrap())
            .collect(),
    )
}

fn author(organisation: &str, scope: Scope, serves: &[&str]) -> Author {
    Author {
        actor: "someone".into(),
        organisation: organisation.into(),
        scope,
        municipalities: if serves.is_empty() {
            Municipalities::WholeService
        } else {
            listed(serves)
        },
    }
}

fn adoption(municipality: &str) -> Value {
    json!({"type": "agreement_adopted", "data": {
        "title": format!("Medborgarlöften {municipality} 2018–2019"), "municipality": municipality,
        "parties": [municipality, "Polisen"], "period": {"first_year": 2018, "years": 2},
        "focus_areas": [{"key": "trafikmiljo", "name": "Trafikmiljön"}]}})
}

fn completed(responsible: &str, agreement: Option<Uuid>) -> Value {
    let mut event = json!({"type": "activity_completed", "data": {
        "kind": "traffic_control", "facts": {"focus": ["speed"], "checked": 40, "reported": 3},
        "occurred": "2018-05-03", "places": ["Centrum"], "responsible": [responsible],
        "summary": "Kontroll."}});
    if let Some(agreement) = agreement {
        event["data"]["serves"] = json!({"agreement": agreement, "focus_area": "trafikmiljo"});
    }
    event
}

fn correction(target: &Recorded, target_type: &str, changes: Value) -> Value {
    json!({"type": "correction", "data": {
        "target": target.event_ids[0], "target_type": target_type,
        "changes": changes, "reason": "Fel uppgift."}})
}

/// What the operator recorded before the table runs.
struct World {
    hagfors: Uuid,
    torsby: Uuid,
    /// Hagfors kommun's activity in Hagfors' agreement, and its stream.
    hagfors_activity: (String, Recorded),
    /// Torsby kommun's activity in Torsby's agreement.
    torsby_activity: (String, Recorded),
    /// Polisen's activity in Hagfors' agreement.
    police_activity: (String, Recorded),
    /// Polisen's plans serving Hagfors' and Torsby's agreements.
    hagfors_plan: String,
    torsby_plan: String,
    /// Hagfors' adoption event.
    hagfors_adoption: Recorded,
}

fn planned(agreement: Uuid) -> Value {
    json!({"type": "activity_planned", "data": {
        "title": "Hastighetskontroll", "kind": "traffic_control", "planned": "2018-07-14",
        "places": ["Centrum"], "responsible": ["Polisen"],
        "serves": {"agreement": agreement, "focus_area": "trafikmiljo"}}})
}

fn started(responsible: &str, agreement: Uuid) -> Value {
    json!({"type": "activity_started", "data": {
        "title": "Riktad insats", "kind": "targeted_operation", "started": "2018-11-06",
        "expected_length": {"weeks": 6}, "places": ["Centrum"], "responsible": [responsible],
        "serves": {"agreement": agreement, "focus_area": "trafikmiljo"}}})
}

fn rescheduled() -> Value {
    json!({"type": "activity_rescheduled", "data": {"planned": "2018-08-01", "reason": "Krockade med marknaden."}})
}

async fn world(recorder: &Recorder) -> World {
    let operator = Author::operator("import", "Trygglogg");
    let record = |stream: String, event: Value| {
        let operator = operator.clone();
        async move {
            let recorded = recorder
                .record(
                    &stream_named(&stream),
                    &request(json!({"events": [event]})),
                    &operator,
                    &context(),
                )
                .await
                .unwrap();
            (stream, recorded)
        }
    };
    let (hagfors, torsby) = (Uuid::new_v4(), Uuid::new_v4());
    let (_, hagfors_adoption) =
        record(format!("agreement-{hagfors}"), adoption("Hagfors kommun")).await;
    record(format!("agreement-{torsby}"), adoption("Torsby kommun")).await;
    World {
        hagfors,
        torsby,
        hagfors_activity: record(
            activity_stream(),
            completed("Hagfors kommun", Some(hagfors)),
        )
        .await,
        torsby_activity: record(activity_stream(), completed("Torsby kommun", Some(torsby))).await,
        police_activity: record(activity_stream(), completed("Polisen", Some(hagfors))).await,
        hagfors_plan: record(activity_stream(), planned(hagfors)).await.0,
        torsby_plan: record(activity_stream(), planned(torsby)).await.0,
        hagfors_adoption,
    }
}

struct Case {
    name: &'static str,
    author: Author,
    stream: String,
    event: Value,
    /// `None`: recorded; else words the refusal must contain.
    refused: Option<&'static [&'static str]>,
}

#[tokio::test]
async fn every_author_writes_only_within_its_municipalities() {
    let (_dir, recorder) = recorder();
    let w = world(&recorder).await;
    let hagfors_coordinator = author("Hagfors kommun", Scope::Everything, &["Hagfors kommun"]);
    let torsby_coordinator = author("Torsby kommun", Scope::Everything, &["Torsby kommun"]);
    let hagfors_reporter = author("Hagfors kommun", Scope::OwnActivities, &["Hagfors kommun"]);
    let police_for_hagfors = author("Polisen", Scope::OwnActivities, &["Hagfors kommun"]);
    let police_for_both = author(
        "Polisen",
        Scope::OwnActivities,
        &["Hagfors kommun", "Torsby kommun"],
    );
    let hagfors_auditor = author("Hagfors kommun", Scope::Amendments, &["Hagfors kommun"]);
    let hagfors_admin = author("Hagfors kommun", Scope::Everything, &["Hagfors kommun"]);
    let whole_service_admin = author("Hagfors kommun", Scope::Everything, &[]);
    let new_agreement = || format!("agreement-{}", Uuid::new_v4());
    let hagfors_stream = format!("agreement-{}", w.hagfors);
    let (hagfors_activity, hagfors_done) = &w.hagfors_activity;
    let (torsby_activity, torsby_done) = &w.torsby_activity;
    let (police_activity, police_done) = &w.police_activity;
    let to_torsby = json!({"serves": {"agreement": w.torsby, "focus_area": "trafikmiljo"}});
    let not_served: &[&str] = &["Torsby kommun's", "serves Hagfors kommun only"];
    let cases = vec![
        Case {
            name: "a coordinator adopts its own municipality's agreement",
            author: hagfors_coordinator.clone(),
            stream: new_agreement(),
            event: adoption("Hagfors kommun"),
            refused: None,
        },
        Case {
            name: "a coordinator adopts another municipality's agreement",
            author: torsby_coordinator.clone(),
            stream: new_agreement(),
            event: adoption("Hagfors kommun"),
            refused: Some(&["Hagfors kommun's", "serves Torsby kommun only"]),
        },
        Case {
            name: "an admin of one municipality adopts another's agreement",
            author: hagfors_admin.clone(),
            stream: new_agreement(),
            event: adoption("Torsby kommun"),
            refused: Some(not_served),
        },
        Case {
            name: "an admin of the whole service adopts any agreement",
            author: whole_service_admin.clone(),
            stream: new_agreement(),
            event: adoption("Torsby kommun"),
            refused: None,
        },
        Case {
            name: "a coordinator adds a focus area to another municipality's agreement",
            author: torsby_coordinator.clone(),
            stream: hagfors_stream.clone(),
            event: json!({"type": "focus_area_added", "data": {"key": "alkohol", "name": "Alkohol"}}),
            refused: Some(&["as it stands", "serves Torsby kommun only"]),
        },
        Case {
            name: "a coordinator adds a focus area to its own agreement",
            author: hagfors_coordinator.clone(),
            stream: hagfors_stream.clone(),
            event: json!({"type": "focus_area_added", "data": {"key": "droger", "name": "Droger"}}),
            refused: None,
        },
        Case {
            name: "a coordinator moves its own agreement to another municipality",
            author: hagfors_coordinator.clone(),
            stream: hagfors_stream.clone(),
            event: correction(
                &w.hagfors_adoption,
                "agreement_adopted",
                json!({"municipality": "Torsby kommun", "parties": ["Torsby kommun", "Polisen"]}),
            ),
            refused: Some(&["events[0].data.changes", "Torsby kommun's"]),
        },
        Case {
            name: "a coordinator records another municipality's activity, serving no agreement",
            author: torsby_coordinator.clone(),
            stream: activity_stream(),
            event: completed("Hagfors kommun", None),
            refused: Some(&["Hagfors kommun is responsible", "serves Torsby kommun only"]),
        },
        Case {
            name: "a coordinator records an activity serving another municipality's agreement",
            author: torsby_coordinator.clone(),
            stream: activity_stream(),
            event: completed("Polisen", Some(w.hagfors)),
            refused: Some(&["events[0].data", "Hagfors kommun's"]),
        },
        Case {
            name: "a police reporter records into its municipality's agreement",
            author: police_for_hagfors.clone(),
            stream: activity_stream(),
            event: completed("Polisen", Some(w.hagfors)),
            refused: None,
        },
        Case {
            name: "a police reporter records into a municipality it does not serve",
            author: police_for_hagfors.clone(),
            stream: activity_stream(),
            event: completed("Polisen", Some(w.torsby)),
            refused: Some(not_served),
        },
        Case {
            name: "a police reporter of both municipalities records into either",
            author: police_for_both.clone(),
            stream: activity_stream(),
            event: completed("Polisen", Some(w.torsby)),
            refused: None,
        },
        Case {
            name: "a reporter moves its own activity into another municipality's agreement",
            author: hagfors_reporter.clone(),
            stream: hagfors_activity.clone(),
            event: correction(hagfors_done, "activity_completed", to_torsby.clone()),
            refused: Some(&["events[0].data.changes", "Torsby kommun's"]),
        },
        Case {
            name: "a police reporter moves an activity to a municipality it does not serve",
            author: police_for_hagfors.clone(),
            stream: police_activity.clone(),
            event: correction(police_done, "activity_completed", to_torsby.clone()),
            refused: Some(not_served),
        },
        Case {
            name: "a police reporter reschedules a plan in its municipality",
            author: police_for_hagfors.clone(),
            stream: w.hagfors_plan.clone(),
            event: rescheduled(),
            refused: None,
        },
        Case {
            name: "a police reporter reschedules a plan in a municipality it does not serve",
            author: police_for_hagfors.clone(),
            stream: w.torsby_plan.clone(),
            event: rescheduled(),
            refused: Some(&[
                "as it stands",
                "Torsby kommun's",
                "serves Hagfors kommun only",
            ]),
        },
        Case {
            name: "a police reporter starts work in its municipality",
            author: police_for_hagfors.clone(),
            stream: activity_stream(),
            event: started("Polisen", w.hagfors),
            refused: None,
        },
        Case {
            name:
                "a police reporter starts work in an agreement of a municipality it does not serve",
            author: police_for_hagfors.clone(),
            stream: activity_stream(),
            event: started("Polisen", w.torsby),
            refused: Some(&["Torsby kommun's", "serves Hagfors kommun only"]),
        },
        Case {
            name: "a municipality's reporter starts the Police's work",
            author: hagfors_reporter.clone(),
            stream: activity_stream(),
            event: started("Polisen", w.hagfors),
            refused: Some(&["may record only its own activities"]),
        },
        Case {
            name: "a police reporter starts a plan in a municipality it does not serve",
            author: police_for_hagfors.clone(),
            stream: w.torsby_plan.clone(),
            event: json!({"type": "activity_started", "data": {"started": "2018-07-14"}}),
            refused: Some(&["as it stands", "Torsby kommun's"]),
        },
        Case {
            name: "a coordinator pulls another municipality's activity into its agreement",
            author: hagfors_coordinator.clone(),
            stream: torsby_activity.clone(),
            event: correction(
                torsby_done,
                "activity_completed",
                json!({"responsible": ["Hagfors kommun"],
                       "serves": {"agreement": w.hagfors, "focus_area": "trafikmiljo"}}),
            ),
            refused: Some(&["as it stands", "Torsby kommun is responsible"]),
        },
        Case {
            name: "an auditor corrects an activity of its municipality",
            author: hagfors_auditor.clone(),
            stream: police_activity.clone(),
            event: correction(
                police_done,
                "activity_completed",
                json!({"places": ["Ekshärad"]}),
            ),
            refused: None,
        },
        Case {
            name: "an auditor corrects an activity of another municipality",
            author: hagfors_auditor.clone(),
            stream: torsby_activity.clone(),
            event: correction(
                torsby_done,
                "activity_completed",
                json!({"places": ["Östmark"]}),
            ),
            refused: Some(&["as it stands", "serves Hagfors kommun only"]),
        },
        Case {
            name: "an auditor retracts an activity of another municipality",
            author: hagfors_auditor.clone(),
            stream: torsby_activity.clone(),
            event: json!({"type": "retraction", "data": {
                "target": torsby_done.event_ids[0], "reason": "Fel."}}),
            refused: Some(&["as it stands"]),
        },
        Case {
            name: "an admin of the whole service corrects anything anywhere",
            author: whole_service_admin.clone(),
            stream: torsby_activity.clone(),
            event: correction(
                torsby_done,
                "activity_completed",
                json!({"places": ["Östmark"]}),
            ),
            refused: None,
        },
    ];
    let mut wrong = Vec::new();
    for case in cases {
        let head = recorder.store().head();
        let result = recorder
            .record(
                &stream_named(&case.stream),
                &request(json!({"events": [case.event]})),
                &case.author,
                &context(),
            )
            .await;
        match (case.refused, result) {
            (None, Ok(_)) => {}
            (Some(words), Err(RecordError::Forbidden(message)))
                if words.iter().all(|w| message.contains(w)) =>
            {
                if recorder.store().head() != head {
                    wrong.push(format!("{}: refused, but the log changed", case.name));
                }
            }
            (refused, result) => wrong.push(format!(
                "{}: expected {refused:?}, got {result:?}",
                case.name
            )),
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// A correction that points an activity at an agreement that does not exist
/// would make it count in no follow-up, silently: a rule violation, named at
/// the corrected field, as for a new activity.
#[tokio::test]
async fn a_correction_serves_only_an_agreement_that_exists() {
    let (_dir, recorder) = recorder();
    let w = world(&recorder).await;
    let (stream, done) = &w.police_activity;
    let nowhere = json!({"serves": {"agreement": Uuid::new_v4(), "focus_area": "trafikmiljo"}});
    let event = correction(done, "activity_completed", nowhere);
    let operator = Author::operator("import", "Trygglogg");
    let result = recorder
        .record(
            &stream_named(stream),
            &request(json!({"events": [event]})),
            &operator,
            &context(),
        )
        .await;
    match result {
        Err(RecordError::Rule(violation)) => {
            assert_eq!(violation.rule, "agreement_missing");
            assert_eq!(violation.path, "events[0].data.changes.serves.agreement");
        }
        other => panic!("a correction served a missing agreement: {other:?}"),
    }
}
