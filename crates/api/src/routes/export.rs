//! `GET /api/v1/export`: a live backup. The whole log as JSON Lines, exactly
//! as `trygglogg export` writes it, up to the head at the request's start,
//! streamed: the log is read on a blocking thread and handed over a few
//! chunks at a time, never held whole in memory.

use std::io::{BufWriter, Write};

use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use tokio::sync::mpsc;

use crate::auth::{Authorised, ReadLog};
use crate::{AppState, QueryParams};

/// The media type of JSON Lines.
pub const JSON_LINES: &str = "application/jsonl";
/// The position and hash of the export's last event (zeros for an empty log).
pub const HEAD_POSITION: &str = "trygglogg-head-position";
pub const HEAD_HASH: &str = "trygglogg-head-hash";

/// Bytes per chunk sent, and chunks written ahead of the client: what an
/// export holds in memory at most, whatever the log's size.
const CHUNK_BYTES: usize = 64 * 1024;
const CHUNKS_AHEAD: usize = 4;

/// The export takes no parameters: an unknown one is refused, as on every
/// route, rather than silently ignored (a `?after=` would not do what it says).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExportQuery {}

#[utoipa::path(
    get,
    path = "/api/v1/export",
    tag = "audit",
    summary = "Export the whole log (a live backup)",
    description = "Every event from position 1 up to the head at the start of the request, one JSON line each (`{\"hash\":\"<64 hex>\",\"record\":<stored bytes>}`), exactly as `trygglogg export` writes them: `trygglogg restore` and `trygglogg verify --export` take the file as it is. Events recorded meanwhile are not in it, so the export is one consistent state of the log; the headers `Trygglogg-Head-Position` and `Trygglogg-Head-Hash` name it. The body is streamed, so the log may be larger than memory; should the log fail to read midway, the response is cut off rather than ended, and the file does not verify. Needs the **auditor** or **admin** role.",
    responses((status = 200, description = "The log as JSON Lines.", content_type = "application/jsonl", body = String,
        headers(
            ("Trygglogg-Head-Position" = u64, description = "The position of the last event exported (0: the log is empty)."),
            ("Trygglogg-Head-Hash" = String, description = "Its hash, 64 hex digits (zeros for an empty log)."),
        ))),
    security(("bearer" = []))
)]
pub async fn export_log(
    State(state): State<AppState>,
    _: Authorised<ReadLog>,
    QueryParams(ExportQuery {}): QueryParams<ExportQuery>,
) -> Response {
    let store = state.store.clone();
    let head = store.head();
    let (chunks_tx, chunks) = mpsc::channel(CHUNKS_AHEAD);
    tokio::task::spawn_blocking(move || {
        let exported = {
            let mut out = BufWriter::with_capacity(CHUNK_BYTES, ChunkSender(chunks_tx.clone()));
            store.export_until(head.position, &mut out, |_| {})
        };
        if let Err(error) = exported {
            // An error ends the body without its last chunk: the client
            // sees a cut-off response, never a short export that looks whole.
            tracing::error!(%error, "the export over HTTP stopped");
            let _ = chunks_tx.blocking_send(Err(std::io::Error::other(error.to_string())));
        }
    });
    let body = futures_util::stream::unfold(chunks, |mut chunks| async move {
        chunks.recv().await.map(|chunk| (chunk, chunks))
    });
    (
        [
            (CONTENT_TYPE, JSON_LINES.to_owned()),
            (
                CONTENT_DISPOSITION,
                format!(
                    "attachment; filename=\"trygglogg-export-{}.jsonl\"",
                    head.position
                ),
            ),
        ],
        [
            (HEAD_POSITION, head.position.to_string()),
            (HEAD_HASH, head.hash.to_hex()),
        ],
        Body::from_stream(body),
    )
        .into_response()
}

/// Hands what the export writes to the response, chunk by chunk; a client
/// that has gone away makes the next write fail, which stops the export.
struct ChunkSender(mpsc::Sender<std::io::Result<Bytes>>);

impl Write for ChunkSender {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0
            .blocking_send(Ok(Bytes::copy_from_slice(buf)))
            .map_err(|_| std::io::Error::new(std::io::ErrorKind::BrokenPipe, "the client left"))?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
