//! A recorded event as the API shows it: the stored record plus its hash.

use chrono::{DateTime, Utc};
use schemars::JsonSchema;
use serde::Serialize;
use serde_json::value::RawValue;
use trygglogg_projections::EventHead;
use trygglogg_store::RecordedEvent;

// Its OpenAPI schema is schemars' (`RecordedEventSchema`), as the audit
// trail's is, since both start with `EventHead`.
/// An event as the log holds it, with the hash that chains it to the next.
#[derive(Debug, Serialize, JsonSchema)]
#[schemars(rename = "RecordedEvent")]
pub struct EventView {
    #[serde(flatten)]
    pub head: EventHead,
    /// When the event was committed (UTC); never decreases along positions.
    pub recorded: DateTime<Utc>,
    /// The hash of the event before it (64 zeros for the first).
    pub prev_hash: String,
    /// SHA-256 of `prev_hash` (as bytes) followed by the stored record bytes.
    pub hash: String,
    /// The event's data, as stored (see the event's schema).
    #[schemars(with = "serde_json::Map<String, serde_json::Value>")]
    pub data: Box<RawValue>,
    /// Who recorded it (actor, organisation) and the data's schema version.
    #[schemars(with = "serde_json::Map<String, serde_json::Value>")]
    pub metadata: Box<RawValue>,
}

impl From<RecordedEvent> for EventView {
    fn from(event: RecordedEvent) -> Self {
        EventView {
            head: EventHead::of(&event),
            recorded: event.recorded,
            prev_hash: event.prev_hash.to_hex(),
            hash: event.hash.to_hex(),
            data: event.data,
            metadata: event.metadata,
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;
    use trygglogg_events::StreamName;
    use trygglogg_store::Hash;
    use uuid::Uuid;

    use super::*;

    const STREAM: &str = "activity-0190f2c4-7d1e-7c3a-9f00-1b2c3d4e5f60";

    #[test]
    fn an_event_is_shown_with_its_fields_in_their_order() {
        let raw = |json: &str| RawValue::from_string(json.to_owned()).unwrap();
        let record = RecordedEvent {
            position: 7,
            stream: StreamName::parse(STREAM).unwrap(),
            version: 2,
            id: Uuid::from_u128(1),
            event_type: "activity_cancelled".to_owned(),
            recorded: Utc.with_ymd_and_hms(2026, 1, 2, 3, 4, 5).unwrap(),
            prev_hash: Hash::GENESIS,
            data: raw(r#"{"reason":"Sn\u00f6."}"#),
            metadata: raw(r#"{"schema_version":1}"#),
            hash: Hash::chain(&Hash::GENESIS, b"x"),
        };
        let hash = record.hash.to_hex();
        let zeros = "0".repeat(64);
        assert_eq!(
            serde_json::to_string(&EventView::from(record)).unwrap(),
            format!(
                r#"{{"position":7,"stream":"{STREAM}","version":2,"id":"00000000-0000-0000-0000-000000000001","type":"activity_cancelled","recorded":"2026-01-02T03:04:05Z","prev_hash":"{zeros}","hash":"{hash}","data":{{"reason":"Sn\u00f6."}},"metadata":{{"schema_version":1}}}}"#
            )
        );
    }
}
