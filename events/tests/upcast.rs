//! Upcasting stored events of every older version (kept as files under
//! tests/fixtures/v1/ and tests/fixtures/v2/).

use crate::common::ctx;
use serde_json::{json, Value};
use trygglogg_events::{
    amend, decode, decode_placing, encode, parse_event, upcast, ActivityChange, DecodeError,
    DomainEvent, EventType,
};

fn stored_v1(name: &str) -> (String, u32, Value) {
    stored("v1", name)
}

fn stored(version: &str, name: &str) -> (String, u32, Value) {
    let path = format!(
        "{}/tests/fixtures/{version}/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let stored: Value = serde_json::from_str(&text).unwrap();
    (
        stored["event_type"].as_str().unwrap().to_owned(),
        u32::try_from(stored["schema_version"].as_u64().unwrap()).unwrap(),
        stored["data"].clone(),
    )
}

#[test]
fn stored_v1_activities_decode_with_places() {
    for name in ["activity_completed", "activity_planned"] {
        let (event_type, version, data) = stored_v1(name);
        assert_eq!(version, 1);
        let event = decode(&event_type, version, &data).unwrap_or_else(|e| panic!("{name}: {e}"));
        let places = match &event {
            DomainEvent::ActivityCompleted(e) => &e.places,
            DomainEvent::ActivityPlanned(e) => &e.places,
            other => panic!("unexpected {other:?}"),
        };
        let expected_place = data["place"].as_str().unwrap();
        assert_eq!(places.as_slice().len(), 1);
        assert_eq!(places.first().as_str(), expected_place);
        // Re-encoding writes the current version.
        let encoded = encode(&event);
        assert_eq!(
            encoded.schema_version,
            EventType::parse(&event_type).unwrap().current_version()
        );
        assert_eq!(encoded.data["places"], json!([expected_place]));
        assert!(encoded.data.get("place").is_none());
    }
}

#[test]
fn clients_may_still_send_v1() {
    let (event_type, version, data) = stored_v1("activity_completed");
    let event = parse_event(&event_type, Some(version), &data, &ctx()).unwrap();
    assert_eq!(event.event_type(), EventType::ActivityCompleted);
}

#[test]
fn upcaster_refuses_malformed_v1() {
    let cases = [
        json!({"summary": "no place"}),
        json!({"place": "Hagfors", "places": ["Hagfors"]}),
        json!(["not an object"]),
    ];
    for data in cases {
        let result = upcast(EventType::ActivityCompleted, 1, data.clone());
        assert!(
            matches!(result, Err(DecodeError::Upcast { from: 1, .. })),
            "{data}"
        );
    }
}

#[test]
fn current_versions_pass_through_unchanged() {
    let data = json!({"reason": "x"});
    assert_eq!(
        upcast(EventType::ActivityCancelled, 1, data.clone()).unwrap(),
        data
    );
    assert!(upcast(EventType::ActivityCancelled, 0, data).is_err());
}

/// The cheap placing reading of stored v1 events: upcast first, so it says
/// what the full reading says.
#[test]
fn stored_v1_activities_are_placed_as_the_full_reading_places_them() {
    for name in ["activity_completed", "activity_planned"] {
        let (event_type, version, data) = stored_v1(name);
        let text = data.to_string();
        let placing = match decode_placing(&event_type, version, &text) {
            Ok(Some(ActivityChange::Completed(p) | ActivityChange::Planned(p))) => p,
            other => panic!("{name}: {other:?}"),
        };
        let (dates, responsible) = match decode(&event_type, version, &data).unwrap() {
            DomainEvent::ActivityCompleted(e) => (e.occurred, e.responsible),
            DomainEvent::ActivityPlanned(e) => (e.planned, e.responsible),
            other => panic!("unexpected {other:?}"),
        };
        assert_eq!(placing.planned.or(placing.occurred), Some(dates), "{name}");
        let responsible: Vec<String> = responsible.iter().map(ToString::to_string).collect();
        assert_eq!(
            placing.responsible.unwrap_or_default(),
            responsible,
            "{name}"
        );
    }
}

/// Reading only the placing fields still goes by the stored schema version: a
/// version this build does not know is refused, never read as if it were
/// current. An old event whose upcast changes no placing field is read in
/// place, so what an upcaster would refuse outside the placing fields (v1 data
/// with both `place` and `places`) is left to the full reading, which refuses
/// it; an upcaster that changes placing fields is run, and its refusals are
/// the placing reading's (`stored.rs`'s own tests, with a made-up upcaster).
#[test]
fn the_placing_reading_goes_by_schema_version() {
    let both = r#"{"kind":"serious_talk","facts":{"talks":1},"occurred":"2016-09-01",
        "place":"Hagfors","places":["Hagfors"],"responsible":["Polisen"],"summary":"x"}"#;
    let current = r#"{"kind":"serious_talk","facts":{"talks":1},"occurred":"2016-09-01",
        "places":["Hagfors"],"responsible":["Polisen"],"summary":"x"}"#;
    let cases = [
        (1, both, "a completion"),
        (4, current, "too new"),
        (0, current, "no version 0"),
        (2, current, "a completion"),
        (3, current, "a completion"),
    ];
    for (version, data, expected) in cases {
        let read = decode_placing("activity_completed", version, data);
        let outcome = match &read {
            Err(DecodeError::VersionTooNew { found: 4, .. }) => "too new",
            Err(DecodeError::VersionZero { .. }) => "no version 0",
            Ok(Some(ActivityChange::Completed(_))) => "a completion",
            _ => "something else",
        };
        assert_eq!(outcome, expected, "v{version}: {read:?}");
    }
    let both: Value = serde_json::from_str(both).unwrap();
    assert!(
        matches!(
            decode("activity_completed", 1, &both),
            Err(DecodeError::Upcast { from: 1, .. })
        ),
        "the full reading refuses what the upcaster refuses"
    );
}

