//! Rebuild speed, start-up time with a valid checkpoint, and peak memory, on
//! generated logs of a realistic mix.
//!
//! `cargo bench -p trygglogg-projections --bench rebuild`
//! `BENCH_EVENTS` (default `250000,1000000`) lists the log sizes; `BENCH_RUNS`
//! (default 3) the runs per figure (the median is shown). Generated logs are
//! kept under `target/bench-logs/<events>` and reused by later runs.
//!
//! The mix per activity stream: 40 % completed unplanned, 30 % planned then
//! completed, 5 % planned then cancelled, 5 % planned, rescheduled, completed,
//! 10 % completed then corrected, 5 % completed then retracted, 5 % planned
//! and still open; 50 agreements of 2 focus areas and 6 commitments each.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde_json::{json, value::RawValue, Value};
use trygglogg_events::{encode, parse_event, EventMetadata, ValidationContext};
use trygglogg_projections::follow_up::Audience;
use trygglogg_projections::{build, Projections};
use trygglogg_store::{ExpectedVersion, NewEvent, Store, StreamName};
use uuid::Uuid;

const AGREEMENTS: usize = 50;

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

/// The log at `dir`, generated with `events` events if it is not there yet.
async fn generated_log(dir: &Path, events: u64) -> Store {
    let store = Store::open(dir).expect("open store");
    if store.head().position >= events {
        return store;
    }
    assert_eq!(
        store.head().position,
        0,
        "a partly generated log at {}; delete it",
        dir.display()
    );
    let started = Instant::now();
    let agreements: Vec<Uuid> = (0..AGREEMENTS).map(|_| Uuid::new_v4()).collect();
    for &agreement in &agreements {
        append(
            &store,
            &format!("agreement-{agreement}"),
            agreement_events(agreement),
        )
        .await;
    }
    let mut tasks = Vec::new();
    let per_task = events / 32;
    for task in 0..32u64 {
        let (store, agreements) = (store.clone(), agreements.clone());
        tasks.push(tokio::spawn(async move {
            let mut written = 0;
            let mut n = task;
            while written < per_task {
                let agreement = agreements[(n as usize) % agreements.len()];
                let stream = format!("activity-{}", Uuid::new_v4());
                let events = activity_events(agreement, n);
                written += events.len() as u64;
                append(&store, &stream, events).await;
                n += 32;
            }
        }));
    }
    for task in tasks {
        task.await.expect("generator task");
    }
    eprintln!(
        "generated {} events in {:.0} s",
        store.head().position,
        started.elapsed().as_secs_f64()
    );
    store
}

type Event = (Uuid, String, Value);

fn event(event_type: &str, data: Value) -> Event {
    (Uuid::now_v7(), event_type.into(), data)
}

async fn append(store: &Store, stream: &str, events: Vec<Event>) {
    let context =
        ValidationContext::new(chrono::NaiveDate::from_ymd_opt(2020, 12, 31).expect("date"));
    let new: Vec<NewEvent> = events
        .into_iter()
        .map(|(id, event_type, data)| {
            let event = parse_event(&event_type, None, &data, &context)
                .unwrap_or_else(|e| panic!("{event_type}: {e}"));
            let encoded = encode(&event);
            let metadata = EventMetadata::for_event(&encoded, "bench", "Polisen");
            NewEvent {
                id,
                event_type: encoded.event_type.into(),
                data: raw(encoded.data.to_string()),
                metadata: raw(serde_json::to_string(&metadata).expect("metadata")),
            }
        })
        .collect();
    let name = StreamName::parse(stream).expect("stream name");
    store
        .append(name, ExpectedVersion::NoStream, new)
        .await
        .expect("append");
}

fn raw(text: String) -> Box<RawValue> {
    RawValue::from_string(text).expect("json")
}

fn agreement_events(id: Uuid) -> Vec<Event> {
    let mut events = vec![event(
        "agreement_adopted",
        json!({"title": format!("Medborgarlöften {id}"), "municipality": "Hagfors kommun",
            "parties": ["Hagfors kommun", "Polisen"], "period": {"first_year": 2018, "years": 2},
            "focus_areas": [{"key": "trafik", "name": "Trafikmiljön"}, {"key": "droger", "name": "Alkohol och droger"}]}),
    )];
    for (k, focus, kind) in [
        ("k1", "trafik", "traffic_control"),
        ("k2", "trafik", "traffic_environment_review"),
        ("k3", "trafik", "traffic_control"),
        ("k4", "droger", "test_purchase"),
        ("k5", "droger", "serious_talk"),
        ("k6", "droger", "licensing_inspection"),
    ] {
        events.push(event(
            "commitment_added",
            json!({"key": k, "focus_area": focus, "title": format!("Löfte {k}"),
                "description": "Ett löfte i medborgarlöftet.", "responsible": ["Polisen"],
                "activity_kinds": [kind], "target": {"per_year": 20}}),
        ));
    }
    events
}

/// One activity stream's events; `n` picks the shape and the details.
fn activity_events(agreement: Uuid, n: u64) -> Vec<Event> {
    let month = n % 12 + 1;
    let day = n % 28 + 1;
    let date = format!("{}-{month:02}-{day:02}", 2018 + n % 2);
    let serves = json!({"agreement": agreement, "focus_area": "trafik", "commitment": "k1"});
    let planned = event(
        "activity_planned",
        json!({"title": "Hastighetskontroll", "kind": "traffic_control", "serves": serves,
            "planned": date, "places": ["Hagfors centrum"], "responsible": ["Polisen"]}),
    );
    let completed = event(
        "activity_completed",
        json!({"kind": "traffic_control", "serves": serves,
            "facts": {"focus": ["speed", "sobriety"], "basis": "targeted", "controls": 1, "checked": n % 80, "reported": n % 5},
            "occurred": date, "places": ["Hagfors centrum"], "responsible": ["Polisen"], "hours": 4,
            "summary": "Hastighets- och nykterhetskontroll på Dalavägen under eftermiddagen."}),
    );
    let reason = json!({"reason": "Personalbrist på grund av annan insats."});
    let target = completed.0;
    match n % 20 {
        0..=7 => vec![completed],
        8..=13 => vec![planned, completed],
        14 => vec![planned, event("activity_cancelled", reason)],
        15 => vec![
            planned,
            event(
                "activity_rescheduled",
                json!({"planned": date, "reason": "Flyttad efter snöoväder."}),
            ),
            completed,
        ],
        16 | 17 => vec![
            completed,
            event(
                "correction",
                json!({"target": target, "target_type": "activity_completed",
                "changes": {"places": ["Ekshärad"]}, "reason": "Fel ort angavs."}),
            ),
        ],
        18 => vec![
            completed,
            event(
                "retraction",
                json!({"target": target, "reason": "Registrerades två gånger."}),
            ),
        ],
        _ => vec![planned],
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
