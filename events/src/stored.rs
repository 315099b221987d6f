//! Reading stored events: the one decoder of what the store holds (a type name,
//! the `metadata` bytes that carry the schema version, the `data` bytes).
//! Every reading goes through [`upcast`] by the stored `schema_version`, so an
//! upcaster changes what every view sees, the cheap placing view included.
//!
//! - [`decode_stored`]: the whole event, as the domain's types.
//! - [`decode_placing`]: only what places an activity, read in place from the
//!   bytes of an event in the current version (older ones are upcast first).

use serde::Deserialize;
use serde_json::Value;

use crate::error::DecodeError;
use crate::event::EventType;
use crate::placing::{
    ActivityChange, CorrectionFields, PlacingFields, RetractionFields, StoredPlacing,
};
use crate::upcast::{upcast, upcast_changes_placing, upcast_with, upcasters, Upcaster};
use crate::wire::{decode_current, EventMetadata};
use crate::DomainEvent;

/// A stored event decoded: its metadata and the event in the current version.
#[derive(Debug, Clone, PartialEq)]
pub struct DecodedEvent {
    pub metadata: EventMetadata,
    pub event: DomainEvent,
}

/// Decodes a stored event: `metadata` and `data` are the stored JSON texts.
/// `data` is parsed once and upcast from the metadata's schema version.
pub fn decode_stored(
    event_type: &str,
    metadata: &str,
    data: &str,
) -> Result<DecodedEvent, DecodeError> {
    let metadata: EventMetadata = serde_json::from_str(metadata).map_err(json("metadata"))?;
    let data: Value = serde_json::from_str(data).map_err(json("data"))?;
    let event_type = parse_type(event_type)?;
    let data = upcast(event_type, metadata.schema_version, data)?;
    let event = decode_current(event_type, &data)?;
    Ok(DecodedEvent { metadata, event })
}

/// The schema version in stored `metadata`, read without the rest of it.
pub fn stored_schema_version(metadata: &str) -> Result<u32, DecodeError> {
    #[derive(Deserialize)]
    struct Version {
        schema_version: u32,
    }
    serde_json::from_str::<Version>(metadata)
        .map(|v| v.schema_version)
        .map_err(json("metadata"))
}

/// What a stored event of an activity stream does to the activity's place:
/// `None` for a type that does not belong in an activity stream. Only the
/// placing fields are read; an event in an older schema version is upcast
/// first, so the placing is always that of the current version. An older
/// event whose upcast changes no placing field is read in place, as a
/// current one is: upcasting through a `Value` would cost more than the read.
pub fn decode_placing<'a>(
    event_type: &str,
    schema_version: u32,
    data: &'a str,
) -> Result<Option<ActivityChange<StoredPlacing<'a>>>, DecodeError> {
    decode_placing_with(&upcasters(), event_type, schema_version, data)
}

fn decode_placing_with<'a>(
    upcasters: &[Upcaster],
    event_type: &str,
    schema_version: u32,
    data: &'a str,
) -> Result<Option<ActivityChange<StoredPlacing<'a>>>, DecodeError> {
    let event_type = parse_type(event_type)?;
    if schema_version == event_type.current_version()
        || !upcast_changes_placing(upcasters, event_type, schema_version)?
    {
        return read_placing(event_type, data);
    }
    let data = serde_json::from_str(data).map_err(json("data"))?;
    let upcast = upcast_with(upcasters, event_type, schema_version, data)?.to_string();
    Ok(read_placing(event_type, &upcast)?.map(|change| change.map(StoredPlacing::into_owned)))
}

fn read_placing(
    event_type: EventType,
    data: &str,
) -> Result<Option<ActivityChange<StoredPlacing<'_>>>, DecodeError> {
    let placing = || {
        serde_json::from_str::<PlacingFields>(data)
            .map(StoredPlacing::from)
            .map_err(json("data"))
    };
    Ok(Some(match event_type {
        EventType::ActivityPlanned => ActivityChange::Planned(placing()?),
        EventType::ActivityStarted => ActivityChange::Started(placing()?),
        EventType::ActivityRescheduled => ActivityChange::Rescheduled(placing()?),
        EventType::ActivityCancelled => ActivityChange::Cancelled,
        EventType::ActivityCompleted => ActivityChange::Completed(placing()?),
        EventType::Correction => {
            let c: CorrectionFields = serde_json::from_str(data).map_err(json("data"))?;
            ActivityChange::Correction {
                target: c.target,
                changes: c.changes.into(),
            }
        }
        EventType::Retraction => {
            let r: RetractionFields = serde_json::from_str(data).map_err(json("data"))?;
            ActivityChange::Retraction { target: r.target }
        }
        _ => return Ok(None),
    }))
}

fn parse_type(event_type: &str) -> Result<EventType, DecodeError> {
    EventType::parse(event_type).map_err(|_| DecodeError::UnknownEventType(event_type.to_owned()))
}

fn json(what: &'static str) -> impl Fn(serde_json::Error) -> DecodeError {
    move |e| DecodeError::Json {
        what,
        reason: e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::occurred::Occurred;
    use chrono::{Datelike, NaiveDate};

    /// A made-up v1 → v2 of `activity_planned` that moves the plan a year
    /// on: an upcast that changes a placing field.
    fn a_year_later(mut data: Value) -> Result<Value, String> {
        let planned = data["planned"].as_str().ok_or("no planned")?;
        let day: NaiveDate = planned.parse().map_err(|e| format!("{e}"))?;
        let later = day.with_year(day.year() + 1).ok_or("no such day")?;
        data["planned"] = Value::String(later.to_string());
        Ok(data)
    }

    #[test]
    fn an_upcast_that_changes_a_placing_field_is_seen() {
        let upcasters = [Upcaster {
            event_type: EventType::ActivityPlanned,
            from_version: 1,
            upcast: a_year_later,
            changes_placing: true,
        }];
        let data = r#"{"title":"Kontroll","kind":"traffic_control","planned":"2018-03-15",
            "places":["Hagfors"],"responsible":["Polisen"]}"#;
        let planned =
            |version| match decode_placing_with(&upcasters, "activity_planned", version, data) {
                Ok(Some(ActivityChange::Planned(placing))) => placing.planned,
                other => panic!("{other:?}"),
            };
        let day = |y, m, d| Some(Occurred::On(NaiveDate::from_ymd_opt(y, m, d).unwrap()));
        assert_eq!(planned(1), day(2019, 3, 15), "v1 is upcast");
        assert_eq!(planned(2), day(2018, 3, 15), "v2 is read as stored");

        let says_it_does_not = [Upcaster {
            changes_placing: false,
            ..upcasters[0]
        }];
        let read = decode_placing_with(&says_it_does_not, "activity_planned", 1, data);
        assert!(
            matches!(&read, Ok(Some(ActivityChange::Planned(p))) if p.planned == day(2018, 3, 15)),
            "a step that changes no placing field is not run for the placing: {read:?}"
        );
        let refusing = [Upcaster {
            upcast: |_| Err("refused".into()),
            ..upcasters[0]
        }];
        let read = decode_placing_with(&refusing, "activity_planned", 1, data);
        assert!(
            matches!(read, Err(DecodeError::Upcast { from: 1, .. })),
            "{read:?}"
        );
    }
}
