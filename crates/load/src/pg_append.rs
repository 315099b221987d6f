//! The peer of `append`: what most teams would build, an event table in
//! PostgreSQL with one INSERT per event (unique id, unique stream and
//! version; `bench/schema.sql`), over PostgreSQL's own wire protocol with a
//! prepared statement, one connection per client. Durable when
//! `synchronous_commit` is on, as the server must be started.

use std::process::ExitCode;
use std::sync::Arc;

use tokio_postgres::types::ToSql;
use tokio_postgres::{Client, NoTls, Statement};
use uuid::Uuid;

use crate::closed_loop::{self, Shape};
use crate::payload;

#[derive(clap::Args)]
pub struct Args {
    /// A libpq-style connection string, e.g. `host=127.0.0.1 port=5433 user=postgres`.
    #[arg(long)]
    pg: String,
    #[command(flatten)]
    shape: Shape,
}

/// The same event as the HTTP append: a new stream at version 1, the same
/// data bytes (stored as jsonb, so PostgreSQL parses them as trygglogg does).
const INSERT: &str = "INSERT INTO events (id, stream, version, type, data, metadata) \
     VALUES ($1, $2, 1, $3, $4::text::jsonb, $5::text::jsonb)";

pub async fn run(args: Args) -> ExitCode {
    let pg = args.pg;
    if let Err(e) = check_durable(&pg).await {
        eprintln!("{e}");
        return ExitCode::FAILURE;
    }
    let report = closed_loop::run(
        args.shape,
        |_| connect(pg.clone()),
        |(client, insert): (Arc<Client>, Statement)| async move {
            let (id, stream) = (Uuid::new_v4(), payload::new_stream());
            let params: [&(dyn ToSql + Sync); 5] = [
                &id,
                &stream,
                &payload::TYPE,
                &payload::DATA,
                &payload::METADATA,
            ];
            client
                .execute(&insert, &params)
                .await
                .map(|_| ())
                .map_err(|e| e.to_string())
        },
    )
    .await;
    report.print("PostgreSQL INSERT", args.shape.clients)
}

/// A connection whose driver runs on its own task, and the prepared INSERT.
pub async fn connect(pg: String) -> Result<(Arc<Client>, Statement), String> {
    let (client, connection) = tokio_postgres::connect(&pg, NoTls)
        .await
        .map_err(|e| e.to_string())?;
    tokio::spawn(connection);
    let insert = client.prepare(INSERT).await.map_err(|e| e.to_string())?;
    Ok((Arc::new(client), insert))
}

/// Refuses to measure a server that would acknowledge before the WAL is on disk.
pub async fn check_durable(pg: &str) -> Result<(), String> {
    let (client, connection) = tokio_postgres::connect(pg, NoTls)
        .await
        .map_err(|e| format!("cannot connect to PostgreSQL: {e}"))?;
    tokio::spawn(connection);
    for setting in ["synchronous_commit", "fsync"] {
        let row = client
            .query_one(&format!("SHOW {setting}"), &[])
            .await
            .map_err(|e| e.to_string())?;
        let value: String = row.get(0);
        if value != "on" {
            return Err(format!("PostgreSQL has {setting} = {value}, not on"));
        }
    }
    Ok(())
}
