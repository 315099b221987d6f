//! JSON Schemas of the catalogue, generated from the Rust types. The committed copies
//! in `events/schemas/` are compared with these by a test, so they cannot drift.

use crate::activity::{ActivityCancelled, ActivityCompleted, ActivityPlanned, ActivityRescheduled};
use crate::agreement::{AgreementAdopted, CommitmentAdded, FocusAreaAdded, FollowUpReviewed};
use crate::amendment::{Correction, Retraction};
use crate::assessment::CommitmentAssessed;
use crate::event::EventType;
use crate::indicator::{IndicatorDefined, IndicatorMeasured};
use crate::wire::{AppendRequest, BatchRequest, EventMetadata, ImportLine};
use schemars::{schema_for, Schema};

/// Every schema with the file name it is committed under: `<type>.v<version>.json` for
/// event data, and the envelopes (`append_request.json`, `import_line.json`,
/// `batch_request.json`, `event_metadata.json`).
pub fn json_schemas() -> Vec<(String, Schema)> {
    let mut schemas: Vec<(String, Schema)> = EventType::ALL
        .into_iter()
        .map(|event_type| {
            let file = format!(
                "{}.v{}.json",
                event_type.as_str(),
                event_type.current_version()
            );
            (file, data_schema(event_type))
        })
        .collect();
    schemas.push(("append_request.json".into(), schema_for!(AppendRequest)));
    schemas.push(("import_line.json".into(), schema_for!(ImportLine)));
    schemas.push(("batch_request.json".into(), schema_for!(BatchRequest)));
    schemas.push(("event_metadata.json".into(), schema_for!(EventMetadata)));
    schemas
}

/// The schema of the `data` of an event type, in its current version.
pub fn data_schema(event_type: EventType) -> Schema {
    match event_type {
        EventType::AgreementAdopted => schema_for!(AgreementAdopted),
        EventType::FocusAreaAdded => schema_for!(FocusAreaAdded),
        EventType::CommitmentAdded => schema_for!(CommitmentAdded),
        EventType::FollowUpReviewed => schema_for!(FollowUpReviewed),
        EventType::IndicatorDefined => schema_for!(IndicatorDefined),
        EventType::IndicatorMeasured => schema_for!(IndicatorMeasured),
        EventType::CommitmentAssessed => schema_for!(CommitmentAssessed),
        EventType::ActivityPlanned => schema_for!(ActivityPlanned),
        EventType::ActivityStarted => schema_for!(crate::activity_started::ActivityStarted),
        EventType::ActivityCompleted => schema_for!(ActivityCompleted),
        EventType::ActivityCancelled => schema_for!(ActivityCancelled),
        EventType::ActivityRescheduled => schema_for!(ActivityRescheduled),
        EventType::Correction => schema_for!(Correction),
        EventType::Retraction => schema_for!(Retraction),
    }
}