/// Every stored example of an older version places its activity in place
/// exactly as its upcast to the current version does: the real upcasters that
/// say they change no placing field (`Upcaster::changes_placing`) keep to it.
#[test]
fn an_old_events_placing_read_in_place_is_its_upcast_placing() {
    let examples = [
        ("v1", "activity_completed"),
        ("v1", "activity_planned"),
        ("v2", "activity_completed_licensing_inspection"),
        ("v2", "activity_completed_test_purchase"),
        ("v2", "activity_completed_traffic_control"),
        ("v2", "correction_of_test_purchase"),
    ];
    for (version_dir, name) in examples {
        let (event_type, version, data) = stored(version_dir, name);
        let ty = EventType::parse(&event_type).unwrap();
        let stored_text = data.to_string();
        let upcast_text = upcast(ty, version, data).unwrap().to_string();
        let in_place = decode_placing(&event_type, version, &stored_text).unwrap();
        let upcast = decode_placing(&event_type, ty.current_version(), &upcast_text).unwrap();
        assert!(in_place.is_some(), "{name}");
        assert_eq!(format!("{in_place:?}"), format!("{upcast:?}"), "{name}");
    }
}

/// v1 agreements and commitments are v2 as they stand: every v1 field means
/// the same, the new ones are absent, and re-encoding writes v2.
#[test]
fn stored_v1_agreements_and_commitments_read_as_v2() {
    for name in ["agreement_adopted", "commitment_added"] {
        let (event_type, version, data) = stored_v1(name);
        assert_eq!(version, 1);
        let event = decode(&event_type, version, &data).unwrap_or_else(|e| panic!("{name}: {e}"));
        let encoded = encode(&event);
        assert_eq!(encoded.schema_version, 2, "{name}");
        assert_eq!(encoded.data, data, "{name}: nothing added, nothing lost");
    }
    let (event_type, version, data) = stored_v1("agreement_adopted");
    let DomainEvent::AgreementAdopted(adopted) = decode(&event_type, version, &data).unwrap()
    else {
        panic!("not an agreement")
    };
    assert_eq!(adopted.follows, None);
    assert!(adopted.signatories.is_empty() && adopted.other_parties.is_empty());
    assert!(!adopted.period.start_unknown());
}

