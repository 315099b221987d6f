//! The engine's bare read speed over a data dir's log: `Store::scan` visiting
//! every event and doing nothing with it, as the projections' rebuild bench
//! measures its baseline, so a `trygglogg rebuild` of the same log can be
//! divided by it.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use trygglogg_store::Store;

#[derive(clap::Args)]
pub struct Args {
    /// The data dir (as for `trygglogg --data`).
    #[arg(long)]
    data: PathBuf,
    /// Scans in this process (each figure is printed; the first reads a
    /// cold log).
    #[arg(long, default_value_t = 1)]
    runs: usize,
}

pub async fn run(args: Args) -> ExitCode {
    let store = match Store::open(&args.data) {
        Ok(store) => store,
        Err(e) => {
            eprintln!("open {}: {e}", args.data.display());
            return ExitCode::FAILURE;
        }
    };
    let head = store.head().position;
    println!("| run | events | scan seconds | events/s |");
    println!("|---:|---:|---:|---:|");
    for run in 1..=args.runs {
        let started = Instant::now();
        let mut seen = 0u64;
        let scanned = store.scan(1, |_| {
            seen += 1;
            Ok::<_, trygglogg_store::StoreError>(std::ops::ControlFlow::Continue(()))
        });
        if let Err(e) = scanned {
            eprintln!("scan: {e}");
            return ExitCode::FAILURE;
        }
        let seconds = started.elapsed().as_secs_f64();
        println!(
            "| {run} | {seen} | {seconds:.2} | {:.0} |",
            seen as f64 / seconds
        );
        println!(
            "{}",
            serde_json::json!({"mode": "scan", "run": run, "events": seen, "head": head,
                "seconds": seconds, "events_per_second": seen as f64 / seconds})
        );
    }
    ExitCode::SUCCESS
}
