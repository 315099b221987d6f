//! The request log line says who acted, why a request was refused, and how
//! long it took in microseconds. A test binary of its own: tracing caches per
//! call site whether anyone listens, and tests on other threads that log
//! without a subscriber make that cache miss this test's subscriber.

use std::io::Write;
use std::sync::{Arc, Mutex};

use axum::http::StatusCode;
use axum::Router;
use serde_json::json;
use tracing::subscriber::DefaultGuard;
use trygglogg_api::{open_checkpoints, router, AppState};
use trygglogg_projections::Projections;
use trygglogg_store::Store;
use trygglogg_test_support::router::{get, post, send};
use trygglogg_tokens::{tokens_path, update, NewToken, Role, Tokens};

const STREAM: &str = "/api/v1/streams/agreement-5a1e0000-2030-4000-8000-000000000001/events";

/// The router, and a coordinator's token `samordnare` of Hagfors kommun.
fn app() -> (tempfile::TempDir, Router, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = tokens_path(dir.path());
    let coordinator = update(&path, |file| {
        file.create(NewToken::new(
            "samordnare",
            Role::Coordinator,
            "Hagfors kommun",
        ))
    })
    .unwrap();
    let store = Store::open(dir.path().join("store")).unwrap();
    let projections = Projections::open(store.clone(), dir.path().join("views")).unwrap();
    let checkpoints = open_checkpoints(&store, dir.path(), None).unwrap();
    let tokens = Tokens::open(&path).unwrap();
    let state = AppState::new(store, projections, tokens, checkpoints);
    (dir, router(state), coordinator)
}

/// A log sink the test reads back.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Captured {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }
}

/// Logs at `info` into a buffer, on this thread: the test runs on one
/// (tokio's current-thread runtime), so it sees the router's whole request.
fn capture_logs() -> (Captured, DefaultGuard) {
    let captured = Captured::default();
    let sink = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(move || sink.clone())
        .with_ansi(false)
        .with_max_level(tracing::Level::INFO)
        .finish();
    (captured, tracing::subscriber::set_default(subscriber))
}

#[tokio::test]
async fn a_request_logs_who_sent_it_why_it_was_refused_and_its_time_in_microseconds() {
    let (captured, _guard) = capture_logs();
    let (_dir, app, coordinator) = app();
    let refused = json!({"events": [{"type": "agreement_adopted", "data": {}}]});
    let answer = send(
        &app,
        post(
            STREAM,
            &coordinator,
            "application/json",
            refused.to_string(),
        ),
    )
    .await;
    assert_eq!(
        answer.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        answer.text
    );
    let problem = answer.body["type"].as_str().unwrap().to_owned();

    let text = captured.text();
    let line = text
        .lines()
        .find(|l| l.contains("finished processing request"))
        .unwrap_or_else(|| panic!("no response line in\n{text}"));
    for expected in [
        r#"token="samordnare""#,
        r#"org="Hagfors kommun""#,
        &format!("problem=\"{problem}\""),
        "status=422",
    ] {
        assert!(line.contains(expected), "{expected} missing from\n{line}");
    }
    assert!(line.contains(" μs"), "latency not in microseconds:\n{line}");
    assert!(
        !text.contains(&coordinator),
        "the token was logged:\n{text}"
    );

    // The public, answered: no token, no problem.
    let answer = send(&app, get("/api/v1/agreements", None)).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
    let text = captured.text();
    let line = text
        .lines()
        .filter(|l| l.contains("finished processing request"))
        .nth(1)
        .unwrap_or_else(|| panic!("no second response line in\n{text}"));
    assert!(line.contains("path=/api/v1/agreements"), "{line}");
    assert!(!line.contains("token="), "{line}");
    assert!(!line.contains("problem="), "{line}");
}
