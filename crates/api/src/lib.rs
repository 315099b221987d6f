//! The Trygglogg JSON API, and what every HTTP route of the service shares:
//! the state, the middleware, problems, security headers and the canonical
//! spelling of parameters. With `trygglogg_web` (which depends on it) the
//! only crates that know HTTP.
//!
//! [`application`] builds the whole application (the API, its OpenAPI, a
//! [`Site`] beside it, the middleware) from an [`AppState`]; [`serve`] runs
//! it on a listener until a shutdown signal, within [`ConnectionLimits`].
//! Every route of the API is listed once, in `routes::api_routes`, with its
//! OpenAPI description on the handler (`#[utoipa::path]`).

pub mod auth;
pub mod canonical;
mod docs_page;
mod event_view;
mod extract;
mod follow_ups;
mod layers;
pub mod metrics;
mod openapi;
mod pagination;
pub mod problem;
mod routes;
mod security_headers;
mod serve;
mod state;

pub use extract::{JsonBody, QueryParams, StreamPath};
pub use follow_ups::{BuiltFollowUp, FollowUpError, FollowUps};
pub use pagination::{page_limit, DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT};
pub use problem::{Problem, ProblemKind};
pub use routes::openapi_document;
pub use security_headers::style_source;
pub use serve::{serve, ConnectionLimits};
pub use state::AppState;

use std::time::Duration;

/// Largest request body accepted.
pub const BODY_LIMIT_BYTES: usize = 256 * 1024;
/// Longest a request may take to be answered (to its first byte, for streams).
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
/// How often an idle event subscription sends a keep-alive comment.
pub const SSE_KEEP_ALIVE: Duration = Duration::from_secs(15);

/// What is served beside the JSON API without being part of it (the Swedish
/// site, `trygglogg_web::site()`): no OpenAPI entries, and errors it answers
/// as HTML pages pass the problem mapper as they are.
#[derive(Default)]
pub struct Site {
    pub routes: axum::Router<AppState>,
    /// The inline stylesheets of its HTML pages, which the
    /// Content-Security-Policy admits by their hash.
    pub stylesheets: Vec<&'static str>,
}

/// The JSON API alone, ready to serve, testable without a socket.
pub fn router(state: AppState) -> axum::Router {
    application(state, Site::default())
}

/// The JSON API with `site` beside it, under the same middleware: what
/// `trygglogg serve` serves.
pub fn application(state: AppState, site: Site) -> axum::Router {
    // Built now, so that a fault in the description shows at start-up and
    // never on a request.
    routes::docs_page();
    let (routes, _) = routes::api_routes().split_for_parts();
    let routes = routes
        .route_layer(axum::middleware::from_fn(extract::utf8_query))
        .merge(site.routes);
    // The site's first, as the policy has always listed them.
    let stylesheets: Vec<&str> = site
        .stylesheets
        .into_iter()
        .chain([docs_page::STYLE])
        .collect();
    let headers = security_headers::SecurityHeaders::admitting(&stylesheets);
    layers::wrap(routes, &state, headers).with_state(state)
}
