//! `peer-serve`: the service a team would write instead of Trygglogg, on
//! PostgreSQL (issue #19's fair peer). It takes Trygglogg's append request
//! with Trygglogg's tokens, refuses what Trygglogg refuses by calling the
//! same code (the api's token reading and extractors, the recorder's
//! validation, reach and stream rules over [`Streams`]), and stores each
//! event as a row of `peer_events` (bench/schema.sql) in one transaction:
//! read the stream and what it serves, check, INSERT at the next version,
//! COMMIT. What differs from Trygglogg: no hash chain, Merkle tree or
//! checkpoints; positions from an identity column (in commit order of
//! their INSERTs, with gaps after a rollback); no throttle of refused
//! tokens, no metrics, no size limit per event; only the one route.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use axum::routing::post;
use axum::Router;
use trygglogg_events::{AppendRequest, ValidationContext};
use trygglogg_recorder::{
    import_lines, parse_stream, read_import_line, today_in_sweden, Author, FoldedAgreements,
};
use trygglogg_tokens::Tokens;

mod append;
mod pool;
mod rows;
#[cfg(test)]
mod tests;

use pool::{Connection, Pool};

#[derive(clap::Args)]
pub struct Args {
    /// A libpq-style connection string; the database holds `peer_events`
    /// (bench/schema.sql), and runs with fsync and synchronous_commit on.
    #[arg(long)]
    pg: String,
    #[arg(long, default_value = "127.0.0.1:0")]
    addr: SocketAddr,
    /// Trygglogg's tokens file (`<data>/tokens.json` of a `serve --demo`),
    /// so the same tokens are accepted.
    #[arg(long)]
    tokens: PathBuf,
    /// PostgreSQL connections, each serving one request at a time.
    #[arg(long, default_value_t = 64)]
    connections: usize,
}

/// What every request shares.
#[derive(Clone)]
pub struct Peer {
    pool: Arc<Pool>,
    tokens: Arc<Tokens>,
    /// The agreements the rules fold, kept between requests as the
    /// recorder keeps them.
    agreements: Arc<FoldedAgreements>,
}

pub fn router(peer: Peer) -> Router {
    Router::new()
        .route(
            "/api/v1/streams/{stream}/events",
            post(append::append_events),
        )
        .with_state(peer)
}

pub async fn run(args: Args) -> ExitCode {
    match serve(args).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}

async fn serve(args: Args) -> Result<(), String> {
    crate::pg_append::check_durable(&args.pg).await?;
    let tokens = Tokens::open(&args.tokens).map_err(|e| format!("cannot read the tokens: {e}"))?;
    let mut connections = Vec::with_capacity(args.connections);
    for _ in 0..args.connections {
        connections.push(Connection::open(&args.pg).await?);
    }
    let peer = Peer {
        pool: Arc::new(Pool::new(connections)),
        tokens: Arc::new(tokens),
        agreements: Arc::default(),
    };
    seed(&peer).await?;
    let listener = tokio::net::TcpListener::bind(args.addr)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", args.addr))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    println!("listening on http://{addr}");
    axum::serve(listener, router(peer))
        .await
        .map_err(|e| e.to_string())
}

/// Records the Hagfors 2017 seed through the peer's own append, as `serve
/// --demo` does through the recorder (and with its author, `trygglogg
/// import`'s default): the agreements the appends serve. A no-op once there.
async fn seed(peer: &Peer) -> Result<(), String> {
    let author = Author::operator("import", "Trygglogg");
    let context = ValidationContext::new(today_in_sweden());
    for (line, json) in import_lines(trygglogg_events::SEED) {
        let refused = |e: String| format!("the seed's line {line} was refused: {e}");
        let import = read_import_line(json).map_err(refused)?;
        let stream = parse_stream(&import.stream).map_err(|e| refused(e.to_string()))?;
        let request = AppendRequest {
            expected_version: import.expected_version,
            events: import.events,
        };
        append::record(peer, &stream, &request, &author, &context)
            .await
            .map_err(|e| refused(e.to_string()))?;
    }
    Ok(())
}
