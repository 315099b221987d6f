//! `GET /api/v1/audit/verify`: recompute the whole hash chain.

use axum::extract::State;
use axum::Json;
use chrono::{DateTime, Utc};
use serde::Serialize;
use trygglogg_store::Verification;
use utoipa::ToSchema;

use crate::auth::{Authorised, ReadLog};
use crate::problem::ProblemKind;
use crate::{AppState, Problem};

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
    /// Broken: the first position that does not link to the one before it.
    pub broken_at: Option<u64>,
    /// Broken: why it does not link.
    pub reason: Option<String>,
}

#[utoipa::path(
    get,
    path = "/api/v1/audit/verify",
    tag = "audit",
    summary = "Verify the hash chain",
    description = "Walks the whole log, recomputing every SHA-256 link, and reports the head position and hash, or the first position where the chain breaks. The same check as `trygglogg verify`. Needs the **auditor** or **admin** role.",
    responses((status = 200, description = "The chain was checked; `status` says how it was found.", body = ChainReport)),
    security(("bearer" = []))
)]
pub async fn verify_chain(
    State(state): State<AppState>,
    _: Authorised<ReadLog>,
) -> Result<Json<ChainReport>, Problem> {
    let store = state.store.clone();
    // The walk reads the whole log: keep it off the async workers.
    let verification = tokio::task::spawn_blocking(move || store.verify(|_| {}))
        .await
        .map_err(|e| {
            Problem::new(
                ProblemKind::Internal,
                format!("the verification stopped: {e}"),
            )
        })?
        .map_err(|e| Problem::storage(&e))?;
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
    Ok(Json(report))
}
