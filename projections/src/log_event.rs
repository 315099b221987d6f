//! A recorded event as the views need it: the store's envelope with the domain
//! event decoded (and upcast) from its stored bytes.

use chrono::{DateTime, Utc};
use trygglogg_events::{decode_stored, DecodedEvent, DomainEvent, RecordedDomainEvent, StreamName};
use trygglogg_store::{Hash, RecordedEvent, StoredEvent};
use uuid::Uuid;

use crate::ProjectionError;

#[derive(Debug, Clone, PartialEq)]
pub struct LogEvent {
    pub position: u64,
    pub stream: StreamName,
    pub version: u64,
    pub id: Uuid,
    pub recorded: DateTime<Utc>,
    /// The chain hash of the stored event.
    pub hash: Hash,
    pub actor: String,
    pub organisation: String,
    pub event: DomainEvent,
}

impl LogEvent {
    pub fn decode(recorded: &RecordedEvent) -> Result<LogEvent, ProjectionError> {
        LogEvent::decode_stored(&recorded.as_stored())
    }

    pub fn decode_stored(recorded: &StoredEvent<'_>) -> Result<LogEvent, ProjectionError> {
        let undecodable = |reason: String| ProjectionError::Undecodable {
            position: recorded.position,
            reason,
        };
        let DecodedEvent { metadata, event } = decode_stored(
            recorded.event_type,
            recorded.metadata.get(),
            recorded.data.get(),
        )
        .map_err(|e| undecodable(e.to_string()))?;
        Ok(LogEvent {
            position: recorded.position,
            stream: recorded.stream,
            version: recorded.version,
            id: recorded.id,
            recorded: recorded.recorded,
            hash: recorded.hash,
            actor: metadata.actor,
            organisation: metadata.organisation,
            event,
        })
    }

    /// The event as the per-stream rule fold takes it.
    pub fn as_domain(&self) -> RecordedDomainEvent {
        RecordedDomainEvent {
            id: self.id,
            version: self.version,
            position: self.position,
            event: self.event.clone(),
        }
    }
}
