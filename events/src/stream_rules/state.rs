//! A stream's state as its rules see it, folded from its recorded events: a
//! leaf that the rules of each kind of event read.

use uuid::Uuid;

use crate::error::DecodeError;
use crate::event::DomainEvent;
use crate::stored::decode_stored;
use crate::stream::StreamCategory;

use super::amendments::{amend, Amended};

/// A stored event as the fold needs it; map the store's record into this.
#[derive(Debug, Clone, PartialEq)]
pub struct RecordedDomainEvent {
    pub id: Uuid,
    /// 1-based position within its stream.
    pub version: u64,
    /// Position in the global log.
    pub position: u64,
    pub event: DomainEvent,
}

impl RecordedDomainEvent {
    /// Decodes a store record: `data` and `metadata` are the stored JSON bytes, the
    /// latter an [`crate::EventMetadata`] that carries the data's schema version.
    pub fn decode(
        id: Uuid,
        version: u64,
        position: u64,
        event_type: &str,
        data: &[u8],
        metadata: &[u8],
    ) -> Result<Self, DecodeError> {
        let text = |what: &'static str, bytes| {
            std::str::from_utf8(bytes).map_err(|e| DecodeError::Json {
                what,
                reason: e.to_string(),
            })
        };
        let event =
            decode_stored(event_type, text("metadata", metadata)?, text("data", data)?)?.event;
        Ok(Self {
            id,
            version,
            position,
            event,
        })
    }
}

/// What a stream holds so far, as far as its rules are concerned.
#[derive(Debug, Clone, Default)]
pub struct StreamState {
    pub(super) entries: Vec<Amended<DomainEvent>>,
    pub(super) version: u64,
}

impl StreamState {
    /// Folds a recorded event in. Recorded events passed [`Self::check`] when they were
    /// appended, so this never fails.
    pub fn apply(&mut self, recorded: &RecordedDomainEvent) {
        self.apply_event(Some(recorded.id), &recorded.event);
        self.version = recorded.version;
    }
    /// The version of the last applied event; 0 for a new stream.
    pub fn version(&self) -> u64 {
        self.version
    }
    /// Whether the event with `id` has been retracted.
    pub fn is_retracted(&self, id: Uuid) -> bool {
        self.find(id).is_some_and(|entry| entry.retracted)
    }
    /// The event with `id` as currently corrected, if it is in this stream.
    pub fn current(&self, id: Uuid) -> Option<&DomainEvent> {
        self.find(id).map(|entry| &entry.event)
    }
    pub(super) fn apply_event(&mut self, id: Option<Uuid>, event: &DomainEvent) {
        amend(&mut self.entries, id, event);
    }
    pub(super) fn category(&self) -> Option<StreamCategory> {
        let first = self.entries.first()?.event.event_type();
        StreamCategory::ALL.into_iter().find(|c| c.allows(first))
    }
    pub(super) fn find(&self, id: Uuid) -> Option<&Amended<DomainEvent>> {
        self.entries.iter().find(|entry| entry.id == Some(id))
    }
    /// Events that count: neither retracted nor amendments.
    pub(super) fn effective(&self) -> impl Iterator<Item = &Amended<DomainEvent>> {
        self.entries.iter().filter(|entry| entry.is_effective())
    }
}
