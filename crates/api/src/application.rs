//! The whole application from an [`AppState`]: the API, its OpenAPI, a
//! [`Site`] beside it, under the middleware.

use crate::state::AppState;
use crate::{docs_page, extract, layers, routes, security_headers};

/// What is served beside the JSON API without being part of it (the Swedish
/// site, `trygglogg_web::site()`): no OpenAPI entries, and errors it answers
/// as HTML pages pass the problem mapper as they are.
#[derive(Default)]
pub struct Site {
    pub routes: axum::Router<AppState>,
    /// The inline stylesheets of its HTML pages, which the
    /// Content-Security-Policy admits by their hash.
    pub stylesheets: Vec<&'static str>,
    /// Its "no such page" answer, for a browser that asks for a path outside
    /// `/api/` that no route has; everything else gets the 404 problem.
    pub not_found_page: Option<fn() -> axum::response::Response>,
    /// Its routes, as `/docs` lists them: drawn from the same table as
    /// `routes`, so that the list cannot leave one out.
    pub listed: Vec<SiteRoute>,
}

/// One route of the site: a method on a path, and what it is, in a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteRoute {
    /// `GET` or `POST`.
    pub method: &'static str,
    /// As the router has it, `{id}` for a part of the path.
    pub path: String,
    pub what: String,
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
    let docs = routes::DocsPage::of(&site.listed);
    let (routes, _) = routes::api_routes().split_for_parts();
    let routes = routes
        .route_layer(axum::middleware::from_fn(extract::utf8_query))
        .layer(axum::Extension(docs))
        .merge(site.routes);
    // The site's first, as the policy has always listed them.
    let stylesheets: Vec<&str> = site
        .stylesheets
        .into_iter()
        .chain([docs_page::STYLE])
        .collect();
    let headers = security_headers::SecurityHeaders::admitting(&stylesheets);
    layers::wrap(routes, &state, headers, site.not_found_page).with_state(state)
}
