//! Every route × every role × no token, as a table: the status each gets.
//! Two municipalities, Hagfors and Torsby: every token of the table serves
//! Hagfors, and each write route is tried in its own municipality and in the
//! other. Then the attacks of issue 13, one test each.

use reqwest::Method;
use serde_json::{json, Value};
use uuid::Uuid;

use crate::requests::{
    activity_completed, activity_stream, agreement_adopted, agreement_stream, body,
    commitment_added, correction, focus_area_added,
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
    /// Hagfors' agreement, the tokens' own.
    agreement: Uuid,
    /// Torsby's agreement.
    torsby: Uuid,
    /// Polisen's completed activity serving Hagfors' agreement: its stream and event.
    own_activity: (String, Value),
    /// Polisen's completed activity serving Torsby's agreement.
    other_activity: (String, Value),
}

/// `agreement_adopted` for Torsby kommun instead of Hagfors kommun.
fn in_torsby(mut adopted: Value) -> Value {
    let data = &mut adopted["data"];
    data["title"] = json!("Medborgarlöften Torsby 2025");
    data["municipality"] = json!("Torsby kommun");
    data["parties"] = json!(["Torsby kommun", "Polisen"]);
    adopted
}

/// A key no earlier call used.
fn fresh_key() -> String {
    format!("k{}", &Uuid::new_v4().simple().to_string()[..8])
}

fn append_to(stream: String, events: Vec<Value>) -> (String, Option<Value>) {
    (
        format!("/api/v1/streams/{stream}/events"),
        Some(body(None, events)),
    )
}

fn to_agreement(agreement: Uuid) -> String {
    format!("agreement-{agreement}")
}

fn a_new_focus_area() -> Value {
    focus_area_added(&fresh_key())
}

fn a_new_commitment() -> Value {
    let mut commitment = commitment_added();
    commitment["data"]["key"] = json!(fresh_key());
    commitment
}

