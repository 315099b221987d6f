//! Writes a generated log (`trygglogg-generate`'s realistic mix) into a data
//! dir, through the store as the recorder would; reused if already there.

use std::path::PathBuf;
use std::process::ExitCode;

use trygglogg_generate::{Plan, Shape, DEFAULT_SEED};

#[derive(clap::Args)]
pub struct Args {
    /// The data dir (as for `trygglogg --data`); the log goes where the
    /// store keeps it.
    #[arg(long)]
    data: PathBuf,
    /// How many events (about: whole activity streams are written).
    #[arg(long, default_value_t = 1_000_000)]
    events: u64,
    /// `bench`: 50 agreements (the benchmarks' log); `sweden`: 290
    /// municipalities from 2000 on, about 140,000 events a year.
    #[arg(long, default_value = "bench")]
    shape: Shape,
    /// The same seed (and the same other arguments) give the same events.
    #[arg(long, default_value_t = DEFAULT_SEED)]
    seed: u64,
}

pub async fn run(args: Args) -> ExitCode {
    let plan = Plan {
        shape: args.shape,
        events: args.events,
        seed: args.seed,
    };
    let store = trygglogg_generate::generated_log_with(&args.data, plan).await;
    println!(
        "{} events in {}",
        store.head().position,
        args.data.display()
    );
    ExitCode::SUCCESS
}
