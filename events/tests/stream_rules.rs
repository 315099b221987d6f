//! Per-stream rules: a pure fold over recorded events, then a check of the next one.

use crate::common::{ctx, parse, started_without_plan, valid, with};
use serde_json::{json, Value};
use trygglogg_events::{
    AppendRequest, EventType, IncomingEvent, RecordedDomainEvent, RuleViolation, StreamName,
    StreamState,
};
use uuid::Uuid;

/// An event as a type and its data.
type Event = (EventType, Value);

/// (history, next event, the rule expected to refuse it — or none).
pub(crate) type Case = (Vec<Event>, Event, Option<&'static str>);

pub(crate) fn id(n: u128) -> Uuid {
    Uuid::from_u128(0xe7e0_0000_0000_4000_8000_0000_0000_0000 + n)
}

/// Folds `history` (ids 1, 2, …) and checks `next` against it.
pub(crate) fn check(
    history: &[(EventType, Value)],
    next: (EventType, Value),
) -> Result<(), RuleViolation> {
    let state = fold(history);
    let event = parse(next.0.as_str(), &next.1).unwrap_or_else(|e| panic!("{e}"));
    state.check(&event)
}

fn fold(history: &[(EventType, Value)]) -> StreamState {
    let mut state = StreamState::default();
    for (i, (event_type, data)) in history.iter().enumerate() {
        let event = parse(event_type.as_str(), data).unwrap_or_else(|e| panic!("{e}"));
        let n = i as u64 + 1;
        state.apply(&RecordedDomainEvent {
            id: id(u128::from(n)),
            version: n,
            position: 100 + n,
            event,
        });
    }
    state
}

pub(crate) fn v(event_type: EventType) -> (EventType, Value) {
    (event_type, valid(event_type))
}

pub(crate) fn correction(target: u128, target_type: &str, changes: Value) -> (EventType, Value) {
    (
        EventType::Correction,
        json!({"target": id(target), "target_type": target_type, "changes": changes, "reason": "Fel uppgift."}),
    )
}

pub(crate) fn retraction(target: u128) -> (EventType, Value) {
    (
        EventType::Retraction,
        json!({"target": id(target), "reason": "Registrerades av misstag."}),
    )
}

#[test]
fn activity_stream_rules() {
    use EventType::*;
    let unplanned_other_kind = (
        ActivityCompleted,
        with(
            with(valid(ActivityCompleted), "/kind", json!("serious_talk")),
            "/facts",
            json!({"talks": 1}),
        ),
    );
    let other_serves = (
        ActivityCompleted,
        with(
            valid(ActivityCompleted),
            "/serves",
            json!({"agreement": Uuid::nil(), "focus_area": "annat"}),
        ),
    );
    let cases: Vec<Case> = vec![
        // A stream starts with planned or completed.
        (vec![], v(ActivityPlanned), None),
        (vec![], v(ActivityCompleted), None),
        (vec![], v(ActivityCancelled), Some("activity_not_started")),
        (vec![], v(ActivityRescheduled), Some("activity_not_started")),
        (
            vec![v(ActivityPlanned)],
            v(ActivityPlanned),
            Some("activity_already_started"),
        ),
        (
            vec![v(ActivityCompleted)],
            v(ActivityPlanned),
            Some("activity_already_started"),
        ),
        (
            vec![v(ActivityPlanned)],
            v(FocusAreaAdded),
            Some("wrong_stream_category"),
        ),
        // From plan to completion.
        (vec![v(ActivityPlanned)], v(ActivityRescheduled), None),
        (
            vec![v(ActivityPlanned), v(ActivityRescheduled)],
            v(ActivityCompleted),
            None,
        ),
        (vec![v(ActivityPlanned)], v(ActivityCancelled), None),
        // A cancelled activity cannot be completed, moved or cancelled again.
        (
            vec![v(ActivityPlanned), v(ActivityCancelled)],
            v(ActivityCompleted),
            Some("activity_cancelled"),
        ),
        (
            vec![v(ActivityPlanned), v(ActivityCancelled)],
            v(ActivityRescheduled),
            Some("activity_cancelled"),
        ),
        (
            vec![v(ActivityPlanned), v(ActivityCancelled)],
            v(ActivityCancelled),
            Some("activity_cancelled"),
        ),
        // A completed one is done.
        (
            vec![v(ActivityPlanned), v(ActivityCompleted)],
            v(ActivityCompleted),
            Some("activity_already_completed"),
        ),
        (
            vec![v(ActivityCompleted)],
            v(ActivityCancelled),
            Some("activity_already_completed"),
        ),
        (
            vec![v(ActivityCompleted)],
            v(ActivityRescheduled),
            Some("activity_already_completed"),
        ),
        // A completion matches its plan.
        (
            vec![v(ActivityPlanned)],
            unplanned_other_kind,
            Some("kind_differs_from_plan"),
        ),
        (
            vec![v(ActivityPlanned)],
            other_serves,
            Some("serves_differs_from_plan"),
        ),
        // Retracting a cancellation reopens the plan.
        (
            vec![v(ActivityPlanned), v(ActivityCancelled), retraction(2)],
            v(ActivityCompleted),
            None,
        ),
        // Retracting the completion allows completing again.
        (
            vec![v(ActivityPlanned), v(ActivityCompleted), retraction(2)],
            v(ActivityCompleted),
            None,
        ),
        // Retracting the opening event voids the stream.
        (
            vec![v(ActivityPlanned), retraction(1)],
            v(ActivityCompleted),
            Some("stream_retracted"),
        ),
    ];
    run(cases);
}

/// `activity_started`: first, or after a plan; then completed or cancelled;
/// never started twice, moved, or started as something the plan was not.
#[test]
fn activity_started_stream_rules() {
    use EventType::*;
    let alone = (ActivityStarted, started_without_plan());
    let without = |field: &str| {
        let mut data = started_without_plan();
        data.as_object_mut().unwrap().remove(field);
        (ActivityStarted, data)
    };
    let other_kind = (
        ActivityStarted,
        with(valid(ActivityStarted), "/kind", json!("serious_talk")),
    );
    let talk_done = (
        ActivityCompleted,
        with(
            with(valid(ActivityCompleted), "/kind", json!("serious_talk")),
            "/facts",
            json!({"talks": 1}),
        ),
    );
    let operation_done = (
        ActivityCompleted,
        with(
            with(
                valid(ActivityCompleted),
                "/kind",
                json!("targeted_operation"),
            ),
            "/facts",
            json!({"theme": "ungdomar och narkotika"}),
        ),
    );
    let cases: Vec<Case> = vec![
        (vec![], alone.clone(), None),
        (
            vec![],
            without("title"),
            Some("start_without_plan_incomplete"),
        ),
        (
            vec![],
            without("kind"),
            Some("start_without_plan_incomplete"),
        ),
        (
            vec![],
            without("places"),
            Some("start_without_plan_incomplete"),
        ),
        (
            vec![],
            without("responsible"),
            Some("start_without_plan_incomplete"),
        ),
        (vec![v(ActivityPlanned)], v(ActivityStarted), None),
        (
            vec![v(ActivityPlanned)],
            other_kind,
            Some("kind_differs_from_plan"),
        ),
        (
            vec![v(ActivityPlanned), v(ActivityStarted)],
            v(ActivityStarted),
            Some("activity_under_way"),
        ),
        (
            vec![v(ActivityPlanned), v(ActivityStarted)],
            v(ActivityRescheduled),
            Some("activity_under_way"),
        ),
        (
            vec![v(ActivityPlanned), v(ActivityStarted)],
            v(ActivityCompleted),
            None,
        ),
        (
            vec![v(ActivityPlanned), v(ActivityStarted)],
            v(ActivityCancelled),
            None,
        ),
        (vec![alone.clone()], operation_done.clone(), None),
        (
            vec![alone.clone()],
            talk_done,
            Some("kind_differs_from_plan"),
        ),
        (
            vec![alone.clone()],
            v(ActivityPlanned),
            Some("activity_already_started"),
        ),
        (
            vec![alone.clone(), operation_done.clone()],
            v(ActivityStarted),
            Some("activity_already_completed"),
        ),
        (
            vec![v(ActivityCompleted)],
            v(ActivityStarted),
            Some("activity_already_completed"),
        ),
        // Retracting the start reopens the plan: it may be started again.
        (
            vec![v(ActivityPlanned), v(ActivityStarted), retraction(2)],
            v(ActivityStarted),
            None,
        ),
        // A correction of the start's date is checked as the start would be.
        (
            vec![v(ActivityPlanned), v(ActivityStarted)],
            correction(2, "activity_started", json!({"started": "2017-11-13"})),
            None,
        ),
    ];
    run(cases);
}

#[test]
fn amendment_rules() {
    use EventType::*;
    let cases: Vec<Case> = vec![
        (
            vec![v(ActivityCompleted)],
            correction(1, "activity_completed", json!({"places": ["Ekshärad"]})),
            None,
        ),
        (
            vec![v(ActivityCompleted)],
            correction(9, "activity_completed", json!({"places": ["Ekshärad"]})),
            Some("target_not_found"),
        ),
        (
            vec![v(ActivityCompleted)],
            correction(1, "activity_planned", json!({"places": ["Ekshärad"]})),
            Some("target_type_mismatch"),
        ),
        (
            vec![v(ActivityCompleted), retraction(1)],
            correction(1, "activity_completed", json!({"places": ["Ekshärad"]})),
            Some("stream_retracted"),
        ),
        (
            vec![v(ActivityPlanned), v(ActivityCompleted), retraction(2)],
            correction(2, "activity_completed", json!({"summary": "Ny."})),
            Some("target_retracted"),
        ),
        (
            vec![v(ActivityPlanned), v(ActivityCompleted), retraction(2)],
            retraction(2),
            Some("target_retracted"),
        ),
        (
            vec![
                v(ActivityCompleted),
                correction(1, "activity_completed", json!({"summary": "Ny."})),
            ],
            retraction(2),
            Some("target_is_amendment"),
        ),
        // The merged event must be valid as a whole: facts must fit the kind.
        (
            vec![v(ActivityCompleted)],
            correction(1, "activity_completed", json!({"facts": {"talks": 3}})),
            Some("correction_invalid"),
        ),
        (
            vec![v(ActivityCompleted)],
            correction(
                1,
                "activity_completed",
                json!({"facts": {"focus": ["behaviour"]}}),
            ),
            None,
        ),
    ];
    run(cases);
}

pub(crate) fn run(cases: Vec<Case>) {
    for (history, next, expected) in cases {
        let types: Vec<&str> = history.iter().map(|(t, _)| t.as_str()).collect();
        let result = check(&history, next.clone());
        let rule = result.as_ref().err().map(|v| v.rule);
        assert_eq!(
            rule,
            expected,
            "{types:?} + {}: {result:?}",
            next.0.as_str()
        );
        if let Err(violation) = result {
            assert!(!violation.problem.is_empty() && !violation.expected.is_empty());
            assert!(!violation.path.is_empty());
        }
    }
}

#[test]
fn corrections_change_the_current_event() {
    let state = fold(&[
        v(EventType::ActivityCompleted),
        correction(1, "activity_completed", json!({"places": ["Ekshärad"]})),
    ]);
    let corrected = state.current(id(1)).expect("present");
    let trygglogg_events::DomainEvent::ActivityCompleted(completed) = corrected else {
        panic!("wrong type")
    };
    assert_eq!(completed.places.first().as_str(), "Ekshärad");
    assert_eq!(state.version(), 2);
    assert!(!state.is_retracted(id(1)));
}

#[test]
fn batches_are_checked_in_order_with_paths() {
    let stream = StreamName::parse("activity-ac710000-2017-4000-8000-000000000099").unwrap();
    let incoming = |n: u128, event_type: EventType, data: Value| IncomingEvent {
        id: Some(id(n)),
        event_type: event_type.as_str().into(),
        schema_version: None,
        data,
    };
    let request = AppendRequest {
        expected_version: Some(0),
        events: vec![
            incoming(
                1,
                EventType::ActivityCompleted,
                with(
                    valid(EventType::ActivityCompleted),
                    "/serves",
                    json!({"agreement": crate::common::AGREEMENT_ID, "focus_area": "trafikmiljo"}),
                ),
            ),
            incoming(
                2,
                EventType::Correction,
                correction(1, "activity_completed", json!({"hours": 8})).1,
            ),
        ],
    };
    let events = request.validate(&stream, &ctx()).unwrap();
    StreamState::default()
        .check_batch(&stream, &events)
        .unwrap();

    let request = AppendRequest {
        expected_version: None,
        events: vec![
            incoming(
                1,
                EventType::ActivityPlanned,
                valid(EventType::ActivityPlanned),
            ),
            incoming(
                2,
                EventType::ActivityCancelled,
                valid(EventType::ActivityCancelled),
            ),
            incoming(
                3,
                EventType::ActivityCompleted,
                valid(EventType::ActivityCompleted),
            ),
        ],
    };
    let events = request.validate(&stream, &ctx()).unwrap();
    let violation = StreamState::default()
        .check_batch(&stream, &events)
        .unwrap_err();
    assert_eq!(
        (violation.rule, violation.path.as_str()),
        ("activity_cancelled", "events[2].type")
    );
    assert!(violation
        .to_string()
        .starts_with("events[2].type: the activity was cancelled;"));
}
