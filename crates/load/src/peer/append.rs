//! The peer's append: the request Trygglogg takes, refused by the same code
//! (the api's token reading and extractors, the recorder's validation,
//! reach and stream rules), stored as a PostgreSQL team would store it:
//! one transaction that reads the stream (and the agreements it serves),
//! checks, and INSERTs at the next versions, a unique (stream, version)
//! catching a concurrent writer and a unique id catching a concurrent retry.

use axum::extract::{FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::Json;
use trygglogg_api::auth::{identify, Record, Refused};
use trygglogg_api::{Appended, JsonBody, Problem, StreamPath};
use trygglogg_events::{AppendRequest, StreamName, ValidationContext};
use trygglogg_recorder::{today_in_sweden, Author, Prepared, RecordError, Recorded, Streams};
use trygglogg_store::{AppendError, ExpectedVersion};
use uuid::Uuid;

use super::rows::{answer_known, Fetched, Row};
use super::Peer;

/// The constraints of `peer_events` (bench/schema.sql) a concurrent append
/// can break.
pub const ID_KEY: &str = "peer_events_id_key";
pub const STREAM_VERSION_KEY: &str = "peer_events_stream_version_key";

/// Attempts of one request that lose a race on a unique key: the next
/// attempt reads what won (a retry's ids, the stream's new version) and
/// answers from it. The recorder re-checks a moved stream five times.
const ATTEMPTS: usize = 6;

/// The author a request's token records as: Trygglogg's `Authorised<Record>`
/// and `Credential::author`, without the throttle of refused tokens.
pub struct PeerAuthor(pub Author);

impl FromRequestParts<Peer> for PeerAuthor {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, peer: &Peer) -> Result<Self, Problem> {
        let caller = identify(&peer.tokens, &parts.headers).map_err(|refused| match refused {
            Refused::Request(problem) | Refused::Token(_, problem) => problem,
        })?;
        let credential = caller.require::<Record>()?;
        credential
            .author()
            .map(PeerAuthor)
            .ok_or_else(|| Problem::forbidden("this role records nothing"))
    }
}

/// `POST /api/v1/streams/{stream}/events`, answered as Trygglogg answers it:
/// 201 with the positions, 200 for a retry.
pub async fn append_events(
    State(peer): State<Peer>,
    PeerAuthor(author): PeerAuthor,
    StreamPath(stream): StreamPath,
    JsonBody(request): JsonBody<AppendRequest>,
) -> Result<(StatusCode, Json<Appended>), Problem> {
    let context = ValidationContext::new(today_in_sweden());
    let recorded = record(&peer, &stream, &request, &author, &context).await?;
    let status = match recorded.replayed {
        true => StatusCode::OK,
        false => StatusCode::CREATED,
    };
    Ok((status, Json(recorded.into())))
}

/// What `Recorder::record` does, on PostgreSQL.
pub async fn record(
    peer: &Peer,
    stream: &StreamName,
    request: &AppendRequest,
    author: &Author,
    context: &ValidationContext,
) -> Result<Recorded, RecordError> {
    let prepared = Prepared::new(stream, request, author, context)?;
    let mut attempt = 0;
    loop {
        attempt += 1;
        match attempt_append(peer, &prepared, author).await {
            Ok(appended) => return Ok(prepared.recorded(appended)),
            Err(Failed::Refused(error)) => return Err(error),
            Err(Failed::Lost(lost)) => {
                if let Some(refusal) = lost.refusal(attempt) {
                    return Err(RecordError::Append(refusal));
                }
            }
        }
    }
}

enum Failed {
    Refused(RecordError),
    Lost(Lost),
}

/// An INSERT that lost a race: a unique key of `peer_events` was taken by
/// a concurrent append.
#[derive(Debug)]
pub struct Lost {
    /// The key's name.
    pub constraint: String,
    pub stream: StreamName,
    /// The version the attempt expected the stream at.
    pub expected: ExpectedVersion,
    /// The version it found taken.
    pub taken: u64,
}

impl Lost {
    /// What the request does after losing at `attempt`: `None`, try again
    /// (the next read answers it: a replay, a conflict, or the rules
    /// checked against the stream as it now stands); or this refusal.
    pub fn refusal(&self, attempt: usize) -> Option<AppendError> {
        match self.constraint.as_str() {
            ID_KEY | STREAM_VERSION_KEY if attempt < ATTEMPTS => None,
            STREAM_VERSION_KEY => Some(AppendError::VersionConflict {
                stream: self.stream,
                expected: self.expected,
                actual: self.taken,
            }),
            other => Some(AppendError::Storage(format!(
                "the peer's table refused a row by {other:?} at attempt {attempt}"
            ))),
        }
    }
}

impl From<RecordError> for Failed {
    fn from(error: RecordError) -> Self {
        Failed::Refused(error)
    }
}

