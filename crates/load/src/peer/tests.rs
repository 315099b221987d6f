//! The peer's request handling that needs no PostgreSQL: it refuses as
//! Trygglogg refuses (the same requests through both routers), it answers
//! a retry from the rows as the store does, it gives the rules the streams
//! the store gives them, and it retries or refuses after a lost race.

use std::sync::Arc;

use axum::body::Body;
use axum::http::{header, Request};
use axum::Router;
use serde_json::Value;
use trygglogg_api::{open_checkpoints, router as trygglogg_router, AppState, Problem};
use trygglogg_events::AppendRequest;
use trygglogg_projections::Projections;
use trygglogg_recorder::{
    Author, FoldedAgreements, Municipalities, Prepared, RecordError, Scope, Streams,
};
use trygglogg_store::{AppendError, Direction, ExpectedVersion, Store};
use trygglogg_test_support::router::{send, Answer};
use trygglogg_test_support::{context, stream_named};
use trygglogg_tokens::{tokens_path, update, NewToken, Role, Tokens};
use uuid::Uuid;

use super::append::{Lost, ID_KEY, STREAM_VERSION_KEY};
use super::pool::Pool;
use super::rows::{answer_known, Fetched, Row};
use super::{router, Peer};
use crate::payload;

const AGREEMENT_2018: &str = "agreement-5a1e0000-2018-4000-8000-000000000002";

/// Trygglogg's router and the peer's (with no PostgreSQL connection), on
/// one tokens file, and a reporter token of Polisen's in it.
struct Both {
    _dir: tempfile::TempDir,
    trygglogg: Router,
    peer: Router,
    reporter: String,
}

fn both() -> Both {
    let dir = tempfile::tempdir().unwrap();
    let path = tokens_path(dir.path());
    let reporter = update(&path, |file| {
        file.create(NewToken::new("polis", Role::Reporter, "Polisen").serving(&["Hagfors kommun"]))
    })
    .unwrap();
    let store = Store::open(dir.path().join("store")).unwrap();
    let projections = Projections::open(store.clone(), dir.path().join("views")).unwrap();
    let checkpoints = open_checkpoints(&store, dir.path(), None).unwrap();
    let state = AppState::new(
        store,
        projections,
        Tokens::open(&path).unwrap(),
        checkpoints,
    );
    let peer = Peer {
        pool: Arc::new(Pool::new(Vec::new())),
        tokens: Arc::new(Tokens::open(&path).unwrap()),
        agreements: Arc::default(),
    };
    Both {
        trygglogg: trygglogg_router(state),
        peer: router(peer),
        reporter,
        _dir: dir,
    }
}

fn append(stream: &str, authorization: Option<&str>, body: &str) -> Request<Body> {
    let mut request = Request::post(format!("/api/v1/streams/{stream}/events"))
        .header(header::CONTENT_TYPE, "application/json");
    if let Some(authorization) = authorization {
        request = request.header(header::AUTHORIZATION, authorization);
    }
    request.body(Body::from(body.to_owned())).unwrap()
}

