//! A stream folded from its recorded events: what the rules and the bounds
//! of an append are checked against, read through [`Streams`].

use trygglogg_events::{DomainEvent, RecordedDomainEvent, StreamName, StreamState, ValidatedEvent};
use trygglogg_store::{Direction, Store};
use uuid::Uuid;

use crate::RecordError;

/// Where the rules read the streams an append is checked against (the
/// stream itself, the agreements it serves): the store, or another event
/// table (the load harness's PostgreSQL peer checks by the same code).
pub trait Streams {
    /// Gives every recorded event of `stream`, decoded, in version order,
    /// to `apply`.
    fn each_event(
        &self,
        stream: &StreamName,
        apply: &mut dyn FnMut(&RecordedDomainEvent),
    ) -> Result<(), RecordError>;

    /// The version of `stream`'s last recorded event (0: none), without
    /// reading its events: whether a kept fold of it is still current.
    fn version(&self, stream: &StreamName) -> Result<u64, RecordError>;
}

/// Stream events read per page while folding a stream.
const FOLD_PAGE: usize = 1000;

/// A stream folded: its rule state, its version and its events' ids in order.
#[derive(Clone, Default)]
pub(crate) struct Folded {
    pub state: StreamState,
    pub version: u64,
    ids: Vec<Uuid>,
}

impl Folded {
    pub(crate) fn apply(&mut self, event: &RecordedDomainEvent) {
        self.state.apply(event);
        self.version = event.version;
        self.ids.push(event.id);
    }

    /// The stream as it would stand with `batch` appended (its ids assigned).
    pub(crate) fn with_batch(&self, batch: &[ValidatedEvent]) -> Folded {
        let mut after = self.clone();
        for validated in batch {
            let Some(id) = validated.id else { continue };
            after.apply(&RecordedDomainEvent {
                id,
                version: after.version + 1,
                position: 0,
                event: validated.event.clone(),
            });
        }
        after
    }

    /// The events in force, as corrected: neither amendments nor retracted;
    /// none once the stream's first event is retracted, which voids it.
    pub(crate) fn in_force(&self) -> Vec<(Uuid, &DomainEvent)> {
        let retracted = |id: &Uuid| self.state.is_retracted(*id);
        if self.ids.first().is_some_and(retracted) {
            return Vec::new();
        }
        self.ids
            .iter()
            .filter(|id| !retracted(id))
            .filter_map(|&id| Some((id, self.state.current(id)?)))
            .filter(|(_, event)| event.event_type().is_correctable())
            .collect()
    }
}

/// The stream's rule state, version and event ids, folded from its
/// recorded events.
pub(crate) fn fold(streams: &impl Streams, stream: &StreamName) -> Result<Folded, RecordError> {
    let mut folded = Folded::default();
    streams.each_event(stream, &mut |event| folded.apply(event))?;
    Ok(folded)
}

impl Streams for Store {
    fn each_event(
        &self,
        stream: &StreamName,
        apply: &mut dyn FnMut(&RecordedDomainEvent),
    ) -> Result<(), RecordError> {
        let mut version = 0;
        loop {
            let page = self.read_stream(stream, version + 1, Direction::Forward, FOLD_PAGE)?;
            if page.is_empty() {
                return Ok(());
            }
            for event in &page {
                let decoded = RecordedDomainEvent::decode(
                    event.id,
                    event.version,
                    event.position,
                    &event.event_type,
                    event.data.get().as_bytes(),
                    event.metadata.get().as_bytes(),
                )
                .map_err(|error| RecordError::Undecodable {
                    position: event.position,
                    error,
                })?;
                version = decoded.version;
                apply(&decoded);
            }
        }
    }

    fn version(&self, stream: &StreamName) -> Result<u64, RecordError> {
        Ok(self.stream_version(stream)?)
    }
}
