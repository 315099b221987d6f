//! The router, driven without a socket (`tower::ServiceExt::oneshot`).

#[path = "router/checkpoints.rs"]
mod checkpoints;

use std::time::Duration;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use serde_json::json;
use trygglogg_api::{open_checkpoints, router, AppState};
use trygglogg_projections::Projections;
use trygglogg_store::Store;
use trygglogg_test_support::router::{get, post, Answer};
use trygglogg_tokens::{tokens_path, update, NewToken, Role, Tokens};

#[path = "router/batches.rs"]
mod batches;
#[path = "router/operators.rs"]
mod operators;
#[path = "router/read_your_writes.rs"]
mod read_your_writes;
#[path = "router/tree.rs"]
mod tree;

struct App {
    _dir: tempfile::TempDir,
    router: Router,
    store: Store,
    coordinator: String,
    auditor: String,
}

fn app() -> App {
    app_following(false)
}

/// The app, with the views following the log if `follow` (as `serve` runs it).
fn app_following(follow: bool) -> App {
    app_with(follow, |_| {})
}

/// The app, its state changed by `change` before the router takes it.
fn app_with(follow: bool, change: impl FnOnce(&mut AppState)) -> App {
    let dir = tempfile::tempdir().unwrap();
    let path = tokens_path(dir.path());
    let token = |name: &str, role| {
        update(&path, |file| {
            file.create(NewToken::new(name, role, "Hagfors kommun"))
        })
        .unwrap()
    };
    let coordinator = token("samordnare", Role::Coordinator);
    let auditor = token("revisor", Role::Auditor);
    let store = Store::open(dir.path().join("store")).unwrap();
    let projections = Projections::open(store.clone(), dir.path().join("views")).unwrap();
    if follow {
        tokio::spawn(projections.clone().follow());
    }
    let checkpoints = open_checkpoints(&store, dir.path(), None).unwrap();
    let tokens = Tokens::open(&path).unwrap();
    let mut state = AppState::new(store.clone(), projections, tokens, checkpoints);
    change(&mut state);
    App {
        _dir: dir,
        router: router(state),
        store,
        coordinator,
        auditor,
    }
}

/// Sends `request` through the app's router.
async fn send(app: &App, request: Request<Body>) -> Answer {
    trygglogg_test_support::router::send(&app.router, request).await
}

const STREAM: &str = "/api/v1/streams/agreement-5a1e0000-2030-4000-8000-000000000001/events";

fn agreement() -> String {
    json!({"events": [{"id": "e7e00000-2030-4000-8000-000000000001", "type": "agreement_adopted", "data": {
        "title": "Medborgarlöften 2025", "municipality": "Hagfors kommun",
        "parties": ["Hagfors kommun", "Polisen"], "period": {"first_year": 2025, "years": 1},
        "focus_areas": [{"key": "trafik", "name": "Trafikmiljön"}]}}]})
    .to_string()
}

fn assert_problem(answer: &Answer, status: u16) {
    assert_eq!(answer.status.as_u16(), status, "{}", answer.text);
    assert_eq!(
        answer.headers[header::CONTENT_TYPE],
        "application/problem+json",
        "{}",
        answer.text
    );
    assert_eq!(answer.body["status"], status);
    assert!(answer.body["type"]
        .as_str()
        .unwrap()
        .starts_with("/docs#problem-"));
    assert!(!answer.body["detail"].as_str().unwrap().is_empty());
}

