//! Writes a generated log (`trygglogg-generate`'s realistic mix) into a data
//! dir, through the store as the recorder would; reused if already there.

use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// The data dir (as for `trygglogg --data`); the log goes where the
    /// store keeps it.
    #[arg(long)]
    data: PathBuf,
    /// How many events (about: whole activity streams are written).
    #[arg(long, default_value_t = 1_000_000)]
    events: u64,
}

pub async fn run(args: Args) -> ExitCode {
    let store = trygglogg_generate::generated_log(&args.data, args.events).await;
    println!(
        "{} events in {}",
        store.head().position,
        args.data.display()
    );
    ExitCode::SUCCESS
}
