//! Durable single-event appends from 1, 16 and 64 concurrent tasks, against the
//! raw engine: a sled batch of the same keys and bytes, flush and `sync_all`,
//! batched the same way (the batch size the store's group commit formed).
//!
//! `cargo bench -p trygglogg-store --bench append`; `BENCH_SECONDS` sets the
//! length of one run (default 3), `BENCH_RUNS` the runs per figure (default 3).
//! Every figure is the median of its runs.

use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use serde_json::value::RawValue;
use trygglogg_events::{StreamCategory, StreamName};
use trygglogg_store::{Direction, Engine, ExpectedVersion, NewEvent, Store, StoreOptions};
use uuid::Uuid;

/// Data of a typical completed traffic control, about the size of real events.
const DATA: &str = r#"{"kind":"trafikkontroll","occurred":{"from":"2017-11-07","to":"2017-11-07"},"place":"Hagfors centrum","responsible":"Polisen","facts":{"focus":["hastighet","nykterhet"],"vehicles_checked":42,"reports_written":3},"summary":"Hastighets- och nykterhetskontroll på Dalavägen."}"#;
const METADATA: &str = r#"{"actor":"polis-4711","organisation":"Polisen","schema_version":1}"#;

struct Run {
    events_per_second: f64,
    p50: Duration,
    p99: Duration,
    batch_size: f64,
}

fn main() {
    let seconds: u64 = env_or("BENCH_SECONDS", 3);
    let runs: usize = env_or("BENCH_RUNS", 3);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let duration = Duration::from_secs(seconds);
    println!("durable single-event appends, {seconds} s per run, median of {runs} runs\n");
    println!("| tasks | store events/s | p50 | p99 | mean batch | raw sled events/s | raw p50 | raw p99 | store ÷ raw |");
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for tasks in [1usize, 16, 64] {
        let mut store_runs = Vec::new();
        let mut raw_runs = Vec::new();
        for _ in 0..runs {
            let store_run = runtime.block_on(store_appends(tasks, duration));
            let raw_run = raw_engine(store_run.batch_size, duration);
            store_runs.push(store_run);
            raw_runs.push(raw_run);
        }
        let s = median_run(&store_runs);
        let r = median_run(&raw_runs);
        println!(
            "| {tasks} | {:.0} | {} | {} | {:.1} | {:.0} | {} | {} | {:.2} |",
            s.events_per_second,
            ms(s.p50),
            ms(s.p99),
            s.batch_size,
            r.events_per_second,
            ms(r.p50),
            ms(r.p99),
            s.events_per_second / r.events_per_second
        );
    }
}

async fn store_appends(tasks: usize, duration: Duration) -> Run {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::open(dir.path()).expect("open");
    let deadline = Instant::now() + duration;
    let start = Instant::now();
    let handles: Vec<_> = (0..tasks)
        .map(|task| {
            let store = store.clone();
            tokio::spawn(async move {
                let stream = bench_stream(task as u128);
                let mut latencies = Vec::new();
                while Instant::now() < deadline {
                    let event = NewEvent {
                        id: Uuid::now_v7(),
                        event_type: "activity_completed".into(),
                        data: raw(DATA),
                        metadata: raw(METADATA),
                    };
                    let sent = Instant::now();
                    store
                        .append(stream, ExpectedVersion::Any, vec![event])
                        .await
                        .expect("append");
                    latencies.push(sent.elapsed());
                }
                latencies
            })
        })
        .collect();
    let mut latencies = Vec::new();
    for handle in handles {
        latencies.extend(handle.await.expect("task"));
    }
    let elapsed = start.elapsed();
    let commits = store.stats().commits.load(Ordering::Relaxed);
    let events = store.stats().events.load(Ordering::Relaxed);
    assert_eq!(events as usize, latencies.len());
    run(latencies, events, elapsed, events as f64 / commits as f64)
}

/// The engine's own limit: the same keys per event with the same value
/// sizes (the log, stream and id entries and the tree's stored hashes),
/// written in batches of the size the store formed, each batch applied,
/// flushed and fsynced exactly as the store's writer does, with no queue, no
/// checks and no hashing.
fn raw_engine(batch_size: f64, duration: Duration) -> Run {
    let dir = tempfile::tempdir().expect("temp dir");
    let sample = sample_stored_value_len();
    let engine = Engine::open(dir.path(), StoreOptions::default()).expect("open");
    let batch_size = batch_size.round().max(1.0) as u64;
    let value = vec![b'x'; sample];
    let mut latencies = Vec::new();
    let mut position = 0u64;
    let start = Instant::now();
    while start.elapsed() < duration {
        let began = Instant::now();
        let mut batch = sled::Batch::default();
        for _ in 0..batch_size {
            position += 1;
            let mut log_key = vec![b'L'];
            log_key.extend_from_slice(&position.to_be_bytes());
            let mut stream_key = format!("S{}\0", bench_stream(0)).into_bytes();
            stream_key.extend_from_slice(&position.to_be_bytes());
            let mut id_key = vec![b'I'];
            id_key.extend_from_slice(Uuid::now_v7().as_bytes());
            batch.insert(log_key, value.clone());
            batch.insert(stream_key, &position.to_be_bytes());
            batch.insert(id_key, vec![0u8; 48]);
            // The Merkle tree's stored hashes this event completes (about
            // two), at the indexes the store writes them to.
            let first = tlog_tiles::stored_hash_index(0, position - 1);
            for index in first..tlog_tiles::stored_hash_count(position) {
                let mut tree_key = vec![b'H'];
                tree_key.extend_from_slice(&index.to_be_bytes());
                batch.insert(tree_key, &[0u8; 32]);
            }
        }
        engine.db.apply_batch(batch).expect("batch");
        engine.make_durable().expect("durable");
        let took = began.elapsed();
        latencies.extend(std::iter::repeat_n(took, batch_size as usize));
    }
    let elapsed = start.elapsed();
    run(latencies, position, elapsed, batch_size as f64)
}

/// The activity stream of a benchmark task.
fn bench_stream(task: u128) -> StreamName {
    StreamName::new(StreamCategory::Activity, Uuid::from_u128(task))
}

/// The length of one stored value (hash plus record) of the benchmark's event.
fn sample_stored_value_len() -> usize {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::open(dir.path()).expect("open");
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("runtime");
    runtime.block_on(async {
        let stream = bench_stream(0);
        let event = NewEvent {
            id: Uuid::now_v7(),
            event_type: "activity_completed".into(),
            data: raw(DATA),
            metadata: raw(METADATA),
        };
        store
            .append(stream, ExpectedVersion::Any, vec![event])
            .await
            .expect("append");
    });
    let event = store
        .read_all(1, Direction::Forward, 1)
        .expect("read")
        .remove(0);
    32 + serde_json::to_vec(&event).expect("json").len()
}

fn run(mut latencies: Vec<Duration>, events: u64, elapsed: Duration, batch_size: f64) -> Run {
    latencies.sort();
    let at = |q: f64| latencies[((latencies.len() - 1) as f64 * q) as usize];
    Run {
        events_per_second: events as f64 / elapsed.as_secs_f64(),
        p50: at(0.50),
        p99: at(0.99),
        batch_size,
    }
}

/// The run with the median throughput, with its own latencies.
fn median_run(runs: &[Run]) -> &Run {
    let mut order: Vec<&Run> = runs.iter().collect();
    order.sort_by(|a, b| a.events_per_second.total_cmp(&b.events_per_second));
    order[order.len() / 2]
}

fn raw(json: &str) -> Box<RawValue> {
    RawValue::from_string(json.to_owned()).expect("valid json")
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

fn env_or<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}
