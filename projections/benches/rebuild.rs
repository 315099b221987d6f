//! Rebuild speed, start-up time with a valid checkpoint, and peak memory, on
//! generated logs of a realistic mix.
//!
//! `cargo bench -p trygglogg-projections --bench rebuild`
//! `BENCH_EVENTS` (default `250000,1000000`) lists the log sizes; `BENCH_RUNS`
//! (default 3) the runs per figure (the median is shown). `BENCH_BREAKDOWN=1`
//! shows instead where a fold's time goes per event: the same walk through
//! the log doing one more step of the fold's work at a time. `BENCH_FOLLOW_UP=1`
//! times only the uncached follow-up read (the last column), split into its
//! selection under the lock and its reading of the log, `BENCH_RUNS` times
//! (default 3) per size: quick to alternate two builds with, and to profile.
//! Generated logs are kept under `target/bench-logs/<events>` and reused by
//! later runs.
//!
//! The mix per activity stream: 40 % completed unplanned, 30 % planned then
//! completed, 5 % planned then cancelled, 5 % planned, rescheduled, completed,
//! 10 % completed then corrected, 5 % completed then retracted, 5 % planned
//! and still open; 50 agreements of 2 focus areas and 6 commitments each.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use trygglogg_generate::generated_log;
use trygglogg_projections::follow_up::Audience;
use trygglogg_projections::{build, Projections};
use trygglogg_store::Store;

// The allocator of the `trygglogg` binary, so the figures are the binary's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let sizes: Vec<u64> = std::env::var("BENCH_EVENTS")
        .unwrap_or_else(|_| "250000,1000000".into())
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect();
    let runs: usize = std::env::var("BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3);
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    if std::env::var_os("BENCH_BREAKDOWN").is_some_and(|v| v == "1") {
        for events in sizes {
            breakdown(&runtime, events, runs);
        }
        return;
    }
    if std::env::var_os("BENCH_FOLLOW_UP").is_some_and(|v| v == "1") {
        for events in sizes {
            follow_up_reads(&runtime, events, runs);
        }
        return;
    }
    println!("| events in log | log scan alone, events/s | fold events/s | fold ÷ scan | rebuild incl. checkpoint write | view start-up with checkpoint | start-up incl. opening the log | peak RSS during rebuild | checkpoint size | one follow-up (activities) |");
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for events in sizes {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../target/bench-logs")
            .join(events.to_string());
        let store = runtime.block_on(generated_log(&dir.join("log"), events));
        let views = dir.join("views");
        // The baseline: the same walk through the log, each event read in
        // place and nothing done with it — the engine's own limit.
        let mut scans = Vec::new();
        let mut folds = Vec::new();
        for _ in 0..runs {
            let started = Instant::now();
            let mut seen = 0u64;
            store
                .scan(1, |_| {
                    seen += 1;
                    Ok::<_, trygglogg_store::StoreError>(std::ops::ControlFlow::Continue(()))
                })
                .expect("scan");
            scans.push(started.elapsed());
            assert_eq!(seen, store.head().position);
            let started = Instant::now();
            let state = build(&store, None, |_| {}).expect("fold");
            folds.push(started.elapsed());
            assert_eq!(state.position, store.head().position);
        }
        let mut rebuilds = Vec::new();
        let mut peaks = Vec::new();
        for _ in 0..runs {
            reset_peak_rss();
            let stats = Projections::rebuild(&store, &views, |_| {}).expect("rebuild");
            peaks.push(peak_rss_mib());
            rebuilds.push(stats.elapsed);
        }
        let mut startups = Vec::new();
        for _ in 0..runs {
            let started = Instant::now();
            let projections = Projections::open(store.clone(), &views).expect("open");
            startups.push(started.elapsed());
            assert_eq!(projections.applied(), store.head().position);
        }
        // One agreement's follow-up of a year, its activities read from the
        // log (from the state itself: the live handle would answer again
        // from its cache).
        let projections = Projections::open(store.clone(), &views).expect("open");
        let state = projections.read().clone();
        let agreement = state.agreements().next().expect("agreements").id;
        let mut reads = Vec::new();
        let mut lines = 0;
        for _ in 0..runs {
            let started = Instant::now();
            let view = state
                .follow_up(&store, agreement, 2018, Audience::Public)
                .expect("follow-up")
                .expect("the agreement");
            reads.push(started.elapsed());
            lines = view.focus_areas[0].commitments[0].progress.activities.len();
        }
        let rebuild = median(rebuilds);
        let fold = median(folds);
        let scan = median(scans);
        let checkpoint = std::fs::metadata(views.join("follow-up.bin"))
            .map(|m| m.len() as f64 / (1 << 20) as f64)
            .unwrap_or_default();
        let events = store.head().position as f64;
        // Start-up from cold, as a server starts: the log opened by sled,
        // then the view loaded from its checkpoint and caught up.
        let head = store.head().position;
        drop((state, projections, store));
        let mut opens = Vec::new();
        for _ in 0..runs {
            let started = Instant::now();
            let store = Store::open(dir.join("log")).expect("reopen");
            let projections = Projections::open(store, &views).expect("open");
            opens.push(started.elapsed());
            assert_eq!(projections.applied(), head);
        }
        println!(
            "| {} | {:.0} | {:.0} | {:.2} | {:.2} s | {:.0} ms | {:.0} ms | {:.0} MiB | {:.1} MiB | {:.0} ms ({lines}) |",
            head,
            events / scan.as_secs_f64(),
            events / fold.as_secs_f64(),
            scan.as_secs_f64() / fold.as_secs_f64(),
            rebuild.as_secs_f64(),
            median(startups).as_secs_f64() * 1000.0,
            median(opens).as_secs_f64() * 1000.0,
            median_f64(peaks),
            checkpoint,
            median(reads).as_secs_f64() * 1000.0,
        );
    }
}

