//! Writing a plan's streams into a store: encoded on a thread of their own,
//! appended in batches of whole streams, one batch after another, so the log
//! has the plan's order and the encoding overlaps the writer's commits.

use std::path::Path;
use std::time::Instant;

use trygglogg_events::{encode, parse_event, EventMetadata, StreamName, ValidationContext};
use trygglogg_store::{BatchPart, ExpectedVersion, NewEvent, Store};

use crate::{GeneratedStream, Plan};

/// About this many events a batch (one durable commit each).
const BATCH_EVENTS: usize = 2_000;

/// The benchmarks' log at `dir` ([`Plan::bench`]), generated with `events`
/// events if it is not there yet.
pub async fn generated_log(dir: &Path, events: u64) -> Store {
    generated_log_with(dir, Plan::bench(events)).await
}

/// The log of `plan` at `dir`, generated if it is not there yet. A log that
/// is there is taken as it is when it has at least the events asked for.
pub async fn generated_log_with(dir: &Path, plan: Plan) -> Store {
    let store = Store::open(dir).expect("open store");
    if store.head().position >= plan.events {
        return store;
    }
    assert_eq!(
        store.head().position,
        0,
        "a partly generated log at {}; delete it",
        dir.display()
    );
    let started = Instant::now();
    let (batches, mut ready) = tokio::sync::mpsc::channel::<Vec<BatchPart>>(4);
    let encoder = std::thread::spawn(move || {
        let context = ValidationContext::new(plan.today());
        let mut batch = Vec::new();
        let mut in_batch = 0;
        for stream in plan.streams() {
            in_batch += stream.events.len();
            batch.push(part(stream, &context));
            if in_batch >= BATCH_EVENTS {
                if batches.blocking_send(std::mem::take(&mut batch)).is_err() {
                    return;
                }
                in_batch = 0;
            }
        }
        if !batch.is_empty() {
            let _ = batches.blocking_send(batch);
        }
    });
    let mut reported = 0;
    while let Some(batch) = ready.recv().await {
        store.append_batch(batch).await.expect("append a batch");
        let written = store.head().position;
        if written >= reported + 1_000_000 {
            reported = written;
            eprintln!(
                "generated {written} events in {:.0} s",
                started.elapsed().as_secs_f64()
            );
        }
    }
    encoder.join().expect("the encoder");
    eprintln!(
        "generated {} events in {:.0} s",
        store.head().position,
        started.elapsed().as_secs_f64()
    );
    store
}

/// A stream's events as the recorder would store them, for a new stream.
fn part(stream: GeneratedStream, context: &ValidationContext) -> BatchPart {
    let events = stream
        .events
        .into_iter()
        .map(|generated| {
            let event_type = &generated.event_type;
            let event = parse_event(event_type, None, &generated.data, context)
                .unwrap_or_else(|e| panic!("{event_type}: {e}"));
            let encoded = encode(&event);
            let metadata = EventMetadata::for_event(&encoded, "bench", "Polisen");
            NewEvent {
                id: generated.id,
                event_type: encoded.event_type.into(),
                data: encoded.raw_data(),
                metadata: metadata.raw(),
            }
        })
        .collect();
    BatchPart {
        stream: StreamName::parse(&stream.stream).expect("stream name"),
        expected: ExpectedVersion::NoStream,
        events,
    }
}
