//! The wire format: requests, import lines, encoding and decoding, metadata.

use crate::common::{ctx, valid};
use serde_json::json;
use trygglogg_events::{
    decode, encode, parse_event, AppendRequest, DecodeError, EncodedEvent, EventMetadata,
    EventType, ImportLine, RecordedDomainEvent, StreamCategory, StreamName,
};
use uuid::Uuid;

#[test]
fn encode_then_decode_gives_the_same_event_and_bytes() {
    for event_type in EventType::ALL {
        let event = parse_event(event_type.as_str(), None, &valid(event_type), &ctx()).unwrap();
        let encoded = encode(&event);
        assert_eq!(encoded.event_type, event_type.as_str());
        assert_eq!(encoded.schema_version, event_type.current_version());
        let decoded = decode(encoded.event_type, encoded.schema_version, &encoded.data).unwrap();
        assert_eq!(decoded, event, "{event_type:?}");
        assert_eq!(
            encode(&decoded).data_bytes(),
            encoded.data_bytes(),
            "deterministic"
        );
    }
}

#[test]
fn decode_does_not_check_dates_against_today() {
    // Recorded when it was in the past; "today" moving never makes history invalid,
    // and a plan decoded long after stays readable.
    let data = json!({"title": "Plan", "kind": "inquiry", "planned": "2030-01-01",
                      "places": ["Hagfors kommun"], "responsible": ["Hagfors kommun"]});
    assert!(parse_event("activity_planned", None, &data, &ctx()).is_err());
    assert!(decode("activity_planned", 2, &data).is_ok());
}

#[test]
fn decode_errors_are_typed() {
    let data = valid(EventType::ActivityCancelled);
    assert!(matches!(
        decode("activity_exploded", 1, &data),
        Err(DecodeError::UnknownEventType(_))
    ));
    assert!(matches!(
        decode("activity_cancelled", 7, &data),
        Err(DecodeError::VersionTooNew {
            found: 7,
            supported: 1,
            ..
        })
    ));
    assert!(matches!(
        decode("activity_cancelled", 1, &json!({"reason": ""})),
        Err(DecodeError::Invalid { .. })
    ));
}

#[test]
fn requests_and_import_lines_are_validated_with_event_paths() {
    let line: ImportLine = serde_json::from_value(json!({
        "stream": "agreement-5a1e0000-2018-4000-8000-0000000000aa",
        "expected_version": null,
        "events": [
            {"id": "e7e00000-2017-4000-8000-000000000001", "type": "agreement_adopted", "data": valid(EventType::AgreementAdopted)},
            {"id": "e7e00000-2017-4000-8000-000000000001", "type": "activity_cancelled", "data": {"reason": "  "}},
            {"type": "focus_area_added", "schema_version": 1, "data": {"key": "droger"}}
        ]
    }))
    .unwrap();
    let errors = line.validate(&ctx()).unwrap_err();
    assert_eq!(
        errors.paths(),
        vec![
            "events[1].id",
            "events[1].type",
            "events[1].data.reason",
            "events[2].data.name"
        ],
        "{errors}"
    );

    let bad_stream = ImportLine {
        stream: "activities-1".into(),
        ..line.clone()
    };
    assert_eq!(
        bad_stream.validate(&ctx()).unwrap_err().paths()[0],
        "stream"
    );

    let empty = AppendRequest {
        expected_version: None,
        events: vec![],
    };
    let stream = StreamName::new(StreamCategory::Activity, Uuid::nil());
    assert_eq!(
        empty.validate(&stream, &ctx()).unwrap_err().paths(),
        vec!["events"]
    );

    let unknown_field =
        serde_json::from_value::<AppendRequest>(json!({"expected_versoin": 1, "events": []}));
    assert!(unknown_field.is_err(), "typos in the envelope are refused");
}