impl From<tokio_postgres::Error> for Failed {
    fn from(error: tokio_postgres::Error) -> Self {
        storage(error)
    }
}

fn storage(error: impl ToString) -> Failed {
    Failed::Refused(RecordError::Append(AppendError::Storage(error.to_string())))
}

/// An INSERT's error: a race lost on a unique key, or a storage error.
fn inserting(
    error: tokio_postgres::Error,
    stream: StreamName,
    expected: ExpectedVersion,
    taken: u64,
) -> Failed {
    let unique = error
        .as_db_error()
        .filter(|db| *db.code() == tokio_postgres::error::SqlState::UNIQUE_VIOLATION);
    match unique {
        Some(db) => Failed::Lost(Lost {
            constraint: db.constraint().unwrap_or_default().to_owned(),
            stream,
            expected,
            taken,
        }),
        None => storage(error),
    }
}

/// One attempt: read, check, insert, commit, in one transaction.
async fn attempt_append(
    peer: &Peer,
    prepared: &Prepared,
    author: &Author,
) -> Result<trygglogg_store::Appended, Failed> {
    let Some(mut connection) = peer.pool.get().await else {
        return Err(storage("the peer has no PostgreSQL connection"));
    };
    let (read, insert) = (connection.read.clone(), connection.insert.clone());
    let transaction = connection.client.transaction().await?;
    let ids = &prepared.event_ids;
    // The stream, and the agreements the request names: what the rules
    // will ask for, in the first round trip.
    let mut streams = vec![prepared.stream];
    for validated in &prepared.validated {
        let serves = validated.event.serving().and_then(|s| s.serves);
        if let Some(serves) = serves {
            let agreement = StreamName::new(
                trygglogg_events::StreamCategory::Agreement,
                serves.agreement,
            );
            if !streams.contains(&agreement) {
                streams.push(agreement);
            }
        }
    }
    let mut fetched = Fetched::default();
    let names: Vec<String> = streams.iter().map(ToString::to_string).collect();
    let rows: Vec<Row> = transaction
        .query(&read, &[&names, ids])
        .await?
        .iter()
        .map(Row::read)
        .collect();
    let known: Vec<Row> = rows
        .iter()
        .filter(|row| ids.contains(&row.id))
        .cloned()
        .collect();
    if !known.is_empty() {
        // A retry is answered from what is recorded; its rules were
        // checked when it was first recorded.
        return answer_known(prepared, &known).map_err(|e| Failed::Refused(RecordError::Append(e)));
    }
    fetched.add(&streams, rows);
    let expected = loop {
        // A refusal counts only once every stream it read was read.
        let checked = prepared.check(&fetched, &peer.agreements, author);
        let missing = fetched.take_missing();
        if missing.is_empty() {
            break checked?.map_err(RecordError::Rule)?;
        }
        let names: Vec<String> = missing.iter().map(ToString::to_string).collect();
        let none: Vec<Uuid> = Vec::new();
        let rows: Vec<Row> = transaction
            .query(&read, &[&names, &none])
            .await?
            .iter()
            .map(Row::read)
            .collect();
        fetched.add(&missing, rows);
    };
    if let Some(id) = repeated_id(ids) {
        let refusal = AppendError::DuplicateIdInRequest { id };
        return Err(Failed::Refused(RecordError::Append(refusal)));
    }
    let actual = fetched.version(&prepared.stream)?;
    if !expected.admits(actual) {
        return Err(Failed::Refused(RecordError::Append(
            AppendError::VersionConflict {
                stream: prepared.stream,
                expected,
                actual,
            },
        )));
    }
    let stream = prepared.stream.to_string();
    let mut positions = Vec::with_capacity(prepared.events.len());
    for (event, taken) in prepared.events.iter().zip(actual + 1..) {
        let version = i32::try_from(taken).map_err(storage)?;
        let row = transaction
            .query_one(
                &insert,
                &[
                    &event.id,
                    &stream,
                    &version,
                    &event.event_type,
                    &event.data.get(),
                    &event.metadata.get(),
                ],
            )
            .await
            .map_err(|e| inserting(e, prepared.stream, expected, taken))?;
        positions.push(row.get::<_, i64>(0) as u64);
    }
    transaction.commit().await?;
    Ok(trygglogg_store::Appended {
        positions,
        stream_version: actual + prepared.events.len() as u64,
        replayed: false,
    })
}

/// An id given to two events of one request: the store refuses it after
/// the rules, before the version (here the unique id would otherwise fail
/// every attempt).
fn repeated_id(ids: &[Uuid]) -> Option<Uuid> {
    ids.iter()
        .enumerate()
        .find(|(i, id)| ids[..*i].contains(id))
        .map(|(_, id)| *id)
}
