//! `?min_position=N`: a read from the views after an append answered 201
//! sees that append, or says why not.

use std::time::{Duration, Instant};

use axum::http::{header, StatusCode};
use trygglogg_test_support::router::{get, post};

use super::{agreement, app, app_following, assert_problem, send, App, STREAM};

const AGREEMENT: &str = "5a1e0000-2030-4000-8000-000000000001";

/// Every read from the live view that takes `min_position`, by path.
fn view_reads() -> Vec<String> {
    let follow_up = format!("/api/v1/agreements/{AGREEMENT}/follow-up");
    vec![
        "/api/v1/agreements".to_owned(),
        format!("/api/v1/agreements/{AGREEMENT}"),
        format!("{follow_up}/2025"),
        format!("{follow_up}/2025/t1"),
        format!("{follow_up}/period"),
    ]
}

/// The appended agreement's position, from the 201.
async fn adopt(app: &App) -> u64 {
    let appended = send(
        app,
        post(STREAM, &app.coordinator, "application/json", agreement()),
    )
    .await;
    assert_eq!(appended.status, StatusCode::CREATED, "{}", appended.text);
    appended.body["positions"][0].as_u64().expect("a position")
}

#[tokio::test]
async fn a_read_given_the_position_of_an_append_sees_it() {
    let app = app_following(true);
    let position = adopt(&app).await;
    assert_eq!(position, 1);
    for path in view_reads() {
        let read = send(&app, get(&format!("{path}?min_position={position}"), None)).await;
        assert_eq!(read.status, StatusCode::OK, "{path}: {}", read.text);
        let seen = match read.body.get("built_from") {
            Some(built_from) => built_from["position"].as_u64().unwrap() >= position,
            None => read.text.contains(AGREEMENT),
        };
        assert!(seen, "{path} does not show the append: {}", read.text);
    }
    let as_of = format!(
        "/api/v1/agreements/{AGREEMENT}/follow-up/2025?as_of=2099-01-01T00:00:00Z&min_position=1"
    );
    let read = send(&app, get(&as_of, None)).await;
    assert_eq!(read.status, StatusCode::OK, "with as_of too: {}", read.text);
}

#[tokio::test]
async fn a_position_beyond_the_head_or_not_a_position_is_refused_at_once() {
    let app = app_following(true);
    adopt(&app).await;
    let cases = [
        ("2", "beyond the log's head, 1"),
        ("18446744073709551615", "beyond the log's head, 1"),
        ("0", "\"0\" is not a log position"),
        ("01", "\"01\" is not a log position"),
        ("+1", "\"+1\" is not a log position"),
        ("1.0", "\"1.0\" is not a log position"),
        ("ett", "\"ett\" is not a log position"),
        ("", "\"\" is not a log position"),
    ];
    for path in view_reads() {
        for (raw, said) in cases {
            let asked = Instant::now();
            let uri = format!("{path}?min_position={}", raw.replace('+', "%2B"));
            let refused = send(&app, get(&uri, None)).await;
            assert_problem(&refused, 400);
            assert_eq!(refused.body["errors"][0]["path"], "min_position");
            let detail = refused.body["detail"].as_str().unwrap();
            assert!(detail.contains(said), "{uri}: {detail}");
            assert!(
                asked.elapsed() < Duration::from_secs(1),
                "{uri}: refused without waiting"
            );
        }
    }
    let beyond = send(&app, get("/api/v1/agreements?min_position=2", None)).await;
    let expected = beyond.body["errors"][0]["expected"].as_str().unwrap();
    assert!(expected.contains("up to 1"), "{expected}");
}

/// The views do not follow the log here (as if their follower were held
/// back): the wait ends after 2 s with 503, naming the position reached.
#[tokio::test]
async fn a_view_held_back_answers_503_after_two_seconds() {
    let app = app();
    let position = adopt(&app).await;
    let without = format!("/api/v1/agreements/{AGREEMENT}");
    let lagging = send(&app, get(&without, None)).await;
    assert_problem(&lagging, 404);

    let waits: Vec<_> = view_reads()
        .into_iter()
        .map(|path| {
            let router = app.router.clone();
            tokio::spawn(async move {
                let asked = Instant::now();
                let uri = format!("{path}?min_position={position}");
                let answer = trygglogg_test_support::router::send(&router, get(&uri, None)).await;
                (uri, answer, asked.elapsed())
            })
        })
        .collect();
    for wait in waits {
        let (uri, answer, waited) = wait.await.unwrap();
        assert_problem(&answer, 503);
        assert_eq!(answer.headers[header::RETRY_AFTER], "1", "{uri}");
        let detail = answer.body["detail"].as_str().unwrap();
        assert!(
            detail.contains("reached position 0, not yet 1"),
            "{uri}: {detail}"
        );
        assert!(
            waited >= Duration::from_secs(2) && waited < Duration::from_secs(10),
            "{uri}: waited {waited:?}"
        );
    }
}
