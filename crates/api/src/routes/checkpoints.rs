//! The log's signed checkpoints (C2SP tlog-checkpoint signed notes), open to
//! everyone: they are hashes and sizes, no personal data.
//! `GET /api/v1/audit/checkpoint` the latest, as its note (`text/plain`, what
//! tools read) or as JSON (`Accept: application/json`);
//! `GET /api/v1/audit/checkpoints?from=` the kept ones, paged, so that a
//! council can find the one that was current when it approved a follow-up;
//! `POST /api/v1/audit/checkpoints` one at the head now (auditor or admin);
//! `GET /tlog/checkpoint` the latest note, where C2SP tlog-tiles puts it.

use axum::extract::State;
use axum::http::header::{ACCEPT, CACHE_CONTROL, CONTENT_TYPE, LOCATION};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use trygglogg_checkpoints::{CheckpointError, Checkpointer, KeptCheckpoint};
use utoipa::{IntoParams, ToSchema};

use crate::auth::{Authorised, MakeCheckpoint};
use crate::problem::ProblemKind;
use crate::{page_limit, AppState, Problem, QueryParams};

/// The note's media type, as C2SP tlog-tiles serves a checkpoint.
const NOTE: &str = "text/plain; charset=utf-8";
/// How long a client may keep the latest checkpoint: a new one may come at
/// any time (at least every minute while the log grows).
const LATEST_CACHE: &str = "public, max-age=5";

/// A kept checkpoint.
#[derive(Debug, Serialize, ToSchema)]
pub struct CheckpointView {
    /// How many log positions the tree holds (positions 1 to `tree_size`).
    pub tree_size: u64,
    /// The RFC 9162 Merkle tree's root hash, 64 hex digits (the note has it
    /// in base64).
    pub root_hash: String,
    /// When it was signed.
    pub made_at: DateTime<Utc>,
    /// The signed note exactly as signed: origin, tree size and root, a blank
    /// line, the signature. What a council saves, and what `trygglogg proof
    /// verify` and Go's `golang.org/x/mod/sumdb/note` check.
    pub note: String,
    /// The public key that signed it (the log's, or a retired one for a
    /// checkpoint made before a rotation), as a note verifier key
    /// (`<name>+<id>+<base64>`).
    pub key: String,
    /// The key's fingerprint, to compare by eye.
    pub fingerprint: String,
}

impl CheckpointView {
    fn of(kept: KeptCheckpoint, checkpoints: &Checkpointer) -> CheckpointView {
        let key = crate::store_tree::signer(checkpoints, &kept);
        CheckpointView {
            tree_size: kept.tree_size,
            root_hash: kept.root,
            made_at: kept.made_at,
            note: kept.note,
            key: key.to_string(),
            fingerprint: key.fingerprint().to_string(),
        }
    }
}

/// A page of kept checkpoints.
#[derive(Debug, Serialize, ToSchema)]
pub struct CheckpointPage {
    /// Smallest tree first.
    pub checkpoints: Vec<CheckpointView>,
    /// The URL of the next page, if more are kept.
    pub next: Option<String>,
}

/// A checkpointer call, off the async workers (a new checkpoint is synced
/// to disk).
async fn blocking<T: Send + 'static>(
    state: &AppState,
    call: impl FnOnce(&Checkpointer) -> Result<T, CheckpointError> + Send + 'static,
) -> Result<T, Problem> {
    let checkpoints = state.checkpoints.clone();
    tokio::task::spawn_blocking(move || call(&checkpoints))
        .await
        .map_err(|e| Problem::new(ProblemKind::Internal, format!("the signing stopped: {e}")))?
        .map_err(Problem::from)
}

/// The latest kept checkpoint; on a log that has none yet, one made now.
async fn latest(state: &AppState) -> Result<CheckpointView, Problem> {
    blocking(state, |checkpoints| {
        let kept = match checkpoints.latest() {
            Some(kept) => kept,
            None => checkpoints.now()?,
        };
        Ok(CheckpointView::of(kept, checkpoints))
    })
    .await
}

/// The latest checkpoint takes no parameters.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NoQuery {}

