//! The tree over HTTP: the proofs (`/api/v1/audit/proof/…`) and the C2SP
//! tiles (`/tlog/tile/…`), what each caller gets, and every refusal naming
//! its parameter.

use axum::http::header;
use serde_json::value::RawValue;
use trygglogg_store::{ExpectedVersion, Hash, NewEvent};
use trygglogg_test_support::router::get;
use uuid::Uuid;

use super::{app, assert_problem, send, App};

/// `app()` with `n` events in its log (the store takes any event type; the
/// tree does not read them).
async fn app_with(n: u64) -> App {
    let app = app();
    let stream =
        trygglogg_events::StreamName::parse("activity-5a1e0000-2030-4000-8000-0000000000aa")
            .unwrap();
    let mut appended = 0;
    while appended < n {
        let count = (n - appended).min(100);
        let events = (appended..appended + count)
            .map(|i| NewEvent {
                id: Uuid::now_v7(),
                event_type: "test_happened".into(),
                data: RawValue::from_string(format!(r#"{{"n":{i}}}"#)).unwrap(),
                metadata: RawValue::from_string(r#"{"actor":"t"}"#.into()).unwrap(),
            })
            .collect();
        app.store
            .append(stream, ExpectedVersion::Any, events)
            .await
            .unwrap();
        appended += count;
    }
    app
}

fn hex(proof: Vec<Hash>) -> serde_json::Value {
    proof.iter().map(Hash::to_hex).collect()
}

#[tokio::test]
async fn an_inclusion_proof_for_anyone_and_the_record_for_an_auditor() {
    let app = app_with(5).await;
    let uri = "/api/v1/audit/proof/inclusion?position=2&tree_size=5";
    let record = app.store.stored_record(2).unwrap();
    let public = send(&app, get(uri, None)).await;
    assert_eq!(public.status, 200, "{}", public.text);
    assert_eq!(public.body["position"], 2);
    assert_eq!(public.body["tree_size"], 5);
    assert_eq!(public.body["leaf_hash"], Hash::leaf(&record).to_hex());
    assert_eq!(
        public.body["proof"],
        hex(app.store.inclusion_proof(2, 5).unwrap())
    );
    assert!(public.body.get("record").is_none(), "{}", public.text);

    let auditor = send(&app, get(uri, Some(&app.auditor))).await;
    assert_eq!(auditor.status, 200);
    // The record exactly as stored and hashed, not re-serialised.
    assert!(auditor.text.contains(std::str::from_utf8(&record).unwrap()));
    assert_eq!(auditor.body["proof"], public.body["proof"]);
    let coordinator = send(&app, get(uri, Some(&app.coordinator))).await;
    assert!(coordinator.body.get("record").is_none());
}

#[tokio::test]
async fn a_consistency_proof() {
    let app = app_with(7).await;
    let answer = send(
        &app,
        get("/api/v1/audit/proof/consistency?from=3&to=7", None),
    )
    .await;
    assert_eq!(answer.status, 200, "{}", answer.text);
    assert_eq!(answer.body["from"], 3);
    assert_eq!(answer.body["to"], 7);
    assert_eq!(
        answer.body["proof"],
        hex(app.store.consistency_proof(3, 7).unwrap())
    );
    let same = send(
        &app,
        get("/api/v1/audit/proof/consistency?from=7&to=7", None),
    )
    .await;
    assert_eq!(same.body["proof"], serde_json::json!([]));
}

/// Each refusal is a 400 naming the parameter; none is a 5xx.
#[tokio::test]
async fn proof_refusals_name_their_parameter() {
    let app = app_with(5).await;
    let inclusion = "/api/v1/audit/proof/inclusion";
    let consistency = "/api/v1/audit/proof/consistency";
    for (path, query, parameter) in [
        (inclusion, "position=0&tree_size=5", "position"),
        (inclusion, "position=6&tree_size=5", "position"),
        (inclusion, "position=1&tree_size=6", "tree_size"),
        (inclusion, "position=1&tree_size=0", "position"),
        (
            inclusion,
            "position=1&tree_size=18446744073709551615",
            "tree_size",
        ),
        (
            inclusion,
            "position=1&tree_size=18446744073709551616",
            "tree_size",
        ),
        (inclusion, "position=%2B1&tree_size=5", "position"),
        (inclusion, "position=01&tree_size=5", "position"),
        (inclusion, "position=1", "tree_size"),
        (inclusion, "tree_size=5", "position"),
        // Twice: the query extractor of every route refuses it, naming the
        // query and, in its detail, the parameter.
        (inclusion, "position=1&tree_size=5&tree_size=5", "query"),
        (consistency, "from=0&to=5", "from"),
        (consistency, "from=6&to=5", "from"),
        (consistency, "from=1&to=6", "to"),
        (consistency, "from=18446744073709551615&to=5", "from"),
        (consistency, "from=1&to=-5", "to"),
        (consistency, "from=1", "to"),
    ] {
        let answer = send(&app, get(&format!("{path}?{query}"), None)).await;
        assert_problem(&answer, 400);
        let named = answer.body["errors"][0]["path"].as_str().unwrap_or("");
        assert_eq!(named, parameter, "{query}: {}", answer.text);
    }
    // Beyond the head names the head.
    let beyond = send(
        &app,
        get(&format!("{inclusion}?position=1&tree_size=9"), None),
    )
    .await;
    assert!(beyond.text.contains("holds 5 events"), "{}", beyond.text);
    let unknown = send(&app, get(&format!("{consistency}?from=1&to=5&x=1"), None)).await;
    assert_problem(&unknown, 400);
}

#[tokio::test]
async fn tiles_are_served_as_c2sp_says() {
    let app = app_with(260).await;
    let store = &app.store;
    let tile = |path: &str, token: Option<&str>| {
        let request = get(&format!("/tlog/tile/{path}"), token);
        send(&app, request)
    };
    let full = tile("0/000", None).await;
    assert_eq!(full.status, 200);
    assert_eq!(full.content_type(), "application/octet-stream");
    assert_eq!(full.bytes, store.hash_tile(0, 0, 256).unwrap());
    assert_eq!(
        full.headers[header::CACHE_CONTROL],
        "public, max-age=31536000, immutable"
    );
    let partial = tile("0/001.p/4", None).await;
    assert_eq!(partial.status, 200);
    assert_eq!(partial.bytes, store.hash_tile(0, 1, 4).unwrap());
    assert_eq!(partial.headers[header::CACHE_CONTROL], "public, max-age=60");
    let level_one = tile("1/000.p/1", None).await;
    assert_eq!(level_one.bytes, store.tree_root(256).unwrap().as_bytes());

    // Entry bundles are whole events: for those who may read the log.
    assert_problem(&tile("entries/000", None).await, 401);
    assert_problem(&tile("entries/000", Some(&app.coordinator)).await, 403);
    let entries = tile("entries/001.p/4", Some(&app.auditor)).await;
    assert_eq!(entries.status, 200);
    assert_eq!(entries.bytes, store.entry_bundle(1, 4).unwrap());

    for (path, status) in [
        ("0/001", 404),
        ("0/001.p/5", 404),
        ("1/000", 404),
        ("entries/002.p/1", 404),
        ("0/x001/000", 404),
        ("0/0", 400),
        ("8/000", 400),
        ("0/000.p/256", 400),
        ("0/000.p/0", 400),
        ("data/000", 400),
        ("0/000/", 400),
        ("0/x018/x446/x744/x073/x709/x551/616", 400),
    ] {
        let answer = tile(path, Some(&app.auditor)).await;
        assert_problem(&answer, status);
        if status == 400 {
            assert_eq!(answer.body["errors"][0]["path"], "path", "{path}");
        }
    }
}
