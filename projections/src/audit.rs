//! The audit trail: every event in log order, as stored, with who recorded it,
//! when it happened and when it was recorded, and the links between each
//! correction or retraction and the event it changed.
//!
//! Read from the log itself, page by page, never from a copy: an auditor sees
//! exactly what is stored.

use chrono::{DateTime, Utc};
use schemars::JsonSchema;
use serde::Serialize;
use trygglogg_events::{EventType, StreamName};
use trygglogg_store::{Direction, RecordedEvent, Store};
use uuid::Uuid;

use crate::follow_up::{AmendmentKind, AmendmentRow, Dates};
use crate::{EventHead, LogEvent, ProjectionError};

/// Most entries in one page.
pub const MAX_LIMIT: usize = 1000;
/// Most events one request looks at, matching or not; a filter that matches
/// rarely answers with a cursor to continue from instead of scanning the
/// whole log in one request.
pub const MAX_SCAN: usize = 10_000;

/// Which events, and where to continue. All filters must match.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AuditQuery {
    /// One stream only.
    pub stream: Option<StreamName>,
    pub actor: Option<String>,
    pub organisation: Option<String>,
    pub event_type: Option<String>,
    /// Recorded at or after.
    pub recorded_from: Option<DateTime<Utc>>,
    /// Recorded at or before.
    pub recorded_to: Option<DateTime<Utc>>,
    /// Continue after this log position (0: from the start).
    pub after: u64,
    /// At most this many entries (capped at [`MAX_LIMIT`]).
    pub limit: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct AuditPage {
    pub entries: Vec<AuditEntry>,
    /// Pass as `after` to continue; absent when the trail is complete.
    pub next_after: Option<u64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct AuditEntry {
    #[serde(flatten)]
    pub head: EventHead,
    /// Valid time: when it happened, for events that say.
    pub occurred: Option<Dates>,
    /// System time: when the log recorded it.
    pub recorded: DateTime<Utc>,
    pub actor: String,
    pub organisation: String,
    /// The chain hash of the stored event.
    pub hash: String,
    /// The stored data, exactly as recorded.
    pub data: serde_json::Value,
    /// For a correction or retraction: the event it changed.
    pub amends: Option<AmendmentLink>,
    /// The corrections and retractions of this event, in log order.
    pub amended_by: Vec<AmendmentLink>,
}

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct AmendmentLink {
    pub kind: Option<AmendmentKind>,
    pub id: Uuid,
    /// Its log position, if it is in the log.
    pub position: Option<u64>,
}

/// A page of the trail.
pub fn trail(store: &Store, query: &AuditQuery) -> Result<AuditPage, ProjectionError> {
    let limit = query.limit.clamp(1, MAX_LIMIT);
    let start = match query.recorded_from {
        Some(from) => query
            .after
            .max(first_recorded_at_or_after(store, from)?.saturating_sub(1)),
        None => query.after,
    };
    let mut entries = Vec::new();
    let mut scanned = 0;
    let mut cursor = start;
    loop {
        let page = match &query.stream {
            Some(stream) => stream_page_after(store, stream, cursor)?,
            None => store.read_all(cursor.saturating_add(1), Direction::Forward, 256)?,
        };
        if page.is_empty() {
            return Ok(AuditPage {
                entries,
                next_after: None,
            });
        }
        for record in page {
            if query.recorded_to.is_some_and(|to| record.recorded > to) {
                return Ok(AuditPage {
                    entries,
                    next_after: None,
                });
            }
            cursor = record.position;
            scanned += 1;
            let event = LogEvent::decode(&record)?;
            if matches(query, &record, &event) {
                entries.push(entry(store, &record, &event)?);
            }
            if entries.len() == limit || scanned == MAX_SCAN {
                return Ok(AuditPage {
                    entries,
                    next_after: Some(cursor),
                });
            }
        }
    }
}

fn matches(query: &AuditQuery, record: &RecordedEvent, event: &LogEvent) -> bool {
    query.actor.as_ref().is_none_or(|a| *a == event.actor)
        && query
            .organisation
            .as_ref()
            .is_none_or(|o| *o == event.organisation)
        && query
            .event_type
            .as_ref()
            .is_none_or(|t| *t == record.event_type)
        && query
            .recorded_from
            .is_none_or(|from| record.recorded >= from)
}

/// The stream's events after log position `after`, one page.
fn stream_page_after(
    store: &Store,
    stream: &StreamName,
    after: u64,
) -> Result<Vec<RecordedEvent>, ProjectionError> {
    // Versions rise with positions; walk from the first and skip what was seen.
    let mut version = 1;
    loop {
        let page = store.read_stream(stream, version, Direction::Forward, 256)?;
        let Some(last) = page.last() else {
            return Ok(page);
        };
        if last.position > after {
            return Ok(page.into_iter().filter(|e| e.position > after).collect());
        }
        version = last.version + 1;
    }
}

/// The first position recorded at or after `instant`: recorded times never
/// decrease along positions, so a binary search finds it.
fn first_recorded_at_or_after(
    store: &Store,
    instant: DateTime<Utc>,
) -> Result<u64, ProjectionError> {
    let (mut low, mut high) = (1, store.head().position + 1);
    while low < high {
        let middle = low + (high - low) / 2;
        let event = store.read_all(middle, Direction::Forward, 1)?;
        match event.first() {
            Some(e) if e.recorded < instant => low = middle + 1,
            _ => high = middle,
        }
    }
    Ok(low)
}

fn entry(
    store: &Store,
    record: &RecordedEvent,
    event: &LogEvent,
) -> Result<AuditEntry, ProjectionError> {
    let amends = match AmendmentRow::of(event) {
        Some(amendment) => Some(AmendmentLink {
            kind: None,
            id: amendment.target,
            position: store.event_by_id(amendment.target)?.map(|e| e.position),
        }),
        None => None,
    };
    // The event was decoded from these bytes already; should they still not
    // read as JSON, that is an undecodable event, never a `null` shown as data.
    let data =
        serde_json::from_str(record.data.get()).map_err(|e| ProjectionError::Undecodable {
            position: record.position,
            reason: format!("data: {e}"),
        })?;
    Ok(AuditEntry {
        head: EventHead::of(record),
        occurred: event.event.occurred().as_ref().map(Dates::of),
        recorded: record.recorded,
        actor: event.actor.clone(),
        organisation: event.organisation.clone(),
        hash: record.hash.to_hex(),
        data,
        amends,
        amended_by: amended_by(store, record)?,
    })
}

/// The corrections and retractions of `record`: they are later events of its
/// own stream, since an amendment names an event of the stream it is in.
fn amended_by(
    store: &Store,
    record: &RecordedEvent,
) -> Result<Vec<AmendmentLink>, ProjectionError> {
    let later = store.read_stream(
        &record.stream,
        record.version + 1,
        Direction::Forward,
        usize::MAX,
    )?;
    let mut links = Vec::new();
    for event in later {
        // Only amendments can amend: the rest need not be decoded.
        if EventType::parse(&event.event_type).map_or(true, EventType::is_correctable) {
            continue;
        }
        let amendment = AmendmentRow::of(&LogEvent::decode(&event)?);
        if let Some(a) = amendment.filter(|a| a.target == record.id) {
            links.push(AmendmentLink {
                kind: Some(a.kind),
                id: a.id,
                position: Some(a.position),
            });
        }
    }
    Ok(links)
}
