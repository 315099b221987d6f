//! What every outside view of a stored event starts with, in this order:
//! where it stands in the log and what it is. The API's events
//! (`trygglogg_api`'s `EventView`) and the audit trail's entries
//! ([`crate::audit::AuditEntry`]) flatten it first into their JSON, so the
//! two read alike and the fields are written once.

use schemars::JsonSchema;
use serde::Serialize;
use trygglogg_store::RecordedEvent;
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct EventHead {
    /// Global position: 1, 2, 3, … with no gaps, in commit order.
    pub position: u64,
    pub stream: String,
    /// Version within the stream: 1, 2, 3, …
    pub version: u64,
    pub id: Uuid,
    /// The event type, e.g. `activity_completed`.
    #[serde(rename = "type")]
    pub event_type: String,
}

impl EventHead {
    pub fn of(record: &RecordedEvent) -> EventHead {
        EventHead {
            position: record.position,
            stream: record.stream.to_string(),
            version: record.version,
            id: record.id,
            event_type: record.event_type.clone(),
        }
    }
}