/// A v1 measurement named what it measured itself; v2 keeps that as
/// `unlinked`, readable and shown, while new ones must name a defined
/// indicator.
#[test]
fn stored_v1_measurements_are_kept_as_unlinked() {
    let (event_type, version, data) = stored_v1("indicator_measured");
    let event = decode(&event_type, version, &data).unwrap();
    let encoded = encode(&event);
    assert_eq!(encoded.schema_version, 2);
    assert_eq!(
        encoded.data,
        json!({
            "unlinked": {
                "name": "Andel som känner sig trygga i centrum på kvällen",
                "unit": "procent",
                "source": "Polisens trygghetsmätning 2016",
                "focus_area": "trafikmiljo"
            },
            "value": 71.5,
            "period": {"from": "2016-01-01", "to": "2016-12-31"}
        })
    );
    // Stored v2 data of that shape reads back the same.
    assert_eq!(decode(&event_type, 2, &encoded.data).unwrap(), event);
    // A new event may not be free-standing, in either version.
    for (version, data) in [(1, data), (2, encoded.data)] {
        let errors = parse_event(&event_type, Some(version), &data, &ctx()).unwrap_err();
        assert_eq!(errors.paths(), vec!["data.unlinked"], "v{version}");
    }
}

#[test]
fn the_measurement_upcaster_refuses_malformed_v1() {
    let cases = [
        json!({"value": 1, "unit": "st", "source": "x", "period": "2016-01-01"}),
        json!({"indicator": "x", "value": 1, "source": "x", "period": "2016-01-01"}),
        json!({"indicator": "x", "unit": "st", "source": "x", "unlinked": {}}),
        json!("not an object"),
    ];
    for data in cases {
        let result = upcast(EventType::IndicatorMeasured, 1, data.clone());
        assert!(
            matches!(result, Err(DecodeError::Upcast { from: 1, .. })),
            "{data}"
        );
    }
    for event_type in [EventType::AgreementAdopted, EventType::CommitmentAdded] {
        assert!(upcast(event_type, 1, json!([1])).is_err(), "{event_type:?}");
    }
}

/// v2 → v3 of `activity_completed`: facts renamed keep their values, and a
/// traffic control's total `reported` stays a total (no split by offence is
/// invented); every other field is as stored.
#[test]
fn stored_v2_completions_read_with_the_v3_names() {
    let cases = [
        (
            "activity_completed_test_purchase",
            json!({"products": ["beer", "tobacco"], "attempts": 8, "sales_made": 2}),
        ),
        (
            "activity_completed_licensing_inspection",
            json!({"premises_inspected": "several", "remarks": 1}),
        ),
        (
            "activity_completed_traffic_control",
            json!({"focus": ["speed", "sobriety"], "basis": "targeted", "controls": 4,
                   "checked": 120, "reported": 7}),
        ),
    ];
    for (name, facts) in cases {
        let (event_type, version, data) = stored("v2", name);
        assert_eq!(version, 2, "{name}");
        let event = decode(&event_type, version, &data).unwrap_or_else(|e| panic!("{name}: {e}"));
        let encoded = encode(&event);
        assert_eq!(encoded.schema_version, 3, "{name}");
        assert_eq!(encoded.data["facts"], facts, "{name}");
        let mut rest = encoded.data.clone();
        let mut stored_rest = data.clone();
        rest.as_object_mut().unwrap().remove("facts");
        stored_rest.as_object_mut().unwrap().remove("facts");
        // `continues` is written out as false where v2 left it out.
        assert_eq!(
            rest.as_object_mut().unwrap().remove("continues"),
            Some(json!(false))
        );
        assert_eq!(rest, stored_rest, "{name}: only the facts change");
    }
}

