//! Validate, check the stream's rules, append.

use trygglogg_events::{
    encode, AppendRequest, EventMetadata, StreamName, ValidatedEvent, ValidationContext,
};
use trygglogg_store::{AppendError, ExpectedVersion, NewEvent, Store};
use uuid::Uuid;

use crate::bounds::{check_bounds, check_role};
use crate::folded::{fold, Folded};
use crate::{Author, RecordError};

/// How often a request without an expected version is re-checked against a
/// stream that moved on while it was being checked.
const CONFLICT_RETRIES: usize = 5;

/// What was recorded (or found already recorded).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recorded {
    pub stream: String,
    /// The events' ids, in request order; assigned by the server where the
    /// request gave none.
    pub event_ids: Vec<Uuid>,
    pub positions: Vec<u64>,
    pub stream_version: u64,
    /// True when every event was already recorded with the same content.
    pub replayed: bool,
}

#[derive(Clone)]
pub struct Recorder {
    store: Store,
}

impl Recorder {
    pub fn new(store: Store) -> Self {
        Recorder { store }
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Records `request` in `stream` (read once, by [`parse_stream`](crate::parse_stream), where
    /// it came in) on behalf of `author`.
    pub async fn record(
        &self,
        stream: &StreamName,
        request: &AppendRequest,
        author: &Author,
        context: &ValidationContext,
    ) -> Result<Recorded, RecordError> {
        let validated = request
            .validate(stream, context)
            .map_err(RecordError::Invalid)?;
        // Ids first: a correction later in the batch may point at an event
        // earlier in it.
        let validated: Vec<ValidatedEvent> = validated
            .into_iter()
            .map(|v| ValidatedEvent {
                id: Some(v.id.unwrap_or_else(Uuid::now_v7)),
                ..v
            })
            .collect();
        let event_ids: Vec<Uuid> = validated.iter().filter_map(|v| v.id).collect();
        let events = to_store_events(&validated, &event_ids, author);
        let requested = request.expected_version.map(ExpectedVersion::Exact);
        let answer = |appended: trygglogg_store::Appended| Recorded {
            stream: stream.to_string(),
            event_ids: event_ids.clone(),
            positions: appended.positions,
            stream_version: appended.stream_version,
            replayed: appended.replayed,
        };

        let mut attempt = 0;
        loop {
            attempt += 1;
            // A retry of something recorded is the store's to answer: the rules
            // were checked when it was first recorded.
            if self.any_recorded(&event_ids)? {
                let expected = requested.unwrap_or(ExpectedVersion::Any);
                return self.append(stream, expected, &events).await.map(answer);
            }
            let folded = fold(&self.store, stream)?;
            check_role(author, stream, &validated)?;
            check_bounds(&self.store, author, stream, &folded, &validated)?;
            let Folded { state, version, .. } = folded;
            if requested.is_some_and(|expected| expected != ExpectedVersion::Exact(version)) {
                // A stale expectation is a conflict, whatever the rules say.
                let expected = requested.unwrap_or(ExpectedVersion::Any);
                return self.append(stream, expected, &events).await.map(answer);
            }
            if let Err(violation) = state.check_batch(stream, &validated) {
                if self.any_recorded(&event_ids)? {
                    // The same request won a race with us: answer it as a retry.
                    continue;
                }
                return Err(RecordError::Rule(violation));
            }
            let expected = ExpectedVersion::Exact(version);
            match self.append(stream, expected, &events).await {
                Err(RecordError::Append(AppendError::VersionConflict { .. }))
                    if requested.is_none() && attempt <= CONFLICT_RETRIES => {}
                result => return result.map(answer),
            }
        }
    }

    async fn append(
        &self,
        stream: &StreamName,
        expected: ExpectedVersion,
        events: &[NewEvent],
    ) -> Result<trygglogg_store::Appended, RecordError> {
        self.store
            .append(*stream, expected, events.to_vec())
            .await
            .map_err(RecordError::Append)
    }

    fn any_recorded(&self, ids: &[Uuid]) -> Result<bool, RecordError> {
        for &id in ids {
            if self.store.event_by_id(id)?.is_some() {
                return Ok(true);
            }
        }
        Ok(false)
    }
}

/// Encodes validated events for the store, with the ids assigned to them:
/// deterministic data bytes, and metadata naming the author and the data's
/// schema version.
fn to_store_events(validated: &[ValidatedEvent], ids: &[Uuid], author: &Author) -> Vec<NewEvent> {
    validated
        .iter()
        .zip(ids)
        .map(|(v, &id)| {
            let encoded = encode(&v.event);
            let metadata = EventMetadata::for_event(&encoded, &author.actor, &author.organisation);
            NewEvent {
                id,
                event_type: encoded.event_type.to_owned(),
                data: encoded.raw_data(),
                metadata: metadata.raw(),
            }
        })
        .collect()
}
