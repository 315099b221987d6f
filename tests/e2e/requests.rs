//! Request bodies the tests send: valid events of each kind, to be spoiled
//! one field at a time by the bad-request table.

use serde_json::{json, Value};
use uuid::Uuid;

pub fn agreement_stream() -> (Uuid, String) {
    let id = Uuid::new_v4();
    (id, format!("agreement-{id}"))
}

pub fn activity_stream() -> String {
    format!("activity-{}", Uuid::new_v4())
}

pub fn agreement_adopted(id: Uuid) -> Value {
    json!({"id": id_for_event(), "type": "agreement_adopted", "data": {
        "title": "Medborgarlöften Hagfors 2025", "municipality": "Hagfors kommun",
        "parties": ["Hagfors kommun", "Polisen"], "period": {"first_year": 2025, "years": 2},
        "focus_areas": [{"key": "trafikmiljo", "name": "Trafikmiljön"}],
        "description": format!("Agreement {id}")}})
}

pub fn commitment_added() -> Value {
    json!({"id": id_for_event(), "type": "commitment_added", "data": {
        "key": "trafikkontroller", "focus_area": "trafikmiljo", "title": "Trafikkontroller",
        "description": "Minst 20 trafikkontroller per år.", "responsible": ["Polisen"],
        "activity_kinds": ["traffic_control"], "target": {"per_year": 20}}})
}

pub fn focus_area_added(key: &str) -> Value {
    json!({"id": id_for_event(), "type": "focus_area_added", "data": {"key": key, "name": "Ett fokusområde"}})
}

/// A traffic control Polisen completed, serving `agreement` if given.
pub fn activity_completed(agreement: Option<Uuid>, summary: &str) -> Value {
    let mut event = json!({"id": id_for_event(), "type": "activity_completed", "data": {
        "kind": "traffic_control",
        "facts": {"focus": ["speed"], "basis": "targeted", "controls": 1, "checked": 40, "reported": 3},
        "occurred": "2025-05-03", "places": ["Hagfors centrum"], "responsible": ["Polisen"],
        "hours": 6, "summary": summary}});
    if let Some(agreement) = agreement {
        event["data"]["serves"] = json!({"agreement": agreement, "focus_area": "trafikmiljo", "commitment": "trafikkontroller"});
    }
    event
}

pub fn correction(target: &Value, changes: Value, reason: &str) -> Value {
    json!({"id": id_for_event(), "type": "correction", "data": {
        "target": target["id"], "target_type": target["type"], "changes": changes, "reason": reason}})
}

/// `{"events": [...]}`, with `expected_version` if given.
pub fn body(expected_version: Option<u64>, events: Vec<Value>) -> Value {
    match expected_version {
        Some(version) => json!({"expected_version": version, "events": events}),
        None => json!({"events": events}),
    }
}

fn id_for_event() -> String {
    Uuid::new_v4().to_string()
}
