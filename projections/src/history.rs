//! Stream histories from the store, for re-deriving a row when a later event
//! of its stream arrives.

use std::collections::HashMap;

use trygglogg_store::{Direction, Store, StreamName};

use crate::follow_up::StreamHistory;
use crate::{LogEvent, ProjectionError};

/// Streams kept in memory between events. Most streams are short and written
/// close together (an activity planned, then completed), so a bounded cache
/// saves most re-reads; when it is full it is emptied, never grown.
const CACHED_STREAMS: usize = 20_000;

pub struct StoreHistory {
    store: Store,
    cache: HashMap<String, Vec<LogEvent>>,
}

impl StoreHistory {
    pub fn new(store: Store) -> Self {
        StoreHistory {
            store,
            cache: HashMap::new(),
        }
    }

    fn remember(&mut self, stream: &str, events: Vec<LogEvent>) -> &[LogEvent] {
        if self.cache.len() >= CACHED_STREAMS {
            self.cache.clear();
        }
        let entry = self.cache.entry(stream.to_owned()).or_default();
        *entry = events;
        entry
    }
}

impl StreamHistory for StoreHistory {
    fn history(&mut self, event: &LogEvent) -> Result<&[LogEvent], ProjectionError> {
        if event.version == 1 {
            return Ok(self.remember(&event.stream, vec![event.clone()]));
        }
        let follows_cached = self
            .cache
            .get(&event.stream)
            .and_then(|cached| cached.last())
            .is_some_and(|last| last.version + 1 == event.version);
        if follows_cached {
            let cached = self.cache.get_mut(&event.stream).expect("just seen");
            cached.push(event.clone());
            return Ok(cached);
        }
        let stream =
            StreamName::parse(event.stream.clone()).map_err(|e| ProjectionError::Undecodable {
                position: event.position,
                reason: e.to_string(),
            })?;
        let records =
            self.store
                .read_stream(&stream, 1, Direction::Forward, event.version as usize)?;
        let events = records
            .iter()
            .map(LogEvent::decode)
            .collect::<Result<Vec<_>, _>>()?;
        Ok(self.remember(&event.stream, events))
    }
}
