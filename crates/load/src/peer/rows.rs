//! The peer's rows, read back: the streams an append is checked against
//! (given to the recorder's rules through [`Streams`]) and the answer to a
//! request whose event ids are already recorded.

use std::cell::RefCell;
use std::collections::HashMap;

use serde_json::Value;
use trygglogg_events::{RecordedDomainEvent, StreamName};
use trygglogg_recorder::{Prepared, RecordError, Streams};
use trygglogg_store::{AppendError, Appended};
use uuid::Uuid;

/// One row of `peer_events`, as the peer reads it.
#[derive(Debug, Clone)]
pub struct Row {
    pub position: u64,
    pub id: Uuid,
    pub stream: String,
    pub version: u64,
    pub event_type: String,
    pub data: String,
    pub metadata: String,
}

impl Row {
    pub fn read(row: &tokio_postgres::Row) -> Row {
        let (position, version): (i64, i32) = (row.get(0), row.get(3));
        Row {
            position: position as u64,
            id: row.get(1),
            stream: row.get(2),
            version: version as u64,
            event_type: row.get(4),
            data: row.get(5),
            metadata: row.get(6),
        }
    }

    fn decode(&self) -> Result<RecordedDomainEvent, RecordError> {
        RecordedDomainEvent::decode(
            self.id,
            self.version,
            self.position,
            &self.event_type,
            self.data.as_bytes(),
            self.metadata.as_bytes(),
        )
        .map_err(|error| RecordError::Undecodable {
            position: self.position,
            error,
        })
    }
}

/// The streams read so far, as rows: decoded when the rules fold them (an
/// agreement the rules find current in their [`FoldedAgreements`] is not).
/// A stream the rules ask for that was not read is noted as missing (and
/// looks empty): the peer reads those and checks again, so the rules
/// decide what is read, as they do in the store.
///
/// [`FoldedAgreements`]: trygglogg_recorder::FoldedAgreements
#[derive(Default)]
pub struct Fetched {
    streams: HashMap<StreamName, Vec<Row>>,
    missing: RefCell<Vec<StreamName>>,
}

impl Fetched {
    /// Adds the `rows` of the `streams` read (a stream without rows is
    /// read, and empty).
    pub fn add(&mut self, streams: &[StreamName], rows: Vec<Row>) {
        for stream in streams {
            self.streams.entry(*stream).or_default();
        }
        for row in rows {
            let Ok(stream) = StreamName::parse(&row.stream) else {
                continue;
            };
            if let Some(read) = self.streams.get_mut(&stream) {
                read.push(row);
            }
        }
    }

    /// The rows of `stream`, if it was read; else noted as missing.
    fn read(&self, stream: &StreamName) -> Option<&[Row]> {
        let read = self.streams.get(stream).map(Vec::as_slice);
        if read.is_none() {
            self.missing.borrow_mut().push(*stream);
        }
        read
    }

    /// The streams the rules asked for that were not read, forgotten.
    pub fn take_missing(&self) -> Vec<StreamName> {
        let mut missing = Vec::new();
        for stream in self.missing.take() {
            if !missing.contains(&stream) {
                missing.push(stream);
            }
        }
        missing
    }
}

impl Streams for Fetched {
    fn each_event(
        &self,
        stream: &StreamName,
        apply: &mut dyn FnMut(&RecordedDomainEvent),
    ) -> Result<(), RecordError> {
        for row in self.read(stream).unwrap_or_default() {
            apply(&row.decode()?);
        }
        Ok(())
    }

    fn version(&self, stream: &StreamName) -> Result<u64, RecordError> {
        let read = self.read(stream).unwrap_or_default();
        Ok(read.iter().map(|row| row.version).max().unwrap_or(0))
    }
}

/// The answer to `prepared` when some of its ids are recorded (`known`, the
/// rows of those ids): as the store answers a retry. Every event recorded
/// with the same content (stream, type, data, metadata) is a replay with
/// the original positions; an id recorded with other content is an id
/// conflict; some recorded and some not is a partial retry.
pub fn answer_known(prepared: &Prepared, known: &[Row]) -> Result<Appended, AppendError> {
    let stream = prepared.stream.to_string();
    let mut found = Vec::new();
    for event in &prepared.events {
        let Some(row) = known.iter().find(|row| row.id == event.id) else {
            continue;
        };
        let same = row.stream == stream
            && row.event_type == event.event_type
            && same_json(&row.data, event.data.get())
            && same_json(&row.metadata, event.metadata.get());
        if !same {
            return Err(AppendError::IdConflict {
                id: row.id,
                position: row.position,
            });
        }
        found.push(row);
    }
    match found.first() {
        Some(_) if found.len() == prepared.events.len() => Ok(Appended {
            positions: found.iter().map(|row| row.position).collect(),
            stream_version: found.last().map_or(0, |row| row.version),
            replayed: true,
        }),
        Some(row) => Err(AppendError::PartialRetry {
            id: row.id,
            position: row.position,
        }),
        None => Err(AppendError::Storage("no recorded id was read back".into())),
    }
}

/// The same JSON, whatever its spacing and key order (jsonb keeps neither).
fn same_json(stored: &str, sent: &str) -> bool {
    match (
        serde_json::from_str::<Value>(stored),
        serde_json::from_str::<Value>(sent),
    ) {
        (Ok(stored), Ok(sent)) => stored == sent,
        _ => false,
    }
}
