//! Stream histories for re-deriving what a stream says when a later event of
//! it arrives: read from the store, with the recent ones kept in memory.

use std::borrow::Cow;
use std::hash::Hash;

use trygglogg_events::{EventType, StreamCategory, StreamName};
use trygglogg_store::{Direction, RecordedEvent, Store, StoreError, StoredEvent};
use uuid::Uuid;

use crate::follow_up::{Change, Tables};
use crate::{LogEvent, ProjectionError};

/// Streams kept in memory between events. Most streams are short and written
/// close together (an activity planned, then completed), so a bounded cache
/// saves most re-reads; when it is full the coldest stream makes room.
const CACHED_STREAMS: usize = 20_000;

/// Recent streams' events, by stream; a stream is cached only whole, from
/// its first event on. `None` caches nothing (every history is read).
struct Cache<K, E> {
    streams: Option<quick_cache::unsync::Cache<K, Vec<E>>>,
}

impl<K: Hash + Eq + Clone, E: Clone> Cache<K, E> {
    fn new(capacity: usize) -> Self {
        Cache {
            streams: (capacity > 0).then(|| quick_cache::unsync::Cache::new(capacity)),
        }
    }

    /// Adds the event at `version` of `stream`; returns the whole stream up
    /// to it, if it is cached whole.
    fn push(&mut self, stream: &K, version: u64, event: &E) -> Option<&[E]> {
        let streams = self.streams.as_mut()?;
        if version == 1 {
            streams.insert(stream.clone(), vec![event.clone()]);
        } else {
            let mut events = streams.get_mut(stream)?;
            if events.len() as u64 + 1 != version {
                drop(events);
                streams.remove(stream);
                return None;
            }
            events.push(event.clone());
        }
        streams.peek(stream).map(Vec::as_slice)
    }

    /// Whether pushing the event at `version` of `stream` will find the
    /// stream cached whole, so that it needs no read.
    fn will_hold<Q>(&self, stream: &Q, version: u64) -> bool
    where
        Q: Hash + quick_cache::Equivalent<K> + ?Sized,
    {
        let Some(streams) = &self.streams else {
            return false;
        };
        version == 1
            || streams
                .peek(stream)
                .is_some_and(|cached| cached.len() as u64 + 1 == version)
    }

    fn remember(&mut self, stream: K, events: Vec<E>) {
        if let Some(streams) = &mut self.streams {
            streams.insert(stream, events);
        }
    }

    /// The stream just pushed to, which `push` found cached whole.
    fn push_done(&self, stream: &K) -> &[E] {
        let cached = self.streams.as_ref().and_then(|s| s.peek(stream));
        cached.map_or(&[], Vec::as_slice)
    }
}

/// An activity event as the index reads it: its id, position and change.
pub(crate) type ActivityEvent = (Uuid, u64, Change);

/// The histories the follow-up needs while folding.
pub struct StoreHistory {
    store: Store,
    agreements: Cache<StreamName, LogEvent>,
    activities: Cache<Uuid, ActivityEvent>,
    /// A stream read by [`StoreHistory::prefetch`] for the next event:
    /// its name, how many events, the records.
    prefetched: Option<(StreamName, u64, Vec<RecordedEvent>)>,
}

impl StoreHistory {
    pub fn new(store: Store) -> Self {
        Self::with_capacity(store, CACHED_STREAMS)
    }

    /// Reads every history from the store: folding with it must give what
    /// folding with the cache gives.
    pub fn uncached(store: Store) -> Self {
        Self::with_capacity(store, 0)
    }

    fn with_capacity(store: Store, streams: usize) -> Self {
        StoreHistory {
            store,
            agreements: Cache::new(streams),
            activities: Cache::new(streams),
            prefetched: None,
        }
    }

