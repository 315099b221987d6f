use serde_json::{json, Value};
use trygglogg_recorder::{Recorded, Recorder};
use uuid::Uuid;

pub use trygglogg_test_support::{author, recorder as open};
use trygglogg_test_support::{context, seed_agreement, FIXTURE};

/// The earlier agreement of the seed, whose 2017 follow-up the press release reports.
pub const EARLIER_AGREEMENT: &str = "5a1e0000-2017-4000-8000-000000000001";

pub async fn import_fixture(recorder: &Recorder) {
    recorder
        .import(FIXTURE, &author("import", "Trygglogg"), &context(), |_| {})
        .await
        .unwrap();
}

pub async fn record(
    recorder: &Recorder,
    stream: &str,
    events: Value,
    who: &trygglogg_recorder::Author,
) -> Recorded {
    trygglogg_test_support::record(recorder, stream, events, who)
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
    record(
        recorder,
        &format!("agreement-{id}"),
        seed_agreement(target),
        &author("samordnare", "Hagfors kommun"),
    )
    .await;
    id
}

pub fn control(agreement: Uuid, date: &str, checked: u32, place: &str) -> Value {
    json!({"type": "activity_completed", "data": {
        "kind": "traffic_control", "facts": {"focus": ["speed"], "checked": checked, "reported": 1},
        "serves": {"agreement": agreement, "focus_area": "trafikmiljo", "commitment": "kontroller"},
        "occurred": date, "places": [place], "responsible": ["Polisen"],
        "summary": "Hastighetskontroll.", "note": "Intern anteckning."}})
}
