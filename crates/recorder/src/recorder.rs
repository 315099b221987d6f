//! Validate, check the stream's rules, append.

use std::collections::hash_map::{Entry, HashMap};

use serde_json::value::RawValue;
use trygglogg_events::{
    encode, AppendRequest, DomainEvent, EventMetadata, FieldError, Party, RecordedDomainEvent,
    StreamCategory, StreamName as DomainStream, StreamState, ValidatedEvent, ValidationContext,
    ValidationErrors,
};
use trygglogg_store::{
    AppendError, Direction, ExpectedVersion, NewEvent, Store, StreamName as StoreStream,
};
use uuid::Uuid;

use crate::{Author, RecordError, Scope};

/// How often a request without an expected version is re-checked against a
/// stream that moved on while it was being checked.
const CONFLICT_RETRIES: usize = 5;
/// Stream events read per page while folding a stream.
const FOLD_PAGE: usize = 1000;

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

    /// Records `request` in `stream` on behalf of `author`.
    pub async fn record(
        &self,
        stream: &str,
        request: &AppendRequest,
        author: &Author,
        context: &ValidationContext,
    ) -> Result<Recorded, RecordError> {
        let (domain_stream, store_stream) = parse_stream(stream)?;
        let validated = request
            .validate(&domain_stream, context)
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
        let events = to_store_events(&validated, author);
        let requested = request.expected_version.map(ExpectedVersion::Exact);
        let answer = |appended: trygglogg_store::Appended| Recorded {
            stream: stream.to_owned(),
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
                return self
                    .append(&store_stream, expected, &events)
                    .await
                    .map(answer);
            }
            let (state, version, responsible) = self.fold(&store_stream)?;
            check_scope(author, &domain_stream, responsible.as_deref(), &validated)?;
            self.check_served_agreements(author, &validated)?;
            if requested.is_some_and(|expected| expected != ExpectedVersion::Exact(version)) {
                // A stale expectation is a conflict, whatever the rules say.
                let expected = requested.unwrap_or(ExpectedVersion::Any);
                return self
                    .append(&store_stream, expected, &events)
                    .await
                    .map(answer);
            }
            if let Err(violation) = state.check_batch(&domain_stream, &validated) {
                if self.any_recorded(&event_ids)? {
                    // The same request won a race with us: answer it as a retry.
                    continue;
                }
                return Err(RecordError::Rule(violation));
            }
            let expected = ExpectedVersion::Exact(version);
            match self.append(&store_stream, expected, &events).await {
                Err(RecordError::Append(AppendError::VersionConflict { .. }))
                    if requested.is_none() && attempt <= CONFLICT_RETRIES => {}
                result => return result.map(answer),
            }
        }
    }

    async fn append(
        &self,
        stream: &StoreStream,
        expected: ExpectedVersion,
        events: &[NewEvent],
    ) -> Result<trygglogg_store::Appended, RecordError> {
        self.store
            .append(stream.clone(), expected, events.to_vec())
            .await
            .map_err(RecordError::Append)
    }

    /// An activity that serves an agreement must name one that exists, with
    /// that focus area and commitment: otherwise it would count in no
    /// follow-up, silently. A reporter serves only agreements its own
    /// organisation is a party to.
    fn check_served_agreements(
        &self,
        author: &Author,
        events: &[ValidatedEvent],
    ) -> Result<(), RecordError> {
        // Each agreement is folded once, however many events serve it.
        let mut agreements: HashMap<Uuid, StreamState> = HashMap::new();
        for (i, validated) in events.iter().enumerate() {
            let serves = match &validated.event {
                DomainEvent::ActivityPlanned(p) => p.serves.as_ref(),
                DomainEvent::ActivityCompleted(c) => c.serves.as_ref(),
                _ => None,
            };
            let Some(serves) = serves else { continue };
            let path = format!("events[{i}].data.serves");
            let state = match agreements.entry(serves.agreement) {
                Entry::Occupied(folded) => folded.into_mut(),
                Entry::Vacant(vacant) => {
                    let stream = DomainStream::new(StreamCategory::Agreement, serves.agreement);
                    let (_, store_stream) = parse_stream(&stream.to_string())?;
                    vacant.insert(self.fold(&store_stream)?.0)
                }
            };
            state
                .check_serves(serves, &path)
                .map_err(RecordError::Rule)?;
            let parties = state.agreement_parties().unwrap_or_default();
            if author.scope == Scope::OwnActivities && !author.answers_for(parties) {
                return Err(RecordError::Forbidden(format!(
                    "{path}: {} is not a party to agreement {}; a reporter records work for its own organisation's agreements",
                    author.organisation, serves.agreement
                )));
            }
        }
        Ok(())
    }

    fn any_recorded(&self, ids: &[Uuid]) -> Result<bool, RecordError> {
        for &id in ids {
            if self.store.event_by_id(id)?.is_some() {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// The stream's rule state and version, folded from its recorded events,
    /// and who is responsible for the activity it holds, if it holds one.
    fn fold(&self, stream: &StoreStream) -> Result<Folded, RecordError> {
        let mut state = StreamState::default();
        let mut version = 0;
        // The first planned or completed event: its responsible parties, as
        // corrected since, say whose activity this is.
        let mut activity = None;
        loop {
            let page =
                self.store
                    .read_stream(stream, version + 1, Direction::Forward, FOLD_PAGE)?;
            let Some(last) = page.last() else {
                let responsible = activity
                    .and_then(|id| state.current(id))
                    .and_then(responsible_for)
                    .map(<[Party]>::to_vec);
                return Ok((state, version, responsible));
            };
            version = last.version;
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
                if activity.is_none() && responsible_for(&decoded.event).is_some() {
                    activity = Some(decoded.id);
                }
                state.apply(&decoded);
            }
        }
    }
}

type Folded = (StreamState, u64, Option<Vec<Party>>);

fn responsible_for(event: &DomainEvent) -> Option<&[Party]> {
    match event {
        DomainEvent::ActivityPlanned(planned) => Some(planned.responsible.as_slice()),
        DomainEvent::ActivityCompleted(completed) => Some(completed.responsible.as_slice()),
        _ => None,
    }
}

/// A reporter records activities only, and only those its organisation is
/// responsible for: as the stream recorded them, and as every planned or
/// completed event of the request names them.
fn check_scope(
    author: &Author,
    stream: &DomainStream,
    recorded: Option<&[Party]>,
    events: &[ValidatedEvent],
) -> Result<(), RecordError> {
    match author.scope {
        Scope::Everything => return Ok(()),
        Scope::Amendments => {
            let amendment = |v: &ValidatedEvent| {
                matches!(
                    v.event,
                    DomainEvent::Correction(_) | DomainEvent::Retraction(_)
                )
            };
            if events.iter().all(amendment) {
                return Ok(());
            }
            return Err(RecordError::Forbidden(
                "an auditor records only corrections and retractions; ask a reporter or coordinator to record new work".into(),
            ));
        }
        Scope::OwnActivities => {}
    }
    if stream.category() != StreamCategory::Activity {
        return Err(RecordError::Forbidden(format!(
            "a reporter records activities only; {} streams are kept by coordinators",
            stream.category().as_str()
        )));
    }
    // Who the request names: in new plans and completions, and in
    // corrections that change who is responsible.
    let corrected: Vec<Vec<Party>> = events
        .iter()
        .filter_map(|v| match &v.event {
            DomainEvent::Correction(c) => c.changes.fields().get("responsible"),
            _ => None,
        })
        .map(|parties| {
            let names = parties.as_array().map(Vec::as_slice).unwrap_or_default();
            names
                .iter()
                .filter_map(|p| p.as_str().and_then(|p| Party::parse(p).ok()))
                .collect()
        })
        .collect();
    let named = events.iter().filter_map(|v| responsible_for(&v.event));
    let corrected = corrected.iter().map(Vec::as_slice);
    for responsible in recorded.into_iter().chain(named).chain(corrected) {
        if !author.answers_for(responsible) {
            let names: Vec<String> = responsible.iter().map(Party::to_string).collect();
            return Err(RecordError::Forbidden(format!(
                "{} may record only its own activities; this one is the responsibility of {}",
                author.organisation,
                names.join(", ")
            )));
        }
    }
    Ok(())
}

/// The domain's stream name (`agreement-<uuid>` or `activity-<uuid>`) and the
/// same name for the store: the one place a stream name from outside is read.
pub fn parse_stream(stream: &str) -> Result<(DomainStream, StoreStream), RecordError> {
    let refused = |problem: String, expected: String| {
        RecordError::Invalid(ValidationErrors {
            errors: vec![FieldError {
                path: "stream".into(),
                problem,
                expected,
            }],
        })
    };
    let domain = DomainStream::parse(stream).map_err(|e| refused(e.problem, e.expected))?;
    let store = StoreStream::parse(domain.to_string())
        .map_err(|e| refused(e.reason.into(), "`<category>-<id>`".into()))?;
    Ok((domain, store))
}

/// Encodes validated events for the store: deterministic data bytes, and
/// metadata naming the author and the data's schema version.
fn to_store_events(validated: &[ValidatedEvent], author: &Author) -> Vec<NewEvent> {
    validated
        .iter()
        .map(|v| {
            let encoded = encode(&v.event);
            let metadata = EventMetadata::for_event(&encoded, &author.actor, &author.organisation);
            NewEvent {
                id: v.id.unwrap_or_else(Uuid::now_v7),
                event_type: encoded.event_type.to_owned(),
                data: raw(encoded.data_bytes()),
                metadata: raw(serde_json::to_vec(&metadata).expect("metadata serialises")),
            }
        })
        .collect()
}

fn raw(bytes: Vec<u8>) -> Box<RawValue> {
    let text = String::from_utf8(bytes).expect("serde_json writes UTF-8");
    RawValue::from_string(text).expect("serde_json writes valid JSON")
}