#[tokio::test]
async fn an_append_then_its_retry_then_a_stale_version() {
    let app = app();
    let first = send(
        &app,
        post(STREAM, &app.coordinator, "application/json", agreement()),
    )
    .await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.text);
    assert_eq!(first.body["positions"], json!([1]));
    assert_eq!(first.body["stream_version"], 1);
    let retry = send(
        &app,
        post(STREAM, &app.coordinator, "application/json", agreement()),
    )
    .await;
    assert_eq!(retry.status, StatusCode::OK, "{}", retry.text);
    assert_eq!(retry.body["positions"], json!([1]));

    let stale = json!({"expected_version": 0, "events": [{"type": "focus_area_added", "data": {"key": "droger", "name": "Droger"}}]});
    let conflict = send(
        &app,
        post(
            STREAM,
            &app.coordinator,
            "application/json",
            stale.to_string(),
        ),
    )
    .await;
    assert_problem(&conflict, 409);

    let metrics = send(&app, get("/metrics", None)).await;
    assert!(
        metrics
            .text
            .contains(r#"trygglogg_append_requests_total{outcome="replayed"} 1"#),
        "{}",
        metrics.text
    );
    assert!(metrics
        .text
        .contains(r#"route="/api/v1/streams/{stream}/events",method="POST",status="201""#));
    assert!(metrics.text.contains("trygglogg_log_head_position 1"));
}

#[tokio::test]
async fn bad_bodies_are_problems_with_the_right_status() {
    let app = app();
    let token = app.coordinator.clone();
    let cases: Vec<(&str, Request<Body>, u16)> = vec![
        (
            "not json",
            post(STREAM, &token, "application/json", "{\"events\": ["),
            400,
        ),
        (
            "not json at all",
            post(STREAM, &token, "text/plain", agreement()),
            415,
        ),
        (
            "no content type",
            Request::post(STREAM)
                .header(header::AUTHORIZATION, format!("Bearer {token}"))
                .body(Body::from(agreement()))
                .unwrap(),
            415,
        ),
        (
            "unknown field",
            post(
                STREAM,
                &token,
                "application/json",
                r#"{"events": [], "actor": "x"}"#,
            ),
            422,
        ),
        (
            "wrong type",
            post(STREAM, &token, "application/json", r#"{"events": {}}"#),
            422,
        ),
        (
            "too large",
            post(STREAM, &token, "application/json", vec![b' '; 300 * 1024]),
            413,
        ),
        (
            "auditor appends",
            post(STREAM, &app.auditor, "application/json", agreement()),
            403,
        ),
        (
            "garbled token",
            post(STREAM, "tl_nope", "application/json", agreement()),
            401,
        ),
    ];
    for (name, request, status) in cases {
        let answer = send(&app, request).await;
        assert_problem(&answer, status);
        assert!(answer.headers.contains_key("x-request-id"), "{name}");
    }
    let shape = send(
        &app,
        post(STREAM, &token, "application/json", r#"{"events": 3}"#),
    )
    .await;
    assert_eq!(shape.body["errors"][0]["path"], "events", "{}", shape.text);
    let unauthenticated = send(&app, Request::post(STREAM).body(Body::empty()).unwrap()).await;
    assert_problem(&unauthenticated, 401);
    assert_eq!(
        unauthenticated.headers[header::WWW_AUTHENTICATE],
        "Bearer realm=\"trygglogg\""
    );
}

#[tokio::test]
async fn an_address_or_headers_too_long_are_problems() {
    let app = app();
    // Just under the limits: answered as usual (by a route that reads no
    // query; the agreements refuse an unknown parameter).
    let path = format!("/healthz?{}", "x".repeat(8 * 1024 - 10));
    let near = send(&app, get(&path, None)).await;
    assert_eq!(near.status, StatusCode::OK, "{}", near.text);
    for (request, status, names) in [
        (
            get(
                &format!("/api/v1/agreements?{}", "x".repeat(8 * 1024)),
                None,
            ),
            414,
            "over the limit of 8 KiB",
        ),
        (
            get(&format!("/{}", "a".repeat(20_000)), None),
            414,
            "the path and query are 20001 bytes",
        ),
        (
            Request::get("/api/v1/agreements")
                .header("x-padding", "p".repeat(16 * 1024))
                .body(Body::empty())
                .unwrap(),
            431,
            "over the limit of 16 KiB",
        ),
    ] {
        let answer = send(&app, request).await;
        assert_problem(&answer, status);
        assert!(
            answer.body["detail"].as_str().unwrap().contains(names),
            "{}",
            answer.text
        );
    }
}

#[tokio::test]
async fn routing_errors_are_problems_too() {
    let app = app();
    let missing = send(&app, get("/api/v1/nothing", None)).await;
    assert_problem(&missing, 404);
    assert!(missing.body["detail"].as_str().unwrap().contains("/docs"));

    let wrong_method = send(
        &app,
        Request::delete("/api/v1/events")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_problem(&wrong_method, 405);
    assert_eq!(wrong_method.headers[header::ALLOW], "GET,HEAD");
    assert!(wrong_method.body["detail"]
        .as_str()
        .unwrap()
        .contains("does not take DELETE"));

    let too_many = send(&app, get("/api/v1/events?limit=5000", Some(&app.auditor))).await;
    assert_problem(&too_many, 400);
    assert!(too_many.body["detail"]
        .as_str()
        .unwrap()
        .contains("maximum of 1000"));
    let unknown = send(&app, get("/api/v1/events?colour=red", Some(&app.auditor))).await;
    assert_problem(&unknown, 400);
    let bad_stream = send(
        &app,
        get("/api/v1/streams/activity-123", Some(&app.auditor)),
    )
    .await;
    assert_problem(&bad_stream, 400);
    assert_eq!(bad_stream.body["errors"][0]["path"], "stream");
}

#[tokio::test]
async fn reads_verify_and_the_description() {
    let app = app();
    send(
        &app,
        post(STREAM, &app.coordinator, "application/json", agreement()),
    )
    .await;
    let log = send(&app, get("/api/v1/events", Some(&app.auditor))).await;
    assert_eq!(log.status, StatusCode::OK, "{}", log.text);
    assert_eq!(log.body["head_position"], 1);
    let event = &log.body["events"][0];
    assert_eq!(event["type"], "agreement_adopted");
    assert_eq!(event["metadata"]["actor"], "samordnare");
    assert_eq!(event["hash"].as_str().unwrap().len(), 64);

    let verify = send(&app, get("/api/v1/audit/verify", Some(&app.auditor))).await;
    assert_eq!(verify.body["status"], "intact", "{}", verify.text);
    assert_eq!(verify.body["head_position"], 1);
    assert_eq!(verify.body["head_hash"], event["hash"]);

    let openapi = send(&app, get("/openapi.json", None)).await;
    assert_eq!(openapi.status, StatusCode::OK);
    assert_eq!(openapi.body["openapi"], "3.1.0");
    let docs = send(&app, get("/docs", None)).await;
    assert!(docs.headers[header::CONTENT_TYPE]
        .to_str()
        .unwrap()
        .starts_with("text/html"));
    assert!(docs.text.contains("/api/v1/audit/verify"));
}

/// A walk of the log that outlasts the wait is answered with how far it has
/// come, and the auditor who asks again is given its outcome.
#[tokio::test]
async fn a_verification_still_running_says_so_and_is_answered_when_asked_again() {
    let app = app_with(false, |state| state.verify_wait = Duration::ZERO);
    send(
        &app,
        post(STREAM, &app.coordinator, "application/json", agreement()),
    )
    .await;
    let running = send(&app, get("/api/v1/audit/verify", Some(&app.auditor))).await;
    assert_eq!(running.status, StatusCode::ACCEPTED, "{}", running.text);
    assert_eq!(running.headers[header::RETRY_AFTER], "5");
    assert_eq!(running.body["status"], "running");
    assert_eq!(running.body["head_position"], 1);
    assert!(running.body["started"].is_string(), "{}", running.text);
    let mut asked = 1;
    let done = loop {
        tokio::time::sleep(Duration::from_millis(20)).await;
        let again = send(&app, get("/api/v1/audit/verify", Some(&app.auditor))).await;
        asked += 1;
        if again.status != StatusCode::ACCEPTED || asked == 500 {
            break again;
        }
    };
    assert_eq!(done.status, StatusCode::OK, "{}", done.text);
    assert_eq!(done.body["status"], "intact");
    assert_eq!(done.body["head_position"], 1);
    let public = send(&app, get("/api/v1/audit/verify", None)).await;
    assert_eq!(public.status, StatusCode::UNAUTHORIZED);
}

/// The follow-up's JSON is answered again while nothing new is recorded, and
/// anew as soon as something is.
#[tokio::test]
async fn a_follow_up_is_answered_anew_once_the_log_moves_on() {
    let app = app_following(true);
    let added = send(
        &app,
        post(STREAM, &app.coordinator, "application/json", agreement()),
    )
    .await;
    assert_eq!(added.status, StatusCode::CREATED, "{}", added.text);
    let uri = "/api/v1/agreements/5a1e0000-2030-4000-8000-000000000001/follow-up/2025";
    let before = follow_up_showing(&app, uri, 0).await;
    let again = send(&app, get(uri, None)).await;
    assert_eq!(
        again.text, before.text,
        "the same bytes while nothing changed"
    );
    let control = json!({"events": [{"type": "activity_completed", "data": {
        "kind": "traffic_control", "facts": {"focus": ["speed"], "checked": 5},
        "serves": {"agreement": "5a1e0000-2030-4000-8000-000000000001", "focus_area": "trafik"},
        "occurred": "2025-05-05", "places": ["Hagfors"], "responsible": ["Hagfors kommun"],
        "summary": "Hastighetskontroll."}}]});
    let stream = "/api/v1/streams/activity-ac710000-2030-4000-8000-000000000001/events";
    let recorded = send(
        &app,
        post(
            stream,
            &app.coordinator,
            "application/json",
            control.to_string(),
        ),
    )
    .await;
    assert_eq!(recorded.status, StatusCode::CREATED, "{}", recorded.text);
    let after = follow_up_showing(&app, uri, 1).await;
    assert_ne!(after.body["built_from"], before.body["built_from"]);
}

/// The follow-up at `uri` once it shows `completed` activities (the views
/// follow the log on their own task).
async fn follow_up_showing(app: &App, uri: &str, completed: u64) -> Answer {
    for _ in 0..200 {
        let answer = send(app, get(uri, None)).await;
        if answer.status == StatusCode::OK
            && answer.body["totals"]["completed"].as_u64() == Some(completed)
        {
            return answer;
        }
        tokio::time::sleep(std::time::Duration::from_millis(25)).await;
    }
    panic!("the follow-up never showed {completed} completed");
}

/// A token of Hagfors kommun does not adopt Torsby's agreement: 403, a
/// problem naming the municipality and what the token serves; nothing is
/// recorded.
#[tokio::test]
async fn a_token_writes_only_in_its_own_municipality() {
    let app = app();
    let torsby = agreement()
        .replace("Hagfors kommun", "Torsby kommun")
        .replace("Medborgarlöften 2025", "Medborgarlöften Torsby 2025");
    let refused = send(
        &app,
        post(STREAM, &app.coordinator, "application/json", torsby),
    )
    .await;
    assert_problem(&refused, 403);
    let detail = refused.body["detail"].as_str().unwrap();
    assert!(
        detail.contains("Torsby kommun's") && detail.contains("serves Hagfors kommun only"),
        "{detail}"
    );
    let log = send(&app, get("/api/v1/events", Some(&app.auditor))).await;
    assert_eq!(log.body["events"], json!([]), "{}", log.text);
    let own = send(
        &app,
        post(STREAM, &app.coordinator, "application/json", agreement()),
    )
    .await;
    assert_eq!(own.status, StatusCode::CREATED, "{}", own.text);
}

/// A key given twice would drop its first copy without a word: refused with 400
/// naming it, and nothing recorded.
#[tokio::test]
async fn a_key_given_twice_is_refused_naming_it() {
    let app = app();
    let event = r#"{"id": "e7e00000-2030-4000-8000-000000000001", "type": "agreement_adopted", "data": {
        "title": "Medborgarlöften 2025", "municipality": "Hagfors kommun",
        "parties": ["Hagfors kommun", "Polisen"], "period": {"first_year": 2025, "years": 1},
        "focus_areas": [{"key": "trafik", "name": "Trafikmiljön"}]}}"#;
    let cases = [
        (
            format!(r#"{{"events": [{event}], "events": []}}"#),
            "events",
        ),
        (
            format!(r#"{{"expected_version": 0, "events": [{event}], "expected_version": null}}"#),
            "expected_version",
        ),
        (
            event.replace(
                r#""title": "Medborgarlöften 2025","#,
                r#""title": "A", "title": "B","#,
            ),
            "events[0].data.title",
        ),
        (
            event.replace(r#""name": "Trafikmiljön""#, r#""name": "A", "name": "B""#),
            "events[0].data.focus_areas[0].name",
        ),
        (
            event.replace(
                r#""type": "agreement_adopted","#,
                r#""type": "agreement_adopted", "type": "retraction","#,
            ),
            "events[0].type",
        ),
    ];
    for (body, path) in cases {
        let body = if body.starts_with(r#"{"id""#) {
            format!(r#"{{"events": [{body}]}}"#)
        } else {
            body
        };
        let answer = send(
            &app,
            post(STREAM, &app.coordinator, "application/json", body),
        )
        .await;
        assert_problem(&answer, 400);
        assert_eq!(answer.body["errors"][0]["path"], path, "{}", answer.text);
        let key = path.rsplit('.').next().unwrap();
        let detail = answer.body["detail"].as_str().unwrap();
        assert!(detail.contains(&format!("{key:?}")), "{detail}");
    }
    // Nothing was recorded: the stream is still new.
    let first = send(
        &app,
        post(STREAM, &app.coordinator, "application/json", agreement()),
    )
    .await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.text);
    assert_eq!(first.body["positions"], json!([1]), "{}", first.text);
}

/// An `as_of` before the agreement was recorded says so, and when it was
/// recorded ("as of" is recording time); an id never recorded is still "no
/// agreement has the id".
#[tokio::test]
async fn an_as_of_before_the_agreement_was_recorded_says_when_it_was() {
    let app = app_following(true);
    let added = send(
        &app,
        post(STREAM, &app.coordinator, "application/json", agreement()),
    )
    .await;
    assert_eq!(added.status, StatusCode::CREATED, "{}", added.text);
    let read = send(&app, get("/api/v1/events", Some(&app.auditor))).await;
    let recorded = read.body["events"][0]["recorded"]
        .as_str()
        .expect(&read.text);
    let recorded = chrono::DateTime::parse_from_rfc3339(recorded).unwrap();
    let recorded = recorded.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true);
    let path = "/api/v1/agreements/5a1e0000-2030-4000-8000-000000000001/follow-up";
    for scope in ["2025", "2025/t2", "period"] {
        let uri = format!("{path}/{scope}?as_of=2025-05-14T12:00:00%2B02:00");
        let answer = send(&app, get(&uri, None)).await;
        assert_problem(&answer, 404);
        let detail = answer.body["detail"].as_str().unwrap();
        assert!(
            detail.starts_with(&format!(
                "agreement 5a1e0000-2030-4000-8000-000000000001 had not been recorded yet at \
                 2025-05-14T10:00:00Z; it was recorded {recorded}. as_of is recording time"
            )),
            "{scope}: {detail}"
        );
        assert!(!detail.contains("no agreement has the id"), "{detail}");
    }
    let unknown = send(
        &app,
        get(
            "/api/v1/agreements/5a1e0000-2030-4000-8000-000000000009/follow-up/2025?as_of=2025-05-14T12:00:00Z",
            None,
        ),
    )
    .await;
    assert_problem(&unknown, 404);
    assert!(unknown.body["detail"]
        .as_str()
        .unwrap()
        .starts_with("no agreement has the id"));
}
