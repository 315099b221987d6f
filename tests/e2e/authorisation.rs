//! Every route × every role × no token, as a table: the status each gets.
//! Two municipalities, Hagfors and Torsby (`municipalities.rs`): every token
//! of the table serves Hagfors, and each write route is tried in its own
//! municipality and in the other.

use reqwest::Method;
use serde_json::{json, Value};

use crate::municipalities::{
    a_new_commitment, a_new_focus_area, append_to, correct, fixture, in_torsby, to_agreement,
    Fixture,
};
use crate::requests::{activity_completed, activity_stream, agreement_adopted, agreement_stream};
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

fn routes() -> Vec<Route> {
    let read = [401, 403, 403, 200, 200];
    let open = [200; 5];
    // Agreements are kept by coordinators and admins, in their municipality.
    let keep_own = [401, 403, 201, 403, 201];
    // Nobody of Hagfors writes in Torsby.
    let other = [401, 403, 403, 403, 403];
    vec![
        Route {
            // New work names what it serves: past the role, a rule of the stream.
            name: "append an activity of Polisen that serves no agreement",
            method: Method::POST,
            call: |_| {
                append_to(
                    activity_stream(),
                    vec![activity_completed(None, "Kontroll.")],
                )
            },
            expected: [401, 422, 422, 403, 422],
        },
        Route {
            name: "adopt an agreement of its own municipality",
            method: Method::POST,
            call: |_| {
                let (id, stream) = agreement_stream();
                append_to(stream, vec![agreement_adopted(id)])
            },
            expected: keep_own,
        },
        Route {
            name: "adopt an agreement of another municipality",
            method: Method::POST,
            call: |_| {
                let (id, stream) = agreement_stream();
                append_to(stream, vec![in_torsby(agreement_adopted(id))])
            },
            expected: other,
        },
        Route {
            name: "add a focus area to its own municipality's agreement",
            method: Method::POST,
            call: |f| append_to(to_agreement(f.agreement), vec![a_new_focus_area()]),
            expected: keep_own,
        },
        Route {
            name: "add a focus area to another municipality's agreement",
            method: Method::POST,
            call: |f| append_to(to_agreement(f.torsby), vec![a_new_focus_area()]),
            expected: other,
        },
        Route {
            name: "add a commitment to its own municipality's agreement",
            method: Method::POST,
            call: |f| append_to(to_agreement(f.agreement), vec![a_new_commitment()]),
            expected: keep_own,
        },
        Route {
            name: "add a commitment to another municipality's agreement",
            method: Method::POST,
            call: |f| append_to(to_agreement(f.torsby), vec![a_new_commitment()]),
            expected: other,
        },
        Route {
            name: "record an activity serving its own municipality's agreement",
            method: Method::POST,
            call: |f| {
                let done = activity_completed(Some(f.agreement), "Kontroll i Hagfors.");
                append_to(activity_stream(), vec![done])
            },
            expected: [401, 201, 201, 403, 201],
        },
        Route {
            name: "record an activity serving another municipality's agreement",
            method: Method::POST,
            call: |f| {
                let mut done = activity_completed(Some(f.torsby), "Kontroll i Torsby.");
                done["data"]["serves"]
                    .as_object_mut()
                    .unwrap()
                    .remove("commitment");
                append_to(activity_stream(), vec![done])
            },
            expected: other,
        },
        Route {
            name: "correct an activity of its own municipality",
            method: Method::POST,
            call: |f| correct(&f.own_activity, json!({"places": ["Ekshärad"]})),
            expected: [401, 201, 201, 201, 201],
        },
        Route {
            name: "correct an activity into another municipality's agreement",
            method: Method::POST,
            call: |f| {
                let serves = json!({"agreement": f.torsby, "focus_area": "trafikmiljo"});
                correct(&f.own_activity, json!({"serves": serves}))
            },
            expected: other,
        },
        Route {
            name: "correct an activity of another municipality",
            method: Method::POST,
            call: |f| correct(&f.other_activity, json!({"places": ["Östmark"]})),
            expected: other,
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
            name: "export the log (a live backup)",
            method: Method::GET,
            call: |_| ("/api/v1/export".into(), None),
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
    let fixture = fixture(&server);
    let agreement = fixture.agreement;
    server.wait_for_follow_up(&format!("/api/v1/agreements/{agreement}/follow-up/2025"), 6);

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
                // Where the role would do, the refusal says where the token
                // may write.
                let elsewhere = route.name.contains("another municipality");
                if elsewhere && matches!(who, Who::Coordinator | Who::Admin) {
                    let detail = answer.body["detail"].as_str().unwrap_or_default();
                    if !(detail.contains("Torsby kommun")
                        && detail.contains("serves Hagfors kommun only"))
                    {
                        wrong.push(format!("{} as {who:?}: {detail}", route.name));
                    }
                }
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
    let (recorded, _) = server.seed_activity(&tokens);
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
