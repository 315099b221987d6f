//! The middleware around every route: request ids, tracing, metrics, limits,
//! security headers, and the guarantee that every error leaves as `application/problem+json`,
//! including axum's and tower-http's own (404, 405, 413, timeouts, panics); only
//! a browser asking for a page no route has gets the site's own 404 page.

use std::time::Instant;

use axum::extract::{DefaultBodyLimit, MatchedPath, Request, State};
use axum::http::header::{ACCEPT, CONTENT_LENGTH, CONTENT_TYPE};
use axum::http::{HeaderMap, HeaderName, Method, StatusCode, Uri};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::Router;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::{DefaultOnResponse, TraceLayer};
use tower_http::LatencyUnit;
use tracing::field::Empty;
use tracing::{Level, Span};

use crate::extract::body_too_large;
use crate::limits::{BODY_LIMIT_BYTES, REQUEST_TIMEOUT};
use crate::problem::{Problem, ProblemKind, PROBLEM_CONTENT_TYPE};
use crate::security_headers::{security_headers, SecurityHeaders};
use crate::state::AppState;

const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// Wraps the routes. A layer added later runs earlier: the request id is set
/// first, then tracing, metrics and the problem mapper see every response.
pub(crate) fn wrap(
    routes: Router<AppState>,
    state: &AppState,
    headers: SecurityHeaders,
    not_found_page: Option<fn() -> Response>,
) -> Router<AppState> {
    routes
        .fallback(move |method: Method, uri: Uri, request_headers: HeaderMap| async move {
            match not_found_page {
                Some(page) if wants_a_page(&method, &uri, &request_headers) => page(),
                _ => no_such_route(method, uri).await.into_response(),
            }
        })
        // The tower-http limit is the one limit; axum's own 2 MiB default goes.
        .layer(DefaultBodyLimit::disable())
        .layer(RequestBodyLimitLayer::new(BODY_LIMIT_BYTES))
        .layer(middleware::from_fn(drain_oversized_body))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::SERVICE_UNAVAILABLE,
            REQUEST_TIMEOUT,
        ))
        .layer(CatchPanicLayer::new())
        .layer(middleware::from_fn(problems_for_bare_errors))
        .layer(middleware::from_fn(refuse_oversized_heads))
        .layer(middleware::from_fn_with_state(headers, security_headers))
        .layer(middleware::from_fn_with_state(state.clone(), track_requests))
        .layer(PropagateRequestIdLayer::new(REQUEST_ID))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(|request: &Request| {
                    let id = request
                        .headers()
                        .get(REQUEST_ID)
                        .and_then(|v| v.to_str().ok())
                        .unwrap_or("-");
                    // Who acted (`auth::caller` records the token's name and
                    // organisation) and why a request was refused
                    // (`track_requests` records the problem type).
                    tracing::info_span!("request", request_id = %id, method = %request.method(), path = %request.uri().path(), token = Empty, org = Empty, problem = Empty)
                })
                .on_response(
                    DefaultOnResponse::new()
                        .level(Level::INFO)
                        .latency_unit(LatencyUnit::Micros),
                ),
        )
        .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
}

/// Most bytes of an oversized body read (and dropped) before answering 413.
const DRAIN_LIMIT_BYTES: usize = 4 * 1024 * 1024;

/// Answers 413 to a declared oversized body only after reading it (up to
/// 4 MiB, within the request timeout). A server that answers and closes with
/// unread data makes the kernel reset the connection, and the client loses
/// the 413 with it; a phone on a slow network would see only a broken
/// connection. Larger bodies are cut off by the limit layer as before.
async fn drain_oversized_body(request: Request, next: Next) -> Response {
    let declared = request
        .headers()
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    match declared {
        Some(length) if length > BODY_LIMIT_BYTES && length <= DRAIN_LIMIT_BYTES => {
            let _ = axum::body::to_bytes(request.into_body(), DRAIN_LIMIT_BYTES).await;
            body_too_large().into_response()
        }
        _ => next.run(request).await,
    }
}

/// Longest path and query answered; no route needs more than a fraction.
pub const MAX_URI_BYTES: usize = 8 * 1024;
/// Most bytes of header names and values together.
pub const MAX_HEADER_BYTES: usize = 16 * 1024;

