//! `POST /api/v1/streams/{stream}/events`: the one way to record over HTTP,
//! through the same recorder as `trygglogg import`.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde::Serialize;
use trygglogg_events::{AppendRequest, ValidationContext};
use trygglogg_recorder::today_in_sweden;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::auth::{Authorised, Record};
use crate::metrics::AppendOutcome;
use crate::openapi::AppendRequestSchema;
use crate::problem::ProblemBody;
use crate::{AppState, JsonBody, Problem, StreamPath};

/// What was recorded, or found already recorded.
#[derive(Debug, Serialize, ToSchema)]
pub struct Appended {
    pub stream: String,
    /// The events' ids in request order; made by the server where the request
    /// gave none.
    pub event_ids: Vec<Uuid>,
    /// The events' global positions, in request order. A read from the views
    /// (the agreements, a follow-up, the site's pages) given the last as
    /// `?min_position=` answers only once it includes them; without it, it
    /// may lag this answer by a moment.
    pub positions: Vec<u64>,
    /// The stream's version after the append.
    pub stream_version: u64,
}

impl From<trygglogg_recorder::Recorded> for Appended {
    fn from(recorded: trygglogg_recorder::Recorded) -> Self {
        Appended {
            stream: recorded.stream,
            event_ids: recorded.event_ids,
            positions: recorded.positions,
            stream_version: recorded.stream_version,
        }
    }
}

#[utoipa::path(
    post,
    path = "/api/v1/streams/{stream}/events",
    tag = "events",
    summary = "Append events to a stream",
    description = "Validates every event (all refused fields at once), checks the stream's rules and appends the events atomically. The actor and organisation recorded come from the token, never from the body.\n\n\
        Roles: a **reporter** appends activity events its own organisation is responsible for; a **coordinator** or **admin** appends anything; an **auditor** appends only corrections and retractions.\n\n\
        Municipalities: every token serves some municipalities (an admin's may serve the whole service) and writes only there: an agreement all of whose municipalities it serves; an activity serving an agreement of at least one of them, and whose responsible municipalities it serves. A correction, reschedule or retraction needs the activity or agreement within reach as it stands, and leaves it where its author could have recorded it. Anything else is 403, naming the municipality or agreement and what the token serves.\n\n\
        Retrying is safe: give each event an `id`, and resending exactly the same request answers 200 with the original positions instead of recording twice.\n\n\
        Reading your writes: the views (agreements, follow-ups) follow the log a moment behind the appends. Pass the last of `positions` as `?min_position=` to the read that should show them: it waits up to 2 s for the view to include them.",
    params(("stream" = String, Path, description = "`agreement-<uuid>` or `activity-<uuid>`", example = "activity-0196a3c2-0000-7000-8000-000000000001")),
    request_body(
        content = AppendRequestSchema,
        content_type = "application/json",
        description = "The example records a completed traffic control under the demo's 2018–2019 agreement (`serve --demo`), with a reporter's token; a new activity is a new stream, `activity-<new uuid>`.",
        example = json!({"events": [{"type": "activity_completed", "data": {
            "kind": "traffic_control",
            "facts": {"focus": ["sobriety"], "controls": 12, "reports": {"drunk_driving": 1}, "camera": false},
            "serves": {"agreement": "5a1e0000-2018-4000-8000-000000000002", "focus_area": "trafikmiljon"},
            "occurred": "2018-03-14", "places": ["Hagfors centrum"], "responsible": ["Polisen"],
            "summary": "Nykterhetskontroller vid infarten."
        }}]})
    ),
    responses(
        (status = 201, description = "The events were appended.", body = Appended),
        (status = 200, description = "Every event was already there with identical content: an idempotent retry, returning the same positions.", body = Appended),
        (status = 409, description = "The stream is not at `expected_version`, or an event id is already used with other content (or only part of the request was recorded before).", body = ProblemBody, content_type = "application/problem+json"),
        (status = 422, description = "Refused by validation (`errors` lists each field) or by a rule of the stream (`rule` names it).", body = ProblemBody, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn append_events(
    State(state): State<AppState>,
    caller: Authorised<Record>,
    StreamPath(stream): StreamPath,
    JsonBody(request): JsonBody<AppendRequest>,
) -> Result<(StatusCode, Json<Appended>), Problem> {
    let Some(author) = caller.credential().author() else {
        return Err(Problem::forbidden("this role records nothing"));
    };
    let context = ValidationContext::new(today_in_sweden());
    let recorded = state
        .recorder
        .record(&stream, &request, &author, &context)
        .await;
    let recorded = match recorded {
        Ok(recorded) => recorded,
        Err(error) => {
            state.metrics.observe_append(AppendOutcome::Refused, 0);
            return Err(error.into());
        }
    };
    let (status, outcome) = if recorded.replayed {
        (StatusCode::OK, AppendOutcome::Replayed)
    } else {
        // Not a retry: every event of the request is new (a partial retry is refused).
        let types = request.events.iter().map(|e| e.event_type.as_str());
        state.metrics.observe_recorded(types);
        (StatusCode::CREATED, AppendOutcome::Appended)
    };
    state
        .metrics
        .observe_append(outcome, recorded.positions.len());
    Ok((status, Json(recorded.into())))
}
