//! The contract with the store, the HTTP layer and the importer: what comes in
//! (append requests, import lines), what is stored (type name, schema version, JSON
//! data, metadata), and how a stored event becomes a [`DomainEvent`] again.

use crate::context::ValidationContext;
use crate::error::{DecodeError, FieldError, Invalid, ValidationErrors};
use crate::event::{read_data, DomainEvent, EventType};
use crate::fields::{Cursor, ParseContext};
use crate::stream::StreamName;
use crate::upcast::upcast;
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use serde_json::Value;
use uuid::Uuid;

/// Most events accepted in one request: a day's reporting, not a bulk load (use import).
pub const MAX_EVENTS_PER_REQUEST: usize = 100;

/// One event as a client sends it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IncomingEvent {
    /// Client-chosen id, so that a retried request is recorded once. When absent, the
    /// server assigns one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<Uuid>,
    /// The event type, e.g. `activity_completed`.
    #[serde(rename = "type")]
    pub event_type: String,
    /// The schema version `data` is written in; defaults to the current one. Older
    /// versions are upcast.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schema_version: Option<u32>,
    #[serde(default)]
    pub data: Value,
}

/// `POST` body that appends events to one stream (the stream is in the URL).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AppendRequest {
    /// `null`: append whatever the stream's version. `N`: the stream must hold exactly
    /// `N` events (versions are 1-based; 0 means the stream must not exist yet).
    #[serde(default)]
    pub expected_version: Option<u64>,
    pub events: Vec<IncomingEvent>,
}

/// One line of an import or fixture file: an append request with its stream.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ImportLine {
    /// `agreement-<uuid>` or `activity-<uuid>`.
    pub stream: String,
    #[serde(default)]
    pub expected_version: Option<u64>,
    pub events: Vec<IncomingEvent>,
}

/// `POST /api/v1/batches` body: appends to several streams at once, each
/// item written as an import line is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BatchRequest {
    /// At least one item; each stream in one item only. Every item is
    /// checked against the log as it stands before the batch.
    pub items: Vec<ImportLine>,
}

/// An incoming event that passed validation (not yet the per-stream rules).
#[derive(Debug, Clone, PartialEq)]
pub struct ValidatedEvent {
    pub id: Option<Uuid>,
    pub event: DomainEvent,
}

impl AppendRequest {
    /// Validates every event for `stream`, collecting all problems with paths such as
    /// `events[2].data.summary`. Does not apply the per-stream rules: fold the stream
    /// and call [`crate::StreamState::check_batch`] for those.
    pub fn validate(
        &self,
        stream: &StreamName,
        ctx: &ValidationContext,
    ) -> Result<Vec<ValidatedEvent>, ValidationErrors> {
        validate_events(stream, &self.events, ctx)
    }
}

impl ImportLine {
    /// Parses the stream name and validates every event, like
    /// [`AppendRequest::validate`].
    pub fn validate(
        &self,
        ctx: &ValidationContext,
    ) -> Result<(StreamName, Vec<ValidatedEvent>), ValidationErrors> {
        match StreamName::parse(&self.stream) {
            Ok(stream) => {
                validate_events(&stream, &self.events, ctx).map(|events| (stream, events))
            }
            Err(invalid) => {
                let stream_error = field_error("stream", invalid);
                // Without a stream the category is unknown; still report event errors.
                let mut errors = vec![stream_error];
                for (i, event) in self.events.iter().enumerate() {
                    if let Err(e) =
                        parse_event(&event.event_type, event.schema_version, &event.data, ctx)
                    {
                        errors.extend(e.prefixed(&format!("events[{i}]")));
                    }
                }
                Err(ValidationErrors::from_vec(errors))
            }
        }
    }

    pub fn append_request(&self) -> AppendRequest {
        AppendRequest {
            expected_version: self.expected_version,
            events: self.events.clone(),
        }
    }
}

fn field_error(path: &str, invalid: Invalid) -> FieldError {
    FieldError {
        path: path.into(),
        problem: invalid.problem,
        expected: invalid.expected,
    }
}

