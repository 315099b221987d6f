//! A table of bad requests. Each gets the right 4xx and a problem body that
//! names what was wrong, nothing is recorded, and the server stays healthy.

use reqwest::Method;
use serde_json::Value;
use uuid::Uuid;

use crate::requests::{activity_completed, activity_stream, agreement_stream, body};
use crate::server::{answer, Server, Tokens, Who};

mod bodies;
mod domain;
mod http_edges;
mod questions;
mod stream_names;
mod tokens;

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

/// What the rows need to know of the server's log.
struct Given<'a> {
    /// An activity stream the server holds.
    existing_stream: &'a str,
    /// An agreement the server does not hold, and its stream.
    agreement: Uuid,
    agreement_stream: String,
    /// An agreement the server holds, which new work may serve.
    served: Uuid,
}

impl Given<'_> {
    /// A valid append body: one completed activity.
    fn valid(&self) -> Value {
        body(
            None,
            vec![activity_completed(Some(self.served), "Kontroll.")],
        )
    }
}

/// The bad requests; `served` is an agreement new work may serve.
fn table(existing_stream: &str, served: Uuid) -> Vec<Bad> {
    let (agreement, agreement_stream) = agreement_stream();
    let given = Given {
        existing_stream,
        agreement,
        agreement_stream,
        served,
    };
    [
        bodies::rows(&given),
        domain::rows(&given),
        stream_names::rows(&given),
        questions::rows(&given),
        tokens::rows(&given),
    ]
    .into_iter()
    .flatten()
    .collect()
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
