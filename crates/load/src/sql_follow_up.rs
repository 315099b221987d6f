//! The follow-up's numbers as one SQL query over the same events in
//! PostgreSQL (`bench/follow-up.sql`), timed; then, so the comparison with
//! `trygglogg rebuild` is honest, the query's numbers are checked against
//! the follow-ups a trygglogg server on the same log serves.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use serde_json::{json, Value};
use tokio_postgres::NoTls;

#[derive(clap::Args)]
pub struct Args {
    /// A libpq-style connection string.
    #[arg(long)]
    pg: String,
    /// The query. Its rows: agreement (text), year (int4), focus_area (text),
    /// commitment (text or null), planned, completed, cancelled (int8), hours
    /// (int8 or null), facts (text: the follow-up's JSON of fact totals).
    #[arg(long)]
    query: PathBuf,
    /// Times the query is run; the median is reported.
    #[arg(long, default_value_t = 3)]
    runs: usize,
    /// A trygglogg server on the same log, to check the numbers against.
    #[arg(long)]
    check_url: Option<String>,
    /// How many agreements to check (all their years).
    #[arg(long, default_value_t = 10)]
    sample: usize,
}

/// (agreement, year, focus area, commitment) → the numbers of one group.
type Groups = BTreeMap<(String, i32, String, Option<String>), Value>;

pub async fn run(args: Args) -> ExitCode {
    match measure_and_check(args).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("sql-follow-up: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn measure_and_check(args: Args) -> Result<(), String> {
    let query = std::fs::read_to_string(&args.query).map_err(|e| e.to_string())?;
    let (client, connection) = tokio_postgres::connect(&args.pg, NoTls)
        .await
        .map_err(|e| format!("cannot connect: {e}"))?;
    tokio::spawn(connection);
    let mut times = Vec::new();
    let mut rows = Vec::new();
    for _ in 0..args.runs.max(1) {
        let started = Instant::now();
        rows = client.query(&query, &[]).await.map_err(|e| e.to_string())?;
        times.push(started.elapsed());
    }
    times.sort();
    let median = times[times.len() / 2];
    let mut groups = Groups::new();
    for row in &rows {
        let facts: String = row.get(8);
        let key = (row.get(0), row.get(1), row.get(2), row.get(3));
        let numbers = numbers(
            [row.get(4), row.get(5), row.get(6)],
            row.get(7),
            serde_json::from_str(&facts).map_err(|e| e.to_string())?,
        );
        groups.insert(key, numbers);
    }
    println!(
        "| SQL follow-up query | {} groups | {:.2} s (median of {}) |",
        groups.len(),
        median.as_secs_f64(),
        times.len()
    );
    let checked = match &args.check_url {
        Some(url) => check(url, &groups, args.sample).await?,
        None => 0,
    };
    println!(
        "{}",
        json!({"what": "SQL follow-up", "seconds": median.as_secs_f64(),
            "groups": groups.len(), "checked_groups": checked})
    );
    Ok(())
}

/// The numbers compared, in one shape for both sides.
fn numbers(counts: [i64; 3], hours: Option<i64>, facts: Value) -> Value {
    json!({"planned": counts[0], "completed": counts[1], "cancelled": counts[2],
        "hours": hours, "facts": facts})
}

/// Compares every commitment (and the work without one) of the first
/// `sample` agreements, in every follow-up year, with the query's groups;
/// and requires every group of theirs to be in the follow-up. Returns the
/// number of groups compared.
async fn check(url: &str, groups: &Groups, sample: usize) -> Result<usize, String> {
    let client = reqwest::Client::new();
    let get = |path: String| {
        let request = client.get(format!("{url}/api/v1/{path}"));
        async move {
            let response = request.send().await.map_err(|e| e.to_string())?;
            response.json::<Value>().await.map_err(|e| e.to_string())
        }
    };
    let agreements = get("agreements".into()).await?;
    let mut agreements: Vec<&Value> = agreements.as_array().into_iter().flatten().collect();
    agreements.sort_by_key(|a| a["id"].as_str().unwrap_or_default().to_owned());
    let mut compared = 0;
    let mut seen = 0;
    for agreement in agreements.into_iter().take(sample) {
        let id = agreement["id"].as_str().ok_or("an agreement without id")?;
        let mut years: Vec<i64> = agreement["follow_up_years"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_i64)
            .collect();
        years.extend(groups.keys().filter(|k| k.0 == id).map(|k| k.1 as i64));
        years.sort();
        years.dedup();
        for year in years {
            let follow_up = get(format!("agreements/{id}/follow-up/{year}")).await?;
            let served = served_groups(id, year as i32, &follow_up);
            for (key, theirs) in &served {
                let ours = groups.get(key).cloned().unwrap_or_else(zero);
                if &ours != theirs {
                    return Err(format!(
                        "{key:?}: the query says {ours}, the follow-up {theirs}"
                    ));
                }
                compared += 1;
                seen += usize::from(groups.contains_key(key));
            }
            for key in groups.keys().filter(|k| k.0 == id && k.1 == year as i32) {
                if !served.contains_key(key) {
                    return Err(format!(
                        "{key:?} is in the query's answer, not in the follow-up"
                    ));
                }
            }
        }
    }
    if seen == 0 {
        return Err("no group of the query's answer was among those checked".into());
    }
    eprintln!("checked {compared} groups ({seen} with activities): the query equals the follow-up");
    Ok(compared)
}

fn zero() -> Value {
    numbers([0, 0, 0], None, json!({}))
}

/// The numbers of every commitment and of the work without one, per focus
/// area, as the follow-up's JSON has them.
fn served_groups(agreement: &str, year: i32, follow_up: &Value) -> Groups {
    let mut groups = Groups::new();
    let numbers_of = |progress: &Value| {
        let counts = &progress["counts"];
        let count = |name: &str| counts[name].as_i64().unwrap_or(-1);
        numbers(
            [count("planned"), count("completed"), count("cancelled")],
            progress["hours"].as_i64(),
            progress["facts"].clone(),
        )
    };
    for focus in follow_up["focus_areas"].as_array().into_iter().flatten() {
        let key = focus["key"].as_str().unwrap_or_default().to_owned();
        for commitment in focus["commitments"].as_array().into_iter().flatten() {
            let commitment_key = commitment["key"].as_str().map(str::to_owned);
            groups.insert(
                (agreement.to_owned(), year, key.clone(), commitment_key),
                numbers_of(&commitment["progress"]),
            );
        }
        groups.insert(
            (agreement.to_owned(), year, key, None),
            numbers_of(&focus["without_commitment"]),
        );
    }
    groups
}
