//! What sled alone keeps in memory as the log grows (issue 19, BENCHMARKS.md
//! "Memory under sustained appends"): the store's keys for each appended
//! event of a new stream, written with raw sled the way the writer writes
//! them (a batch of 64 events, applied and made durable), with no views, no
//! HTTP and no checks. Prints the process's resident memory every STEP
//! events, so the growth per event that belongs to sled itself can be told
//! from the service's.
//!
//!   cargo run --release -p trygglogg-store --example sled_memory -- EVENTS STEP CACHE_MIB
//!
//! Per event, as the server writes it for the load harness: the log value
//! (about 760 bytes: hash and record), the stream key (a new activity
//! stream, version 1), the id key (48 bytes), and the Merkle tree's stored
//! hashes (1 + the trailing ones of the leaf's index, 2 on average). With
//! the binary's allocator, mimalloc.

use std::time::Instant;

use trygglogg_store::{Engine, StoreOptions};
use uuid::Uuid;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Events per group commit (the server forms groups of about this size at
/// 64 clients).
const GROUP: u64 = 64;
/// The length of one stored log value of the harness's event.
const LOG_VALUE_BYTES: usize = 760;

fn main() {
    let args: Vec<u64> = std::env::args()
        .skip(1)
        .map(|a| a.parse().expect("EVENTS STEP CACHE_MIB, as numbers"))
        .collect();
    let (events, step, cache_mib) = match args[..] {
        [events, step, cache_mib] => (events, step, cache_mib),
        _ => (2_000_000, 250_000, StoreOptions::DEFAULT_CACHE_MIB),
    };
    let dir = std::env::temp_dir().join(format!("sled-memory-{}", std::process::id()));
    let engine = Engine::open(
        &dir,
        StoreOptions {
            cache_bytes: cache_mib << 20,
        },
    )
    .expect("open");
    let value = vec![b'x'; LOG_VALUE_BYTES];
    let mut stored_hashes = 0u64;
    let start = Instant::now();
    println!("cache {cache_mib} MiB (as sled counts it)");
    println!("| events | VmRSS MiB | seconds |");
    println!("|---:|---:|---:|");
    let mut position = 0u64;
    let mut next = step;
    while position < events {
        let mut batch = sled::Batch::default();
        for _ in 0..GROUP {
            position += 1;
            batch.insert(&key(b'L', &position.to_be_bytes())[..], &value[..]);
            let stream = format!("activity-{}\0", Uuid::new_v4());
            let stream_key = [stream.as_bytes(), &1u64.to_be_bytes()].concat();
            batch.insert(key(b'S', &stream_key), &position.to_be_bytes());
            batch.insert(key(b'I', Uuid::new_v4().as_bytes()), &[0u8; 48][..]);
            // Go sumdb's stored hashes: one for the leaf, one per level it
            // completes.
            for _ in 0..=(position - 1).trailing_ones() {
                batch.insert(&key(b'H', &stored_hashes.to_be_bytes())[..], &[7u8; 32]);
                stored_hashes += 1;
            }
        }
        engine.db.apply_batch(batch).expect("batch");
        engine.make_durable().expect("durable");
        if position >= next {
            println!(
                "| {position} | {} | {:.0} |",
                resident_mib(),
                start.elapsed().as_secs_f64()
            );
            next += step;
        }
    }
    drop(engine);
    std::fs::remove_dir_all(&dir).expect("remove the data dir");
}

fn key(prefix: u8, rest: &[u8]) -> Vec<u8> {
    [&[prefix][..], rest].concat()
}

/// VmRSS of this process, in MiB.
fn resident_mib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))
        .and_then(|kib| kib.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        .map_or(0, |kib| kib / 1024)
}
