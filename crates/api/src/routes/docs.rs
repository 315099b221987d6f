//! The API's own description: the OpenAPI document and a page to read it.

use axum::http::header::CONTENT_TYPE;
use axum::response::{Html, IntoResponse};

use crate::docs_page;
use crate::openapi::openapi_json_bytes;

#[utoipa::path(
    get,
    path = "/openapi.json",
    tag = "documentation",
    summary = "This API as OpenAPI 3.1",
    responses((status = 200, description = "The OpenAPI document, generated from the code.", content_type = "application/json", body = Object))
)]
pub async fn openapi_json() -> impl IntoResponse {
    ([(CONTENT_TYPE, "application/json")], openapi_json_bytes())
}

#[utoipa::path(
    get,
    path = "/docs",
    tag = "documentation",
    summary = "This API as a page to read",
    responses((status = 200, description = "Every route, parameter, response, problem type and schema, as plain HTML.", content_type = "text/html", body = String))
)]
pub async fn docs_page() -> Html<&'static str> {
    Html(docs_page::page())
}
