//! Recording through validation, stream rules and the store.

mod authors;
mod batches;
mod municipalities;
mod periods;
mod results;

use serde_json::{json, Value};
use trygglogg_events::{AppendRequest, EventMetadata, Municipality, StreamName};
use trygglogg_recorder::{
    parse_stream, Author, Municipalities, RecordError, Recorded, Recorder, Scope,
};
use trygglogg_store::{AppendError, Direction, RecordedEvent};
use trygglogg_test_support::{
    adopt_agreement, author, context, recorder, seed_agreement, serves, stream_named, FIXTURE,
};
use uuid::Uuid;

/// The coordinator most tests record as.
const POLICE: &str = "polis-4711";

fn coordinator() -> Author {
    author(POLICE, "Polisen")
}

fn reporter(organisation: &str) -> Author {
    Author {
        actor: "rapportör".into(),
        organisation: organisation.into(),
        scope: Scope::OwnActivities,
        municipalities: Municipalities::WholeService,
    }
}

fn request(value: Value) -> AppendRequest {
    serde_json::from_value(value).expect("a well-formed request")
}

/// The first event of `recorded`, as the store holds it.
fn first_stored(recorder: &Recorder, recorded: &Recorded) -> RecordedEvent {
    recorder
        .store()
        .event_by_id(recorded.event_ids[0])
        .unwrap()
        .expect("a recorded event is in the store")
}

fn activity_stream() -> String {
    format!("activity-{}", Uuid::new_v4())
}

fn planned() -> Value {
    json!({"type": "activity_planned", "data": {
        "title": "Hastighetskontroll Dalavägen", "kind": "traffic_control",
        "planned": "2018-07-14", "places": ["Hagfors centrum"], "responsible": ["Polisen"],
        "serves": serves()}})
}

fn completed(summary: &str) -> Value {
    json!({"type": "activity_completed", "data": {
        "kind": "traffic_control", "facts": {"focus": ["speed"], "checked": 40, "reported": 3},
        "occurred": "2018-05-03", "places": ["Hagfors centrum"], "responsible": ["Polisen"],
        "summary": summary, "serves": serves()}})
}

/// A recorder whose log holds the tests' agreement (two events), which new
/// activities serve.
async fn recorder_serving() -> (tempfile::TempDir, Recorder) {
    let (dir, recorder) = recorder();
    adopt_agreement(&recorder).await;
    (dir, recorder)
}

/// A new activity stream holding one plan, recorded by a coordinator.
async fn planned_activity(recorder: &Recorder) -> String {
    let stream = activity_stream();
    let request = request(json!({"events": [planned()]}));
    recorder
        .record(&stream_named(&stream), &request, &coordinator(), &context())
        .await
        .unwrap();
    stream
}

async fn import_fixture(recorder: &Recorder) -> Vec<trygglogg_recorder::Recorded> {
    let mut recorded = Vec::new();
    recorder
        .import(FIXTURE, &coordinator(), &context(), |r| {
            recorded.push(r.clone())
        })
        .await
        .unwrap();
    recorded
}

#[tokio::test]
async fn the_seed_fixture_records_and_a_reimport_records_nothing_new() {
    let (_dir, recorder) = recorder();
    let first = import_fixture(&recorder).await;
    let head = recorder.store().head();
    let events: usize = first.iter().map(|r| r.positions.len()).sum();
    assert_eq!(head.position as usize, events);
    assert!(first.iter().all(|r| !r.replayed));

    let again = import_fixture(&recorder).await;
    assert!(again.iter().all(|r| r.replayed));
    assert_eq!(
        again.iter().map(|r| &r.positions).collect::<Vec<_>>(),
        first.iter().map(|r| &r.positions).collect::<Vec<_>>()
    );
    assert_eq!(recorder.store().head(), head, "nothing appended");
}

#[tokio::test]
async fn the_author_comes_from_the_credential_and_data_is_stored_encoded() {
    let (_dir, recorder) = recorder_serving().await;
    let stream = activity_stream();
    let req = request(json!({"events": [completed("Kontroll vid skolan.")]}));
    let recorded = recorder
        .record(&stream_named(&stream), &req, &coordinator(), &context())
        .await
        .unwrap();
    let event = first_stored(&recorder, &recorded);
    let metadata: EventMetadata = serde_json::from_str(event.metadata.get()).unwrap();
    assert_eq!(
        (metadata.actor.as_str(), metadata.organisation.as_str()),
        ("polis-4711", "Polisen")
    );
    assert_eq!(metadata.schema_version, 3, "activity_completed is v3");
    assert_eq!(event.event_type, "activity_completed");
    assert_eq!(event.stream.to_string(), stream);
    assert!(
        event.id.get_version_num() == 7,
        "a server-made id is a UUIDv7"
    );
}

