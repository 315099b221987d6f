//! The Trygglogg HTTP API: the only crate that knows HTTP.
//!
//! [`router`] builds the whole application (routes, OpenAPI, middleware) from an
//! [`AppState`]; [`serve`] runs it on a listener until a shutdown signal,
//! within [`ConnectionLimits`]. Every
//! route is listed once, in `routes::api_routes`, with its OpenAPI description
//! on the handler (`#[utoipa::path]`).

pub mod auth;
mod canonical;
mod docs_page;
mod extract;
mod follow_up_bodies;
mod layers;
pub mod metrics;
mod openapi;
mod pages;
mod pagination;
pub mod problem;
mod routes;
mod security_headers;
mod serve;
mod state;

pub use extract::{JsonBody, QueryParams, StreamPath};
pub use pagination::{page_limit, DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT};
pub use problem::{Problem, ProblemKind};
pub use routes::openapi_document;
pub use serve::{serve, ConnectionLimits};
pub use state::AppState;

use std::time::Duration;

/// Largest request body accepted.
pub const BODY_LIMIT_BYTES: usize = 256 * 1024;
/// Longest a request may take to be answered (to its first byte, for streams).
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
/// How often an idle event subscription sends a keep-alive comment.
pub const SSE_KEEP_ALIVE: Duration = Duration::from_secs(15);

/// The whole application, ready to serve, testable without a socket.
pub fn router(state: AppState) -> axum::Router {
    // Built now, so that a fault in the description shows at start-up and
    // never on a request.
    routes::docs_page();
    let (routes, _) = routes::api_routes().split_for_parts();
    let routes = routes
        .route_layer(axum::middleware::from_fn(extract::utf8_query))
        .merge(pages::routes());
    layers::wrap(routes, &state).with_state(state)
}
