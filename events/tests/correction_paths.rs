//! A correction that would leave its target invalid is refused at
//! `data.changes`, and names the fields at fault within the target in
//! `within`, so that a form can show each refusal at its input without
//! reading the English problem.

use serde_json::json;
use trygglogg_events::EventType;

use crate::stream_rules::{check, correction, v};

#[test]
fn a_correction_names_the_fields_its_corrected_event_would_get_wrong() {
    // (changes, the fields at fault within the corrected event); a change
    // of `facts` replaces them all, so each names a focus.
    let cases = [
        (
            json!({"facts": {"focus": ["speed"], "controls": "tre"}}),
            vec!["data.facts.controls"],
        ),
        (
            json!({"facts": {"focus": ["speed"], "checked": -1, "controls": "tre"}}),
            vec!["data.facts.checked", "data.facts.controls"],
        ),
    ];
    for (changes, within) in cases {
        let refused = check(
            &[v(EventType::ActivityCompleted)],
            correction(1, "activity_completed", changes.clone()),
        )
        .expect_err("refused");
        assert_eq!(refused.rule, "correction_invalid", "{changes}");
        assert_eq!(refused.path, "data.changes", "{changes}");
        let mut found = refused.within.clone();
        found.sort();
        assert_eq!(found, within, "{changes}: {refused}");
    }
    // A rule about the correction itself names no field within.
    let refused = check(
        &[v(EventType::ActivityCompleted)],
        correction(9, "activity_completed", json!({"places": ["Ekshärad"]})),
    )
    .expect_err("refused");
    assert_eq!(refused.rule, "target_not_found");
    assert!(refused.within.is_empty(), "{:?}", refused.within);
}
