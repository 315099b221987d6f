//! The engine's own start-up, as the baseline of the server's (issue 19,
//! BENCHMARKS.md "Sweden × 70 years"): `Engine::open` of a data dir is sled
//! opening its files with the store's settings (loading its snapshot and
//! the segments written after it) and nothing of Trygglogg's; the store,
//! the views and HTTP come after it. Prints the seconds it took as JSON.
//!
//!   cargo run --release -p trygglogg-store --example engine_open -- DATA_DIR

use std::time::Instant;

use trygglogg_store::{Engine, StoreOptions};

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let Some(dir) = std::env::args().nth(1) else {
        eprintln!("usage: engine_open DATA_DIR");
        std::process::exit(2);
    };
    let dir = std::path::Path::new(&dir);
    if !dir.join("db").is_file() {
        eprintln!("no event store in {}", dir.display());
        std::process::exit(1);
    }
    let started = Instant::now();
    let engine = Engine::open(dir, StoreOptions::default()).expect("open the engine");
    let seconds = started.elapsed().as_secs_f64();
    drop(engine);
    println!(
        "{}",
        serde_json::json!({ "part": "engine open", "seconds": seconds })
    );
}