    /// Every event of `event`'s agreement stream up to and including it.
    pub(crate) fn agreement(
        &mut self,
        event: &LogEvent,
    ) -> Result<Cow<'_, [LogEvent]>, ProjectionError> {
        if self
            .agreements
            .push(&event.stream, event.version, event)
            .is_some()
        {
            return Ok(Cow::Borrowed(self.agreements.push_done(&event.stream)));
        }
        let records = self.read(&event.stream, event.version)?;
        let events = records
            .iter()
            .map(LogEvent::decode)
            .collect::<Result<Vec<_>, _>>()?;
        self.agreements.remember(event.stream, events.clone());
        Ok(Cow::Owned(events))
    }

    /// Notes the next event of an activity stream. Given the `tables` to read
    /// with, also returns the stream up to and including it (read from the
    /// store if not cached).
    pub(crate) fn activity(
        &mut self,
        stream: &StreamName,
        version: u64,
        event: ActivityEvent,
        tables: Option<&mut Tables>,
    ) -> Result<Option<Vec<ActivityEvent>>, ProjectionError> {
        let activity = stream.id();
        let cached = self.activities.push(&activity, version, &event).is_some();
        let Some(tables) = tables else {
            return Ok(None);
        };
        if cached {
            return Ok(Some(self.activities.push_done(&activity).to_vec()));
        }
        let records = self.read(stream, version)?;
        let mut events = Vec::with_capacity(records.len());
        for record in &records {
            if let Some(change) = tables.read(&record.as_stored())? {
                events.push((record.id, record.position, change));
            }
        }
        self.activities.remember(activity, events.clone());
        Ok(Some(events))
    }

    /// Reads from the store now what applying `event` will need of its
    /// stream's history and the cache does not hold, so that the follower
    /// reads sled before it takes the view's write lock (readers are not
    /// held up by its reads) and applies under the lock from memory.
    pub fn prefetch(&mut self, event: &StoredEvent<'_>) -> Result<(), ProjectionError> {
        self.prefetched = None;
        let needed = match event.stream.category() {
            StreamCategory::Agreement => !self.agreements.will_hold(&event.stream, event.version),
            StreamCategory::Activity => {
                EventType::parse(event.event_type).is_ok_and(|t| !t.is_correctable())
                    && !self.activities.will_hold(&event.stream.id(), event.version)
            }
        };
        if needed {
            let records = self.read(&event.stream, event.version)?;
            self.prefetched = Some((event.stream, event.version, records));
        }
        Ok(())
    }

    /// The first `version` events of `stream`. Taken from what
    /// [`StoreHistory::prefetch`] read, if it read this.
    fn read(
        &mut self,
        stream: &StreamName,
        version: u64,
    ) -> Result<Vec<RecordedEvent>, ProjectionError> {
        if let Some((name, count, records)) = self.prefetched.take() {
            if name == *stream && count == version {
                return Ok(records);
            }
        }
        let records: Result<Vec<RecordedEvent>, StoreError> =
            self.store
                .read_stream(stream, 1, Direction::Forward, version as usize);
        Ok(records?)
    }
}

#[cfg(test)]
mod tests {
    use super::Cache;

    #[test]
    fn a_full_cache_stays_within_its_capacity() {
        let mut cache = Cache::new(8);
        for stream in 0..100u32 {
            cache.push(&stream, 1, &stream);
        }
        let held = cache.streams.as_ref().map_or(0, |s| s.len());
        assert!((1..=8).contains(&held), "{held} streams held, cap 8");
    }

    #[test]
    fn a_stream_cached_whole_is_given_back_as_pushed() {
        let mut cache = Cache::new(8);
        assert_eq!(cache.push(&"a", 1, &10), Some(&[10][..]));
        assert!(cache.will_hold(&"a", 2));
        assert_eq!(cache.push(&"a", 2, &11), Some(&[10, 11][..]));
        assert_eq!(cache.push_done(&"a"), &[10, 11]);
        assert_eq!(cache.push(&"b", 2, &20), None, "not cached from its start");
        assert_eq!(cache.push(&"a", 4, &13), None, "a gap: no longer whole");
        assert!(!cache.will_hold(&"a", 5));
        cache.remember("c", vec![1, 2]);
        assert_eq!(cache.push(&"c", 3, &3), Some(&[1, 2, 3][..]));
    }

    #[test]
    fn a_cache_of_capacity_zero_holds_nothing() {
        let mut cache = Cache::new(0);
        assert_eq!(cache.push(&"a", 1, &1), None);
        assert!(!cache.will_hold(&"a", 1));
        cache.remember("a", vec![1]);
        assert_eq!(cache.push(&"a", 2, &2), None);
    }
}