/// The uncached follow-up read alone, as the last column of the main table
/// measures it, with its two steps: the selection (under the view's lock, no
/// I/O) and the reading of the selected streams and the building of the view;
/// and what one read costs the process in bytes read from files (sled's page
/// pulls, `rchar` of `/proc/self/io`) and in CPU time. `BENCH_CACHE_MIB`
/// opens the log with another sled cache than the default.
fn follow_up_reads(runtime: &tokio::runtime::Runtime, events: u64, runs: usize) {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../target/bench-logs")
        .join(events.to_string());
    let mut store = runtime.block_on(generated_log(&dir.join("log"), events));
    let cache_mib = std::env::var("BENCH_CACHE_MIB")
        .ok()
        .and_then(|v| v.parse::<u64>().ok());
    if let Some(mib) = cache_mib {
        drop(store);
        let options = trygglogg_store::StoreOptions {
            cache_bytes: mib << 20,
        };
        store = Store::open_with(dir.join("log"), options).expect("reopen");
    }
    let projections = Projections::open(store.clone(), dir.join("views")).expect("open");
    let state = projections.read().clone();
    let agreement = state.agreements().next().expect("agreements").id;
    let (mut selects, mut reads, mut wholes) = (Vec::new(), Vec::new(), Vec::new());
    let (mut bytes, mut cpu) = (Vec::new(), Vec::new());
    let mut lines = 0;
    for _ in 0..runs {
        let (read_before, cpu_before) = (bytes_read(), cpu_time());
        let started = Instant::now();
        let selection = state.select(agreement, 2018).expect("the agreement");
        let selected = started.elapsed();
        let view = selection.read(&store, Audience::Public).expect("follow-up");
        wholes.push(started.elapsed());
        reads.push(started.elapsed() - selected);
        selects.push(selected);
        cpu.push(cpu_time() - cpu_before);
        bytes.push((bytes_read() - read_before) as f64 / (1 << 20) as f64);
        lines = view.focus_areas[0].commitments[0].progress.activities.len();
    }
    let ms = |runs: Vec<Duration>| median(runs).as_secs_f64() * 1000.0;
    let cache = cache_mib.map_or("default".to_string(), |mib| format!("{mib} MiB"));
    println!("| events in log | sled cache | one follow-up (activities) | of it: selection | of it: reading the log and building | CPU time | read from files |");
    println!("|---:|---:|---:|---:|---:|---:|---:|");
    println!(
        "| {} | {cache} | {:.1} ms ({lines}) | {:.1} ms | {:.1} ms | {:.1} ms | {:.0} MiB |",
        store.head().position,
        ms(wholes),
        ms(selects),
        ms(reads),
        ms(cpu),
        median_f64(bytes),
    );
}

