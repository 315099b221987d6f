//! Validate, check the stream's rules, append.

use std::sync::Arc;
use trygglogg_events::{
    encode, AppendRequest, EventMetadata, RuleViolation, StreamName, ValidatedEvent,
    ValidationContext,
};

use trygglogg_store::{AppendError, ExpectedVersion, NewEvent, Store};
use uuid::Uuid;

use crate::agreements::FoldedAgreements;
use crate::bounds::{check_bounds, check_role};
use crate::folded::{fold, Folded, Streams};
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
    agreements: Arc<FoldedAgreements>,
}

impl Recorder {
    pub fn new(store: Store) -> Self {
        Recorder {
            store,
            agreements: Arc::default(),
        }
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
        let prepared = Prepared::new(stream, request, author, context)?;
        let mut attempt = 0;
        loop {
            attempt += 1;
            let expected = self.checked(&prepared, author)?;
            match self.append(stream, expected, &prepared.events).await {
                Err(RecordError::Append(AppendError::VersionConflict { .. }))
                    if prepared.may_retry(attempt) => {}
                result => return result.map(|appended| prepared.recorded(appended)),
            }
        }
    }

    /// Checks `prepared` against its stream as recorded now (the author's
    /// role and reach, the stream's rules) and answers the version to append
    /// it at. A retry of something recorded is the store's to answer: the
    /// rules were checked when it was first recorded.
    pub(crate) fn checked(
        &self,
        prepared: &Prepared,
        author: &Author,
    ) -> Result<ExpectedVersion, RecordError> {
        if self.any_recorded(&prepared.event_ids)? {
            return Ok(prepared.as_sent());
        }
        match prepared.check(&self.store, &self.agreements, author)? {
            Ok(version) => Ok(version),
            // The same request won a race with us: answer it as a retry.
            Err(_) if self.any_recorded(&prepared.event_ids)? => Ok(prepared.as_sent()),
            Err(violation) => Err(RecordError::Rule(violation)),
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

    pub(crate) fn any_recorded(&self, ids: &[Uuid]) -> Result<bool, RecordError> {
        for &id in ids {
            if self.store.event_by_id(id)?.is_some() {
                return Ok(true);
            }
        }
        Ok(false)
    }
}

/// A request validated, its ids assigned and its events encoded: what is
/// checked against the stream (again, should the stream move on meanwhile)
/// and appended.
pub struct Prepared {
    pub stream: StreamName,
    pub validated: Vec<ValidatedEvent>,
    pub event_ids: Vec<Uuid>,
    pub events: Vec<NewEvent>,
    /// The version the request expects, if it gave one.
    pub requested: Option<ExpectedVersion>,
}

impl Prepared {
    pub fn new(
        stream: &StreamName,
        request: &AppendRequest,
        author: &Author,
        context: &ValidationContext,
    ) -> Result<Prepared, RecordError> {
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
        Ok(Prepared {
            stream: *stream,
            validated,
            event_ids,
            events,
            requested: request.expected_version.map(ExpectedVersion::Exact),
        })
    }

    /// The version to append at, as the request sent it.
    pub fn as_sent(&self) -> ExpectedVersion {
        self.requested.unwrap_or(ExpectedVersion::Any)
    }

    /// Checks this request against its stream as `streams` hold it now (the
    /// agreements it serves as `agreements` keep them, while current): the
    /// author's role and reach (a refusal is the outer error), then the
    /// stream's rules (the inner one, which a retry of the same request
    /// recorded meanwhile explains away). Answers the version to append at:
    /// the one checked, or the request's own if it is stale (a conflict,
    /// whatever the rules say).
    pub fn check(
        &self,
        streams: &impl Streams,
        agreements: &FoldedAgreements,
        author: &Author,
    ) -> Result<Result<ExpectedVersion, RuleViolation>, RecordError> {
        let Prepared {
            stream,
            validated,
            requested,
            ..
        } = self;
        let folded = fold(streams, stream)?;
        check_role(author, stream, validated)?;
        check_bounds(streams, agreements, author, stream, &folded, validated)?;
        let Folded { state, version, .. } = folded;
        if requested.is_some_and(|expected| expected != ExpectedVersion::Exact(version)) {
            return Ok(Ok(self.as_sent()));
        }
        Ok(state
            .check_batch(stream, validated)
            .map(|()| ExpectedVersion::Exact(version)))
    }

    /// Whether a version conflict at this attempt is tried again: only
    /// where the request named no version, and not forever.
    pub fn may_retry(&self, attempt: usize) -> bool {
        self.requested.is_none() && attempt <= CONFLICT_RETRIES
    }

    pub fn recorded(&self, appended: trygglogg_store::Appended) -> Recorded {
        Recorded {
            stream: self.stream.to_string(),
            event_ids: self.event_ids.clone(),
            positions: appended.positions,
            stream_version: appended.stream_version,
            replayed: appended.replayed,
        }
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
