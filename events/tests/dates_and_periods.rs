//! Dates as precise as the source (a day, a month, a year, a range), and the
//! rules that keep an activity within its agreement and period.

use crate::common::{ctx, date, parse, valid, with, without, AGREEMENT_ID};
use serde_json::{json, Value};
use trygglogg_events::{
    AppendRequest, DomainEvent, EventType, IncomingEvent, Occurred, Precision, RecordedDomainEvent,
    StreamName, StreamState,
};
use uuid::Uuid;

fn occurred_of(data: &Value) -> Result<Occurred, String> {
    match parse("activity_completed", data) {
        Ok(DomainEvent::ActivityCompleted(completed)) => Ok(completed.occurred),
        Ok(other) => panic!("not a completion: {other:?}"),
        Err(errors) => Err(errors.to_string()),
    }
}

#[test]
fn a_date_is_a_day_a_month_a_year_or_a_range() {
    // (occurred, precision, first day, last day, written back as)
    let cases = [
        (
            json!("2017-05-14"),
            Precision::Day,
            date(2017, 5, 14),
            date(2017, 5, 14),
            json!("2017-05-14"),
        ),
        (
            json!("2017-03"),
            Precision::Month,
            date(2017, 3, 1),
            date(2017, 3, 31),
            json!("2017-03"),
        ),
        (
            json!("2016-02"),
            Precision::Month,
            date(2016, 2, 1),
            date(2016, 2, 29),
            json!("2016-02"),
        ),
        (
            json!("2017"),
            Precision::Year,
            date(2017, 1, 1),
            date(2017, 12, 31),
            json!("2017"),
        ),
        // A month or year under way has begun: it may be recorded now.
        (
            json!("2017-11"),
            Precision::Month,
            date(2017, 11, 1),
            date(2017, 11, 30),
            json!("2017-11"),
        ),
        (
            json!({"from": "2017-05-01", "to": "2017-06-15"}),
            Precision::Range,
            date(2017, 5, 1),
            date(2017, 6, 15),
            json!({"from": "2017-05-01", "to": "2017-06-15"}),
        ),
    ];
    for (given, precision, start, end, written) in cases {
        let data = with(
            valid(EventType::ActivityCompleted),
            "/occurred",
            given.clone(),
        );
        let occurred = occurred_of(&data).unwrap_or_else(|e| panic!("{given}: {e}"));
        assert_eq!(occurred.precision(), precision, "{given}");
        assert_eq!((occurred.start(), occurred.end()), (start, end), "{given}");
        assert_eq!(serde_json::to_value(occurred).unwrap(), written, "{given}");
    }
}

#[test]
fn other_date_forms_are_refused_saying_what_is_accepted() {
    let accepted = "a month \"2017-03\", a year \"2017\"";
    // (occurred, text the refusal holds)
    let cases = [
        (json!("2017-3"), accepted),
        (json!("2017-13"), "2017-13 is not a month"),
        (json!("2017-00"), "2017-00 is not a month"),
        (json!("17"), accepted),
        (json!("0217"), "217 is not a plausible year"),
        (json!("1999"), "1999 is not a plausible year"),
        (json!("1999-12"), "1999-12 is before 2000-01-01"),
        (json!("2017-02-30"), "\"2017-02-30\" is not a date"),
        (json!("03-2017"), accepted),
        (json!("2017/03"), accepted),
        (json!(" 2017"), accepted),
        (json!("2017-03 "), accepted),
        (json!("mars 2017"), accepted),
        (
            json!(2017),
            "must be a date, a month, a year or a range, not a number",
        ),
        (
            json!({"from": "2017-03", "to": "2017-04-01"}),
            "a date as YYYY-MM-DD",
        ),
        // Not yet begun: December 2017 or 2018, seen on 30 November 2017.
        (json!("2017-12"), "after today"),
        (json!("2018"), "after today"),
    ];
    for (given, expected) in cases {
        let data = with(
            valid(EventType::ActivityCompleted),
            "/occurred",
            given.clone(),
        );
        let refused = occurred_of(&data).expect_err(&given.to_string());
        assert!(refused.contains("data.occurred"), "{given}: {refused}");
        assert!(refused.contains(expected), "{given}: {refused}");
    }
}

#[test]
fn a_plan_may_be_dated_to_a_month_or_a_year_ahead() {
    for planned in ["2018-03", "2018", "2019-12"] {
        let data = with(
            valid(EventType::ActivityPlanned),
            "/planned",
            json!(planned),
        );
        match parse("activity_planned", &data) {
            Ok(DomainEvent::ActivityPlanned(plan)) => {
                assert_eq!(plan.planned.to_string(), planned)
            }
            other => panic!("{planned}: {other:?}"),
        }
    }
}

fn id(n: u128) -> Uuid {
    Uuid::from_u128(0xe7e0_0000_0000_4000_8000_0000_0000_0000 + n)
}

fn folded(history: &[(EventType, Value)]) -> StreamState {
    let mut state = StreamState::default();
    for (i, (event_type, data)) in history.iter().enumerate() {
        let n = i as u64 + 1;
        state.apply(&RecordedDomainEvent {
            id: id(u128::from(n)),
            version: n,
            position: n,
            event: parse(event_type.as_str(), data).unwrap_or_else(|e| panic!("{e}")),
        });
    }
    state
}