/// A correction recorded before v3 names a completion's facts as v2 did; read
/// now, it names them as v3 does, so that it still applies to its target.
#[test]
fn stored_v1_corrections_of_completions_read_with_the_v3_names() {
    let (event_type, version, data) = stored("v2", "correction_of_test_purchase");
    assert_eq!(version, 1);
    let DomainEvent::Correction(correction) = decode(&event_type, version, &data).unwrap() else {
        panic!("not a correction");
    };
    let changes = serde_json::to_value(&correction.changes).unwrap();
    assert_eq!(
        changes["facts"],
        json!({"products": ["beer"], "attempts": 6, "sales_made": 1})
    );
    // A correction of another type is left as it was.
    let other = json!({"target": "00000000-0000-0000-0000-000000000007",
        "target_type": "activity_planned", "changes": {"title": "Ny titel"}, "reason": "Stavfel."});
    assert_eq!(
        upcast(EventType::Correction, 1, other.clone()).unwrap(),
        other
    );
}

#[test]
fn the_v2_upcaster_refuses_an_old_name_beside_its_new_one() {
    let both = json!({"kind": "test_purchase",
        "facts": {"products": ["beer"], "outlets_tested": 3, "attempts": 3}});
    assert!(matches!(
        upcast(EventType::ActivityCompleted, 2, both),
        Err(DecodeError::Upcast { from: 2, .. })
    ));
}

/// Stored events of every older version read unchanged under the fields
/// widened without a new version (a meeting's organisations by name, a
/// traffic control's focus, an assessment's continuation): what was stored
/// is what is read and written again, and a party reads as an organisation.
#[test]
fn stored_events_of_every_version_read_unchanged_under_the_widened_fields() {
    let v3_meeting = json!({
        "kind": "coordination_meeting",
        "facts": {"organisations": ["Polisen", "Hagfors kommun"],
                  "participants": {"Polisen": 1, "Hagfors kommun": 4}},
        "occurred": "2018-03-01", "places": ["Hagfors"], "responsible": ["Polisen"],
        "summary": "Möte."
    });
    let v1_assessment = json!({"commitment": "trafikkontroller", "year": 2018,
        "verdict": "met", "continues": "yes"});
    let fixture = |version, name| stored(version, name);
    // (what, event type, stored version, stored data, the field read back)
    let cases: Vec<(&str, String, u32, Value, &str)> = vec![
        {
            let (t, v, d) = fixture("v2", "activity_completed_traffic_control");
            ("v2 traffic control", t, v, d, "/facts/focus")
        },
        {
            let (t, v, d) = fixture("v2", "activity_completed_coordination_meeting");
            ("v2 meeting", t, v, d, "/facts/participants")
        },
        {
            let (t, v, d) = fixture("v2", "activity_completed_coordination_meeting");
            (
                "v2 meeting's organisations",
                t,
                v,
                d,
                "/facts/organisations",
            )
        },
        (
            "v3 meeting",
            "activity_completed".into(),
            3,
            v3_meeting,
            "/facts/participants",
        ),
        (
            "v1 assessment",
            "commitment_assessed".into(),
            1,
            v1_assessment,
            "/continues",
        ),
    ];
    for (what, event_type, version, data, field) in cases {
        let event = decode(&event_type, version, &data).unwrap_or_else(|e| panic!("{what}: {e}"));
        let encoded = encode(&event);
        assert_eq!(
            encoded.data.pointer(field),
            data.pointer(field),
            "{what}: {field}"
        );
        assert!(encoded.data.pointer(field).is_some(), "{what}: {field}");
        if let DomainEvent::ActivityCompleted(completed) = &event {
            if field == "/facts/participants" {
                let from_polisen = completed
                    .report
                    .labelled_facts()
                    .into_iter()
                    .find(|f| f.name == "participants.Polisen")
                    .map(|f| f.label);
                assert_eq!(
                    from_polisen.as_deref(),
                    Some("deltagare från Polisen"),
                    "{what}"
                );
            }
        }
    }
}

