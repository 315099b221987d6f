//! `trygglogg-load`: load harnesses for a running `trygglogg serve` and for
//! the peers it is compared with (PostgreSQL, any static HTTP server). Every
//! mode that measures prints a markdown line for people and, last, one JSON
//! line for scripts (`bench/run`).

use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod closed_loop;
mod generate;
mod get;
mod http_append;
mod mixed;
mod payload;
mod peer;
mod pg_append;
mod scan;
mod sql_follow_up;

#[derive(Parser)]
#[command(about = "Load harnesses for trygglogg and its peers")]
struct Cli {
    #[command(subcommand)]
    mode: Mode,
}

#[derive(Subcommand)]
enum Mode {
    /// Mixed appends, follow-up reads, log reads and live subscriptions
    /// against a trygglogg serve (scripts/load, CI).
    Mixed(mixed::Args),
    /// Durable single-event appends over HTTP to a trygglogg serve.
    Append(http_append::Args),
    /// The same appends as one INSERT each into a PostgreSQL event table.
    PgAppend(pg_append::Args),
    /// The service a team would write instead of trygglogg, on PostgreSQL:
    /// the same append request, rules and tokens (`append` measures it).
    PeerServe(peer::Args),
    /// Plain GETs of one URL (a trygglogg follow-up, or a static file).
    Get(get::Args),
    /// Writes a generated log of a realistic mix into a data dir.
    Generate(generate::Args),
    /// Times the follow-up as one SQL query and checks it against a server.
    SqlFollowUp(sql_follow_up::Args),
    /// Times the engine's bare scan of a data dir's log (rebuild's floor).
    Scan(scan::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let runtime = tokio::runtime::Runtime::new().expect("a runtime");
    runtime.block_on(async {
        match cli.mode {
            Mode::Mixed(args) => mixed::run(args).await,
            Mode::Append(args) => http_append::run(args).await,
            Mode::PgAppend(args) => pg_append::run(args).await,
            Mode::PeerServe(args) => peer::run(args).await,
            Mode::Get(args) => get::run(args).await,
            Mode::Generate(args) => generate::run(args).await,
            Mode::SqlFollowUp(args) => sql_follow_up::run(args).await,
            Mode::Scan(args) => scan::run(args).await,
        }
    })
}
