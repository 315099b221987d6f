//! `GET /api/v1/events/subscribe`: the log as Server-Sent Events, from a
//! position on, then live. The SSE id of each event is its position, so a
//! client that reconnects with `Last-Event-ID` resumes exactly after the last
//! event it received: no gap, no duplicate.

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::sse::{Event, KeepAlive, Sse};
use futures_util::{Stream, StreamExt};
use serde::Deserialize;
use tokio::time::MissedTickBehavior;
use trygglogg_store::{RecordedEvent, StoreError};
use trygglogg_tokens::{Authentication, Tokens};
use utoipa::IntoParams;

use crate::auth::{presented_token, Authorised, ReadLog};
use crate::event_view::EventView;
use crate::limits::SSE_KEEP_ALIVE;
use crate::{AppState, Problem, ProblemKind, QueryParams};

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
    description = "Every event after a position, in order, then each new event as it becomes durable. Each SSE message has `id` = the event's position and `data` = the event as JSON (as in the global log). Reconnect with `Last-Event-ID` to resume. The token is looked up again every half second: once it is revoked, the stream sends an `error` event (a 401 problem) and ends, within 2 s. Idle connections get a keep-alive comment every 15 s. Needs the **auditor** or **admin** role.",
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
    // `Authorised` has just read this token, so it is there.
    let token = presented_token(&headers)
        .ok()
        .flatten()
        .unwrap_or_default()
        .to_owned();
    let watch = TokenWatch::new(state.tokens.clone(), token);
    let subscription = state.store.subscribe(after);
    let events = futures_util::stream::unfold(Some((subscription, watch)), |open| async move {
        let (mut subscription, mut watch) = open?;
        tokio::select! {
            next = subscription.next() => match next? {
                Ok(event) => Some((Ok(message(event)), Some((subscription, watch)))),
                // Tell the client, and end: it may reconnect with Last-Event-ID.
                Err(error) => Some((Ok(failure(&error)), None)),
            },
            refused = watch.refused() => Some((Ok(refusal(refused)), None)),
        }
    })
    .take_until(state.shutting_down());
    Ok(Sse::new(events).keep_alive(KeepAlive::new().interval(SSE_KEEP_ALIVE).text("keep-alive")))
}

/// How often an open subscription checks that its token is still valid.
/// The token file is re-read at most once per [`trygglogg_tokens::RELOAD_INTERVAL`], so a
/// revocation ends the stream within that plus this (1.5 s).
const TOKEN_CHECK: Duration = Duration::from_millis(500);

/// The token a subscription was opened with, looked up again every
/// [`TOKEN_CHECK`]: a revoked token must not keep receiving the log.
struct TokenWatch {
    tokens: Arc<Tokens>,
    token: String,
    every: tokio::time::Interval,
}

impl TokenWatch {
    fn new(tokens: Arc<Tokens>, token: String) -> TokenWatch {
        let mut every = tokio::time::interval(TOKEN_CHECK);
        every.set_missed_tick_behavior(MissedTickBehavior::Delay);
        TokenWatch {
            tokens,
            token,
            every,
        }
    }

    /// Resolves with the refusal once the token is no longer valid (revoked,
    /// gone from the file, or the file unreadable). Cancel-safe: it only
    /// waits on the interval between lookups.
    async fn refused(&mut self) -> Problem {
        loop {
            self.every.tick().await;
            match self.tokens.authenticate(&self.token) {
                Ok(Authentication::Valid(_)) => {}
                Ok(Authentication::Revoked(when)) => {
                    return Problem::unauthenticated(format!(
                    "the token of this subscription was revoked at {when}; the subscription ends"
                ))
                }
                Ok(Authentication::Unknown) => {
                    return Problem::unauthenticated(
                        "the token of this subscription is no longer known; the subscription ends",
                    )
                }
                Err(why) => return Problem::new(ProblemKind::Unavailable, why),
            }
        }
    }
}

fn message(event: RecordedEvent) -> Event {
    let position = event.position;
    let data = serde_json::to_string(&EventView::from(event)).unwrap_or_default();
    Event::default().id(position.to_string()).data(data)
}

fn failure(error: &StoreError) -> Event {
    refusal(Problem::storage(error))
}

/// The last message of a stream that ends: the problem, as `event: error`.
fn refusal(problem: Problem) -> Event {
    let data = serde_json::to_string(&problem.body()).unwrap_or_default();
    Event::default().event("error").data(data)
}
