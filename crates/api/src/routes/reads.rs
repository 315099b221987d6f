//! Raw reads of the log: one stream by version, or the global log by
//! position, in pages, either way. Auditors and admins only.

use axum::extract::State;
use axum::Json;
use serde::{Deserialize, Serialize};
use trygglogg_store::Direction;
use utoipa::{IntoParams, ToSchema};

use crate::auth::{Authorised, ReadLog};
use crate::event_view::EventView;
use crate::openapi::RecordedEventSchema;
use crate::problem::ProblemBody;
use crate::{page_limit, AppState, Problem, QueryParams, StreamPath};

/// Which way a page walks.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum PageDirection {
    #[default]
    Forward,
    Backward,
}

impl PageDirection {
    fn as_str(self) -> &'static str {
        match self {
            PageDirection::Forward => "forward",
            PageDirection::Backward => "backward",
        }
    }
}

impl From<PageDirection> for Direction {
    fn from(direction: PageDirection) -> Self {
        match direction {
            PageDirection::Forward => Direction::Forward,
            PageDirection::Backward => Direction::Backward,
        }
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct StreamQuery {
    /// The first version to return (inclusive). Default: the first forward,
    /// the last backward.
    from: Option<u64>,
    /// Events per page: 1 to 1000, default 100.
    limit: Option<u64>,
    /// `forward` (default) or `backward`.
    #[param(inline)]
    direction: Option<PageDirection>,
}

/// A page of one stream.
#[derive(Debug, Serialize, ToSchema)]
pub struct StreamPage {
    pub stream: String,
    /// The stream's version when the page was read.
    pub stream_version: u64,
    pub direction: PageDirection,
    #[schema(value_type = Vec<RecordedEventSchema>)]
    pub events: Vec<EventView>,
    /// The URL of the next page, if there are more events that way.
    pub next: Option<String>,
}

#[utoipa::path(
    get,
    path = "/api/v1/streams/{stream}",
    tag = "events",
    summary = "Read one stream",
    description = "The raw events of one stream, by version, a page at a time. Needs the **auditor** or **admin** role.",
    params(
        ("stream" = String, Path, description = "`agreement-<uuid>` or `activity-<uuid>`"),
        StreamQuery,
    ),
    responses(
        (status = 200, description = "A page of the stream's events.", body = StreamPage),
        (status = 404, description = "The stream holds no events.", body = ProblemBody, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn read_stream(
    State(state): State<AppState>,
    _: Authorised<ReadLog>,
    StreamPath(stream): StreamPath,
    QueryParams(query): QueryParams<StreamQuery>,
) -> Result<Json<StreamPage>, Problem> {
    let limit = page_limit(query.limit)?;
    let direction = query.direction.unwrap_or_default();
    let store_error = |e| Problem::storage(&e);
    let stream_version = state.store.stream_version(&stream).map_err(store_error)?;
    if stream_version == 0 {
        return Err(Problem::not_found(format!(
            "the stream {stream} holds no events; check the name, or append its first event"
        )));
    }
    let from = query.from.unwrap_or(match direction {
        PageDirection::Forward => 1,
        PageDirection::Backward => u64::MAX,
    });
    let events = state
        .store
        .read_stream(&stream, from, direction.into(), limit)
        .map_err(store_error)?;
    let next_from = events.last().and_then(|last| match direction {
        PageDirection::Forward => (last.version < stream_version).then(|| last.version + 1),
        PageDirection::Backward => (last.version > 1).then(|| last.version - 1),
    });
    Ok(Json(StreamPage {
        next: next_from.map(|from| {
            format!(
                "/api/v1/streams/{stream}?from={from}&limit={limit}&direction={}",
                direction.as_str()
            )
        }),
        stream: stream.to_string(),
        stream_version,
        direction,
        events: events.into_iter().map(EventView::from).collect(),
    }))
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct LogQuery {
    /// Forward: return events after this position (exclusive); default 0,
    /// the start of the log.
    after: Option<u64>,
    /// Backward: return events before this position (exclusive); default the
    /// end of the log.
    before: Option<u64>,
    /// Events per page: 1 to 1000, default 100.
    limit: Option<u64>,
    /// `forward` (default, with `after`) or `backward` (with `before`).
    #[param(inline)]
    direction: Option<PageDirection>,
}

/// A page of the global log.
#[derive(Debug, Serialize, ToSchema)]
pub struct LogPage {
    /// The position of the last durable event when the page was read.
    pub head_position: u64,
    pub direction: PageDirection,
    #[schema(value_type = Vec<RecordedEventSchema>)]
    pub events: Vec<EventView>,
    /// The URL of the next page, if there are more events that way.
    pub next: Option<String>,
}

#[utoipa::path(
    get,
    path = "/api/v1/events",
    tag = "events",
    summary = "Read the global log",
    description = "Every stream's events in commit order, by global position, a page at a time. Needs the **auditor** or **admin** role.",
    params(LogQuery),
    responses((status = 200, description = "A page of the log.", body = LogPage)),
    security(("bearer" = []))
)]
pub async fn read_log(
    State(state): State<AppState>,
    _: Authorised<ReadLog>,
    QueryParams(query): QueryParams<LogQuery>,
) -> Result<Json<LogPage>, Problem> {
    let limit = page_limit(query.limit)?;
    let direction = query.direction.unwrap_or_default();
    let from = match (direction, query.after, query.before) {
        (PageDirection::Forward, _, Some(_)) => {
            return Err(Problem::invalid_parameter(
                "before",
                "goes with direction=backward",
                "give `after` to page forward, or add direction=backward",
            ))
        }
        (PageDirection::Backward, Some(_), _) => {
            return Err(Problem::invalid_parameter(
                "after",
                "goes with direction=forward",
                "give `before` to page backward, or leave direction out",
            ))
        }
        (PageDirection::Forward, after, _) => after.unwrap_or(0).saturating_add(1),
        (PageDirection::Backward, _, before) => before.map_or(u64::MAX, |b| b.saturating_sub(1)),
    };
    let head_position = state.store.head().position;
    let events = state
        .store
        .read_all(from, direction.into(), limit)
        .map_err(|e| Problem::storage(&e))?;
    let next = events.last().and_then(|last| match direction {
        PageDirection::Forward => (last.position < head_position)
            .then(|| format!("/api/v1/events?after={}&limit={limit}", last.position)),
        PageDirection::Backward => (last.position > 1).then(|| {
            format!(
                "/api/v1/events?before={}&limit={limit}&direction=backward",
                last.position
            )
        }),
    });
    Ok(Json(LogPage {
        head_position,
        direction,
        events: events.into_iter().map(EventView::from).collect(),
        next,
    }))
}
