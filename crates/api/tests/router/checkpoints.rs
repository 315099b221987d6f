//! The checkpoint routes: the latest as a note or JSON, the kept ones paged,
//! one made on demand by an auditor, and the tlog-tiles checkpoint file.

use axum::http::{header, Request, StatusCode};
use trygglogg_checkpoints::{PublicKey, SignedCheckpoint};

use super::{agreement, app, assert_problem, send, STREAM};
use trygglogg_test_support::router::{get, post};

const LATEST: &str = "/api/v1/audit/checkpoint";
const KEPT: &str = "/api/v1/audit/checkpoints";

fn post_empty(uri: &str, token: &str) -> Request<axum::body::Body> {
    post(uri, token, "application/json", "")
}

#[tokio::test]
async fn checkpoints_are_served_listed_and_made_on_demand() {
    let app = app();
    let appended = send(
        &app,
        post(STREAM, &app.coordinator, "application/json", agreement()),
    )
    .await;
    assert_eq!(appended.status, StatusCode::CREATED, "{}", appended.text);

    // The latest as JSON (open to everyone): made now, since none was kept.
    let mut request = get(LATEST, None);
    request.headers_mut().insert(
        header::ACCEPT,
        header::HeaderValue::from_static("application/json"),
    );
    let json = send(&app, request).await;
    assert_eq!(json.status, StatusCode::OK, "{}", json.text);
    assert_eq!(json.body["tree_size"], 1);
    let key = PublicKey::parse(json.body["key"].as_str().unwrap()).expect("a verifier key");
    assert_eq!(json.body["fingerprint"], key.fingerprint().to_string());
    let note = json.body["note"].as_str().unwrap();
    let signed = SignedCheckpoint::open(note, &key).expect("signed by the log's key");
    assert_eq!(signed.tree_size(), 1);
    assert_eq!(json.body["root_hash"], signed.root_hex());

    // The same note as text, for tools, here and where tlog-tiles looks.
    for path in [LATEST, "/tlog/checkpoint"] {
        let text = send(&app, get(path, None)).await;
        assert_eq!(text.status, StatusCode::OK, "{path}: {}", text.text);
        assert_eq!(text.content_type(), "text/plain; charset=utf-8", "{path}");
        assert_eq!(text.text, note, "{path}");
        assert_eq!(text.headers[header::CACHE_CONTROL], "public, max-age=5");
    }

    // On demand: an auditor only; the current one is said to be current.
    let nobody = send(&app, post_empty(KEPT, "not-a-token")).await;
    assert_problem(&nobody, 401);
    let coordinator = send(&app, post_empty(KEPT, &app.coordinator)).await;
    assert_problem(&coordinator, 403);
    let current = send(&app, post_empty(KEPT, &app.auditor)).await;
    assert_eq!(current.status, StatusCode::OK, "{}", current.text);
    assert_eq!(current.body["note"], note);

    // After the log grew: a new one, 201, where the list has it.
    let grown = serde_json::json!({"events": [{"type": "focus_area_added",
        "data": {"key": "droger", "name": "Droger"}}]});
    let appended = send(
        &app,
        post(
            STREAM,
            &app.coordinator,
            "application/json",
            grown.to_string(),
        ),
    )
    .await;
    assert_eq!(appended.status, StatusCode::CREATED, "{}", appended.text);
    let made = send(&app, post_empty(KEPT, &app.auditor)).await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.text);
    assert_eq!(made.body["tree_size"], 2);
    let location = made.headers[header::LOCATION].to_str().unwrap().to_owned();
    assert_eq!(location, format!("{KEPT}?from=2&limit=1"));
    let listed = send(&app, get(&location, None)).await;
    assert_eq!(listed.body["checkpoints"][0]["note"], made.body["note"]);
    assert_eq!(send(&app, get(LATEST, None)).await.text, made.body["note"]);

    // Paged, smallest first, `next` until the end.
    let first = send(&app, get(&format!("{KEPT}?limit=1"), None)).await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.text);
    assert_eq!(first.body["checkpoints"][0]["tree_size"], 1);
    let next = first.body["next"].as_str().expect("a next page");
    assert_eq!(next, format!("{KEPT}?from=2&limit=1"));
    let second = send(&app, get(next, None)).await;
    assert_eq!(second.body["checkpoints"][0]["tree_size"], 2);
    assert!(second.body["next"].is_null(), "{}", second.text);
    let beyond = send(&app, get(&format!("{KEPT}?from=3"), None)).await;
    assert_eq!(beyond.body["checkpoints"], serde_json::json!([]));
}

#[tokio::test]
async fn bad_parameters_are_refused_naming_them() {
    let app = app();
    let cases = [
        (format!("{KEPT}?limit=0"), "limit"),
        (format!("{KEPT}?limit=1001"), "limit"),
        (format!("{KEPT}?from=-1"), "from"),
        (format!("{KEPT}?from=eleven"), "from"),
        (format!("{KEPT}?from=18446744073709551616"), "from"),
        (format!("{KEPT}?after=1"), "after"),
        (format!("{LATEST}?size=1"), "size"),
        ("/tlog/checkpoint?x=1".to_owned(), "x"),
    ];
    for (uri, parameter) in cases {
        let answer = send(&app, get(&uri, None)).await;
        assert_problem(&answer, 400);
        assert!(
            answer.text.contains(parameter),
            "{uri}: names {parameter}: {}",
            answer.text
        );
    }
    let posted = send(&app, post_empty(&format!("{KEPT}?now=1"), &app.auditor)).await;
    assert_problem(&posted, 400);
    // The list's largest `from` is still an answer, not a 5xx.
    let last = send(&app, get(&format!("{KEPT}?from={}", u64::MAX), None)).await;
    assert_eq!(last.status, StatusCode::OK, "{}", last.text);
}
