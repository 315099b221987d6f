//! The one event both trygglogg and PostgreSQL are sent in the append
//! comparison, so both store the same bytes.

use uuid::Uuid;

/// The `data` of a completed traffic control of Polisen's, serving the demo's
/// 2018–2019 agreement (new work must serve one, within its period).
pub const DATA: &str = r#"{"kind":"traffic_control","facts":{"focus":["speed"],"basis":"targeted","controls":1,"checked":40,"reported":3},"serves":{"agreement":"5a1e0000-2018-4000-8000-000000000002","focus_area":"trafikmiljon"},"occurred":"2018-05-03","places":["Hagfors centrum"],"responsible":["Polisen"],"summary":"Hastighetskontroll under lasttest."}"#;

/// What trygglogg stores beside it (the author), so the peer stores the same.
pub const METADATA: &str = r#"{"actor":"polis-4711","organisation":"Polisen","schema_version":1}"#;

pub const TYPE: &str = "activity_completed";

/// The HTTP append body: one event with `id` and [`DATA`].
pub fn append_body(id: Uuid) -> String {
    format!(r#"{{"events":[{{"id":"{id}","type":"{TYPE}","data":{DATA}}}]}}"#)
}

/// A new activity stream, so every append is version 1 of its stream.
pub fn new_stream() -> String {
    format!("activity-{}", Uuid::new_v4())
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_body_is_json_with_the_data_as_sent() {
        let id = uuid::Uuid::new_v4();
        let body: serde_json::Value = serde_json::from_str(&super::append_body(id)).unwrap();
        let data: serde_json::Value = serde_json::from_str(super::DATA).unwrap();
        assert_eq!(body["events"][0]["data"], data);
        assert_eq!(body["events"][0]["id"], id.to_string());
    }
}
