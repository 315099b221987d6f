//! What the workspace's tests share, written once: the seed, an author, the
//! day requests are checked against, the seed agreement, a recorder on a
//! fresh store, and (`router`) an axum router driven without a socket.
//!
//! A dev-dependency only: nothing here is part of the service.

pub mod router;

use chrono::NaiveDate;
use serde_json::{json, Value};
use trygglogg_events::{
    encode, parse_event, AppendRequest, EventMetadata, StreamName, ValidationContext,
};
use trygglogg_recorder::{parse_stream, Author, RecordError, Recorded, Recorder};
use trygglogg_store::{ExpectedVersion, NewEvent, Store};

/// The Hagfors 2017 seed's import lines.
pub use trygglogg_events::SEED as FIXTURE;

/// The day the tests' requests are checked against: fixed, so that the dates
/// the tests send do not age into refusals.
pub fn context() -> ValidationContext {
    ValidationContext::new(NaiveDate::from_ymd_opt(2019, 6, 1).expect("a date"))
}

/// An author who may record anything anywhere (a coordinator of the whole
/// service), as `actor` of `organisation`.
pub fn author(actor: &str, organisation: &str) -> Author {
    Author::operator(actor, organisation)
}

/// A recorder on a new store in a temporary directory (the store in `log`
/// below it, so that a test may put its views beside it).
pub fn recorder() -> (tempfile::TempDir, Recorder) {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let store = Store::open(dir.path().join("log")).expect("a new store");
    (dir, Recorder::new(store))
}

/// A stream name the tests write as text, read as the API reads one.
pub fn stream_named(name: &str) -> StreamName {
    parse_stream(name).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// Records `events` (a JSON list) in the stream named `stream` with
/// [`context`].
pub async fn record(
    recorder: &Recorder,
    stream: &str,
    events: Value,
    who: &Author,
) -> Result<Recorded, RecordError> {
    let request: AppendRequest =
        serde_json::from_value(json!({ "events": events })).expect("a well-formed request");
    recorder
        .record(&stream_named(stream), &request, who, &context())
        .await
}

/// Appends `events` (a JSON list of `{"type", "data"}`) to `stream` as
/// history recorded before today's rules on new input (such as `serves`
/// being required): each is validated as an event, encoded as the recorder
/// encodes it, and stored without the stream's rules. For tests of how
/// older history reads.
pub async fn record_history(recorder: &Recorder, stream: &str, events: Value, who: &Author) {
    let events = events
        .as_array()
        .expect("a list of events")
        .iter()
        .map(|event| {
            let event_type = event["type"].as_str().expect("a type");
            let parsed = parse_event(event_type, None, &event["data"], &context())
                .unwrap_or_else(|e| panic!("{stream}: {e}"));
            let encoded = encode(&parsed);
            NewEvent {
                id: uuid::Uuid::now_v7(),
                event_type: encoded.event_type.to_owned(),
                data: encoded.raw_data(),
                metadata: EventMetadata::for_event(&encoded, &who.actor, &who.organisation).raw(),
            }
        })
        .collect();
    recorder
        .store()
        .append(stream_named(stream), ExpectedVersion::Any, events)
        .await
        .unwrap_or_else(|e| panic!("{stream}: {e}"));
}

/// The id of the tests' agreement when it is recorded by [`adopt_agreement`].
pub const AGREEMENT: &str = "5a1e0000-2018-4000-8000-0000000000aa";

/// What new work in the tests serves: [`AGREEMENT`]'s focus area
/// `trafikmiljo` (every new activity must name what it serves).
pub fn serves() -> Value {
    json!({"agreement": AGREEMENT, "focus_area": "trafikmiljo"})
}

/// Records [`seed_agreement`] (three controls a year) as [`AGREEMENT`], so
/// that activities can serve it; two events.
pub async fn adopt_agreement(recorder: &Recorder) {
    let stream = format!("agreement-{AGREEMENT}");
    let who = author("samordnare", "Hagfors kommun");
    record(
        recorder,
        &stream,
        seed_agreement(json!({"per_year": 3})),
        &who,
    )
    .await
    .unwrap_or_else(|e| panic!("the tests' agreement records: {e}"));
}

/// The tests' agreement for 2018–2019 in Hagfors kommun: one focus area
/// (`trafikmiljo`) with one commitment (`kontroller`, traffic controls by
/// Polisen) promising `target`, e.g. `{"per_year": 3}`.
pub fn seed_agreement(target: Value) -> Value {
    json!([
        {"type": "agreement_adopted", "data": {
            "title": "Medborgarlöften 2018–2019", "municipality": "Hagfors kommun",
            "parties": ["Hagfors kommun", "Polisen"], "period": {"first_year": 2018, "years": 2},
            "focus_areas": [{"key": "trafikmiljo", "name": "Trafikmiljön"}]}},
        {"type": "commitment_added", "data": {
            "key": "kontroller", "focus_area": "trafikmiljo", "title": "Trafikkontroller",
            "description": "Minst tre trafikkontroller per år.", "responsible": ["Polisen"],
            "activity_kinds": ["traffic_control"], "target": target}}
    ])
}
