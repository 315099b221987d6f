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

mod application;
pub mod auth;
pub mod canonical;
mod checkpoint_problem;
mod checkpoint_task;
mod commit_metrics;
mod docs_page;
mod event_view;
mod extract;
mod follow_ups;
mod layers;
mod limits;
pub mod metrics;
mod openapi;
mod pagination;
pub mod problem;
pub mod read_your_writes;
mod routes;
mod security_headers;
mod serve;
mod state;
mod store_tree;
mod verify_runs;

pub use application::{application, router, Site, SiteRoute};
pub use checkpoint_task::{checkpoint_while_growing, CHECKPOINT_EVERY};
pub use extract::{JsonBody, QueryParams, StreamPath};
pub use follow_ups::{named_checkpoint, BuiltFollowUp, FollowUpError, FollowUps};
pub use limits::{BATCH_MAX_EVENTS, BODY_LIMIT_BYTES, REQUEST_TIMEOUT, SSE_KEEP_ALIVE};
pub use pagination::{page_limit, DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT};
pub use problem::{Problem, ProblemKind};
pub use routes::{agreement_recorded, openapi_document, Appended};
pub use security_headers::style_source;
pub use serve::{serve, ConnectionLimits};
pub use state::AppState;
pub use store_tree::open_checkpoints;
