//! `POST /api/v1/batches`: several streams in one request, all or nothing;
//! a refusal is the single append's problem, placed at its item.

use axum::http::StatusCode;
use serde_json::{json, Value};
use trygglogg_api::{BATCH_MAX_EVENTS, BODY_LIMIT_BYTES};
use trygglogg_test_support::router::{get, post};
use uuid::Uuid;

use super::{agreement, app, assert_problem, send, App, STREAM};

const BATCHES: &str = "/api/v1/batches";

/// A completed traffic control under the tests' agreement, with a fixed id.
fn control(summary: &str) -> Value {
    json!({"id": Uuid::now_v7(), "type": "activity_completed", "data": {
        "kind": "traffic_control", "facts": {"focus": ["speed"], "checked": 5},
        "serves": {"agreement": "5a1e0000-2030-4000-8000-000000000001", "focus_area": "trafik"},
        "occurred": "2025-05-05", "places": ["Hagfors"], "responsible": ["Hagfors kommun"],
        "summary": summary}})
}

fn item(events: Vec<Value>) -> Value {
    json!({"stream": format!("activity-{}", Uuid::now_v7()), "events": events})
}

async fn batch(app: &App, token: &str, body: &Value) -> trygglogg_test_support::router::Answer {
    send(
        app,
        post(BATCHES, token, "application/json", body.to_string()),
    )
    .await
}

/// The log's head position, as the auditor reads it.
async fn head(app: &App) -> u64 {
    let verify = send(app, get("/api/v1/audit/verify", Some(&app.auditor))).await;
    verify.body["head_position"].as_u64().unwrap()
}

/// The tests' agreement, recorded on its own: batch items cannot build on
/// one another.
async fn app_with_agreement() -> App {
    let app = app();
    let added = send(
        &app,
        post(STREAM, &app.coordinator, "application/json", agreement()),
    )
    .await;
    assert_eq!(added.status, StatusCode::CREATED, "{}", added.text);
    app
}

#[tokio::test]
async fn a_batch_appends_to_every_stream_and_a_resend_answers_the_same() {
    let app = app_with_agreement().await;
    let body = json!({"items": [
        item(vec![control("Första.")]),
        item(vec![control("Andra.")]),
        item(vec![control("Tredje.")]),
    ]});
    let first = batch(&app, &app.coordinator, &body).await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.text);
    let items = first.body["items"].as_array().unwrap();
    let positions: Vec<&Value> = items.iter().map(|i| &i["positions"]).collect();
    assert_eq!(positions, [&json!([2]), &json!([3]), &json!([4])]);
    assert_eq!(items[0]["stream"], body["items"][0]["stream"]);
    assert_eq!(items[1]["stream_version"], 1);
    assert_eq!(
        items[2]["event_ids"][0],
        body["items"][2]["events"][0]["id"]
    );

    let again = batch(&app, &app.coordinator, &body).await;
    assert_eq!(again.status, StatusCode::OK, "{}", again.text);
    let mut replayed = first.body.clone();
    for item in replayed["items"].as_array_mut().unwrap() {
        item["replayed"] = json!(true);
    }
    assert_eq!(again.body, replayed);
    assert_eq!(head(&app).await, 4);

    // A batch cut short is resent whole: what is there is answered as such.
    let mut grown = body.clone();
    grown["items"]
        .as_array_mut()
        .unwrap()
        .push(item(vec![control("Fjärde.")]));
    let resent = batch(&app, &app.coordinator, &grown).await;
    assert_eq!(resent.status, StatusCode::CREATED, "{}", resent.text);
    let replayed: Vec<&Value> = resent.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| &i["replayed"])
        .collect();
    assert_eq!(
        replayed,
        [&json!(true), &json!(true), &json!(true), &json!(false)]
    );
    assert_eq!(resent.body["items"][3]["positions"], json!([5]));
    // Counted as appended: the agreement and the four controls, no retry.
    let metrics = send(&app, get("/metrics", None)).await;
    assert!(
        metrics.text.contains("trygglogg_appended_events_total 5\n"),
        "{}",
        metrics.text
    );
    assert!(
        metrics
            .text
            .contains("trygglogg_recorded_events_total{type=\"activity_completed\"} 4\n"),
        "{}",
        metrics.text
    );
}

