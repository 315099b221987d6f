//! Any bytes, as the data of any event type: parsed, or refused with errors
//! that name a field. Never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use trygglogg_events::{parse_event, EventType, ValidationContext};

fuzz_target!(|input: &[u8]| {
    let Some((&which, json)) = input.split_first() else {
        return;
    };
    let Ok(data) = serde_json::from_slice::<serde_json::Value>(json) else {
        return;
    };
    let event_type = EventType::ALL[which as usize % EventType::ALL.len()];
    let today = chrono::NaiveDate::from_ymd_opt(2018, 6, 1).expect("a date");
    if let Err(errors) = parse_event(
        event_type.as_str(),
        None,
        &data,
        &ValidationContext::new(today),
    ) {
        assert!(!errors.errors.is_empty());
        assert!(errors.errors.iter().all(|e| !e.path.is_empty()));
    }
});
