//! Any bytes, as the body of an append: read and validated, or refused.
//! Never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use trygglogg_events::{AppendRequest, StreamName, ValidationContext};

fuzz_target!(|body: &[u8]| {
    // Read as the HTTP append reads it: a key given twice is refused.
    let Ok(value) = trygglogg_events::json_with_unique_keys(body) else {
        return;
    };
    let Ok(request) = serde_json::from_value::<AppendRequest>(value) else {
        return;
    };
    let today = chrono::NaiveDate::from_ymd_opt(2018, 6, 1).expect("a date");
    let stream =
        StreamName::parse("activity-0190f2c4-7d1e-7c3a-9f00-1b2c3d4e5f60").expect("a stream");
    if let Err(errors) = request.validate(&stream, &ValidationContext::new(today)) {
        assert!(!errors.errors.is_empty());
    }
});
