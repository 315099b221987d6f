//! The auditor's routes: `GET /api/v1/audit/verify` recomputes the whole hash
//! chain; `GET /api/v1/audit/trail` reads who recorded what, and when.

use axum::extract::State;
use axum::http::header::RETRY_AFTER;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use trygglogg_events::EventType;
use trygglogg_projections::audit::{trail, AuditPage, AuditQuery};
use trygglogg_store::Verification;
use utoipa::{IntoParams, ToSchema};

use crate::auth::{Authorised, ReadAuditTrail, ReadLog};
use crate::extract::{instant, stream_parameter};
use crate::openapi::AuditPageSchema;
use crate::problem::ProblemKind;
use crate::verify_runs::Asked;
use crate::{page_limit, AppState, Problem, QueryParams};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum ChainStatus {
    Intact,
    Broken,
}

/// The outcome of recomputing every hash of the log.
#[derive(Debug, Serialize, ToSchema)]
pub struct ChainReport {
    pub status: ChainStatus,
    /// Intact: the last position of the verified chain. Broken: the head the
    /// log claims.
    pub head_position: u64,
    /// The hash at `head_position` (64 hex digits; zeros for an empty log).
    pub head_hash: String,
    pub head_recorded: Option<DateTime<Utc>>,
    /// Broken: the first position that does not link to the one before it,
    /// or that cannot be read (the store's files are damaged).
    pub broken_at: Option<u64>,
    /// Broken: why it does not link, or why it cannot be read and what to do.
    pub reason: Option<String>,
}

