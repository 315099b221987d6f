//! For operators: liveness and Prometheus metrics. Open to everyone.

use axum::extract::State;
use axum::http::header::CONTENT_TYPE;
use axum::response::IntoResponse;
use axum::Json;
use serde::Serialize;
use utoipa::ToSchema;

use crate::metrics::METRICS_CONTENT_TYPE;
use crate::problem::ProblemKind;
use crate::{AppState, Problem};

#[derive(Debug, Serialize, ToSchema)]
pub struct Health {
    /// `ok`: the service answers and its log can be read.
    pub status: &'static str,
    /// The position of the last durable event.
    pub head_position: u64,
}

#[utoipa::path(
    get,
    path = "/healthz",
    tag = "operations",
    summary = "Liveness",
    description = "`200` with `ok` while the log can be read. `503` (a problem whose `detail` starts with `degraded:`) while it cannot: a read of the head event fails now, or any read since start-up met damaged files — those do not mend, so it stays degraded until the log is restored from an export and the service started on it.",
    responses((status = 200, description = "The service is up and its log can be read.", body = Health))
)]
pub async fn healthz(State(state): State<AppState>) -> Result<Json<Health>, Problem> {
    let store = state.store.clone();
    // A read of the log, if a short one: off the async workers.
    let readable = tokio::task::spawn_blocking(move || store.readable())
        .await
        .map_err(|e| Problem::new(ProblemKind::Internal, format!("the check stopped: {e}")))?;
    match readable {
        Ok(()) => Ok(Json(Health {
            status: "ok",
            head_position: state.store.head().position,
        })),
        Err(error) => {
            tracing::error!(%error, "the service is degraded: the event log cannot be read");
            Err(Problem::new(
                ProblemKind::Unavailable,
                format!("degraded: {error}"),
            ))
        }
    }
}

#[utoipa::path(
    get,
    path = "/metrics",
    tag = "operations",
    summary = "Prometheus metrics",
    description = "OpenMetrics text: `trygglogg_http_requests_total` and `trygglogg_http_request_duration_seconds` by route, method and status; `trygglogg_append_requests_total` by outcome; `trygglogg_appended_events_total`; `trygglogg_recorded_events_total` by event type; `trygglogg_refused_tokens_total` by reason; `trygglogg_refusals_total` by problem type; the histograms `trygglogg_append_commit_events` (events per group commit) and `trygglogg_append_commit_fsync_seconds`; `trygglogg_log_head_position`; `trygglogg_projection_lag_events` by projection.",
    responses((status = 200, description = "The metrics.", content_type = "application/openmetrics-text", body = String))
)]
pub async fn metrics(State(state): State<AppState>) -> impl IntoResponse {
    let head = state.store.head().position;
    // Lag is measured when it is asked for, so it is never stale.
    let lag = head.saturating_sub(state.projections.applied());
    state.metrics.set_projection_lag("follow_up", lag);
    let text = state.metrics.render(head, state.store.stats());
    ([(CONTENT_TYPE, METRICS_CONTENT_TYPE)], text)
}
