//! Reading one stream's events from the log, decoded, up to a position.

use trygglogg_store::{Direction, Store, StreamName};

use crate::{LogEvent, ProjectionError};

/// The events of `stream` up to log position `up_to`, decoded.
pub(crate) fn stream_events(
    store: &Store,
    stream: &str,
    up_to: u64,
) -> Result<Vec<LogEvent>, ProjectionError> {
    let name = StreamName::parse(stream.to_owned()).map_err(|e| ProjectionError::Undecodable {
        position: up_to,
        reason: e.to_string(),
    })?;
    let mut events = Vec::new();
    for record in store.read_stream(&name, 1, Direction::Forward, usize::MAX)? {
        if record.position > up_to {
            break;
        }
        events.push(LogEvent::decode(&record)?);
    }
    Ok(events)
}