/// 414 and 431 as problems, for heads that hyper still reads (its own limits,
/// 64 KiB of URI and about 400 KiB or 100 headers, answer without a body)
/// but no client of ours sends. Checked before anything reads the request.
async fn refuse_oversized_heads(request: Request, next: Next) -> Response {
    let uri = request
        .uri()
        .path_and_query()
        .map_or(0, |p| p.as_str().len());
    if uri > MAX_URI_BYTES {
        return Problem::new(
            ProblemKind::UriTooLong,
            format!(
                "the path and query are {uri} bytes, over the limit of {} KiB; the routes are listed at /docs",
                MAX_URI_BYTES / 1024
            ),
        )
        .into_response();
    }
    let headers: usize = request
        .headers()
        .iter()
        .map(|(name, value)| name.as_str().len() + value.len())
        .sum();
    if headers > MAX_HEADER_BYTES {
        return Problem::new(
            ProblemKind::HeadersTooLarge,
            format!(
                "the headers are {headers} bytes together, over the limit of {} KiB; send fewer or shorter ones",
                MAX_HEADER_BYTES / 1024
            ),
        )
        .into_response();
    }
    next.run(request).await
}

/// A browser asking for a page: a GET or HEAD outside the JSON API that
/// accepts HTML. Programs (no `text/html` in `Accept`) and `/api/` keep the
/// problem.
fn wants_a_page(method: &Method, uri: &Uri, headers: &HeaderMap) -> bool {
    let accepts_html = headers
        .get_all(ACCEPT)
        .iter()
        .any(|v| v.to_str().is_ok_and(|v| v.contains("text/html")));
    let api = uri.path() == "/api" || uri.path().starts_with("/api/");
    (method == Method::GET || method == Method::HEAD) && accepts_html && !api
}

async fn no_such_route(method: Method, uri: Uri) -> Problem {
    no_route(&method, uri.path())
}

fn no_route(method: &Method, path: &str) -> Problem {
    Problem::not_found(format!(
        "there is no route {method} {path}; the routes are listed at /docs"
    ))
}

/// Turns any error response that is not a problem (or an HTML error page of
/// the site) yet
/// (axum's rejections and 405s, tower-http's 413 and timeouts, a caught panic)
/// into one.
async fn problems_for_bare_errors(request: Request, next: Next) -> Response {
    let method = request.method().clone();
    let path = request.uri().path().to_owned();
    let response = next.run(request).await;
    let status = response.status();
    // A problem, or an error page of the site (`trygglogg_web`), which people
    // read in a browser, is already the answer it should be.
    let is_answer = response.headers().get(CONTENT_TYPE).is_some_and(|v| {
        let v = v.as_bytes();
        v.starts_with(PROBLEM_CONTENT_TYPE.as_bytes()) || v.starts_with(b"text/html")
    });
    if is_answer || !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    let body = response.into_body();
    let text = axum::body::to_bytes(body, 4096)
        .await
        .map(|bytes| String::from_utf8_lossy(&bytes).trim().to_owned())
        .unwrap_or_default();
    let problem = match status {
        // axum adds the `Allow` header outside this layer, so it is not
        // named here, only pointed at.
        StatusCode::METHOD_NOT_ALLOWED => Problem::new(
            ProblemKind::MethodNotAllowed,
            format!("{path} does not take {method}; the Allow header lists the methods it takes"),
        ),
        StatusCode::NOT_FOUND => no_route(&method, &path),
        StatusCode::PAYLOAD_TOO_LARGE => body_too_large(),
        StatusCode::SERVICE_UNAVAILABLE => Problem::new(
            ProblemKind::Unavailable,
            format!(
                "the request took longer than {} s and was stopped; try again, or ask for a smaller page",
                REQUEST_TIMEOUT.as_secs()
            ),
        ),
        status if status.is_client_error() => Problem::malformed(if text.is_empty() {
            status.canonical_reason().unwrap_or("bad request").to_owned()
        } else {
            text
        }),
        _ => {
            tracing::error!(%status, body = %text, "unexpected failure");
            Problem::new(
                ProblemKind::Internal,
                "an unexpected fault of ours; it is logged with this request's x-request-id",
            )
        }
    };
    problem.into_response()
}

/// Middleware: counts and times every request by its route template, and
/// logs and counts every problem by its type. It sits outside
/// `problems_for_bare_errors`, so it sees every problem, ours and theirs.
async fn track_requests(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or("unmatched", MatchedPath::as_str)
        .to_owned();
    let method = request.method().as_str().to_owned();
    let response = next.run(request).await;
    if let Some(kind) = response.extensions().get::<ProblemKind>() {
        let problem = kind.type_uri();
        Span::current().record("problem", problem.as_str());
        state.metrics.observe_refusal(problem);
    }
    state.metrics.observe_request(
        &route,
        &method,
        response.status().as_u16(),
        started.elapsed().as_secs_f64(),
    );
    response
}
