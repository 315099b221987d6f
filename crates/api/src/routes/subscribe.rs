//! `GET /api/v1/events/subscribe`: the log as Server-Sent Events, from a
//! position on, then live. The SSE id of each event is its position, so a
//! client that reconnects with `Last-Event-ID` resumes exactly after the last
//! event it received: no gap, no duplicate.

use std::convert::Infallible;

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::sse::{Event, KeepAlive, Sse};
use futures_util::{Stream, StreamExt};
use serde::Deserialize;
use trygglogg_store::{RecordedEvent, StoreError};
use utoipa::IntoParams;

use super::EventView;
use crate::auth::{Authorised, ReadLog};
use crate::{AppState, Problem, QueryParams, SSE_KEEP_ALIVE};

const LAST_EVENT_ID: &str = "last-event-id";

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct SubscribeQuery {
    /// Send events after this position (exclusive); default 0, the whole log.
    /// A `Last-Event-ID` header takes precedence.
    after: Option<u64>,
}

#[utoipa::path(
    get,
    path = "/api/v1/events/subscribe",
    tag = "events",
    summary = "Subscribe to the log (Server-Sent Events)",
    description = "Every event after a position, in order, then each new event as it becomes durable. Each SSE message has `id` = the event's position and `data` = the event as JSON (as in the global log). Reconnect with `Last-Event-ID` to resume. Idle connections get a keep-alive comment every 15 s. Needs the **auditor** or **admin** role.",
    params(
        SubscribeQuery,
        ("Last-Event-ID" = Option<u64>, Header, description = "Resume after this position (the id of the last message received)."),
    ),
    responses((status = 200, description = "An endless stream of events.", content_type = "text/event-stream", body = String)),
    security(("bearer" = []))
)]
pub async fn subscribe(
    State(state): State<AppState>,
    _: Authorised<ReadLog>,
    headers: HeaderMap,
    QueryParams(query): QueryParams<SubscribeQuery>,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, Problem> {
    let after = match headers.get(LAST_EVENT_ID) {
        None => query.after.unwrap_or(0),
        Some(value) => value
            .to_str()
            .ok()
            .and_then(|id| id.trim().parse::<u64>().ok())
            .ok_or_else(|| {
                Problem::invalid_parameter(
                    "Last-Event-ID",
                    format!("{value:?} is not a position"),
                    "the id of the last event received: a whole number",
                )
            })?,
    };
    let subscription = state.store.subscribe(after);
    let events = futures_util::stream::unfold(Some(subscription), |subscription| async move {
        let mut subscription = subscription?;
        match subscription.next().await? {
            Ok(event) => Some((Ok(message(event)), Some(subscription))),
            // Tell the client, and end: it may reconnect with Last-Event-ID.
            Err(error) => Some((Ok(failure(&error)), None)),
        }
    })
    .take_until(state.shutting_down());
    Ok(Sse::new(events).keep_alive(KeepAlive::new().interval(SSE_KEEP_ALIVE).text("keep-alive")))
}

fn message(event: RecordedEvent) -> Event {
    let position = event.position;
    let data = serde_json::to_string(&EventView::from(event)).unwrap_or_default();
    Event::default().id(position.to_string()).data(data)
}

fn failure(error: &StoreError) -> Event {
    let problem = Problem::storage(error);
    let data = serde_json::to_string(&problem.body()).unwrap_or_default();
    Event::default().event("error").data(data)
}