#[utoipa::path(
    get,
    path = "/api/v1/audit/checkpoint",
    tag = "audit",
    summary = "The latest signed checkpoint",
    description = "The latest checkpoint of the log's Merkle tree (RFC 9162), signed with the log's Ed25519 key as a C2SP tlog-checkpoint signed note: the origin, the tree size and the root hash in base64, a blank line, the signature. A new one is made at least every minute while the log grows, and on demand (`POST /api/v1/audit/checkpoints`). By default the note itself (`text/plain`), as Go's `golang.org/x/mod/sumdb/note` and `trygglogg proof verify` read it; with `Accept: application/json`, the note with its size, root in hex, time and the public key. Open to everyone: it holds no personal data.",
    responses(
        (status = 200, description = "The latest checkpoint.", content(
            (String = "text/plain"),
            (CheckpointView = "application/json"),
        )),
        (status = 503, description = "The tree or the kept checkpoints cannot be read or written just now; retry after the `Retry-After` seconds.", body = crate::problem::ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn latest_checkpoint(
    State(state): State<AppState>,
    headers: HeaderMap,
    QueryParams(NoQuery {}): QueryParams<NoQuery>,
) -> Result<Response, Problem> {
    let latest = latest(&state).await?;
    let wants_json = headers
        .get_all(ACCEPT)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .any(|accept| accept.contains("application/json"));
    Ok(if wants_json {
        ([(CACHE_CONTROL, LATEST_CACHE)], Json(latest)).into_response()
    } else {
        note_response(latest.note)
    })
}

#[utoipa::path(
    get,
    path = "/tlog/checkpoint",
    tag = "audit",
    summary = "The latest checkpoint, for tlog-tiles clients",
    description = "The latest signed checkpoint as its note, where C2SP tlog-tiles clients look for it beside the tiles (`/tlog/tile/…`); the same note as `GET /api/v1/audit/checkpoint`. Open to everyone.",
    responses(
        (status = 200, description = "The note.", body = String, content_type = "text/plain"),
        (status = 503, description = "The tree or the kept checkpoints cannot be read or written just now; retry after the `Retry-After` seconds.", body = crate::problem::ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn tlog_checkpoint(
    State(state): State<AppState>,
    QueryParams(NoQuery {}): QueryParams<NoQuery>,
) -> Result<Response, Problem> {
    Ok(note_response(latest(&state).await?.note))
}

fn note_response(note: String) -> Response {
    ([(CONTENT_TYPE, NOTE), (CACHE_CONTROL, LATEST_CACHE)], note).into_response()
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct CheckpointsQuery {
    /// The smallest tree size to list (default 0: from the first kept).
    from: Option<u64>,
    /// Checkpoints per page: 1 to 1000, default 100.
    limit: Option<u64>,
}

#[utoipa::path(
    get,
    path = "/api/v1/audit/checkpoints",
    tag = "audit",
    summary = "The kept checkpoints",
    description = "Every checkpoint the log has signed and kept, of tree size `from` or more, smallest first, a page at a time: a council finds the one that was current when it approved a follow-up (the follow-up names it in `built_from.checkpoint`). Open to everyone.",
    params(CheckpointsQuery),
    responses(
        (status = 200, description = "A page of checkpoints.", body = CheckpointPage),
        (status = 400, description = "`limit` is 0 or over 1000, or a parameter is not a whole number.", body = crate::problem::ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn list_checkpoints(
    State(state): State<AppState>,
    QueryParams(query): QueryParams<CheckpointsQuery>,
) -> Result<Json<CheckpointPage>, Problem> {
    let limit = page_limit(query.limit)?;
    let from = query.from.unwrap_or(0);
    let checkpoints = state.checkpoints.clone();
    // One more than asked for says whether there is a next page.
    let mut kept = checkpoints.list(from, limit + 1);
    let more = kept.len() > limit;
    kept.truncate(limit);
    let next = kept.last().filter(|_| more).map(|last| {
        format!(
            "/api/v1/audit/checkpoints?from={}&limit={limit}",
            last.tree_size.saturating_add(1)
        )
    });
    Ok(Json(CheckpointPage {
        checkpoints: kept
            .into_iter()
            .map(|kept| CheckpointView::of(kept, &checkpoints))
            .collect(),
        next,
    }))
}

#[utoipa::path(
    post,
    path = "/api/v1/audit/checkpoints",
    tag = "audit",
    summary = "Sign a checkpoint of the log now",
    description = "Signs and keeps a checkpoint of the whole log as it is durable now (201), or, when the latest kept one already covers it, gives that one (200). The server makes one by itself at least every minute while the log grows; this is for an auditor who wants one of this very moment, e.g. before a council's meeting. Needs the **auditor** or **admin** role.",
    responses(
        (status = 201, description = "A new checkpoint of the log's head; `Location` lists it.", body = CheckpointView),
        (status = 200, description = "The log has not grown since the latest checkpoint: that one is current.", body = CheckpointView),
        (status = 503, description = "The tree or the kept checkpoints cannot be read or written just now; retry after the `Retry-After` seconds.", body = crate::problem::ProblemBody, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn make_checkpoint(
    State(state): State<AppState>,
    _: Authorised<MakeCheckpoint>,
    QueryParams(NoQuery {}): QueryParams<NoQuery>,
) -> Result<Response, Problem> {
    let head = state.store.head().position;
    let (made, view) = blocking(&state, move |checkpoints| {
        let current = checkpoints
            .list(head, 1)
            .into_iter()
            .find(|kept| kept.tree_size == head);
        let made = current.is_none();
        let kept = match current {
            Some(kept) => kept,
            None => checkpoints.at(head)?,
        };
        Ok((made, CheckpointView::of(kept, checkpoints)))
    })
    .await?;
    Ok(if made {
        let location = format!("/api/v1/audit/checkpoints?from={}&limit=1", view.tree_size);
        (StatusCode::CREATED, [(LOCATION, location)], Json(view)).into_response()
    } else {
        (StatusCode::OK, Json(view)).into_response()
    })
}
