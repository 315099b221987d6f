//! Reading one stream's events from the log, decoded, up to a position.

use trygglogg_events::{StreamCategory, StreamName};
use trygglogg_store::{Direction, Store};
use uuid::Uuid;

use crate::{LogEvent, ProjectionError};

/// The events of `stream` up to log position `up_to`, decoded.
pub(crate) fn stream_events(
    store: &Store,
    stream: &StreamName,
    up_to: u64,
) -> Result<Vec<LogEvent>, ProjectionError> {
    let mut events = Vec::new();
    for record in store.read_stream(stream, 1, Direction::Forward, usize::MAX)? {
        if record.position > up_to {
            break;
        }
        events.push(LogEvent::decode(&record)?);
    }
    Ok(events)
}

/// The stream of the activity `id`.
pub(crate) fn activity_stream(id: Uuid) -> StreamName {
    StreamName::new(StreamCategory::Activity, id)
}
