//! `POST /api/v1/batches`: appends to several streams in one request, all
//! or nothing, each item through the same recorder as a single append.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde::Serialize;
use trygglogg_events::{BatchRequest, ValidationContext};
use trygglogg_recorder::{parse_stream, today_in_sweden, BatchItem, BatchRefused};
use utoipa::ToSchema;

use crate::auth::{Authorised, Record};
use crate::limits::{BATCH_MAX_EVENTS, BODY_LIMIT_BYTES};
use crate::metrics::AppendOutcome;
use crate::openapi::BatchRequestSchema;
use crate::problem::{ProblemBody, ProblemKind};
use crate::routes::append::Appended;
use crate::{AppState, JsonBody, Problem};

/// What each item recorded (or found already recorded), in request order.
#[derive(Debug, Serialize, ToSchema)]
pub struct BatchAppended {
    pub items: Vec<ItemAppended>,
}

/// One item's answer: what a single append answers, and whether the item
/// was already recorded (a batch may mix both).
#[derive(Debug, Serialize, ToSchema)]
pub struct ItemAppended {
    #[serde(flatten)]
    pub appended: Appended,
    /// True when every event of the item was already there with the same
    /// content, and nothing of it was appended now.
    pub replayed: bool,
}

#[utoipa::path(
    post,
    path = "/api/v1/batches",
    tag = "events",
    summary = "Append to several streams at once",
    description = "Appends every item (a stream, its `expected_version` and its events, as one line of an import file) in one atomic write: all items are recorded, or none. Each item is checked exactly as `POST /api/v1/streams/{stream}/events` checks its request (validation, the stream's rules, the token's role and municipalities), against the log as it stands before the batch: an item cannot build on another item of the same batch (send an agreement before the activities that serve it), and a stream appears in one item only.\n\n\
        Limits: at most 500 events over all items, and a body of at most 256 KiB (413 beyond either); each item at most 100 events, as a single append.\n\n\
        A refusal names the item: `detail` begins with `items[N]:` and each path in `errors` with `items[N].`; nothing of the batch is recorded.\n\n\
        Retrying is safe: give every event an `id`, and resending the same batch answers 200 with the original positions. Items already recorded are answered as such while the others are appended (201), so a batch cut short can be resent whole.",
    request_body(
        content = BatchRequestSchema,
        content_type = "application/json",
        description = "The example plans one activity and completes another under the demo's 2018–2019 agreement (`serve --demo`), with a coordinator's token.",
        example = json!({"items": [
            {"stream": "activity-0196a3c2-0000-7000-8000-0000000000b1", "expected_version": 0, "events": [{"id": "0196a3c2-0000-7000-8000-0000000000e1", "type": "activity_planned", "data": {
                "title": "Hastighetskontroll vid skolan", "kind": "traffic_control", "planned": "2019-09-12",
                "places": ["Hagfors centrum"], "responsible": ["Polisen"],
                "serves": {"agreement": "5a1e0000-2018-4000-8000-000000000002", "focus_area": "trafikmiljon"}}}]},
            {"stream": "activity-0196a3c2-0000-7000-8000-0000000000b2", "events": [{"id": "0196a3c2-0000-7000-8000-0000000000e2", "type": "activity_completed", "data": {
                "kind": "traffic_control",
                "facts": {"focus": ["sobriety"], "controls": 12, "reports": {"drunk_driving": 1}, "camera": false},
                "serves": {"agreement": "5a1e0000-2018-4000-8000-000000000002", "focus_area": "trafikmiljon"},
                "occurred": "2018-03-14", "places": ["Hagfors centrum"], "responsible": ["Polisen"],
                "summary": "Nykterhetskontroller vid infarten."}}]}
        ]})
    ),
    responses(
        (status = 201, description = "The batch was appended (items already recorded are answered with their original positions).", body = BatchAppended),
        (status = 200, description = "Every event of the batch was already there with identical content: an idempotent retry, returning the same positions.", body = BatchAppended),
        (status = 409, description = "An item's stream is not at its `expected_version`, or an event id is already used with other content. `detail` names the item.", body = ProblemBody, content_type = "application/problem+json"),
        (status = 413, description = "Over 500 events, or a body over 256 KiB: send the rest in another batch.", body = ProblemBody, content_type = "application/problem+json"),
        (status = 422, description = "An item was refused by validation or by a rule of its stream; `errors` gives the paths as `items[N].events[M]…`.", body = ProblemBody, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn append_batch(
    State(state): State<AppState>,
    caller: Authorised<Record>,
    JsonBody(batch): JsonBody<BatchRequest>,
) -> Result<(StatusCode, Json<BatchAppended>), Problem> {
    let Some(author) = caller.credential().author() else {
        return Err(Problem::forbidden("this role records nothing"));
    };
    let answer = record(&state, &batch, &author).await;
    let recorded = match answer {
        Ok(recorded) => recorded,
        Err(problem) => {
            state.metrics.observe_append(AppendOutcome::Refused, 0);
            return Err(problem);
        }
    };
    let replayed = recorded.iter().all(|r| r.replayed);
    let (status, outcome) = if replayed {
        (StatusCode::OK, AppendOutcome::Replayed)
    } else {
        (StatusCode::CREATED, AppendOutcome::Appended)
    };
    // Items already recorded are retries: not counted as appended.
    let appended = recorded.iter().filter(|r| !r.replayed);
    let events = appended.clone().map(|r| r.positions.len()).sum();
    state.metrics.observe_append(outcome, events);
    // `recorded` answers the items in order.
    let new_items = batch
        .items
        .iter()
        .zip(&recorded)
        .filter(|(_, r)| !r.replayed);
    let types = new_items.flat_map(|(item, _)| item.events.iter().map(|e| e.event_type.as_str()));
    state.metrics.observe_recorded(types);
    let items = recorded
        .into_iter()
        .map(|r| ItemAppended {
            replayed: r.replayed,
            appended: r.into(),
        })
        .collect();
    Ok((status, Json(BatchAppended { items })))
}

async fn record(
    state: &AppState,
    batch: &BatchRequest,
    author: &trygglogg_recorder::Author,
) -> Result<Vec<trygglogg_recorder::Recorded>, Problem> {
    if batch.items.is_empty() {
        return Err(Problem::new(
            ProblemKind::ValidationFailed,
            "the batch holds no items; send at least one",
        ));
    }
    let events: usize = batch.items.iter().map(|i| i.events.len()).sum();
    if events > BATCH_MAX_EVENTS {
        return Err(Problem::new(
            ProblemKind::PayloadTooLarge,
            format!(
                "the batch holds {events} events, over the limit of {BATCH_MAX_EVENTS} (and of {} KiB); send the rest in another batch",
                BODY_LIMIT_BYTES / 1024
            ),
        ));
    }
    let mut items = Vec::with_capacity(batch.items.len());
    for (index, line) in batch.items.iter().enumerate() {
        let stream = parse_stream(&line.stream).map_err(|error| {
            refusal(BatchRefused {
                item: Some(index),
                error,
            })
        })?;
        let request = line.append_request();
        items.push(BatchItem { stream, request });
    }
    let context = ValidationContext::new(today_in_sweden());
    state
        .recorder
        .record_batch(&items, author, &context)
        .await
        .map_err(refusal)
}

/// The problem a single append would answer, placed at its item.
fn refusal(refused: BatchRefused) -> Problem {
    let problem = Problem::from(refused.error);
    match refused.item {
        Some(item) => problem.within(&format!("items[{item}]")),
        None => problem,
    }
}