#[tokio::test]
async fn the_peer_refuses_what_trygglogg_refuses_with_the_same_answer() {
    let app = both();
    let bearer = format!("Bearer {}", app.reporter);
    let good = payload::append_body(Uuid::new_v4());
    let invalid = good.replace(r#""checked":40"#, r#""checked":-40"#);
    let stream = payload::new_stream();
    let cases: [(&str, &str, Option<&str>, &str, u16); 7] = [
        ("no token", &stream, None, &good, 401),
        (
            "unknown token",
            &stream,
            Some("Bearer tl_unknown"),
            &good,
            401,
        ),
        (
            "not a bearer token",
            &stream,
            Some("Basic dXNlcg=="),
            &good,
            401,
        ),
        (
            "a stream name that is none",
            "activity-42",
            Some(&bearer),
            &good,
            400,
        ),
        (
            "a body that is not JSON",
            &stream,
            Some(&bearer),
            "{\"events\": [",
            400,
        ),
        (
            "a field refused by validation",
            &stream,
            Some(&bearer),
            &invalid,
            422,
        ),
        ("no events", &stream, Some(&bearer), r#"{"events":[]}"#, 422),
    ];
    for (what, stream, authorization, body, status) in cases {
        let request = || append(stream, authorization, body);
        let trygglogg: Answer = send(&app.trygglogg, request()).await;
        let peer: Answer = send(&app.peer, request()).await;
        assert_eq!(
            trygglogg.status.as_u16(),
            status,
            "{what}: {}",
            trygglogg.text
        );
        assert_eq!(peer.status, trygglogg.status, "{what}: {}", peer.text);
        assert_eq!(peer.body, trygglogg.body, "{what}");
        assert_eq!(peer.content_type(), trygglogg.content_type(), "{what}");
    }
}

#[tokio::test]
async fn a_request_that_passes_the_checks_needs_postgresql_and_says_so() {
    let app = both();
    let body = payload::append_body(Uuid::new_v4());
    let bearer = format!("Bearer {}", app.reporter);
    let answer = send(
        &app.peer,
        append(&payload::new_stream(), Some(&bearer), &body),
    )
    .await;
    assert_eq!(answer.status.as_u16(), 503, "{}", answer.text);
}

fn reporter() -> Author {
    Author {
        actor: "polis-4711".into(),
        organisation: "Polisen".into(),
        scope: Scope::OwnActivities,
        municipalities: Municipalities::Listed(vec![trygglogg_events::Municipality::parse(
            "Hagfors kommun",
        )
        .unwrap()]),
    }
}

fn prepared(stream: &str, body: &str) -> Prepared {
    let request: AppendRequest = serde_json::from_str(body).unwrap();
    Prepared::new(&stream_named(stream), &request, &reporter(), &context()).unwrap()
}

/// The rows of `prepared`'s events, as the peer would have stored them.
fn rows_of(prepared: &Prepared, first_position: u64) -> Vec<Row> {
    (prepared.events.iter().zip(0..))
        .map(|(event, i)| Row {
            position: first_position + i,
            id: event.id,
            stream: prepared.stream.to_string(),
            version: 1 + i,
            event_type: event.event_type.clone(),
            data: event.data.get().to_owned(),
            metadata: event.metadata.get().to_owned(),
        })
        .collect()
}

#[test]
fn a_retry_is_answered_from_the_rows_as_the_store_answers_it() {
    let stream = payload::new_stream();
    let id = Uuid::new_v4();
    let sent = prepared(&stream, &payload::append_body(id));
    let stored = rows_of(&sent, 41);
    // jsonb keeps neither spacing nor key order.
    let reordered: Value = serde_json::from_str(&stored[0].data).unwrap();
    let mut as_jsonb = stored.clone();
    as_jsonb[0].data = serde_json::to_string_pretty(&reordered).unwrap();
    let mut other_data = stored.clone();
    other_data[0].data = stored[0].data.replace("\"checked\":40", "\"checked\":41");
    let mut other_stream = stored.clone();
    other_stream[0].stream = payload::new_stream();
    let two = prepared(
        &stream,
        &format!(
            r#"{{"events":[{{"id":"{id}","type":"{t}","data":{d}}},{{"id":"{}","type":"{t}","data":{d}}}]}}"#,
            Uuid::new_v4(),
            t = payload::TYPE,
            d = payload::DATA
        ),
    );
    let replay = |positions: Vec<u64>| {
        Ok(trygglogg_store::Appended {
            positions,
            stream_version: 1,
            replayed: true,
        })
    };
    let cases = [
        ("the same event", &sent, &stored, replay(vec![41])),
        (
            "the same, as jsonb gives it back",
            &sent,
            &as_jsonb,
            replay(vec![41]),
        ),
        (
            "other data under the id",
            &sent,
            &other_data,
            Err(AppendError::IdConflict { id, position: 41 }),
        ),
        (
            "the id in another stream",
            &sent,
            &other_stream,
            Err(AppendError::IdConflict { id, position: 41 }),
        ),
        (
            "one of two events recorded",
            &two,
            &stored,
            Err(AppendError::PartialRetry { id, position: 41 }),
        ),
    ];
    for (what, prepared, known, expected) in cases {
        assert_eq!(answer_known(prepared, known), expected, "{what}");
    }
}

#[test]
fn after_a_lost_race_the_next_attempt_answers_until_the_attempts_run_out() {
    let stream = stream_named(&payload::new_stream());
    let lost = |constraint: &str| Lost {
        constraint: constraint.into(),
        stream,
        expected: ExpectedVersion::Exact(3),
        taken: 4,
    };
    let conflict = AppendError::VersionConflict {
        stream,
        expected: ExpectedVersion::Exact(3),
        actual: 4,
    };
    let cases = [
        (ID_KEY, 1, None),
        (ID_KEY, 5, None),
        (STREAM_VERSION_KEY, 1, None),
        (STREAM_VERSION_KEY, 5, None),
        (STREAM_VERSION_KEY, 6, Some(conflict.clone())),
        (ID_KEY, 6, Some(AppendError::Storage(String::new()))),
        ("events_pkey", 1, Some(AppendError::Storage(String::new()))),
    ];
    for (constraint, attempt, expected) in cases {
        let refusal = lost(constraint).refusal(attempt);
        let what = format!("{constraint} at attempt {attempt}");
        match (&refusal, &expected) {
            (Some(AppendError::Storage(_)), Some(AppendError::Storage(_))) => {}
            _ => assert_eq!(refusal, expected, "{what}"),
        }
    }
    // A race lost for good is Trygglogg's 409, not a 500.
    let problem = Problem::from(RecordError::Append(conflict));
    assert_eq!(problem.body().status, 409);
}

/// The seed's events of `stream` as the peer's rows.
fn stored_rows(store: &Store, stream: &str) -> Vec<Row> {
    let events = store
        .read_stream(&stream_named(stream), 1, Direction::Forward, 1000)
        .unwrap();
    events
        .iter()
        .map(|event| Row {
            position: event.position,
            id: event.id,
            stream: event.stream.to_string(),
            version: event.version,
            event_type: event.event_type.clone(),
            data: event.data.get().to_owned(),
            metadata: event.metadata.get().to_owned(),
        })
        .collect()
}

#[tokio::test]
async fn the_rows_give_the_rules_what_the_store_gives_them() {
    let (_dir, recorder) = trygglogg_test_support::recorder();
    let operator = Author::operator("import", "Trygglogg");
    recorder
        .import(trygglogg_events::SEED, &operator, &context(), |_| {})
        .await
        .unwrap();
    let store = recorder.store();
    let agreement = stream_named(AGREEMENT_2018);
    let activity = payload::new_stream();
    let good = prepared(&activity, &payload::append_body(Uuid::new_v4()));
    // Before the agreement's period: refused by a rule over the agreement.
    let outside = payload::DATA.replace("2018-05-03", "2017-05-03");
    let late = prepared(
        &activity,
        &format!(
            r#"{{"events":[{{"type":"{}","data":{outside}}}]}}"#,
            payload::TYPE
        ),
    );
    for (what, prepared) in [("within the period", &good), ("after it", &late)] {
        let mut fetched = Fetched::default();
        let activity = stream_named(&activity);
        fetched.add(&[activity], Vec::new());
        // Without the agreement read, the rules ask for it.
        let _unread = prepared.check(&fetched, &FoldedAgreements::default(), &reporter());
        assert_eq!(fetched.take_missing(), vec![agreement], "{what}");
        fetched.add(&[agreement], stored_rows(store, AGREEMENT_2018));
        let from_rows = prepared.check(&fetched, &FoldedAgreements::default(), &reporter());
        let from_store = prepared.check(store, &FoldedAgreements::default(), &reporter());
        assert_eq!(
            format!("{from_rows:?}"),
            format!("{from_store:?}"),
            "{what}"
        );
        assert!(fetched.take_missing().is_empty(), "{what}");
        assert_eq!(fetched.version(&activity).unwrap(), 0);
    }
    assert_eq!(
        good.check(store, &FoldedAgreements::default(), &reporter())
            .unwrap(),
        Ok(ExpectedVersion::Exact(0))
    );
    assert!(matches!(
        late.check(store, &FoldedAgreements::default(), &reporter()),
        Err(RecordError::Rule(_))
    ));
}