/// A verification still running: ask again (after `Retry-After` seconds) to
/// join it, or to be given its outcome once it has finished.
#[derive(Debug, Serialize, ToSchema)]
pub struct VerificationRunning {
    pub status: RunningStatus,
    /// How far the walk has come: a count that reaches `head_position` once
    /// the log, its indexes and its Merkle tree are all checked.
    pub checked: u64,
    /// The position the walk checks up to: the head when it began.
    pub head_position: u64,
    pub started: DateTime<Utc>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum RunningStatus {
    Running,
}

/// How long a client is asked to wait before it asks again.
const ASK_AGAIN_SECONDS: u64 = 5;

#[utoipa::path(
    get,
    path = "/api/v1/audit/verify",
    tag = "audit",
    summary = "Verify the hash chain",
    description = "Walks the whole log, recomputing every SHA-256 link and the Merkle tree, and checking that the stream and id indexes lead to each event and to nothing else, and reports the head position and hash, or the first position where the chain breaks: where an event does not link to the one before it, or cannot be read because the store's files are damaged (the `reason` says which, and how to restore). The same check as `trygglogg verify`. One walk runs at a time, shared by everyone who asks: a walk that is not done within 20 seconds (a log of a few million events) is answered with 202 and how far it has come; ask again to join it, and to be given its outcome once it has finished (kept ten minutes for whoever asks first). Needs the **auditor** or **admin** role.",
    responses(
        (status = 200, description = "The chain was checked; `status` says how it was found.", body = ChainReport),
        (status = 202, description = "The walk is still running: ask again after `Retry-After` seconds.", body = VerificationRunning,
            headers(("Retry-After" = u64, description = "Seconds to wait before asking again."))),
    ),
    security(("bearer" = []))
)]
pub async fn verify_chain(
    State(state): State<AppState>,
    _: Authorised<ReadLog>,
) -> Result<Response, Problem> {
    let verification = match state.verify_runs.ask(&state.store, state.verify_wait).await {
        Asked::Finished(outcome) => outcome?,
        Asked::Running {
            checked,
            of,
            started,
        } => {
            let running = VerificationRunning {
                status: RunningStatus::Running,
                checked,
                head_position: of,
                started,
            };
            let ask_again = [(RETRY_AFTER, ASK_AGAIN_SECONDS.to_string())];
            return Ok((StatusCode::ACCEPTED, ask_again, Json(running)).into_response());
        }
    };
    let report = match verification {
        Verification::Intact { head } => ChainReport {
            status: ChainStatus::Intact,
            head_position: head.position,
            head_hash: head.hash.to_hex(),
            head_recorded: head.recorded,
            broken_at: None,
            reason: None,
        },
        Verification::Broken(broken) => {
            let head = state.store.head();
            ChainReport {
                status: ChainStatus::Broken,
                head_position: head.position,
                head_hash: head.hash.to_hex(),
                head_recorded: head.recorded,
                broken_at: Some(broken.position),
                reason: Some(broken.reason),
            }
        }
    };
    Ok(Json(report).into_response())
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct TrailQuery {
    /// One stream only (`agreement-<uuid>` or `activity-<uuid>`).
    stream: Option<String>,
    /// Recorded by this actor (a token's name).
    actor: Option<String>,
    /// Recorded for this organisation, e.g. `Polisen`.
    organisation: Option<String>,
    /// Of this event type, e.g. `correction` (one of the catalogue's types;
    /// any other is refused with 400 listing them).
    #[serde(rename = "type")]
    #[param(rename = "type")]
    event_type: Option<String>,
    /// Recorded at or after this instant (RFC 3339).
    recorded_from: Option<String>,
    /// Recorded at or before this instant (RFC 3339).
    recorded_to: Option<String>,
    /// Continue after this log position: the `next_after` of the previous page.
    after: Option<u64>,
    /// Entries per page: 1 to 1000, default 100.
    limit: Option<u64>,
}

#[utoipa::path(
    get,
    path = "/api/v1/audit/trail",
    tag = "audit",
    summary = "The audit trail",
    description = "Every event in log order, exactly as stored, with when it happened and when it was recorded, who recorded it for which organisation, its hash, and the links between each correction or retraction and the event it changed. Filter by stream, actor, organisation, type and recorded-time range; continue with `after`. A request looks at no more than 10,000 events; when it stops early it says where to continue (`next_after`). Needs the **auditor** or **admin** role.",
    params(TrailQuery),
    responses((status = 200, description = "A page of the trail.", body = AuditPageSchema)),
    security(("bearer" = []))
)]
pub async fn audit_trail(
    State(state): State<AppState>,
    _: Authorised<ReadAuditTrail>,
    QueryParams(query): QueryParams<TrailQuery>,
) -> Result<Json<AuditPage>, Problem> {
    let stream = match &query.stream {
        Some(raw) => Some(stream_parameter("stream", raw)?),
        None => None,
    };
    let audit_query = AuditQuery {
        stream,
        actor: query.actor,
        organisation: query.organisation,
        event_type: query
            .event_type
            .as_deref()
            .map(event_type_parameter)
            .transpose()?,
        recorded_from: query
            .recorded_from
            .as_deref()
            .map(|raw| instant("recorded_from", raw))
            .transpose()?,
        recorded_to: query
            .recorded_to
            .as_deref()
            .map(|raw| instant("recorded_to", raw))
            .transpose()?,
        after: query.after.unwrap_or(0),
        limit: page_limit(query.limit)?,
    };
    let store = state.store.clone();
    // The trail reads the log page by page: off the async workers.
    tokio::task::spawn_blocking(move || trail(&store, &audit_query))
        .await
        .map_err(|e| Problem::new(ProblemKind::Internal, format!("the trail stopped: {e}")))?
        .map(Json)
        .map_err(Problem::from)
}

/// The `type` filter: a type the catalogue knows, else a 400 listing them (an
/// unknown one would match nothing and answer an empty page, as if the log had
/// no such event).
fn event_type_parameter(raw: &str) -> Result<String, Problem> {
    EventType::parse(raw)
        .map(|known| known.as_str().to_owned())
        .map_err(|refused| Problem::invalid_parameter("type", refused.problem, refused.expected))
}