fn check_new(
    history: &[(EventType, Value)],
    stream: &str,
    next: (EventType, Value),
) -> Result<(), trygglogg_events::RuleViolation> {
    let stream = StreamName::parse(stream).unwrap();
    let request = AppendRequest {
        expected_version: None,
        events: vec![IncomingEvent {
            id: Some(id(99)),
            event_type: next.0.as_str().into(),
            schema_version: None,
            data: next.1,
        }],
    };
    let events = request.validate(&stream, &ctx()).unwrap();
    folded(history).check_batch(&stream, &events)
}

const ACTIVITY: &str = "activity-ac710000-2017-4000-8000-000000000001";

#[test]
fn new_work_names_the_agreement_it_serves() {
    let serves = json!({"agreement": AGREEMENT_ID, "focus_area": "trafikmiljo"});
    let planned = without(valid(EventType::ActivityPlanned), "serves");
    let completed = valid(EventType::ActivityCompleted);
    let serving = |data: &Value| with(data.clone(), "/serves", serves.clone());
    // (history, next, refused?)
    type Event = (EventType, Value);
    let cases: Vec<(Vec<Event>, Event, bool)> = vec![
        (vec![], (EventType::ActivityPlanned, planned.clone()), true),
        (
            vec![],
            (EventType::ActivityPlanned, serving(&planned)),
            false,
        ),
        (
            vec![],
            (EventType::ActivityCompleted, completed.clone()),
            true,
        ),
        (
            vec![],
            (EventType::ActivityCompleted, serving(&completed)),
            false,
        ),
        // Completing a plan that serves an agreement: the plan's applies.
        (
            vec![(EventType::ActivityPlanned, serving(&planned))],
            (EventType::ActivityCompleted, completed.clone()),
            false,
        ),
        // A stored plan from before the rule: its completion must name it.
        (
            vec![(EventType::ActivityPlanned, planned.clone())],
            (EventType::ActivityCompleted, completed.clone()),
            true,
        ),
        // History without serves is corrected as it stands.
        (
            vec![(EventType::ActivityCompleted, completed.clone())],
            (
                EventType::Correction,
                json!({"target": id(1), "target_type": "activity_completed",
                       "changes": {"hours": 7}, "reason": "Fel antal timmar."}),
            ),
            false,
        ),
    ];
    for (history, next, refused) in cases {
        let what = format!("{:?} after {} events", next.0, history.len());
        match check_new(&history, ACTIVITY, next) {
            Ok(()) => assert!(!refused, "{what}: accepted"),
            Err(violation) => {
                assert!(refused, "{what}: {violation}");
                assert_eq!(violation.rule, "serves_missing", "{what}");
                assert_eq!(violation.path, "events[0].data.serves", "{what}");
                assert!(
                    violation.expected.contains("GET /api/v1/agreements/{id}"),
                    "{what}: {violation}"
                );
            }
        }
    }
}

#[test]
fn an_activity_sent_to_an_agreement_stream_is_told_where_it_goes() {
    let stream = StreamName::parse(&format!("agreement-{AGREEMENT_ID}")).unwrap();
    let request = AppendRequest {
        expected_version: None,
        events: vec![IncomingEvent {
            id: None,
            event_type: "activity_planned".into(),
            schema_version: None,
            data: valid(EventType::ActivityPlanned),
        }],
    };
    let refused = request.validate(&stream, &ctx()).unwrap_err();
    let error = &refused.errors[0];
    assert_eq!(error.path, "events[0].type");
    assert!(error.expected.contains("activity-<new uuid>"), "{refused}");
    let example = error
        .expected
        .split("e.g. activity-")
        .nth(1)
        .and_then(|rest| rest.get(..36))
        .unwrap_or_else(|| panic!("no example stream: {refused}"));
    assert_ne!(Uuid::parse_str(example).unwrap(), Uuid::nil());
}

#[test]
fn work_serving_an_agreement_lies_within_its_period() {
    // The agreement of `valid` runs 2018–2019.
    let agreement = folded(&[(
        EventType::AgreementAdopted,
        valid(EventType::AgreementAdopted),
    )]);
    let read = |text: &str| Occurred::parse_text(text).unwrap();
    let range = |from, to| Occurred::Between(trygglogg_events::DateRange::parse(from, to).unwrap());
    // (when, within 2018–2019?)
    let cases = [
        (read("2018-01-01"), true),
        (read("2019-12-31"), true),
        (read("2018-03"), true),
        (read("2019"), true),
        (range(date(2018, 11, 20), date(2019, 1, 10)), true),
        (read("2017-12-31"), false),
        (read("2020-01-01"), false),
        (read("2017"), false),
        (read("2020-01"), false),
        (range(date(2019, 12, 1), date(2020, 1, 15)), false),
        (range(date(2017, 12, 1), date(2018, 1, 15)), false),
    ];
    for (when, within) in cases {
        match agreement.check_within_period(&when, "events[0].data.occurred") {
            Ok(()) => assert!(within, "{when}: accepted"),
            Err(violation) => {
                assert!(!within, "{when}: {violation}");
                assert_eq!(violation.rule, "outside_agreement_period");
                assert_eq!(violation.path, "events[0].data.occurred");
                assert!(
                    violation.problem.contains("avtalet gäller 2018–2019"),
                    "{violation}"
                );
            }
        }
    }
}
