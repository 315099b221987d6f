//! Every route × every role × no token, as a table: the status each gets.

use reqwest::Method;
use serde_json::Value;

use crate::requests::{
    activity_completed, activity_stream, agreement_adopted, agreement_stream, body,
};
use crate::server::{answer, Server, Who};

/// What a route needs to be called: a path (and body) made fresh for each
/// call, so that every allowed append records something new.
struct Route {
    name: &'static str,
    method: Method,
    call: fn(&Fixture) -> (String, Option<Value>),
    /// The status for: public, reporter, coordinator, auditor, admin.
    expected: [u16; 5],
}

/// What exists before the table runs.
struct Fixture {
    activity_stream: String,
    agreement: String,
}

fn routes() -> Vec<Route> {
    let read = [401, 403, 403, 200, 200];
    let open = [200; 5];
    vec![
        Route {
            name: "append an activity of Polisen",
            method: Method::POST,
            call: |_| {
                let events = body(None, vec![activity_completed(None, "Kontroll.")]);
                (
                    format!("/api/v1/streams/{}/events", activity_stream()),
                    Some(events),
                )
            },
            expected: [401, 201, 201, 403, 201],
        },
        Route {
            name: "append an agreement",
            method: Method::POST,
            call: |_| {
                let (id, stream) = agreement_stream();
                (
                    format!("/api/v1/streams/{stream}/events"),
                    Some(body(None, vec![agreement_adopted(id)])),
                )
            },
            expected: [401, 403, 201, 403, 201],
        },
        Route {
            name: "read a stream",
            method: Method::GET,
            call: |fixture| (format!("/api/v1/streams/{}", fixture.activity_stream), None),
            expected: read,
        },
        Route {
            name: "read the global log",
            method: Method::GET,
            call: |_| ("/api/v1/events".into(), None),
            expected: read,
        },
        Route {
            name: "subscribe to the log",
            method: Method::GET,
            call: |_| ("/api/v1/events/subscribe".into(), None),
            expected: read,
        },
        Route {
            name: "verify the chain",
            method: Method::GET,
            call: |_| ("/api/v1/audit/verify".into(), None),
            expected: read,
        },
        Route {
            name: "list the agreements",
            method: Method::GET,
            call: |_| ("/api/v1/agreements".into(), None),
            expected: open,
        },
        Route {
            name: "read an agreement",
            method: Method::GET,
            call: |fixture| (format!("/api/v1/agreements/{}", fixture.agreement), None),
            expected: open,
        },
        Route {
            name: "read a follow-up",
            method: Method::GET,
            call: |fixture| {
                (
                    format!("/api/v1/agreements/{}/follow-up/2025", fixture.agreement),
                    None,
                )
            },
            expected: open,
        },
        Route {
            name: "read a follow-up as of an instant",
            method: Method::GET,
            call: |fixture| {
                let path = format!("/api/v1/agreements/{}/follow-up/2025", fixture.agreement);
                (format!("{path}?as_of=2030-01-01T00:00:00Z"), None)
            },
            expected: open,
        },
        Route {
            name: "read the audit trail",
            method: Method::GET,
            call: |_| ("/api/v1/audit/trail".into(), None),
            expected: read,
        },
        Route {
            name: "the index page",
            method: Method::GET,
            call: |_| ("/".into(), None),
            expected: open,
        },
        Route {
            name: "a follow-up page",
            method: Method::GET,
            call: |fixture| {
                (
                    format!("/agreements/{}/follow-up/2025", fixture.agreement),
                    None,
                )
            },
            expected: open,
        },
        Route {
            name: "a follow-up as CSV",
            method: Method::GET,
            call: |fixture| {
                (
                    format!("/agreements/{}/follow-up/2025.csv", fixture.agreement),
                    None,
                )
            },
            expected: open,
        },
        Route {
            name: "health",
            method: Method::GET,
            call: |_| ("/healthz".into(), None),
            expected: open,
        },
        Route {
            name: "metrics",
            method: Method::GET,
            call: |_| ("/metrics".into(), None),
            expected: open,
        },
        Route {
            name: "OpenAPI",
            method: Method::GET,
            call: |_| ("/openapi.json".into(), None),
            expected: open,
        },
        Route {
            name: "docs",
            method: Method::GET,
            call: |_| ("/docs".into(), None),
            expected: open,
        },
    ]
}

