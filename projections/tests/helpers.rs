use chrono::NaiveDate;
use serde_json::{json, Value};
use trygglogg_events::{AppendRequest, ValidationContext};
use trygglogg_recorder::{parse_stream, Author, Recorded, Recorder};
use trygglogg_store::Store;
use uuid::Uuid;

pub const FIXTURE: &str = include_str!("../../events/fixtures/hagfors-2017.jsonl");
/// The earlier agreement of the seed, whose 2017 follow-up the press release reports.
pub const EARLIER_AGREEMENT: &str = "5a1e0000-2017-4000-8000-000000000001";

pub fn context() -> ValidationContext {
    ValidationContext::new(NaiveDate::from_ymd_opt(2019, 6, 1).unwrap())
}

pub fn author(actor: &str, organisation: &str) -> Author {
    Author::operator(actor, organisation)
}

pub fn open() -> (tempfile::TempDir, Recorder) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path().join("log")).unwrap();
    (dir, Recorder::new(store))
}

pub async fn import_fixture(recorder: &Recorder) {
    recorder
        .import(FIXTURE, &author("import", "Trygglogg"), &context(), |_| {})
        .await
        .unwrap();
}

pub async fn record(recorder: &Recorder, stream: &str, events: Value, who: &Author) -> Recorded {
    let request: AppendRequest = serde_json::from_value(json!({ "events": events })).unwrap();
    recorder
        .record(&parse_stream(stream).unwrap(), &request, who, &context())
        .await
        .unwrap_or_else(|e| panic!("{stream}: {e}"))
}

/// An agreement for 2018–2019 with one commitment of 3 traffic controls a year.
pub async fn agreement(recorder: &Recorder) -> Uuid {
    agreement_with_target(recorder, json!({"per_year": 3})).await
}

/// The same agreement, its one commitment promising `target`.
pub async fn agreement_with_target(recorder: &Recorder, target: Value) -> Uuid {
    let id = Uuid::new_v4();
    record(recorder, &format!("agreement-{id}"), json!([
        {"type": "agreement_adopted", "data": {
            "title": "Medborgarlöften 2018–2019", "municipality": "Hagfors kommun",
            "parties": ["Hagfors kommun", "Polisen"], "period": {"first_year": 2018, "years": 2},
            "focus_areas": [{"key": "trafikmiljo", "name": "Trafikmiljön"}]}},
        {"type": "commitment_added", "data": {
            "key": "kontroller", "focus_area": "trafikmiljo", "title": "Trafikkontroller",
            "description": "Minst tre trafikkontroller per år.", "responsible": ["Polisen"],
            "activity_kinds": ["traffic_control"], "target": target}}
    ]), &author("samordnare", "Hagfors kommun")).await;
    id
}

pub fn control(agreement: Uuid, date: &str, checked: u32, place: &str) -> Value {
    json!({"type": "activity_completed", "data": {
        "kind": "traffic_control", "facts": {"focus": ["speed"], "checked": checked, "reported": 1},
        "serves": {"agreement": agreement, "focus_area": "trafikmiljo", "commitment": "kontroller"},
        "occurred": date, "places": [place], "responsible": ["Polisen"],
        "summary": "Hastighetskontroll.", "note": "Intern anteckning."}})
}
