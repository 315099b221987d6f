//! Child process of the store's crash test. Appends from many concurrent tasks
//! until it is killed, and prints `<position> <event id>` for every event whose
//! append was acknowledged, after the acknowledgement and never before. Every
//! fourth task appends batches across three streams, and prints
//! `batch <id> <id> <id>` before it sends one: a batch must survive whole or
//! not at all.

use std::io::Write;
use std::sync::{Arc, Mutex};

use serde_json::value::RawValue;
use trygglogg_events::{StreamCategory, StreamName};
use trygglogg_store::{BatchPart, ExpectedVersion, NewEvent, Store};
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
                    let stream = |k: u64| {
                        StreamName::new(
                            StreamCategory::Activity,
                            Uuid::from_u128(u128::from((task as u64 + n + k) % 8)),
                        )
                    };
                    let event = |part: u64| {
                        let data = format!(r#"{{"task":{task},"n":{n},"part":{part}}}"#);
                        NewEvent {
                            id: Uuid::new_v4(),
                            event_type: "crash_test".into(),
                            data: RawValue::from_string(data).expect("valid json"),
                            metadata: RawValue::from_string("{}".into()).expect("valid json"),
                        }
                    };
                    let acked: Vec<(u64, Uuid)> = if task % 4 == 0 {
                        let parts: Vec<BatchPart> = [0, 3, 5]
                            .into_iter()
                            .map(|k| BatchPart {
                                stream: stream(k),
                                expected: ExpectedVersion::Any,
                                events: vec![event(k)],
                            })
                            .collect();
                        let ids: Vec<Uuid> = parts.iter().map(|p| p.events[0].id).collect();
                        print_line(&out, &format!("batch {} {} {}", ids[0], ids[1], ids[2]));
                        let appended = store.append_batch(parts).await.expect("append a batch");
                        appended.iter().map(|a| a.positions[0]).zip(ids).collect()
                    } else {
                        let event = event(0);
                        let id = event.id;
                        let appended = store
                            .append(stream(0), ExpectedVersion::Any, vec![event])
                            .await
                            .expect("append");
                        vec![(appended.positions[0], id)]
                    };
                    for (position, id) in acked {
                        print_line(&out, &format!("{position} {id}"));
                    }
                }
            }));
        }
        for task in tasks {
            task.await.expect("task");
        }
    });
}

fn print_line(out: &Mutex<std::io::Stdout>, line: &str) {
    let mut out = out.lock().expect("stdout lock");
    writeln!(out, "{line}").expect("stdout");
    out.flush().expect("stdout");
}
