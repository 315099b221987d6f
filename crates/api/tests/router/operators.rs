//! What operators see in the metrics: recorded events, refused tokens,
//! refusals and the append commits (the log lines are tested in `tests/logs.rs`).

use axum::body::Body;
use axum::http::{header, Request};
use trygglogg_test_support::router::{get, post};

use super::{agreement, app, send, STREAM};

fn without_token(body: String) -> Request<Body> {
    Request::post(STREAM)
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body))
        .unwrap()
}

#[tokio::test]
async fn metrics_count_recorded_events_refused_tokens_refusals_and_commits() {
    let app = app();
    let cases = [
        (without_token(agreement()), 401),
        (
            post(STREAM, "not-a-token", "application/json", agreement()),
            401,
        ),
        // The coordinator may not read the raw log.
        (get("/api/v1/events", Some(&app.coordinator)), 403),
        (
            post(STREAM, &app.coordinator, "application/json", agreement()),
            201,
        ),
        // A retry: recorded once.
        (
            post(STREAM, &app.coordinator, "application/json", agreement()),
            200,
        ),
        (post(STREAM, &app.coordinator, "application/json", "{"), 400),
    ];
    for (request, status) in cases {
        let answer = send(&app, request).await;
        assert_eq!(answer.status.as_u16(), status, "{}", answer.text);
    }
    let metrics = send(&app, get("/metrics", None)).await;
    for line in [
        r#"trygglogg_recorded_events_total{type="agreement_adopted"} 1"#,
        r#"trygglogg_refused_tokens_total{reason="missing"} 1"#,
        r#"trygglogg_refused_tokens_total{reason="unknown"} 1"#,
        r#"trygglogg_refused_tokens_total{reason="wrong_role"} 1"#,
        r#"trygglogg_refusals_total{problem="/docs#problem-unauthenticated"} 2"#,
        r#"trygglogg_refusals_total{problem="/docs#problem-forbidden"} 1"#,
        r#"trygglogg_refusals_total{problem="/docs#problem-malformed-request"} 1"#,
        // One group commit, of the agreement's one event, made durable once.
        r#"trygglogg_append_commit_events_bucket{le="1.0"} 1"#,
        "trygglogg_append_commit_events_count 1",
        r#"trygglogg_append_commit_fsync_seconds_bucket{le="+Inf"} 1"#,
    ] {
        assert!(
            metrics.text.lines().any(|l| l == line),
            "{line} missing from\n{}",
            metrics.text
        );
    }
}
