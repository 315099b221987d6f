//! Server-Sent Events: from a position, in order, live, resumed with
//! `Last-Event-ID`; and ended cleanly when the server is told to stop.

use std::io::{BufRead, BufReader, Lines};
use std::time::{Duration, Instant};

use reqwest::blocking::Response;
use reqwest::Method;
use serde_json::{json, Value};

use crate::requests::{agreement_adopted, agreement_stream, body, focus_area_added};
use crate::server::Server;

/// An open subscription, read message by message.
struct EventStream {
    lines: Lines<BufReader<Response>>,
}

impl EventStream {
    fn open(server: &Server, token: &str, path: &str, last_event_id: Option<&str>) -> EventStream {
        let mut request = server.request(Method::GET, path, Some(token));
        if let Some(id) = last_event_id {
            request = request.header("Last-Event-ID", id);
        }
        let response = request.send().expect("the server answers");
        assert_eq!(response.status().as_u16(), 200);
        assert_eq!(response.headers()["content-type"], "text/event-stream");
        EventStream {
            lines: BufReader::new(response).lines(),
        }
    }

    /// The next message: its SSE id and its data. Skips keep-alive comments.
    fn next(&mut self) -> Option<(u64, Value)> {
        let (mut id, mut data) = (None, None);
        loop {
            let line = self.lines.next()?.ok()?;
            if line.is_empty() {
                if let (Some(id), Some(data)) = (id.take(), data.take()) {
                    return Some((id, data));
                }
            } else if let Some(value) = line.strip_prefix("id:") {
                id = value.trim().parse().ok();
            } else if let Some(value) = line.strip_prefix("data:") {
                data = serde_json::from_str(value.trim()).ok();
            }
        }
    }

    /// The positions of the next `n` messages, checking each id is its position.
    fn positions(&mut self, n: usize) -> Vec<u64> {
        (0..n)
            .map(|_| {
                let (id, event) = self.next().expect("another message");
                assert_eq!(event["position"], id, "the SSE id is the position");
                id
            })
            .collect()
    }
}

#[test]
fn a_subscription_delivers_in_order_stays_live_and_resumes() {
    let server = Server::start();
    let tokens = server.tokens();
    let (agreement, stream) = agreement_stream();
    let first = body(
        None,
        vec![
            agreement_adopted(agreement),
            focus_area_added("a"),
            focus_area_added("b"),
        ],
    );
    let appended = server.append(&stream, &tokens.coordinator, &first);
    assert_eq!(
        appended.body["positions"],
        json!([1, 2, 3]),
        "{}",
        appended.text
    );

    let mut events = EventStream::open(
        &server,
        &tokens.auditor,
        "/api/v1/events/subscribe?after=1",
        None,
    );
    assert_eq!(events.positions(2), [2, 3]);

    // Live: what is appended now arrives on the open stream.
    let later = body(None, vec![focus_area_added("c"), focus_area_added("d")]);
    let appended = server.append(&stream, &tokens.admin, &later);
    assert_eq!(
        appended.body["positions"],
        json!([4, 5]),
        "{}",
        appended.text
    );
    let (id, event) = events.next().expect("a live message");
    assert_eq!((id, event["type"].as_str()), (4, Some("focus_area_added")));
    assert_eq!(event["data"]["key"], "c");
    assert_eq!(events.positions(1), [5]);
    drop(events);

    // A client that saw up to 3 reconnects: Last-Event-ID wins over `after`.
    let mut resumed = EventStream::open(
        &server,
        &tokens.admin,
        "/api/v1/events/subscribe?after=0",
        Some("3"),
    );
    assert_eq!(resumed.positions(2), [4, 5]);
}

#[cfg(unix)]
#[test]
fn sigterm_ends_subscriptions_and_the_server_exits_cleanly() {
    let mut server = Server::start();
    let tokens = server.tokens();
    let mut events = EventStream::open(&server, &tokens.auditor, "/api/v1/events/subscribe", None);
    let killed = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("kill -TERM {}", server.pid()))
        .status()
        .expect("run kill");
    assert!(killed.success());
    let status = server
        .wait_for_exit(Duration::from_secs(10))
        .expect("the server exits within 10 s of SIGTERM, open subscription or not");
    assert!(status.success(), "{status}");
    assert!(events.next().is_none(), "the subscription ended");
}

/// A subscription opened with a token that is then revoked ends within 2 s
/// of the revocation, with an `error` event naming it. The server checks the
/// token every 0.5 s and re-reads the token file at most once a second, so
/// it ends 1.5 s after the file changed at the latest; the bound here is 3 s,
/// measured from before `trygglogg token revoke` starts (which itself takes
/// a moment to start and write the file), to leave a slow machine a margin.
#[test]
fn a_revoked_token_ends_its_subscription_within_2_s() {
    let server = Server::start();
    let tokens = server.tokens();
    let mut events = EventStream::open(&server, &tokens.auditor, "/api/v1/events/subscribe", None);
    let mut other = EventStream::open(&server, &tokens.admin, "/api/v1/events/subscribe", None);
    // The stream is live: an event appended now arrives on it.
    let (agreement, stream) = agreement_stream();
    let adopted = body(None, vec![agreement_adopted(agreement)]);
    assert_eq!(server.append(&stream, &tokens.admin, &adopted).status, 201);
    assert_eq!(events.positions(1), [1]);

    let revoked = Instant::now();
    server.cli(&["token", "revoke", "revisor"]);
    let rest: Vec<String> = events.lines.by_ref().map_while(Result::ok).collect();
    let ended = revoked.elapsed();
    assert!(
        ended < Duration::from_secs(3),
        "the subscription ended {ended:?} after the revocation"
    );
    let rest = rest.join("\n");
    assert!(rest.contains("event: error"), "{rest}");
    assert!(rest.contains("revoked"), "{rest}");
    // A subscription with another token goes on.
    let more = body(None, vec![focus_area_added("a")]);
    assert_eq!(server.append(&stream, &tokens.admin, &more).status, 201);
    assert_eq!(other.positions(2), [1, 2]);
}
