//! A table of bad requests. Each gets the right 4xx and a problem body that
//! names what was wrong, nothing is recorded, and the server stays healthy.

use reqwest::Method;
use serde_json::{json, Value};
use uuid::Uuid;

use crate::requests::{
    activity_completed, activity_stream, agreement_adopted, agreement_stream, body,
};
use crate::server::{answer, Server, Tokens, Who};

mod http_edges;

/// How a request authenticates.
#[derive(Clone)]
enum Auth {
    As(Who),
    /// This exact `Authorization` header.
    Header(&'static str),
    Revoked,
}

enum Body {
    None,
    Json(Value),
    Raw(Option<&'static str>, Vec<u8>),
}

struct Bad {
    name: &'static str,
    method: Method,
    path: String,
    auth: Auth,
    body: Body,
    headers: Vec<(&'static str, &'static str)>,
    status: u16,
    /// Must appear in the problem body: the field's path or the key phrase.
    names: &'static str,
}

impl Bad {
    fn header(mut self, name: &'static str, value: &'static str) -> Self {
        self.headers.push((name, value));
        self
    }

    fn auth(mut self, auth: Auth) -> Self {
        self.auth = auth;
        self
    }
}

fn append_to(
    name: &'static str,
    stream: &str,
    who: Who,
    json: Value,
    status: u16,
    names: &'static str,
) -> Bad {
    Bad {
        name,
        method: Method::POST,
        path: format!("/api/v1/streams/{stream}/events"),
        auth: Auth::As(who),
        body: Body::Json(json),
        headers: Vec::new(),
        status,
        names,
    }
}

/// A reporter appends `json` to a new activity stream.
fn append(name: &'static str, json: Value, status: u16, names: &'static str) -> Bad {
    append_to(name, &activity_stream(), Who::Reporter, json, status, names)
}

/// A reporter appends these bytes with this content type.
fn append_raw(
    name: &'static str,
    content_type: Option<&'static str>,
    bytes: impl Into<Vec<u8>>,
    status: u16,
    names: &'static str,
) -> Bad {
    Bad {
        body: Body::Raw(content_type, bytes.into()),
        ..append(name, Value::Null, status, names)
    }
}

/// A reporter appends one valid completed activity, changed by `spoil`.
fn spoiled(name: &'static str, spoil: fn(&mut Value), status: u16, names: &'static str) -> Bad {
    let mut event = activity_completed(None, "Kontroll vid skolan.");
    spoil(&mut event);
    append(name, body(None, vec![event]), status, names)
}

fn request(
    name: &'static str,
    method: Method,
    path: impl Into<String>,
    who: Who,
    status: u16,
    names: &'static str,
) -> Bad {
    Bad {
        name,
        method,
        path: path.into(),
        auth: Auth::As(who),
        body: Body::None,
        headers: Vec::new(),
        status,
        names,
    }
}

fn get(name: &'static str, path: impl Into<String>, status: u16, names: &'static str) -> Bad {
    request(name, Method::GET, path, Who::Auditor, status, names)
}

/// The bad requests; `served` is an agreement new work may serve.
fn table(existing_stream: &str, served: Uuid) -> Vec<Bad> {
    let valid = || body(None, vec![activity_completed(Some(served), "Kontroll.")]);
    let (agreement, agreement_stream) = agreement_stream();
    let twin = activity_completed(Some(served), "Tvilling.");
    let stream_read = |query: &str| format!("/api/v1/streams/{existing_stream}{query}");
    vec![
        // The body is not JSON, or not JSON of the right shape.
        append_raw(
            "malformed JSON",
            Some("application/json"),
            r#"{"events": ["#,
            400,
            "not valid JSON",
        ),
        append_raw(
            "an empty body",
            Some("application/json"),
            "",
            400,
            "not valid JSON",
        ),
        append_raw(
            "a JSON array",
            Some("application/json"),
            "[]",
            422,
            "\"path\":\"body\"",
        ),
        append_raw(
            "plain text",
            Some("text/plain"),
            valid().to_string(),
            415,
            "Content-Type",
        ),
        append_raw(
            "no content type",
            None,
            valid().to_string(),
            415,
            "Content-Type",
        ),
        append_raw(
            "a form",
            Some("application/x-www-form-urlencoded"),
            "events=1",
            415,
            "application/json",
        ),
        append_raw(
            "a huge body",
            Some("application/json"),
            vec![b' '; 300 * 1024],
            413,
            "256 KiB",
        ),
        append(
            "the actor in the body",
            json!({"actor": "någon annan", "events": []}),
            422,
            "unknown field `actor`",
        ),
        spoiled(
            "an organisation in an event",
            |e| e["organisation"] = json!("Polisen"),
            422,
            "unknown field `organisation`",
        ),
        append(
            "events not a list",
            json!({"events": {}}),
            422,
            "\"path\":\"events\"",
        ),
        append(
            "expected_version as text",
            json!({"expected_version": "1", "events": []}),
            422,
            "expected_version",
        ),
        append(
            "a negative expected_version",
            json!({"expected_version": -1, "events": []}),
            422,
            "expected_version",
        ),
        spoiled(
            "an id that is not a UUID",
            |e| e["id"] = json!("123"),
            422,
            "events[0].id",
        ),
        append(
            "no events",
            json!({"events": []}),
            422,
            "\"path\":\"events\"",
        ),
        append(
            "101 events",
            body(
                None,
                (0..101)
                    .map(|_| activity_completed(Some(served), "x"))
                    .collect(),
            ),
            422,
            "more than 100",
        ),
        append(
            "one id twice",
            body(None, vec![twin.clone(), twin]),
            422,
            "events[1].id",
        ),
        // Events the domain refuses, each naming its field.
        spoiled(
            "an unknown event type",
            |e| e["type"] = json!("activity_exploded"),
            422,
            "events[0].type",
        ),
        append(
            "an agreement event in an activity stream",
            body(None, vec![agreement_adopted(agreement)]),
            422,
            "events[0].type",
        ),
        append_to(
            "an activity in an agreement stream",
            &agreement_stream,
            Who::Coordinator,
            valid(),
            422,
            "events[0].type",
        ),
        spoiled(
            "a personnummer in the summary",
            |e| e["data"]["summary"] = json!("Samtal med 640823-3234 och vårdnadshavare."),
            422,
            "events[0].data.summary",
        ),
        spoiled(
            "a samordningsnummer in a place",
            |e| e["data"]["places"] = json!(["701063-2391"]),
            422,
            "events[0].data.places[0]",
        ),
        spoiled(
            "a negative count",
            |e| e["data"]["facts"]["checked"] = json!(-3),
            422,
            "events[0].data.facts.checked",
        ),
        spoiled(
            "a count as a word",
            |e| e["data"]["facts"]["checked"] = json!("many"),
            422,
            "events[0].data.facts.checked",
        ),
        spoiled(
            "an unknown fact",
            |e| e["data"]["facts"]["colour"] = json!("red"),
            422,
            "events[0].data.facts",
        ),
        spoiled(
            "an end before the start",
            |e| e["data"]["occurred"] = json!({"from": "2025-05-10", "to": "2025-05-01"}),
            422,
            "events[0].data.occurred",
        ),
        spoiled(
            "a completion in the future",
            |e| e["data"]["occurred"] = json!("2099-01-01"),
            422,
            "events[0].data.occurred",
        ),
        spoiled(
            "a date that is not a date",
            |e| e["data"]["occurred"] = json!("3 maj"),
            422,
            "events[0].data.occurred",
        ),
        spoiled(
            "an unknown party",
            |e| e["data"]["responsible"] = json!(["Polisen Värmland"]),
            422,
            "events[0].data.responsible[0]",
        ),
        spoiled(
            "a summary that is a number",
            |e| e["data"]["summary"] = json!(42),
            422,
            "events[0].data.summary",
        ),
        spoiled(
            "no summary",
            |e| drop(e["data"].as_object_mut().unwrap().remove("summary")),
            422,
            "events[0].data.summary",
        ),
        spoiled(
            "an empty place",
            |e| e["data"]["places"] = json!([""]),
            422,
            "events[0].data.places[0]",
        ),
        spoiled(
            "an unknown schema version",
            |e| e["schema_version"] = json!(99),
            422,
            "events[0].schema_version",
        ),
        spoiled(
            "data that is text",
            |e| e["data"] = json!("en kontroll"),
            422,
            "events[0].data",
        ),
        // Well-formed, but against the stream's rules.
        append(
            "cancelling what was never planned",
            body(
                None,
                vec![json!({"type": "activity_cancelled", "data": {"reason": "Personalbrist."}})],
            ),
            422,
            "\"rule\"",
        ),
        append(
            "correcting an event that is not there",
            body(
                None,
                vec![
                    json!({"type": "correction", "data": {"target": Uuid::new_v4(), "target_type": "activity_completed", "changes": {"places": ["Ekshärad"]}, "reason": "Fel ort."}}),
                ],
            ),
            422,
            "target",
        ),
        // Bad stream names in the path.
        append_to(
            "a stream id that is not a UUID",
            "activity-123",
            Who::Reporter,
            valid(),
            400,
            "\"path\":\"stream\"",
        ),
        append_to(
            "an unknown stream category",
            &format!("meeting-{}", Uuid::new_v4()),
            Who::Reporter,
            valid(),
            400,
            "\"path\":\"stream\"",
        ),
        append_to(
            "an upper-case stream UUID",
            &format!("activity-{}", Uuid::new_v4().to_string().to_uppercase()),
            Who::Reporter,
            valid(),
            400,
            "\"path\":\"stream\"",
        ),
        append_to(
            "a stream name without an id",
            "activity",
            Who::Reporter,
            valid(),
            400,
            "\"path\":\"stream\"",
        ),
        append(
            "an activity serving an agreement that does not exist",
            body(
                None,
                vec![activity_completed(Some(Uuid::new_v4()), "Kontroll.")],
            ),
            422,
            "agreement_missing",
        ),
        // Bad follow-up and audit-trail questions.
        get(
            "an agreement id that is not a UUID",
            "/api/v1/agreements/hagfors",
            400,
            "\"path\":\"id\"",
        ),
        get(
            "an agreement that does not exist",
            format!("/api/v1/agreements/{}", Uuid::new_v4()),
            404,
            "no agreement has the id",
        ),
        get(
            "a follow-up year in words",
            format!("/api/v1/agreements/{agreement}/follow-up/tjugo"),
            400,
            "\"path\":\"year\"",
        ),
        get(
            "a follow-up year out of range",
            format!("/api/v1/agreements/{agreement}/follow-up/17"),
            400,
            "a year from 2000 to 2100",
        ),
        get(
            "a follow-up year before the domain's first year",
            format!("/api/v1/agreements/{agreement}/follow-up/1999"),
            400,
            "a year from 2000 to 2100",
        ),
        get(
            "a follow-up of an unknown agreement",
            format!("/api/v1/agreements/{}/follow-up/2017", Uuid::new_v4()),
            404,
            "GET /api/v1/agreements",
        ),
        get(
            "an as_of without its offset",
            format!("/api/v1/agreements/{agreement}/follow-up/2017?as_of=2017-12-12T18:00:00"),
            400,
            "\"path\":\"as_of\"",
        ),
        get(
            "an as_of that is a date only",
            format!("/api/v1/agreements/{agreement}/follow-up/2017?as_of=2017-12-12"),
            400,
            "RFC 3339",
        ),
        get(
            "an unknown follow-up parameter",
            format!("/api/v1/agreements/{agreement}/follow-up/2017?format=pdf"),
            400,
            "format",
        ),
        get(
            "a trail of a bad stream name",
            "/api/v1/audit/trail?stream=aktivitet-1",
            400,
            "\"path\":\"stream\"",
        ),
        get(
            "a trail from a time in words",
            "/api/v1/audit/trail?recorded_from=igår",
            400,
            "\"path\":\"recorded_from\"",
        ),
        get(
            "a trail limit over the maximum",
            "/api/v1/audit/trail?limit=100000",
            400,
            "maximum of 1000",
        ),
        get(
            "a trail cursor in words",
            "/api/v1/audit/trail?after=start",
            400,
            "\"path\":\"after\"",
        ),
        request(
            "the public reads the trail",
            Method::GET,
            "/api/v1/audit/trail",
            Who::Public,
            401,
            "Bearer",
        ),
        request(
            "a reporter reads the trail",
            Method::GET,
            "/api/v1/audit/trail",
            Who::Reporter,
            403,
            "auditor or admin",
        ),
        // Bad pages.
        get(
            "a limit over the maximum",
            "/api/v1/events?limit=5000",
            400,
            "maximum of 1000",
        ),
        get(
            "a limit of 0",
            "/api/v1/events?limit=0",
            400,
            "\"path\":\"limit\"",
        ),
        get(
            "a limit in words",
            "/api/v1/events?limit=ten",
            400,
            "\"path\":\"limit\"",
        ),
        get(
            "an unknown direction",
            "/api/v1/events?direction=sideways",
            400,
            "\"path\":\"direction\"",
        ),
        get(
            "a negative version",
            stream_read("?from=-1"),
            400,
            "\"path\":\"from\"",
        ),
        get(
            "a stream limit over the maximum",
            stream_read("?limit=1001"),
            400,
            "maximum of 1000",
        ),
        get(
            "an unknown parameter",
            "/api/v1/events?colour=red",
            400,
            "colour",
        ),
        get(
            "after, paging backward",
            "/api/v1/events?after=3&direction=backward",
            400,
            "\"path\":\"after\"",
        ),
        get(
            "a stream that does not exist",
            format!("/api/v1/streams/{}", activity_stream()),
            404,
            "holds no events",
        ),
        get(
            "a Last-Event-ID that is not a position",
            "/api/v1/events/subscribe",
            400,
            "Last-Event-ID",
        )
        .header("Last-Event-ID", "abc"),
        get(
            "a negative subscription start",
            "/api/v1/events/subscribe?after=-5",
            400,
            "\"path\":\"after\"",
        ),
        // Missing, garbled, unknown and revoked tokens; roles that may not.
        append("no token", valid(), 401, "Bearer").auth(Auth::As(Who::Public)),
        append("another scheme", valid(), 401, "Bearer <token>").auth(Auth::Header("Token abc")),
        append("an empty bearer token", valid(), 401, "Bearer <token>")
            .auth(Auth::Header("Bearer ")),
        append("an unknown token", valid(), 401, "not known").auth(Auth::Header(
            "Bearer tl_0000000000000000000000000000000000000000000000000000000000000000",
        )),
        append("a revoked token", valid(), 401, "revoked").auth(Auth::Revoked),
        append(
            "an auditor records new work",
            valid(),
            403,
            "corrections and retractions",
        )
        .auth(Auth::As(Who::Auditor)),
        append_to(
            "a reporter keeps an agreement",
            &agreement_stream,
            Who::Reporter,
            body(None, vec![agreement_adopted(agreement)]),
            403,
            "coordinators",
        ),
        spoiled(
            "a reporter records another's activity",
            |e| e["data"]["responsible"] = json!(["Hagfors kommun"]),
            403,
            "Hagfors kommun",
        ),
        request(
            "a reporter reads the log",
            Method::GET,
            "/api/v1/events",
            Who::Reporter,
            403,
            "auditor or admin",
        ),
        request(
            "a coordinator verifies",
            Method::GET,
            "/api/v1/audit/verify",
            Who::Coordinator,
            403,
            "auditor or admin",
        ),
        // Routing.
        get("an unknown route", "/api/v1/nothing", 404, "/docs"),
        request(
            "DELETE on the log",
            Method::DELETE,
            "/api/v1/events",
            Who::Admin,
            405,
            "DELETE",
        ),
        request(
            "PUT on the append route",
            Method::PUT,
            format!("/api/v1/streams/{existing_stream}/events"),
            Who::Admin,
            405,
            "PUT",
        ),
    ]
}

fn send(server: &Server, tokens: &Tokens, revoked: &str, bad: Bad) -> crate::server::Answer {
    let mut request = server.request(bad.method, &bad.path, None);
    match bad.auth {
        Auth::As(who) => {
            if let Some(token) = tokens.of(who) {
                request = request.bearer_auth(token);
            }
        }
        Auth::Header(value) => request = request.header("Authorization", value),
        Auth::Revoked => request = request.bearer_auth(revoked),
    }
    for (name, value) in bad.headers {
        request = request.header(name, value);
    }
    match bad.body {
        Body::None => {}
        Body::Json(json) => request = request.json(&json),
        Body::Raw(content_type, bytes) => {
            if let Some(content_type) = content_type {
                request = request.header("Content-Type", content_type);
            }
            request = request.body(bytes);
        }
    }
    answer(request)
}

#[test]
fn bad_requests_get_the_right_problem_and_change_nothing() {
    let server = Server::start();
    let tokens = server.tokens();
    let revoked = server.token("reporter", "Polisen", "tidigare-anstalld");
    server.revoke("tidigare-anstalld", &revoked);
    let (existing, served) = server.seed_activity(&tokens);
    let before = server.assert_healthy(&tokens.auditor);

    let mut table = table(&existing, served);
    table.extend(http_edges::rows());
    assert!(
        table.len() >= 40,
        "at least 40 bad requests, not {}",
        table.len()
    );
    let mut wrong = Vec::new();
    for bad in table {
        let (name, status, names) = (bad.name, bad.status, bad.names);
        let answer = send(&server, &tokens, &revoked, bad);
        if !answer.is_problem(status) || !answer.text.contains(names) {
            wrong.push(format!(
                "{name}: expected {status} naming {names:?}, got {} {}: {}",
                answer.status, answer.content_type, answer.text
            ));
        }
        if status == 422 {
            assert!(
                answer.body["errors"]
                    .as_array()
                    .is_some_and(|e| !e.is_empty()),
                "{name}: 422 lists each field: {}",
                answer.text
            );
        }
    }
    assert!(
        wrong.is_empty(),
        "{} wrong:\n{}",
        wrong.len(),
        wrong.join("\n")
    );

    let after = server.assert_healthy(&tokens.auditor);
    assert_eq!(
        after["head_position"], before["head_position"],
        "nothing was recorded"
    );
}