/// The stored bytes are the format the log has always had (keys in order, no
/// spaces): a retry made after an upgrade must find the same content, and the
/// chain hashes these exact bytes.
#[tokio::test]
async fn data_and_metadata_are_stored_in_the_one_canonical_form() {
    let (_dir, recorder) = recorder_serving().await;
    // Keys sent out of order, with spaces: stored sorted and compact.
    let body = br#"{"events": [{"type": "activity_planned", "data": {
        "title": "Hastighetskontroll Dalav\u00e4gen", "responsible": ["Polisen"],
        "places": ["Hagfors centrum"], "planned": "2018-07-14", "kind": "traffic_control",
        "serves": {"focus_area": "trafikmiljo", "agreement": "5a1e0000-2018-4000-8000-0000000000aa"}}}]}"#;
    let request: AppendRequest = serde_json::from_slice(body).unwrap();
    let recorded = recorder
        .record(
            &stream_named(&activity_stream()),
            &request,
            &coordinator(),
            &context(),
        )
        .await
        .unwrap();
    let event = first_stored(&recorder, &recorded);
    assert_eq!(
        event.data.get(),
        r#"{"kind":"traffic_control","places":["Hagfors centrum"],"planned":"2018-07-14","responsible":["Polisen"],"serves":{"agreement":"5a1e0000-2018-4000-8000-0000000000aa","focus_area":"trafikmiljo"},"title":"Hastighetskontroll Dalavägen"}"#
    );
    assert_eq!(
        event.metadata.get(),
        r#"{"actor":"polis-4711","organisation":"Polisen","schema_version":2}"#
    );
}

#[tokio::test]
async fn refusals_name_the_field_and_leave_the_log_unchanged() {
    let (_dir, recorder) = recorder_serving().await;
    let stream = activity_stream();
    let ok = request(json!({"events": [planned()]}));
    recorder
        .record(&stream_named(&stream), &ok, &coordinator(), &context())
        .await
        .unwrap();
    let head = recorder.store().head();

    let mut with_personnummer = completed("Samtal med 640823-3234 och vårdnadshavare.");
    with_personnummer["id"] = json!(Uuid::new_v4());
    let cancelled = json!({"type": "activity_cancelled", "data": {"reason": "Personalbrist."}});
    // (what, stream, request, refused field or rule)
    let cases: Vec<(&str, String, Value, &str)> = vec![
        (
            "bad stream",
            "aktivitet-1".into(),
            json!({"events": [planned()]}),
            "stream",
        ),
        (
            "personnummer",
            stream.clone(),
            json!({"events": [with_personnummer]}),
            "events[0].data.summary",
        ),
        ("no events", stream.clone(), json!({"events": []}), "events"),
        (
            "unknown type",
            stream.clone(),
            json!({"events": [{"type": "activity_exploded", "data": {}}]}),
            "events[0].type",
        ),
        (
            "planned twice",
            stream.clone(),
            json!({"events": [planned()]}),
            "activity_already_started",
        ),
        (
            "cancel then complete",
            stream.clone(),
            json!({"events": [cancelled, completed("Klar.")]}),
            "activity_cancelled",
        ),
    ];
    for (what, stream, body, refused) in cases {
        // Read as the API and the import read a stream name, then recorded.
        let recorded = match parse_stream(&stream) {
            Ok(stream) => {
                recorder
                    .record(&stream, &request(body), &coordinator(), &context())
                    .await
            }
            Err(refused) => Err(refused),
        };
        let err = recorded.unwrap_err();
        let named = match &err {
            RecordError::Invalid(errors) => errors.paths().contains(&refused),
            RecordError::Rule(violation) => violation.rule == refused,
            other => panic!("{what}: unexpected {other:?}"),
        };
        assert!(named, "{what}: {err}");
        if let RecordError::Invalid(errors) = &err {
            assert!(
                !errors.to_string().contains("640823"),
                "{what}: never echo a personnummer"
            );
        }
    }
    assert_eq!(recorder.store().head(), head);
}

#[tokio::test]
async fn a_stale_expected_version_is_a_conflict() {
    let (_dir, recorder) = recorder_serving().await;
    let stream = planned_activity(&recorder).await;
    let stale = request(json!({"expected_version": 0, "events": [completed("Klar.")]}));
    match recorder
        .record(&stream_named(&stream), &stale, &coordinator(), &context())
        .await
    {
        Err(RecordError::Append(AppendError::VersionConflict { actual: 1, .. })) => {}
        other => panic!("expected a version conflict, got {other:?}"),
    }
    let current = request(json!({"expected_version": 1, "events": [completed("Klar.")]}));
    let recorded = recorder
        .record(&stream_named(&stream), &current, &coordinator(), &context())
        .await
        .unwrap();
    assert_eq!(recorded.stream_version, 2);
}

