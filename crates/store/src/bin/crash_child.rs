//! Child process of the store's crash test. Appends from many concurrent tasks
//! until it is killed, and prints `<position> <event id>` for every event whose
//! append was acknowledged, after the acknowledgement and never before.

use std::io::Write;
use std::sync::{Arc, Mutex};

use serde_json::value::RawValue;
use trygglogg_events::{StreamCategory, StreamName};
use trygglogg_store::{ExpectedVersion, NewEvent, Store};
use uuid::Uuid;

const TASKS: usize = 32;

fn main() {
    let dir = std::env::args().nth(1).expect("usage: crash_child DIR");
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    runtime.block_on(async move {
        let store = Store::open(&dir).expect("open store");
        let out = Arc::new(Mutex::new(std::io::stdout()));
        let mut tasks = Vec::new();
        for task in 0..TASKS {
            let (store, out) = (store.clone(), out.clone());
            tasks.push(tokio::spawn(async move {
                for n in 0u64.. {
                    let stream = StreamName::new(
                        StreamCategory::Activity,
                        Uuid::from_u128(u128::from((task as u64 + n) % 8)),
                    );
                    let id = Uuid::new_v4();
                    let event = NewEvent {
                        id,
                        event_type: "crash_test".into(),
                        data: RawValue::from_string(format!(r#"{{"task":{task},"n":{n}}}"#))
                            .expect("valid json"),
                        metadata: RawValue::from_string("{}".into()).expect("valid json"),
                    };
                    let appended = store
                        .append(stream, ExpectedVersion::Any, vec![event])
                        .await
                        .expect("append");
                    let mut out = out.lock().expect("stdout lock");
                    writeln!(out, "{} {id}", appended.positions[0]).expect("stdout");
                    out.flush().expect("stdout");
                }
            }));
        }
        for task in tasks {
            task.await.expect("task");
        }
    });
}