fn validate_events(
    stream: &StreamName,
    events: &[IncomingEvent],
    ctx: &ValidationContext,
) -> Result<Vec<ValidatedEvent>, ValidationErrors> {
    let mut errors = Vec::new();
    if events.is_empty() {
        errors.push(field_error(
            "events",
            Invalid::new("is empty", "send at least one event"),
        ));
    }
    if events.len() > MAX_EVENTS_PER_REQUEST {
        errors.push(field_error(
            "events",
            Invalid::new(
                format!(
                    "holds {} events, more than {MAX_EVENTS_PER_REQUEST}",
                    events.len()
                ),
                "split the request",
            ),
        ));
    }
    let category = stream.category();
    let mut validated = Vec::with_capacity(events.len());
    for (i, incoming) in events.iter().enumerate() {
        let at = format!("events[{i}]");
        if let Some(id) = incoming.id {
            if events[..i].iter().any(|e| e.id == Some(id)) {
                errors.push(field_error(
                    &format!("{at}.id"),
                    Invalid::new(
                        "repeats the id of an earlier event",
                        "give each event its own id",
                    ),
                ));
            }
        }
        if let Ok(event_type) = EventType::parse(&incoming.event_type) {
            if !category.allows(event_type) {
                errors.push(field_error(
                    &format!("{at}.type"),
                    Invalid::new(
                        format!(
                            "{} does not belong in an {} stream",
                            event_type.as_str(),
                            category.as_str()
                        ),
                        category.where_it_goes(event_type),
                    ),
                ));
            }
        }
        match parse_event(
            &incoming.event_type,
            incoming.schema_version,
            &incoming.data,
            ctx,
        ) {
            Ok(event) => validated.push(ValidatedEvent {
                id: incoming.id,
                event,
            }),
            Err(e) => errors.extend(e.prefixed(&at)),
        }
    }
    if errors.is_empty() {
        Ok(validated)
    } else {
        Err(ValidationErrors::from_vec(errors))
    }
}

/// Turns one incoming event into a validated [`DomainEvent`], collecting every problem
/// with its path (`type`, `schema_version`, `data.places[0]`, …). `schema_version`
/// defaults to the current version; older versions are upcast first.
pub fn parse_event(
    event_type: &str,
    schema_version: Option<u32>,
    data: &Value,
    ctx: &ValidationContext,
) -> Result<DomainEvent, ValidationErrors> {
    let mut errors = Vec::new();
    let event_type = match EventType::parse(event_type) {
        Ok(event_type) => event_type,
        Err(invalid) => {
            errors.push(field_error("type", invalid));
            return Err(ValidationErrors::from_vec(errors));
        }
    };
    let version = schema_version.unwrap_or(event_type.current_version());
    // Data in the current version (nearly all of it) is read where it lies; only
    // older data is copied, to be lifted.
    let lifted;
    let data = match upcast_if_old(event_type, version, data) {
        Ok(None) => data,
        Ok(Some(upcast)) => {
            lifted = upcast;
            &lifted
        }
        Err(DecodeError::Upcast { reason, .. }) => {
            errors.push(field_error(
                "data",
                Invalid::new(
                    format!(
                        "is not valid {} version {version}: {reason}",
                        event_type.as_str()
                    ),
                    format!(
                        "send version {} (the current one) or fix the data",
                        event_type.current_version()
                    ),
                ),
            ));
            return Err(ValidationErrors::from_vec(errors));
        }
        Err(_) => {
            errors.push(field_error(
                "schema_version",
                Invalid::new(
                    format!("{version} is not a version of {}", event_type.as_str()),
                    format!(
                        "give 1 to {} or leave it out for the current one",
                        event_type.current_version()
                    ),
                ),
            ));
            return Err(ValidationErrors::from_vec(errors));
        }
    };
    let event = read_data(
        event_type,
        data,
        &mut Cursor::new("data", &mut errors, ctx.parse_context()),
        false,
    );
    match event {
        Some(event) if errors.is_empty() => Ok(event),
        _ => Err(ValidationErrors::from_vec(errors)),
    }
}