#[tokio::test]
async fn a_refused_item_is_named_and_nothing_of_the_batch_is_recorded() {
    let app = app_with_agreement().await;
    let recorded = item(vec![control("Redan registrerad.")]);
    let answer = batch(
        &app,
        &app.coordinator,
        &json!({"items": [recorded.clone()]}),
    )
    .await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.text);
    let mut changed = recorded.clone();
    changed["events"][0]["data"]["summary"] = json!("Ändrad.");
    let mut stale = item(vec![control("Sent.")]);
    stale["expected_version"] = json!(3);
    let many = vec![control("Många."); 100];
    let too_many: Vec<Value> = (0..=BATCH_MAX_EVENTS / 100)
        .map(|_| item(many.iter().map(|_| control("Många.")).collect()))
        .collect();
    let long = "x".repeat(4000);
    let too_long: Vec<Value> = (0..BODY_LIMIT_BYTES / 4000 + 1)
        .map(|_| item(vec![control(&long)]))
        .collect();
    let other = item(vec![control("En.")]);
    let mut twice = other.clone();
    twice["events"] = json!([control("Två.")]);

    // (what, the batch, status, detail begins, a refused path if any)
    let cases: Vec<(&str, Value, u16, &str, Option<&str>)> = vec![
        (
            "a personnummer",
            json!({"items": [item(vec![control("Bra.")]), item(vec![control("Samtal med 640823-3234.")])]}),
            422,
            "items[1]: ",
            Some("items[1].events[0].data.summary"),
        ),
        (
            "a stream name that is none",
            json!({"items": [item(vec![control("Bra.")]), {"stream": "aktivitet-1", "events": [control("Bra.")]}]}),
            422,
            "items[1]: ",
            Some("items[1].stream"),
        ),
        (
            "a stream given twice",
            json!({"items": [other, twice]}),
            422,
            "items[1]: ",
            Some("items[1].stream"),
        ),
        (
            "a stale expected version",
            json!({"items": [item(vec![control("Bra.")]), stale]}),
            409,
            "items[1]: stream activity-",
            None,
        ),
        (
            "an id recorded with other content",
            json!({"items": [item(vec![control("Bra.")]), changed]}),
            409,
            "items[1]: event id ",
            None,
        ),
        (
            "no items",
            json!({"items": []}),
            422,
            "the batch holds no items",
            None,
        ),
        (
            "too many events",
            json!({"items": too_many}),
            413,
            "the batch holds 600 events, over the limit of 500",
            None,
        ),
        (
            "too many bytes",
            json!({"items": too_long}),
            413,
            "the body is over the limit of 256 KiB",
            None,
        ),
    ];
    let before = head(&app).await;
    for (what, body, status, detail, path) in cases {
        let answer = batch(&app, &app.coordinator, &body).await;
        assert_problem(&answer, status);
        let said = answer.body["detail"].as_str().unwrap();
        assert!(said.starts_with(detail), "{what}: {said}");
        assert!(!answer.text.contains("640823"), "{what}: never echo it");
        if let Some(path) = path {
            let paths: Vec<&str> = answer.body["errors"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| e["path"].as_str().unwrap())
                .collect();
            assert!(paths.contains(&path), "{what}: {paths:?}");
        }
        assert_eq!(head(&app).await, before, "{what}: the log is unchanged");
    }

    // An auditor records only amendments: refused at its item, as alone.
    let answer = batch(
        &app,
        &app.auditor,
        &json!({"items": [item(vec![control("Bra.")])]}),
    )
    .await;
    assert_problem(&answer, 403);
    assert!(answer.body["detail"]
        .as_str()
        .unwrap()
        .starts_with("items[0]: an auditor"));
    assert_eq!(head(&app).await, before);
}

#[tokio::test]
async fn the_limits_are_stated_in_the_description() {
    let app = app();
    let document = send(&app, get("/openapi.json", None)).await;
    let route = &document.body["paths"]["/api/v1/batches"]["post"];
    let description = route["description"].as_str().unwrap();
    assert!(
        description.contains(&format!("at most {BATCH_MAX_EVENTS} events")),
        "{description}"
    );
    let kib = format!("at most {} KiB", BODY_LIMIT_BYTES / 1024);
    assert!(description.contains(&kib), "{description}");
    let schema = &route["requestBody"]["content"]["application/json"]["schema"]["$ref"];
    assert_eq!(schema, "#/components/schemas/BatchRequest");
    let items = &document.body["components"]["schemas"]["BatchRequest"]["properties"]["items"];
    assert!(
        items.is_object(),
        "{}",
        document.body["components"]["schemas"]["BatchRequest"]
    );
}
