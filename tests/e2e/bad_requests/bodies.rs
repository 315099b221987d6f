//! Bodies that are not JSON, or not JSON of the right shape.

use serde_json::json;

use super::{append, append_raw, spoiled, Bad, Given};
use crate::requests::{activity_completed, body};

pub(super) fn rows(given: &Given) -> Vec<Bad> {
    let twin = activity_completed(Some(given.served), "Tvilling.");
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
            given.valid().to_string(),
            415,
            "Content-Type",
        ),
        append_raw(
            "no content type",
            None,
            given.valid().to_string(),
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
                    .map(|_| activity_completed(Some(given.served), "x"))
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
    ]
}
