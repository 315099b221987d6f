//! Hostile input: arbitrary JSON, in any shape, as any event type or as an
//! append body, is refused with errors that name a field — never a panic.
//! Beside the libFuzzer targets in `fuzz/`, which `cargo test` does not run.

use proptest::prelude::*;
use serde_json::{json, Map, Value};
use trygglogg_events::{json_with_unique_keys, parse_event, AppendRequest, EventType, StreamName};

use crate::common::{ctx, valid};

/// Any JSON value, nested a few levels, with strings that look like what
/// the parsers expect (dates, keys, numbers as text, identity numbers).
fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<f64>().prop_map(|f| json!(f)),
        prop_oneof![
            Just("2017-11-07".to_owned()),
            Just("640823-3234".to_owned()),
            Just("several".to_owned()),
            Just("Polisen".to_owned()),
            Just("".to_owned()),
            "[a-zå-ö0-9 _-]{0,12}",
            any::<String>(),
        ]
        .prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map("[a-z_]{1,10}", inner, 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

/// A valid event's data with one field replaced by arbitrary JSON: the
/// hostile value lands where the parser looks.
fn spoiled(event_type: EventType, field: usize, value: Value) -> Value {
    let mut data = valid(event_type);
    if let Some(object) = data.as_object_mut() {
        let keys: Vec<String> = object.keys().cloned().collect();
        if !keys.is_empty() {
            object.insert(keys[field % keys.len()].clone(), value);
        }
    }
    data
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2048, ..ProptestConfig::default() })]

    #[test]
    fn any_data_of_any_type_is_parsed_or_refused_with_paths(
        which in 0..EventType::ALL.len(),
        version in prop::option::of(0u32..4),
        data in any_json(),
    ) {
        let event_type = EventType::ALL[which];
        if let Err(errors) = parse_event(event_type.as_str(), version, &data, &ctx()) {
            prop_assert!(!errors.errors.is_empty());
            prop_assert!(errors.errors.iter().all(|e| !e.path.is_empty() && !e.expected.is_empty()));
        }
    }

    #[test]
    fn one_hostile_field_in_a_valid_event_is_refused_by_name(
        which in 0..EventType::ALL.len(),
        field in 0usize..16,
        value in any_json(),
    ) {
        let event_type = EventType::ALL[which];
        let data = spoiled(event_type, field, value);
        if let Err(errors) = parse_event(event_type.as_str(), None, &data, &ctx()) {
            prop_assert!(errors.errors.iter().all(|e| e.path.starts_with("data")), "{errors}");
        }
    }

    #[test]
    fn any_json_without_repeated_keys_reads_as_serde_json_reads_it(value in any_json(), raw in any::<Vec<u8>>()) {
        let text = serde_json::to_vec(&value).unwrap();
        prop_assert_eq!(json_with_unique_keys(&text).ok(), serde_json::from_slice::<Value>(&text).ok());
        // Any bytes: the same value as serde_json's, or refused.
        if let Ok(read) = json_with_unique_keys(&raw) {
            prop_assert_eq!(Some(read), serde_json::from_slice::<Value>(&raw).ok());
        }
    }

    #[test]
    fn any_append_body_is_read_or_refused(body in any_json(), raw in any::<Vec<u8>>()) {
        let stream = StreamName::parse("activity-0190f2c4-7d1e-7c3a-9f00-1b2c3d4e5f60").unwrap();
        for request in [serde_json::from_value::<AppendRequest>(body).ok(), serde_json::from_slice::<AppendRequest>(&raw).ok()]
            .into_iter()
            .flatten()
        {
            if let Err(errors) = request.validate(&stream, &ctx()) {
                prop_assert!(!errors.errors.is_empty());
            }
        }
    }
}