#[test]
fn every_route_for_every_role_and_for_no_token() {
    let server = Server::start();
    let tokens = server.tokens();
    let (agreement, agreement_stream) = agreement_stream();
    let adopted = server.append(
        &agreement_stream,
        &tokens.coordinator,
        &body(None, vec![agreement_adopted(agreement)]),
    );
    assert_eq!(adopted.status, 201, "{}", adopted.text);
    let fixture = Fixture {
        activity_stream: server.seed_activity(&tokens.coordinator),
        agreement: agreement.to_string(),
    };
    server.wait_for_follow_up(&format!("/api/v1/agreements/{agreement}/follow-up/2025"), 1);

    let mut wrong = Vec::new();
    for route in routes() {
        for (who, expected) in Who::ALL.into_iter().zip(route.expected) {
            let (path, json) = (route.call)(&fixture);
            let mut request = server.request(route.method.clone(), &path, tokens.of(who));
            if let Some(json) = &json {
                request = request.json(json);
            }
            if route.name.starts_with("subscribe") && expected == 200 {
                // An endless stream: the status and type are enough.
                let response = request.send().expect("the server answers");
                let content_type = response.headers()[reqwest::header::CONTENT_TYPE]
                    .to_str()
                    .unwrap()
                    .to_owned();
                if response.status().as_u16() != 200 || content_type != "text/event-stream" {
                    wrong.push(format!(
                        "{} as {who:?}: {} {content_type}",
                        route.name,
                        response.status()
                    ));
                }
                continue;
            }
            let answer = answer(request);
            if answer.status != expected {
                wrong.push(format!(
                    "{} as {who:?}: {} instead of {expected}: {}",
                    route.name, answer.status, answer.text
                ));
            } else if expected >= 400 {
                answer.assert_problem(expected, route.name);
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// Ten refused tokens from one address hold it up: within the minute, the
/// next unknown tokens get 429, while a valid token from the same address is
/// served and the public's requests (no token) are answered as usual.
#[test]
fn guessing_tokens_is_held_up() {
    let server = Server::start();
    let tokens = server.tokens();
    for n in 0..10 {
        let guess = format!("tl_{n:064}");
        let refused = server.get("/api/v1/audit/verify", Some(&guess));
        assert_eq!(refused.status, 401, "guess {n}: {}", refused.text);
    }
    let request = server.request(Method::GET, "/api/v1/audit/verify", Some("tl_guess"));
    let response = request.send().expect("the server answers");
    assert_eq!(response.status().as_u16(), 429);
    let wait: u64 = response.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=60).contains(&wait), "{wait}");
    let body: Value = response.json().unwrap();
    assert_eq!(
        body["type"],
        "/docs#problem-too-many-failed-authentications"
    );
    // While held up, a valid token from the same address is served: the
    // throttle slows the guesser, not the colleagues behind the same address.
    let served = server.get("/api/v1/audit/verify", Some(&tokens.auditor));
    assert_eq!(served.status, 200, "{}", served.text);
    let recorded = server.seed_activity(&tokens.reporter);
    assert!(recorded.starts_with("activity-"), "{recorded}");
    // The guesser is still held up, with whatever it presents next.
    for guess in ["tl_another_guess", "tl_yet_another"] {
        let held = server.get("/api/v1/audit/verify", Some(guess));
        assert_eq!(held.status, 429, "{guess}: {}", held.text);
    }
    // The public is not held up.
    assert_eq!(server.get("/api/v1/agreements", None).status, 200);
    assert_eq!(server.get("/healthz", None).status, 200);
}