/// Bytes this process has read through read calls so far (`rchar`: from
/// the disk or the kernel's page cache alike).
fn bytes_read() -> u64 {
    std::fs::read_to_string("/proc/self/io")
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix("rchar:"))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or_default()
}

/// The CPU time of this thread so far (`/proc/thread-self/schedstat`, in ns):
/// what a read costs apart from waiting for the disk and for other processes.
fn cpu_time() -> Duration {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse().ok())
        .map_or(Duration::ZERO, Duration::from_nanos)
}

/// Per event, the time of each step of a fold, as the difference between
/// walks through the log that do one step more each (medians of `runs`).
fn breakdown(runtime: &tokio::runtime::Runtime, events: u64, runs: usize) {
    use trygglogg_events::{decode_placing, stored_schema_version, EventType, StreamCategory};
    use trygglogg_store::StoredEvent;

    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../target/bench-logs")
        .join(events.to_string());
    let store = runtime.block_on(generated_log(&dir.join("log"), events));
    let count = store.head().position as f64;
    let walk = |step: &dyn Fn(&StoredEvent<'_>)| {
        let started = Instant::now();
        store
            .scan(1, |event| {
                step(&event);
                Ok::<_, trygglogg_store::StoreError>(std::ops::ControlFlow::Continue(()))
            })
            .expect("scan");
        started.elapsed()
    };
    let activity = |event: &StoredEvent<'_>| event.stream.category() == StreamCategory::Activity;
    /// A step's name and what it does with each event.
    type Step<'s> = (&'s str, &'s dyn Fn(&StoredEvent<'_>));
    let steps: [Step; 4] = [
        ("the log scan alone", &|_| {}),
        ("+ the event's type and stream id", &|e| {
            std::hint::black_box((EventType::parse(e.event_type).ok(), e.stream.id()));
        }),
        ("+ the schema version from the metadata", &|e| {
            std::hint::black_box((EventType::parse(e.event_type).ok(), e.stream.id()));
            std::hint::black_box(stored_schema_version(e.metadata.get()).ok());
        }),
        ("+ the placing of activity events (decode_placing)", &|e| {
            std::hint::black_box((EventType::parse(e.event_type).ok(), e.stream.id()));
            let version = stored_schema_version(e.metadata.get()).unwrap_or(1);
            if activity(e) {
                std::hint::black_box(decode_placing(e.event_type, version, e.data.get()).ok());
            }
        }),
    ];
    // A first walk brings the log into sled's cache; then each round walks
    // once per step, so that the machine's noise falls on every step alike.
    walk(&|_| {});
    let mut times: Vec<Vec<Duration>> = vec![Vec::new(); steps.len() + 1];
    for _ in 0..runs {
        for (i, (_, step)) in steps.iter().enumerate() {
            times[i].push(walk(step));
        }
        let started = Instant::now();
        build(&store, None, |_| {}).expect("fold");
        times[steps.len()].push(started.elapsed());
    }
    let names = steps.iter().map(|(name, _)| *name).chain(std::iter::once(
        "the whole fold (build: also interning, histories, the index)",
    ));
    println!("| step | ns per event | this step alone, ns per event |");
    println!("|---|---:|---:|");
    let mut before = 0.0;
    for (name, runs) in names.zip(times) {
        let ns = median(runs).as_nanos() as f64 / count;
        println!("| {name} | {ns:.0} | {:.0} |", ns - before);
        before = ns;
    }
}

fn reset_peak_rss() {
    // Writing 5 to clear_refs resets the peak resident set size (VmHWM).
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

fn peak_rss_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

fn median(mut values: Vec<Duration>) -> Duration {
    values.sort();
    values[values.len() / 2]
}

fn median_f64(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}
