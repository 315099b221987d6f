//! The generator is pinned (the same plan gives the same events, in the same
//! order, also through the store) and its shapes have their intended counts.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;
use trygglogg_generate::{generated_log_with, GeneratedStream, Plan, Shape};
use trygglogg_store::Direction;

fn plan(shape: Shape, events: u64, seed: u64) -> Plan {
    Plan {
        shape,
        events,
        seed,
    }
}

#[test]
fn the_same_plan_gives_the_same_streams_and_another_seed_other_ids() {
    for shape in [Shape::Bench, Shape::Sweden] {
        let first: Vec<GeneratedStream> = plan(shape, 5_000, 7).streams().collect();
        let again: Vec<GeneratedStream> = plan(shape, 5_000, 7).streams().collect();
        assert_eq!(first, again, "{shape:?}");
        let other: Vec<GeneratedStream> = plan(shape, 5_000, 8).streams().collect();
        let ids = |streams: &[GeneratedStream]| -> BTreeSet<uuid::Uuid> {
            streams
                .iter()
                .flat_map(|s| s.events.iter().map(|e| e.id))
                .collect()
        };
        assert!(ids(&first).is_disjoint(&ids(&other)), "{shape:?}");
        let total: usize = first.iter().map(|s| s.events.len()).sum();
        assert_eq!(ids(&first).len(), total, "{shape:?}: every id once");
    }
}

/// Two generations of one plan store the same events at the same positions
/// (only the recorded time, the store's clock, differs).
#[tokio::test]
async fn the_same_plan_gives_the_same_log() {
    for shape in [Shape::Bench, Shape::Sweden] {
        let mut logs = Vec::new();
        for _ in 0..2 {
            let dir = tempfile::tempdir().expect("a temp dir");
            let store = generated_log_with(dir.path(), plan(shape, 3_000, 11)).await;
            let events = store
                .read_all(1, Direction::Forward, usize::MAX)
                .expect("read the log");
            assert!(events.len() >= 3_000, "{shape:?}: {}", events.len());
            let stored: Vec<_> = events
                .into_iter()
                .map(|e| {
                    let (data, metadata) = (e.data.get().to_string(), e.metadata.get().to_string());
                    (
                        e.position,
                        e.stream.to_string(),
                        e.version,
                        e.id,
                        e.event_type,
                        data,
                        metadata,
                    )
                })
                .collect();
            logs.push(stored);
        }
        assert_eq!(logs[0], logs[1], "{shape:?}");
    }
}

/// The benchmarks' log keeps the size of the generator before it was seeded.
#[test]
fn the_bench_shape_keeps_its_sizes() {
    let streams: Vec<GeneratedStream> = Plan::bench(1_000_000).streams().collect();
    let events: usize = streams.iter().map(|s| s.events.len()).sum();
    assert_eq!(events, 1_000_368);
    let agreements = streams
        .iter()
        .filter(|s| s.stream.starts_with("agreement-"));
    assert_eq!(agreements.count(), 50);
}

fn text<'a>(data: &'a Value, field: &str) -> &'a str {
    data[field]
        .as_str()
        .unwrap_or_else(|| panic!("{field} in {data}"))
}

/// Two years of Sweden and a part of the third: 290 municipalities, agreements of 1–3 years one after
/// another, 20–30 activity streams a month each, about 140,000 events a year,
/// each activity serving the agreement of its municipality and year.
#[test]
fn the_sweden_shape_has_its_counts() {
    let streams: Vec<GeneratedStream> = plan(Shape::Sweden, 300_000, 19).streams().collect();
    let events: usize = streams.iter().map(|s| s.events.len()).sum();
    assert!(
        (300_000..300_003).contains(&events),
        "{events} events: whole streams"
    );

    // agreement id → (municipality, first year, years)
    let mut agreements = BTreeMap::new();
    let mut periods: BTreeMap<String, Vec<(i64, i64)>> = BTreeMap::new();
    for stream in streams
        .iter()
        .filter(|s| s.stream.starts_with("agreement-"))
    {
        let adopted = &stream.events[0];
        assert_eq!(adopted.event_type, "agreement_adopted");
        assert_eq!(stream.events.len(), 7, "adopted and 6 commitments");
        let municipality = text(&adopted.data, "municipality").to_string();
        let period = &adopted.data["period"];
        let (first, years) = (
            period["first_year"].as_i64().unwrap(),
            period["years"].as_i64().unwrap(),
        );
        assert!((1..=3).contains(&years), "{years} years");
        let id = stream
            .stream
            .strip_prefix("agreement-")
            .expect("an agreement stream");
        agreements.insert(id.to_string(), (municipality.clone(), first, years));
        periods
            .entry(municipality)
            .or_default()
            .push((first, years));
    }
    assert_eq!(periods.len(), 290, "municipalities");
    for (municipality, periods) in &periods {
        assert_eq!(periods[0].0, 2000, "{municipality} starts in 2000");
        for pair in periods.windows(2) {
            assert_eq!(
                pair[0].0 + pair[0].1,
                pair[1].0,
                "{municipality}: one after another"
            );
        }
    }

    let mut per_month: BTreeMap<(String, String), u32> = BTreeMap::new();
    let mut per_year: BTreeMap<String, usize> = BTreeMap::new();
    let mut per_agreement_year: BTreeMap<(String, String), u32> = BTreeMap::new();
    let mut single_completed = 0;
    let activities: Vec<&GeneratedStream> = streams
        .iter()
        .filter(|s| s.stream.starts_with("activity-"))
        .collect();
    for stream in &activities {
        let first = &stream.events[0].data;
        let date = first["planned"]
            .as_str()
            .or(first["occurred"].as_str())
            .expect("a date");
        let agreement = text(&first["serves"], "agreement");
        let (municipality, first_year, years) = &agreements[agreement];
        let year: i64 = date[..4].parse().expect("a year");
        assert!(
            (*first_year..first_year + years).contains(&year),
            "{date} in {first_year}+{years}"
        );
        *per_month
            .entry((municipality.clone(), date[..7].to_string()))
            .or_default() += 1;
        *per_year.entry(date[..4].to_string()).or_default() += stream.events.len();
        *per_agreement_year
            .entry((agreement.to_string(), date[..4].to_string()))
            .or_default() += 1;
        if stream.events.len() == 1 && stream.events[0].event_type == "activity_completed" {
            single_completed += 1;
        }
    }
    // 2002 is cut where the size asked for is reached.
    let whole: Vec<u32> = per_month
        .iter()
        .filter(|((_, month), _)| month.as_str() < "2002")
        .map(|(_, &n)| n)
        .collect();
    assert_eq!(
        whole.len(),
        290 * 24,
        "every municipality, every month of two years"
    );
    assert!(
        whole.iter().all(|n| (20..=30).contains(n)),
        "20–30 streams a month"
    );
    for year in ["2000", "2001"] {
        let events = per_year[year];
        assert!(
            (130_000..150_000).contains(&events),
            "{year}: {events} events"
        );
    }
    let whole_years: Vec<u32> = per_agreement_year
        .iter()
        .filter(|((_, year), _)| year != "2002")
        .map(|(_, &n)| n)
        .collect();
    let mean = whole_years.iter().sum::<u32>() as f64 / whole_years.len() as f64;
    assert!(
        (250.0..350.0).contains(&mean),
        "{mean} activities an agreement-year"
    );
    let share = single_completed as f64 / activities.len() as f64;
    assert!((0.39..0.41).contains(&share), "{share} completed unplanned");
}
