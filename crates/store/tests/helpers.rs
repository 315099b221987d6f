use serde_json::value::RawValue;
use tempfile::TempDir;
use trygglogg_events::{StreamCategory, StreamName};
use trygglogg_store::{NewEvent, Store};
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

/// The activity stream of a short label (at most 16 bytes): the label's bytes
/// are its uuid, so that distinct labels are distinct streams and a failing
/// test's stream can be read back (`a` is `activity-61000000-0000-…`).
pub fn stream(label: &str) -> StreamName {
    let mut id = [0u8; 16];
    assert!(label.len() <= id.len(), "a test stream's label is short");
    id[..label.len()].copy_from_slice(label.as_bytes());
    StreamName::new(StreamCategory::Activity, Uuid::from_bytes(id))
}

pub fn open_temp() -> (TempDir, Store) {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::open(dir.path()).expect("open store");
    (dir, store)
}

/// sled is opened directly, behind the store's back, as an attacker with file
/// access would.
pub fn with_raw_sled(dir: &std::path::Path, change: impl FnOnce(&sled::Db)) {
    let db = trygglogg_store::Engine::open(dir, Default::default())
        .unwrap()
        .db;
    change(&db);
    db.flush().unwrap();
}

pub fn log_key(position: u64) -> Vec<u8> {
    let mut key = vec![b'L'];
    key.extend_from_slice(&position.to_be_bytes());
    key
}