#[tokio::test]
async fn a_retry_returns_the_original_positions_even_when_the_rules_would_now_refuse() {
    let (_dir, recorder) = recorder_serving().await;
    let stream = activity_stream();
    let mut event = planned();
    event["id"] = json!(Uuid::new_v4());
    let req = request(json!({"expected_version": 0, "events": [event]}));
    let first = recorder
        .record(&stream_named(&stream), &req, &coordinator(), &context())
        .await
        .unwrap();
    let retry = recorder
        .record(&stream_named(&stream), &req, &coordinator(), &context())
        .await
        .unwrap();
    assert!(retry.replayed);
    assert_eq!(retry.positions, first.positions);
    assert_eq!(
        recorder.store().head().position,
        3,
        "the agreement and the plan"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn racing_completions_of_one_activity_record_exactly_one() {
    let (_dir, recorder) = recorder_serving().await;
    let stream = planned_activity(&recorder).await;
    let tasks: Vec<_> = (0..8)
        .map(|n| {
            let (recorder, stream) = (recorder.clone(), stream.clone());
            tokio::spawn(async move {
                let req = request(json!({"events": [completed(&format!("Klar, rapport {n}."))]}));
                recorder
                    .record(&stream_named(&stream), &req, &coordinator(), &context())
                    .await
            })
        })
        .collect();
    let mut recorded = 0;
    for task in tasks {
        match task.await.unwrap() {
            Ok(_) => recorded += 1,
            Err(RecordError::Rule(violation)) => {
                assert_eq!(violation.rule, "activity_already_completed")
            }
            Err(other) => panic!("unexpected {other:?}"),
        }
    }
    assert_eq!(recorded, 1);
    let stream_events = recorder
        .store()
        .read_stream(
            &StreamName::parse(&stream).unwrap(),
            1,
            Direction::Forward,
            10,
        )
        .unwrap();
    assert_eq!(stream_events.len(), 2);
}

#[tokio::test]
async fn an_activity_serves_only_an_agreement_that_has_what_it_names() {
    let (_dir, recorder) = recorder();
    let agreement = Uuid::new_v4();
    let adopt = request(json!({ "events": seed_agreement(json!({"per_year": 3})) }));
    recorder
        .record(
            &stream_named(&format!("agreement-{agreement}")),
            &adopt,
            &coordinator(),
            &context(),
        )
        .await
        .unwrap();
    let serving = |serves: serde_json::Value| {
        let mut event = completed("Kontroll.");
        event["data"]["serves"] = serves;
        request(json!({"events": [event]}))
    };
    // (serves, refused rule or None when accepted)
    let cases = [
        (
            json!({"agreement": Uuid::new_v4(), "focus_area": "trafikmiljo"}),
            Some("agreement_missing"),
        ),
        (
            json!({"agreement": agreement, "focus_area": "droger"}),
            Some("focus_area_missing"),
        ),
        (
            json!({"agreement": agreement, "focus_area": "trafikmiljo", "commitment": "kontrol"}),
            Some("commitment_missing"),
        ),
        (
            json!({"agreement": agreement, "focus_area": "trafikmiljo", "commitment": "kontroller"}),
            None,
        ),
        (
            json!({"agreement": agreement, "focus_area": "trafikmiljo"}),
            None,
        ),
    ];
    for (serves, refused) in cases {
        let result = recorder
            .record(
                &stream_named(&activity_stream()),
                &serving(serves.clone()),
                &coordinator(),
                &context(),
            )
            .await;
        match (refused, result) {
            (None, Ok(_)) => {}
            (Some(rule), Err(RecordError::Rule(violation))) => {
                assert_eq!(violation.rule, rule, "{serves}");
                assert!(
                    violation.path.starts_with("events[0].data.serves."),
                    "{}",
                    violation.path
                );
            }
            (refused, other) => panic!("{serves}: expected {refused:?}, got {other:?}"),
        }
    }
    // A reporter of another municipality does not serve Hagfors' agreement,
    // even where its token would reach it.
    let torsby = Author {
        actor: "t".into(),
        organisation: "Torsby kommun".into(),
        scope: Scope::OwnActivities,
        municipalities: Municipalities::WholeService,
    };
    let mut event = completed("Kontroll i Torsby.");
    event["data"]["responsible"] = json!(["Torsby kommun"]);
    event["data"]["serves"] = json!({"agreement": agreement, "focus_area": "trafikmiljo"});
    let refused = recorder
        .record(
            &stream_named(&activity_stream()),
            &request(json!({"events": [event]})),
            &torsby,
            &context(),
        )
        .await;
    assert!(
        matches!(refused, Err(RecordError::Forbidden(ref m)) if m.contains("not a party")),
        "{refused:?}"
    );
}

/// An import line is read as an HTTP body is: a key given twice is refused,
/// naming it, and the line records nothing.
#[tokio::test]
async fn an_import_line_with_a_key_given_twice_is_refused() {
    let (_dir, recorder) = recorder_serving().await;
    let stream = activity_stream();
    let line = json!({"stream": stream, "events": [planned()]}).to_string();
    let twice = line.replace(
        r#""title":"Hastighetskontroll Dalavägen""#,
        r#""title":"Hastighetskontroll","title":"Hastighetskontroll Dalavägen""#,
    );
    assert_ne!(line, twice, "the title is in the line");
    let text = format!("{line}\n{twice}\n");
    let refused = recorder
        .import(&text, &coordinator(), &context(), |_| {})
        .await
        .unwrap_err();
    assert_eq!(refused.line, 2, "{refused}");
    assert!(refused.reason.contains("\"title\""), "{refused}");
    assert!(refused.reason.contains("events[0].data"), "{refused}");
    assert_eq!(
        recorder.store().head().position,
        3,
        "the agreement and only the first line"
    );
}
