//! Validation of each event type: table-driven, one row per rule.

use crate::common::{ctx, date, parse, valid, with, without};
use serde_json::{json, Value};
use trygglogg_events::{
    parse_event, ActivityReport, DomainEvent, EventType, Occurred, Quantity, Target,
};

#[test]
fn every_example_is_valid() {
    for event_type in EventType::ALL {
        let event = parse(event_type.as_str(), &valid(event_type))
            .unwrap_or_else(|e| panic!("{event_type:?}:\n{e}"));
        assert_eq!(event.event_type(), event_type);
    }
}

/// (event type, field to set by JSON pointer, value, expected error paths)
type Case = (EventType, &'static str, Value, &'static [&'static str]);

#[test]
fn refuses_invalid_fields_with_their_paths() {
    use EventType::*;
    let cases: Vec<Case> = vec![
        // Required fields present (null counts as absent).
        (
            ActivityCompleted,
            "/summary",
            Value::Null,
            &["data.summary"],
        ),
        (ActivityPlanned, "/places", json!([]), &["data.places"]),
        (
            ActivityPlanned,
            "/responsible",
            json!([]),
            &["data.responsible"],
        ),
        // Counts non-negative and whole.
        (
            ActivityCompleted,
            "/facts/checked",
            json!(-3),
            &["data.facts.checked"],
        ),
        (
            ActivityCompleted,
            "/facts/checked",
            json!(2.5),
            &["data.facts.checked"],
        ),
        (
            ActivityCompleted,
            "/facts/checked",
            json!("many"),
            &["data.facts.checked"],
        ),
        (ActivityCompleted, "/hours", json!(-1), &["data.hours"]),
        (
            ActivityCompleted,
            "/cost_sek",
            json!("500 kr"),
            &["data.cost_sek"],
        ),
        (
            CommitmentAdded,
            "/target",
            json!({"per_year": -20}),
            &["data.target.per_year"],
        ),
        (
            CommitmentAdded,
            "/target",
            json!("sometimes"),
            &["data.target"],
        ),
        // Dates: well-formed, ranges forward, not in the future, plans not far ahead.
        (
            ActivityCompleted,
            "/occurred",
            json!("2017-13-01"),
            &["data.occurred"],
        ),
        (
            ActivityCompleted,
            "/occurred",
            json!("2017-7-1"),
            &["data.occurred"],
        ),
        (
            ActivityCompleted,
            "/occurred",
            json!("1999-12-31"),
            &["data.occurred"],
        ),
        (
            ActivityCompleted,
            "/occurred",
            json!({"from": "2017-05-31", "to": "2017-05-01"}),
            &["data.occurred"],
        ),
        (
            ActivityCompleted,
            "/occurred",
            json!("2017-12-01"),
            &["data.occurred"],
        ),
        (
            ActivityCompleted,
            "/occurred",
            json!({"from": "2017-11-01"}),
            &["data.occurred.to"],
        ),
        (
            ActivityPlanned,
            "/planned",
            json!("2021-01-01"),
            &["data.planned"],
        ),
        (
            FollowUpReviewed,
            "/reviewed",
            json!("2018-12-01"),
            &["data.reviewed"],
        ),
        (
            IndicatorMeasured,
            "/period",
            json!({"from": "2017-01-01", "to": "2019-06-30"}),
            &["data.period"],
        ),
        (
            AgreementAdopted,
            "/period",
            json!({"first_year": 2020, "years": 2}),
            &["data.period.first_year"],
        ),
        (
            AgreementAdopted,
            "/period",
            json!({"first_year": 2018, "years": 0}),
            &["data.period.years"],
        ),
        // Places and texts.
        (
            ActivityCompleted,
            "/places",
            json!(["Hagfors centrum", " "]),
            &["data.places[1]"],
        ),
        (
            ActivityCompleted,
            "/places",
            json!(["Ekshärad", "Ekshärad"]),
            &["data.places[1]"],
        ),
        (
            ActivityCompleted,
            "/summary",
            json!("x".repeat(1001)),
            &["data.summary"],
        ),
        // Parties.
        (
            ActivityCompleted,
            "/responsible",
            json!(["Polis"]),
            &["data.responsible[0]"],
        ),
        (
            AgreementAdopted,
            "/parties",
            json!(["Hagfors kommun"]),
            &["data.parties"],
        ),
        (
            AgreementAdopted,
            "/parties",
            json!(["Polisen"]),
            &["data.parties"],
        ),
        (
            AgreementAdopted,
            "/parties",
            json!(["Polisen", "Hagfors kommun", "Hagfors kommun/skola"]),
            &["data.parties[2]"],
        ),
        (
            AgreementAdopted,
            "/municipality",
            json!("Hagfors"),
            &["data.municipality"],
        ),
        // Keys unique within an agreement.
        (
            AgreementAdopted,
            "/focus_areas",
            json!([{"key": "a", "name": "A"}, {"key": "a", "name": "B"}]),
            &["data.focus_areas[1].key"],
        ),
        // Kind-specific facts.
        (
            ActivityCompleted,
            "/facts/focus",
            json!(["speeding"]),
            &["data.facts.focus[0]"],
        ),
        (
            ActivityCompleted,
            "/facts/vehicles",
            json!(3),
            &["data.facts.vehicles"],
        ),
        (
            ActivityCompleted,
            "/kind",
            json!("Traffic Control"),
            &["data.kind"],
        ),
        (
            ActivityCompleted,
            "/facts",
            json!({"focus": []}),
            &["data.facts.focus"],
        ),
        // A follow-up cannot be reviewed before its year.
        (FollowUpReviewed, "/year", json!(2019), &["data.year"]),
        // Unknown fields are refused, so typos do not vanish.
        (
            ActivityCancelled,
            "/resaon",
            json!("typo"),
            &["data.resaon"],
        ),
        // Amendments.
        (Correction, "/changes", json!({}), &["data.changes"]),
        (
            Correction,
            "/changes",
            json!({"places": []}),
            &["data.changes.places"],
        ),
        (
            Correction,
            "/changes",
            json!({"kind": "inquiry"}),
            &["data.changes.kind"],
        ),
        (
            Correction,
            "/changes",
            json!({"occurred": "2018-01-01"}),
            &["data.changes.occurred"],
        ),
        (
            Correction,
            "/changes",
            json!({"nonsense": 1}),
            &["data.changes.nonsense"],
        ),
        (
            Correction,
            "/target_type",
            json!("retraction"),
            &["data.target_type"],
        ),
        (Retraction, "/target", json!("not-a-uuid"), &["data.target"]),
    ];
    for (event_type, pointer, value, paths) in cases {
        let data = with(valid(event_type), pointer, value.clone());
        let errors = parse(event_type.as_str(), &data)
            .err()
            .unwrap_or_else(|| panic!("{event_type:?} {pointer} = {value} was accepted"));
        assert_eq!(
            &errors.paths(),
            paths,
            "{event_type:?} {pointer} = {value}:\n{errors}"
        );
        for error in &errors.errors {
            assert!(
                !error.problem.is_empty() && !error.expected.is_empty(),
                "{error}"
            );
        }
    }
}

#[test]
fn collects_every_error_not_only_the_first() {
    let data = json!({
        "kind": "test_purchase",
        "facts": {"products": [], "attempts": -1},
        "occurred": {"from": "2017-07-31", "to": "2017-07-01"},
        "places": [""],
        "responsible": ["Polis"],
        "summary": "",
        "extra": true
    });
    let errors = parse("activity_completed", &data).unwrap_err();
    assert_eq!(
        errors.paths(),
        vec![
            "data.facts.products",
            "data.facts.attempts",
            "data.occurred",
            "data.places[0]",
            "data.responsible[0]",
            "data.summary",
            "data.extra",
        ],
        "{errors}"
    );
}

#[test]
fn messages_say_what_to_do() {
    let data = with(valid(EventType::ActivityCompleted), "/places", json!([""]));
    let errors = parse("activity_completed", &data).unwrap_err();
    assert_eq!(
        errors.to_string(),
        "data.places[0]: must not be empty; give the locality, e.g. \"Hagfors centrum\""
    );
    let missing = without(valid(EventType::ActivityCompleted), "occurred");
    let errors = parse("activity_completed", &missing).unwrap_err();
    assert!(errors
        .to_string()
        .starts_with("data.occurred: is required but missing; give a date"));
}

#[test]
fn unknown_kinds_are_accepted_with_generic_facts() {
    let data = json!({
        "kind": "night_walk",
        "facts": {"counts": {"participants": 12, "walks": "several"}, "texts": {"route": "Centrum – Älvstranden"}},
        "occurred": "2017-09-22",
        "places": ["Hagfors centrum"],
        "responsible": ["Hagfors kommun/fritid"],
        "summary": "Nattvandring med föräldrar."
    });
    let event = parse("activity_completed", &data).unwrap();
    let DomainEvent::ActivityCompleted(completed) = event else {
        panic!("wrong type")
    };
    let ActivityReport::Other { kind, facts, .. } = &completed.report else {
        panic!("expected generic facts")
    };
    assert_eq!(kind.as_str(), "night_walk");
    assert_eq!(facts.counts.len(), 2);

    let bad = with(data, "/facts/counts/participants", json!(-1));
    let errors = parse("activity_completed", &bad).unwrap_err();
    assert_eq!(errors.paths(), vec!["data.facts.counts.participants"]);
}

#[test]
fn counts_may_be_several_or_left_out() {
    let data = with(
        valid(EventType::ActivityCompleted),
        "/facts",
        json!({"focus": ["sobriety"], "controls": "several"}),
    );
    let DomainEvent::ActivityCompleted(completed) = parse("activity_completed", &data).unwrap()
    else {
        panic!("wrong type")
    };
    let ActivityReport::TrafficControl(facts) = completed.report else {
        panic!("wrong kind")
    };
    assert_eq!(facts.controls, Some(Quantity::Several));
    assert_eq!(facts.checked, None);
}

#[test]
fn targets_are_a_count_a_fact_sum_an_indicator_continuous_or_once() {
    for raw in [
        json!({"per_year": 20}),
        json!({"fact": "controls", "at_least": 25}),
        json!({"indicator": "trygg-centrum"}),
        json!("continuous"),
        json!("once"),
    ] {
        let data = with(valid(EventType::CommitmentAdded), "/target", raw.clone());
        let DomainEvent::CommitmentAdded(c) = parse("commitment_added", &data).unwrap() else {
            panic!("wrong type")
        };
        // Written back as it was given.
        assert_eq!(serde_json::to_value(&c.target).unwrap(), raw, "{raw}");
        let as_parsed = match &c.target {
            Target::PerYear(n) => json!({"per_year": n.get()}),
            Target::FactSum { fact, at_least } => {
                json!({"fact": fact.as_str(), "at_least": at_least.get()})
            }
            Target::Indicator(key) => json!({"indicator": key.as_str()}),
            Target::Continuous => json!("continuous"),
            Target::Once => json!("once"),
        };
        assert_eq!(as_parsed, raw);
    }
}

#[test]
fn unknown_type_and_bad_versions_are_refused() {
    let data = valid(EventType::ActivityCancelled);
    let cases: &[(&str, Option<u32>, &str)] = &[
        ("activity_deleted", None, "type"),
        ("ActivityCancelled", None, "type"),
        ("activity_cancelled", Some(0), "schema_version"),
        ("activity_cancelled", Some(2), "schema_version"),
    ];
    for (event_type, version, path) in cases {
        let errors = parse_event(event_type, *version, &data, &ctx()).unwrap_err();
        assert_eq!(errors.paths(), vec![*path], "{event_type} {version:?}");
    }
    let errors = parse_event("activity_cancelled", None, &json!([1]), &ctx()).unwrap_err();
    assert_eq!(errors.paths(), vec!["data"]);
}

#[test]
fn occurred_is_the_valid_time() {
    let cases = [
        (
            EventType::ActivityCompleted,
            Some(Occurred::On(date(2017, 10, 3))),
        ),
        (
            EventType::ActivityPlanned,
            Some(Occurred::On(date(2018, 3, 14))),
        ),
        (
            EventType::AgreementAdopted,
            Some(Occurred::On(date(2017, 11, 15))),
        ),
        (EventType::CommitmentAdded, None),
        (EventType::Retraction, None),
    ];
    for (event_type, expected) in cases {
        let event = parse(event_type.as_str(), &valid(event_type)).unwrap();
        assert_eq!(event.occurred(), expected, "{event_type:?}");
    }
    let range = parse(
        "activity_rescheduled",
        &valid(EventType::ActivityRescheduled),
    )
    .unwrap()
    .occurred()
    .unwrap();
    assert_eq!(
        (range.start(), range.end()),
        (date(2018, 4, 1), date(2018, 4, 30))
    );
}