fn correct(activity: &(String, Value), changes: Value) -> (String, Option<Value>) {
    let (stream, completed) = activity;
    append_to(
        stream.clone(),
        vec![correction(completed, changes, "Fel uppgift.")],
    )
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
            name: "append an activity of Polisen",
            method: Method::POST,
            call: |_| {
                append_to(
                    activity_stream(),
                    vec![activity_completed(None, "Kontroll.")],
                )
            },
            expected: [401, 201, 201, 403, 201],
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

/// Records, as an admin of the whole service, what the table needs: an
/// agreement in each municipality and an activity of Polisen serving each.
fn fixture(server: &Server) -> Fixture {
    let operator = server.token_with("admin", "Hagfors kommun", "drift", &["--whole-service"]);
    let adopt = |adopted: fn(Uuid) -> Value| {
        let (id, stream) = agreement_stream();
        let events = vec![adopted(id), commitment_added()];
        let answer = server.append(&stream, &operator, &body(None, events));
        assert_eq!(answer.status, 201, "{}", answer.text);
        id
    };
    let agreement = adopt(agreement_adopted);
    let torsby = adopt(|id| in_torsby(agreement_adopted(id)));
    let activity = |agreement: Uuid| {
        let stream = activity_stream();
        let done = activity_completed(Some(agreement), "Första kontrollen.");
        let answer = server.append(&stream, &operator, &body(None, vec![done.clone()]));
        assert_eq!(answer.status, 201, "{}", answer.text);
        (stream, done)
    };
    let own_activity = activity(agreement);
    let other_activity = activity(torsby);
    Fixture {
        activity_stream: own_activity.0.clone(),
        agreement,
        torsby,
        own_activity,
        other_activity,
    }
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

/// The head of the log, read as an admin.
fn head(server: &Server, admin: &str) -> Value {
    let log = server.get("/api/v1/events?limit=1000", Some(admin));
    assert_eq!(log.status, 200, "{}", log.text);
    log.body["events"]
        .as_array()
        .unwrap()
        .last()
        .cloned()
        .unwrap_or(Value::Null)
}

/// Issue 13: "a reporter of Polisen records into any municipality's
/// agreement". A Polisen token serves the municipalities it names.
#[test]
fn a_police_reporter_records_only_in_the_municipalities_it_serves() {
    let server = Server::start();
    let fixture = fixture(&server);
    let admin = server.token_with("admin", "Polisen", "polisadmin", &["--whole-service"]);
    let for_hagfors = server.token_with(
        "reporter",
        "Polisen",
        "polis-1",
        &["--for", "Hagfors kommun"],
    );
    let for_both = server.token_with(
        "reporter",
        "Polisen",
        "polis-2",
        &[
            "--for",
            "Hagfors kommun",
            "--for",
            "Torsby kommun",
            "--area",
            "LPO Norra Värmland",
        ],
    );
    let serving = |agreement: Uuid| {
        let mut done = activity_completed(Some(agreement), "Kontroll.");
        done["data"]["serves"]
            .as_object_mut()
            .unwrap()
            .remove("commitment");
        body(None, vec![done])
    };
    let before = head(&server, &admin);
    let refused = server.append(&activity_stream(), &for_hagfors, &serving(fixture.torsby));
    let problem = refused.assert_problem(403, "a Hagfors police reporter in Torsby");
    let detail = problem["detail"].as_str().unwrap();
    assert!(
        detail.contains("Torsby kommun's") && detail.contains("serves Hagfors kommun only"),
        "{detail}"
    );
    assert_eq!(head(&server, &admin), before, "the log is unchanged");
    let own = server.append(
        &activity_stream(),
        &for_hagfors,
        &serving(fixture.agreement),
    );
    assert_eq!(own.status, 201, "{}", own.text);
    for agreement in [fixture.agreement, fixture.torsby] {
        let both = server.append(&activity_stream(), &for_both, &serving(agreement));
        assert_eq!(both.status, 201, "{}", both.text);
    }
}

/// Issue 13: "a coordinator of Torsby kommun adopts an agreement for
/// Hagfors, adds focus areas to it and records Hagfors kommun's activities
/// (all 201)".
#[test]
fn a_coordinator_of_torsby_does_not_keep_hagfors_agreements() {
    let server = Server::start();
    let fixture = fixture(&server);
    let torsby = server.token("coordinator", "Torsby kommun", "samordnare-torsby");
    let (id, stream) = agreement_stream();
    let adopt = server.append(&stream, &torsby, &body(None, vec![agreement_adopted(id)]));
    adopt.assert_problem(403, "Torsby adopts Hagfors' agreement");
    let focus = server.append(
        &to_agreement(fixture.agreement),
        &torsby,
        &body(None, vec![a_new_focus_area()]),
    );
    focus.assert_problem(403, "Torsby adds a focus area to Hagfors' agreement");
    let mut hagfors_work = activity_completed(Some(fixture.agreement), "Kommunens kontroll.");
    hagfors_work["data"]["responsible"] = json!(["Hagfors kommun"]);
    let record = server.append(
        &activity_stream(),
        &torsby,
        &body(None, vec![hagfors_work.clone()]),
    );
    record.assert_problem(403, "Torsby records Hagfors kommun's activity");
    hagfors_work["data"]
        .as_object_mut()
        .unwrap()
        .remove("serves");
    let unattached = server.append(&activity_stream(), &torsby, &body(None, vec![hagfors_work]));
    let detail = unattached
        .assert_problem(403, "Torsby records Hagfors kommun's unattached activity")["detail"]
        .as_str()
        .unwrap();
    assert!(detail.contains("Hagfors kommun is responsible"), "{detail}");
    // In its own municipality it keeps its agreement.
    let own = server.append(
        &to_agreement(fixture.torsby),
        &torsby,
        &body(None, vec![a_new_focus_area()]),
    );
    assert_eq!(own.status, 201, "{}", own.text);
}

/// Issue 13: "a Hagfors reporter's correction of its own activity moves it
/// into Torsby's agreement (201), where it then counts".
#[test]
fn a_correction_does_not_move_an_activity_into_another_municipality() {
    let server = Server::start();
    let fixture = fixture(&server);
    let reporter = server.token("reporter", "Hagfors kommun", "fritid-1");
    let stream = activity_stream();
    let mut done = activity_completed(Some(fixture.agreement), "Kommunens kontroll.");
    done["data"]["responsible"] = json!(["Hagfors kommun"]);
    done["data"]["serves"]
        .as_object_mut()
        .unwrap()
        .remove("commitment");
    let recorded = server.append(&stream, &reporter, &body(None, vec![done.clone()]));
    assert_eq!(recorded.status, 201, "{}", recorded.text);
    let serves = json!({"agreement": fixture.torsby, "focus_area": "trafikmiljo"});
    let moved = server.append(
        &stream,
        &reporter,
        &body(
            None,
            vec![correction(&done, json!({"serves": serves}), "Fel avtal.")],
        ),
    );
    let detail = moved.assert_problem(403, "a correction into Torsby")["detail"]
        .as_str()
        .unwrap();
    assert!(
        detail.contains("events[0].data.changes") && detail.contains("Torsby kommun's"),
        "{detail}"
    );
    let position = recorded.body["positions"][0].as_u64().unwrap();
    let torsby = fixture.torsby;
    let follow_up = server.wait_for_follow_up(
        &format!("/api/v1/agreements/{torsby}/follow-up/2025"),
        position,
    );
    assert_eq!(
        follow_up.body["totals"]["completed"], 1,
        "only the fixture's activity counts in Torsby: {}",
        follow_up.text
    );
}

/// An admin of the whole service writes in every municipality.
#[test]
fn an_admin_of_the_whole_service_writes_everywhere() {
    let server = Server::start();
    let fixture = fixture(&server);
    let admin = server.token_with("admin", "Torsby kommun", "drift-2", &["--whole-service"]);
    let (id, stream) = agreement_stream();
    let adopted = server.append(&stream, &admin, &body(None, vec![agreement_adopted(id)]));
    assert_eq!(adopted.status, 201, "{}", adopted.text);
    let serves = json!({"agreement": fixture.torsby, "focus_area": "trafikmiljo"});
    let (path, json) = correct(&fixture.own_activity, json!({"serves": serves}));
    let answer = server.post(&path, Some(&admin), &json.unwrap());
    assert_eq!(answer.status, 201, "{}", answer.text);
}

/// Guessing tokens is held up: after ten refused tokens from one address
/// within a minute, requests from it that present a token get 429 until the
/// minute is over; the public's requests (no token) are answered as usual.
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
    // While held up, even a valid token from this address waits.
    let held = server.get("/api/v1/audit/verify", Some(&tokens.auditor));
    assert_eq!(held.status, 429, "{}", held.text);
    // The public is not held up.
    assert_eq!(server.get("/api/v1/agreements", None).status, 200);
    assert_eq!(server.get("/healthz", None).status, 200);
}
