//! Shared helpers: the test "today" and one valid example of every event type.

use chrono::NaiveDate;
use serde_json::{json, Value};
use trygglogg_events::{parse_event, DomainEvent, EventType, ValidationContext, ValidationErrors};

pub const AGREEMENT_ID: &str = "5a1e0000-2018-4000-8000-0000000000aa";

pub fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid test date")
}

/// The end of the month the seed press release was published.
pub fn ctx() -> ValidationContext {
    ValidationContext::new(date(2017, 11, 30))
}

pub fn parse(event_type: &str, data: &Value) -> Result<DomainEvent, ValidationErrors> {
    parse_event(event_type, None, data, &ctx())
}

/// Sets the field at a JSON pointer such as `/facts/talks`, creating objects on the way.
pub fn with(mut data: Value, pointer: &str, value: Value) -> Value {
    let (parent, key) = pointer.rsplit_once('/').expect("pointer has a slash");
    let target = data.pointer_mut(parent).expect("parent exists");
    target
        .as_object_mut()
        .expect("parent is an object")
        .insert(key.to_owned(), value);
    data
}

pub fn without(mut data: Value, key: &str) -> Value {
    data.as_object_mut().expect("object").remove(key);
    data
}

/// One valid `data` per event type.
pub fn valid(event_type: EventType) -> Value {
    match event_type {
        EventType::AgreementAdopted => json!({
            "title": "Medborgarlöften 2018–2019",
            "municipality": "Hagfors kommun",
            "parties": ["Hagfors kommun", "Polisen"],
            "period": {"first_year": 2018, "years": 2},
            "adopted": "2017-11-15",
            "focus_areas": [{"key": "trafikmiljo", "name": "Trafikmiljön"}]
        }),
        EventType::FocusAreaAdded => json!({"key": "droger", "name": "Alkohol och droger"}),
        EventType::CommitmentAdded => json!({
            "key": "trafikkontroller",
            "focus_area": "trafikmiljo",
            "title": "Trafikkontroller",
            "description": "Minst 20 trafikkontroller per år.",
            "responsible": ["Polisen"],
            "activity_kinds": ["traffic_control"],
            "target": {"per_year": 20}
        }),
        EventType::FollowUpReviewed => json!({
            "year": 2017,
            "reviewed": "2017-11-20",
            "body": "Trygghetsrådet",
            "minutes": "Protokoll Trygghetsrådet 2017-11-20 § 4"
        }),
        EventType::IndicatorDefined => json!({
            "key": "trygg-centrum",
            "name": "Andel som känner sig trygga i centrum på kvällen",
            "unit": "procent",
            "source": "Polisens trygghetsmätning",
            "focus_area": "trafikmiljo",
            "baseline": {"year": 2016, "value": 64},
            "target": 75,
            "direction": "higher_is_better"
        }),
        EventType::IndicatorMeasured => json!({
            "indicator": "trygg-centrum",
            "value": 71.5,
            "period": {"from": "2016-01-01", "to": "2016-12-31"}
        }),
        EventType::CommitmentAssessed => json!({
            "commitment": "trafikkontroller",
            "year": 2018,
            "verdict": "partly_met",
            "deviation": "Vakans i lokalpolisområdet under våren.",
            "lessons": "Planera kontrollerna tidigare på året.",
            "continues": {"changed": "Minst 15 kontroller per år, fler på landsbygden."}
        }),
        EventType::ActivityPlanned => json!({
            "title": "Hastighetskontroll Dalavägen",
            "kind": "traffic_control",
            "serves": {"agreement": AGREEMENT_ID, "focus_area": "trafikmiljo", "commitment": "trafikkontroller"},
            "planned": "2018-03-14",
            "places": ["Hagfors centrum"],
            "responsible": ["Polisen"]
        }),
        EventType::ActivityStarted => json!({
            "started": "2017-11-06",
            "expected_length": {"weeks": 6},
            "description": "Sex veckor lång insats mot ungdomar och narkotika."
        }),
        EventType::ActivityCompleted => json!({
            "kind": "traffic_control",
            "facts": {"focus": ["speed"], "basis": "targeted", "controls": 1, "checked": 40, "reported": 3},
            "occurred": "2017-10-03",
            "places": ["Hagfors centrum"],
            "responsible": ["Polisen"],
            "hours": 6,
            "cost_sek": 0,
            "summary": "Hastighetskontroll på Dalavägen, 40 fordon, 3 rapporterade."
        }),
        EventType::ActivityCancelled => {
            json!({"reason": "Personalbrist på grund av annan insats."})
        }
        EventType::ActivityRescheduled => json!({
            "planned": {"from": "2018-04-01", "to": "2018-04-30"},
            "reason": "Flyttad efter snöoväder."
        }),
        EventType::Correction => json!({
            "target": "e7e00000-2017-4000-8000-000000000001",
            "target_type": "activity_completed",
            "changes": {"places": ["Ekshärad"]},
            "reason": "Fel ort angavs."
        }),
        EventType::Retraction => json!({
            "target": "e7e00000-2017-4000-8000-000000000001",
            "reason": "Registrerades två gånger."
        }),
    }
}

/// An `activity_started` with no plan before it: it says what a plan says.
pub fn started_without_plan() -> Value {
    json!({
        "title": "Insats mot ungdomar och narkotika",
        "kind": "targeted_operation",
        "serves": {"agreement": AGREEMENT_ID, "focus_area": "trafikmiljo"},
        "started": "2017-11-06",
        "expected_length": {"weeks": 6},
        "places": ["Hagfors kommun"],
        "responsible": ["Polisen"]
    })
}