/// A v1 correction of every type of the agreement's stream whose version was
/// raised since, read now: its changes as the target's current version names
/// them.
#[test]
fn stored_v1_corrections_of_agreement_events_read_as_the_current_version_states_them() {
    // (target type, the v1 changes, the changes as read now)
    let cases = [
        (
            "agreement_adopted",
            json!({"title": "Medborgarlöften 2018"}),
            json!({"title": "Medborgarlöften 2018"}),
        ),
        (
            "commitment_added",
            json!({"target": {"per_year": 20}, "title": "Trafikkontroller"}),
            json!({"target": {"per_year": 20}, "title": "Trafikkontroller"}),
        ),
        (
            "indicator_measured",
            json!({"unit": "andel i procent"}),
            json!({"unlinked": {"unit": "andel i procent"}}),
        ),
        (
            "indicator_measured",
            json!({"indicator": "Andel trygga", "source": "NTU", "focus_area": "centrum", "value": 64.5}),
            json!({"unlinked": {"name": "Andel trygga", "source": "NTU", "focus_area": "centrum"},
                   "value": 64.5}),
        ),
        (
            "indicator_measured",
            json!({"value": 64.5}),
            json!({"value": 64.5}),
        ),
    ];
    for (target_type, v1, now) in cases {
        let data = json!({"target": "00000000-0000-0000-0000-000000000007",
            "target_type": target_type, "changes": v1, "reason": "Fel i underlaget."});
        let DomainEvent::Correction(correction) =
            decode("correction", 1, &data).unwrap_or_else(|e| panic!("{target_type} {v1}: {e}"))
        else {
            panic!("not a correction");
        };
        assert_eq!(
            serde_json::to_value(&correction.changes).unwrap(),
            now,
            "{target_type} {v1}"
        );
    }
}

/// A v1 measurement corrected by a v1 correction of its unit: folded now, the
/// measurement has the new unit and keeps its name, source and focus area.
#[test]
fn a_v1_correction_of_a_v1_measurements_unit_changes_the_unit_alone() {
    let (event_type, version, data) = stored_v1("indicator_measured");
    let measured = decode(&event_type, version, &data).unwrap();
    let correction = decode(
        "correction",
        1,
        &json!({"target": "00000000-0000-0000-0000-000000000001",
            "target_type": "indicator_measured", "changes": {"unit": "andel (%)"},
            "reason": "Enheten var fel."}),
    )
    .unwrap();
    let mut stream = Vec::new();
    amend(&mut stream, Some(uuid::Uuid::from_u128(1)), &measured);
    amend(&mut stream, Some(uuid::Uuid::from_u128(2)), &correction);
    let DomainEvent::IndicatorMeasured(now) = &stream[0].event else {
        panic!("not a measurement: {:?}", stream[0].event);
    };
    let unlinked = serde_json::to_value(now.unlinked.as_ref().unwrap()).unwrap();
    assert_eq!(
        unlinked,
        json!({"name": "Andel som känner sig trygga i centrum på kvällen",
            "unit": "andel (%)", "source": "Polisens trygghetsmätning 2016",
            "focus_area": "trafikmiljo"})
    );
    assert_eq!(serde_json::to_value(now.value).unwrap(), json!(71.5));
}

/// A v1 correction that already names `unlinked` was never written by v1:
/// refused as damaged, never guessed.
#[test]
fn a_v1_correction_naming_unlinked_is_refused() {
    let data = json!({"target": "00000000-0000-0000-0000-000000000007",
        "target_type": "indicator_measured",
        "changes": {"unlinked": {"unit": "x"}}, "reason": "Fel."});
    assert!(matches!(
        upcast(EventType::Correction, 1, data),
        Err(DecodeError::Upcast { from: 1, .. })
    ));
}

/// `unlinked` is for measurements upcast from v1 only: a new correction that
/// gives it, whole or in part, is refused at it, saying why.
#[test]
fn a_new_correction_may_not_give_unlinked() {
    for unlinked in [
        json!({"unit": "x"}),
        json!({"name": "Andel trygga", "unit": "procent", "source": "NTU"}),
    ] {
        let data = json!({"target": "00000000-0000-0000-0000-000000000007",
            "target_type": "indicator_measured", "changes": {"unlinked": unlinked},
            "reason": "Fel."});
        let refused = parse_event("correction", None, &data, &ctx()).unwrap_err();
        let text = refused.to_string();
        assert!(
            text.contains("changes.unlinked")
                && text.contains(
                    "is kept only for measurements recorded before indicators were defined"
                ),
            "{unlinked}: {text}"
        );
    }
}
