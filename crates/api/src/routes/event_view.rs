//! A recorded event as the API shows it: the stored record plus its hash.

use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::value::RawValue;
use trygglogg_store::RecordedEvent;
use utoipa::ToSchema;
use uuid::Uuid;

/// An event as the log holds it, with the hash that chains it to the next.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = RecordedEvent)]
pub struct EventView {
    /// Global position: 1, 2, 3, … with no gaps, in commit order.
    pub position: u64,
    pub stream: String,
    /// Version within the stream: 1, 2, 3, …
    pub version: u64,
    pub id: Uuid,
    /// The event type, e.g. `activity_completed`.
    #[serde(rename = "type")]
    pub event_type: String,
    /// When the event was committed (UTC); never decreases along positions.
    pub recorded: DateTime<Utc>,
    /// The hash of the event before it (64 zeros for the first).
    pub prev_hash: String,
    /// SHA-256 of `prev_hash` (as bytes) followed by the stored record bytes.
    pub hash: String,
    /// The event's data, as stored (see the event's schema).
    #[schema(value_type = Object)]
    pub data: Box<RawValue>,
    /// Who recorded it (actor, organisation) and the data's schema version.
    #[schema(value_type = Object)]
    pub metadata: Box<RawValue>,
}

impl From<RecordedEvent> for EventView {
    fn from(event: RecordedEvent) -> Self {
        EventView {
            position: event.position,
            stream: event.stream.to_string(),
            version: event.version,
            id: event.id,
            event_type: event.event_type,
            recorded: event.recorded,
            prev_hash: event.prev_hash.to_hex(),
            hash: event.hash.to_hex(),
            data: event.data,
            metadata: event.metadata,
        }
    }
}
