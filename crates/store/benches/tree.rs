//! The Merkle tree on a large log: building it once for a log that has none,
//! then the root of a tree (what a checkpoint signs), inclusion and
//! consistency proofs at the head, and a hash tile, each timed over many
//! sizes and positions spread over the log.
//!
//! `BENCH_LOG=<a COPY of a data dir> cargo bench -p trygglogg-store --bench tree`
//! (the log is opened for writing, and gets its tree on the first run);
//! without `BENCH_LOG`, a log of `BENCH_EVENTS` (default 100000) small events
//! is made in a temporary directory. `BENCH_SAMPLES` (default 2000) sets the
//! calls timed per figure.

use std::time::{Duration, Instant};

use serde_json::value::RawValue;
use trygglogg_events::{StreamCategory, StreamName};
use trygglogg_store::{ExpectedVersion, NewEvent, Store};
use uuid::Uuid;

fn main() {
    let samples: usize = env_or("BENCH_SAMPLES", 2000);
    let temporary = tempfile::tempdir().expect("temp dir");
    let dir = match std::env::var("BENCH_LOG") {
        Ok(dir) => dir.into(),
        Err(_) => {
            let events = env_or("BENCH_EVENTS", 100_000);
            fill(temporary.path(), events);
            temporary.path().to_path_buf()
        }
    };
    let started = Instant::now();
    let store = Store::open(&dir).expect("open the log");
    let opened = started.elapsed();
    let head = store.head().position;
    println!("log of {head} events; opened (and the tree built if it had none) in {opened:.2?}\n");
    println!("| operation, at {head} events | median | p99 | max | proof nodes (median / max) |");
    println!("|---|---:|---:|---:|---:|");
    let mut spread = Spread(0x9e37_79b9_7f4a_7c15);

    let root = time(samples, || {
        let size = spread.between(1, head);
        store.tree_root(size).expect("root");
        0
    });
    row("root of a tree of any size (`tree_root`)", &root);
    let checkpoint = time(samples, || {
        store.tree_root(head).expect("root");
        0
    });
    row("root at the head (a checkpoint's)", &checkpoint);
    let inclusion = time(samples, || {
        let position = spread.between(1, head);
        store.inclusion_proof(position, head).expect("proof").len()
    });
    row("inclusion proof at the head", &inclusion);
    let consistency = time(samples, || {
        let from = spread.between(1, head);
        store.consistency_proof(from, head).expect("proof").len()
    });
    row("consistency proof to the head", &consistency);
    let full_tiles = head / 256;
    if full_tiles > 0 {
        let tile = time(samples, || {
            store
                .hash_tile(0, spread.between(1, full_tiles) - 1, 256)
                .expect("tile");
            0
        });
        row("full hash tile, level 0", &tile);
    }
}

struct Timed {
    times: Vec<Duration>,
    nodes: Vec<usize>,
}

fn time(samples: usize, mut call: impl FnMut() -> usize) -> Timed {
    let mut times = Vec::with_capacity(samples);
    let mut nodes = Vec::with_capacity(samples);
    for _ in 0..samples {
        let started = Instant::now();
        nodes.push(call());
        times.push(started.elapsed());
    }
    times.sort();
    nodes.sort();
    Timed { times, nodes }
}

fn row(what: &str, timed: &Timed) {
    let at = |q: f64| timed.times[((timed.times.len() - 1) as f64 * q) as usize];
    let nodes = match timed.nodes.last() {
        Some(&max) if max > 0 => format!("{} / {max}", timed.nodes[timed.nodes.len() / 2]),
        _ => "–".into(),
    };
    println!(
        "| {what} | {} | {} | {} | {nodes} |",
        us(at(0.5)),
        us(at(0.99)),
        us(at(1.0))
    );
}

fn us(duration: Duration) -> String {
    format!("{:.0} µs", duration.as_secs_f64() * 1e6)
}

/// Numbers spread over a range, the same in every run.
struct Spread(u64);

impl Spread {
    fn between(&mut self, low: u64, high: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        low + self.0 % (high - low + 1)
    }
}

fn fill(dir: &std::path::Path, events: u64) {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let store = Store::open(dir).expect("open");
    runtime.block_on(async {
        let stream = StreamName::new(StreamCategory::Activity, Uuid::now_v7());
        let mut appended = 0;
        while appended < events {
            let count = (events - appended).min(1000);
            let batch = (appended..appended + count)
                .map(|n| NewEvent {
                    id: Uuid::now_v7(),
                    event_type: "test_happened".into(),
                    data: RawValue::from_string(format!(r#"{{"n":{n}}}"#)).expect("json"),
                    metadata: RawValue::from_string(r#"{"actor":"bench"}"#.into()).expect("json"),
                })
                .collect();
            store
                .append(stream, ExpectedVersion::Any, batch)
                .await
                .expect("append");
            appended += count;
        }
    });
}

fn env_or<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}