#[test]
fn stream_names() {
    let name = "activity-ac710000-2017-4000-8000-000000000001";
    let stream = StreamName::parse(name).unwrap();
    assert_eq!(stream.category(), StreamCategory::Activity);
    assert_eq!(stream.to_string(), name);
    for bad in [
        "activity",
        "activity-",
        "activities-ac710000-2017-4000-8000-000000000001",
        "activity-AC710000-2017-4000-8000-000000000001",
        "activity-ac7100002017400080000000000000001",
        "Agreement-ac710000-2017-4000-8000-000000000001",
    ] {
        assert!(StreamName::parse(bad).is_err(), "{bad}");
    }
    assert!(StreamCategory::Agreement.allows(EventType::CommitmentAdded));
    assert!(!StreamCategory::Agreement.allows(EventType::ActivityCompleted));
    for category in StreamCategory::ALL {
        assert!(category.allows(EventType::Correction) && category.allows(EventType::Retraction));
    }
    // Every type belongs somewhere.
    for event_type in EventType::ALL {
        assert!(
            StreamCategory::ALL.iter().any(|c| c.allows(event_type)),
            "{event_type:?}"
        );
    }
}

#[test]
fn a_stream_name_reads_and_writes_one_text() {
    let ids = [
        Uuid::nil(),
        Uuid::max(),
        Uuid::parse_str("0190f2c4-7d1e-7c3a-9f00-1b2c3d4e5f60").unwrap(),
    ];
    let mut names = Vec::new();
    for category in StreamCategory::ALL {
        for id in ids {
            let name = StreamName::new(category, id);
            let text = format!("{}-{}", category.as_str(), id.hyphenated());
            assert_eq!(&*name.text(), text, "text() is Display without allocating");
            assert_eq!(name.to_string(), text);
            assert!(name.text().len() <= StreamName::MAX_LEN);
            assert_eq!(text.parse::<StreamName>().unwrap(), name, "FromStr");
            let json = serde_json::to_string(&name).unwrap();
            assert_eq!(json, format!("\"{text}\""));
            assert_eq!(serde_json::from_str::<StreamName>(&json).unwrap(), name);
            names.push(name);
        }
    }
    // Ordered as their texts are: the order of the store's stream index.
    let mut by_name = names.clone();
    by_name.sort();
    let mut by_text = names;
    by_text.sort_by_key(|n| n.to_string());
    assert_eq!(by_name, by_text);
    assert_eq!(
        StreamName::MAX_LEN,
        StreamName::new(StreamCategory::Agreement, Uuid::max())
            .text()
            .len()
    );
}

#[test]
fn a_stored_stream_name_that_does_not_parse_is_an_error_naming_it() {
    for (json, found) in [
        (r#""activity-a""#, "activity-a"),
        (r#""crash-0190f2c4-7d1e-7c3a-9f00-1b2c3d4e5f60""#, "crash-"),
        (
            r#""activity-0190F2C4-7D1E-7C3A-9F00-1B2C3D4E5F60""#,
            "0190F2C4",
        ),
        (
            r#""activity-{0190f2c4-7d1e-7c3a-9f00-1b2c3d4e5f60}""#,
            "{0190f2c4",
        ),
    ] {
        let err = serde_json::from_str::<StreamName>(json)
            .unwrap_err()
            .to_string();
        assert!(err.contains(found), "{json}: {err}");
        assert!(err.contains("activity-<uuid>"), "{json}: {err}");
    }
    let not_a_string = serde_json::from_str::<StreamName>("17").unwrap_err();
    assert!(
        not_a_string.to_string().contains("a stream name"),
        "{not_a_string}"
    );
}

#[test]
fn metadata_carries_the_schema_version_for_decoding() {
    let event = parse_event(
        "activity_completed",
        None,
        &valid(EventType::ActivityCompleted),
        &ctx(),
    )
    .unwrap();
    let encoded: EncodedEvent = encode(&event);
    let metadata = EventMetadata {
        correlation_id: Some(Uuid::nil()),
        ..EventMetadata::for_event(&encoded, "anna.svensson", "Hagfors kommun")
    };
    let metadata_bytes = serde_json::to_vec(&metadata).unwrap();
    let back: EventMetadata = serde_json::from_slice(&metadata_bytes).unwrap();
    assert_eq!(back, metadata);
    assert_eq!(back.schema_version, 3);

    let id = Uuid::from_u128(7);
    let recorded = RecordedDomainEvent::decode(
        id,
        1,
        42,
        encoded.event_type,
        &encoded.data_bytes(),
        &metadata_bytes,
    )
    .unwrap();
    assert_eq!(
        (recorded.id, recorded.version, recorded.position),
        (id, 1, 42)
    );
    assert_eq!(recorded.event, event);
    assert!(matches!(
        RecordedDomainEvent::decode(id, 1, 42, "activity_completed", b"{", &metadata_bytes),
        Err(DecodeError::Json { what: "data", .. })
    ));
}