/// `None` if `data` is in the current version of `event_type`, else `data`
/// lifted to it (or why it cannot be).
fn upcast_if_old(
    event_type: EventType,
    version: u32,
    data: &Value,
) -> Result<Option<Value>, DecodeError> {
    if version == event_type.current_version() {
        Ok(None)
    } else {
        upcast(event_type, version, data.clone()).map(Some)
    }
}

/// How an event is stored: its type name, the schema version of `data`, and `data`.
#[derive(Debug, Clone, PartialEq)]
pub struct EncodedEvent {
    pub event_type: &'static str,
    pub schema_version: u32,
    pub data: Value,
}

impl EncodedEvent {
    /// The data as the store takes it, written once and not read again; the
    /// same event always gives the same bytes (a `Value`'s keys are sorted).
    /// The `Value` stays on purpose: the domain's structs written directly
    /// give their fields in declaration order, not sorted, so the same
    /// request would be stored as other bytes than a log already holds, and
    /// a retry across an upgrade would be refused as a conflict.
    pub fn raw_data(&self) -> Box<RawValue> {
        // A `Value` always serialises.
        serde_json::value::to_raw_value(&self.data).expect("JSON values serialise")
    }

    /// The bytes of [`Self::raw_data`].
    pub fn data_bytes(&self) -> Vec<u8> {
        self.raw_data().get().as_bytes().to_vec()
    }
}

/// Encodes an event in the current schema version of its type. Deterministic.
pub fn encode(event: &DomainEvent) -> EncodedEvent {
    let event_type = event.event_type();
    EncodedEvent {
        event_type: event_type.as_str(),
        schema_version: event_type.current_version(),
        data: event.data(),
    }
}

/// Reads a stored event back, upcasting old schema versions. Dates are not checked
/// against today: the event was valid when it was recorded.
pub fn decode(
    event_type: &str,
    schema_version: u32,
    data: &Value,
) -> Result<DomainEvent, DecodeError> {
    let event_type = EventType::parse(event_type)
        .map_err(|_| DecodeError::UnknownEventType(event_type.to_owned()))?;
    let data = upcast(event_type, schema_version, data.clone())?;
    decode_current(event_type, &data)
}

/// Reads stored `data` already in the current schema version of `event_type`.
pub(crate) fn decode_current(
    event_type: EventType,
    data: &Value,
) -> Result<DomainEvent, DecodeError> {
    let mut errors = Vec::new();
    let event = read_data(
        event_type,
        data,
        &mut Cursor::new("data", &mut errors, ParseContext::STORED),
        false,
    );
    match event {
        Some(event) if errors.is_empty() => Ok(event),
        _ => Err(DecodeError::Invalid {
            event_type: event_type.as_str(),
            errors: ValidationErrors::from_vec(errors),
        }),
    }
}

/// Who recorded an event and in which schema version its data is written; stored as
/// the store's `metadata` bytes (this struct as JSON). `actor` and `organisation` come
/// from the caller's credential, never from the request body. Staff identities are kept
/// for the audit trail and are not shown in public views.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct EventMetadata {
    pub actor: String,
    pub organisation: String,
    /// The schema version of the stored `data` (`<type>.v<version>` names its
    /// schema); reading upcasts an older one to the current version.
    pub schema_version: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub correlation_id: Option<Uuid>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub causation_id: Option<Uuid>,
}

impl EventMetadata {
    /// Metadata for `encoded`, recorded by `actor` of `organisation`.
    pub fn for_event(
        encoded: &EncodedEvent,
        actor: impl Into<String>,
        organisation: impl Into<String>,
    ) -> Self {
        Self {
            actor: actor.into(),
            organisation: organisation.into(),
            schema_version: encoded.schema_version,
            correlation_id: None,
            causation_id: None,
        }
    }

    /// The metadata as the store takes it, written once and not read again.
    pub fn raw(&self) -> Box<RawValue> {
        // Strings, a number and uuids always serialise.
        serde_json::value::to_raw_value(self).expect("metadata serialises")
    }
}
