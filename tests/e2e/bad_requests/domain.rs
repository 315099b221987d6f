//! Events the domain refuses, each naming its field, and events against the
//! stream's rules.

use serde_json::json;
use uuid::Uuid;

use super::{append, append_to, spoiled, Bad, Given};
use crate::requests::{agreement_adopted, body};
use crate::server::Who;

pub(super) fn rows(given: &Given) -> Vec<Bad> {
    let agreement = given.agreement;
    let agreement_stream = &given.agreement_stream;
    vec![
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
            agreement_stream,
            Who::Coordinator,
            given.valid(),
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
    ]
}
