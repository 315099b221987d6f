//! Every route of the API, each in one line. A handler carries its own
//! OpenAPI description (`#[utoipa::path]`), and `routes!` registers both the
//! handler and its description, so the two cannot drift apart.

mod agreements;
mod append;
mod audit;
mod batches;
mod checkpoints;
mod docs;
mod export;
mod ops;
mod proofs;
mod reads;
mod subscribe;
mod tiles;

use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::openapi::ApiDoc;
use crate::AppState;

pub use agreements::agreement_recorded;
pub use append::Appended;
pub use docs::openapi_document;
pub(crate) use docs::DocsPage;

/// The routes and their OpenAPI document. To add a route, write a handler
/// with `#[utoipa::path(get, path = "/api/v1/…", …)]` and add one line here.
pub(crate) fn api_routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(append::append_events))
        .routes(routes!(batches::append_batch))
        .routes(routes!(reads::read_stream))
        .routes(routes!(reads::read_log))
        .routes(routes!(subscribe::subscribe))
        .routes(routes!(audit::verify_chain))
        .routes(routes!(audit::audit_trail))
        .routes(routes!(checkpoints::latest_checkpoint))
        .routes(routes!(
            checkpoints::list_checkpoints,
            checkpoints::make_checkpoint
        ))
        .routes(routes!(checkpoints::tlog_checkpoint))
        .routes(routes!(proofs::inclusion_proof))
        .routes(routes!(proofs::consistency_proof))
        .routes(routes!(tiles::tile))
        .routes(routes!(export::export_log))
        .routes(routes!(agreements::list_agreements))
        .routes(routes!(agreements::get_agreement))
        .routes(routes!(agreements::get_period_follow_up))
        .routes(routes!(agreements::get_follow_up))
        .routes(routes!(agreements::get_tertial_follow_up))
        .routes(routes!(ops::healthz))
        .routes(routes!(ops::metrics))
        .routes(routes!(docs::openapi_json))
        .routes(routes!(docs::docs_page))
}
