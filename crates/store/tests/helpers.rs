use serde_json::value::RawValue;
use tempfile::TempDir;
use trygglogg_store::{NewEvent, Store, StreamName};
use uuid::Uuid;

pub fn raw(json: &str) -> Box<RawValue> {
    RawValue::from_string(json.to_owned()).expect("test JSON is valid")
}

/// An event whose content is determined by `n`.
pub fn event(n: u64) -> NewEvent {
    event_with_id(Uuid::now_v7(), n)
}

pub fn event_with_id(id: Uuid, n: u64) -> NewEvent {
    NewEvent {
        id,
        event_type: "test_happened".into(),
        data: raw(&format!(r#"{{"n":{n}}}"#)),
        metadata: raw(r#"{"actor":"tester","organisation":"Polisen"}"#),
    }
}

pub fn stream(name: &str) -> StreamName {
    StreamName::parse(name).expect("test stream names are valid")
}

pub fn open_temp() -> (TempDir, Store) {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::open(dir.path()).expect("open store");
    (dir, store)
}
