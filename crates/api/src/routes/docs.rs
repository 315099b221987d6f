//! The API's own description: the OpenAPI document and a page to read it,
//! each built once from what the routes describe.

use std::sync::LazyLock;

use axum::body::Bytes;
use axum::http::header::CONTENT_TYPE;
use axum::response::{Html, IntoResponse};
use axum::Extension;
use serde_json::Value;

use crate::{docs_page, openapi, SiteRoute};

static DOCUMENT: LazyLock<Value> =
    LazyLock::new(|| openapi::complete(super::api_routes().split_for_parts().1));
static DOCUMENT_BYTES: LazyLock<Vec<u8>> =
    LazyLock::new(|| serde_json::to_vec_pretty(openapi_document()).unwrap_or_default());

/// The OpenAPI document of every route, built once.
pub fn openapi_document() -> &'static Value {
    &DOCUMENT
}

/// `/docs` of an application, with the routes of its site: built once, as
/// it starts, so that a fault in the description shows then and never on a
/// request.
#[derive(Clone)]
pub(crate) struct DocsPage(Bytes);

impl DocsPage {
    pub(crate) fn of(site: &[SiteRoute]) -> DocsPage {
        DocsPage(Bytes::from(docs_page::render(openapi_document(), site)))
    }
}

#[utoipa::path(
    get,
    path = "/openapi.json",
    tag = "documentation",
    summary = "This API as OpenAPI 3.1",
    responses((status = 200, description = "The OpenAPI document, generated from the code.", content_type = "application/json", body = Object))
)]
pub async fn openapi_json() -> impl IntoResponse {
    (
        [(CONTENT_TYPE, "application/json")],
        DOCUMENT_BYTES.as_slice(),
    )
}

#[utoipa::path(
    get,
    path = "/docs",
    tag = "documentation",
    summary = "This API as a page to read",
    responses((status = 200, description = "Every route, parameter, response, problem type and schema, as plain HTML.", content_type = "text/html", body = String))
)]
pub async fn docs_page(Extension(page): Extension<DocsPage>) -> Html<Bytes> {
    Html(page.0)
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use utoipa::openapi::ObjectBuilder;

    use super::*;
    use crate::openapi::operations;
    use crate::problem::PROBLEM_CONTENT_TYPE;

    /// Every `$ref` in `value`.
    fn refs(value: &Value, found: &mut Vec<String>) {
        match value {
            Value::Object(map) => {
                if let Some(Value::String(target)) = map.get("$ref") {
                    found.push(target.clone());
                }
                map.values().for_each(|v| refs(v, found));
            }
            Value::Array(items) => items.iter().for_each(|v| refs(v, found)),
            _ => {}
        }
    }

    #[test]
    fn every_route_is_described() {
        let document = openapi_document();
        assert_eq!(document["openapi"], "3.1.0");
        let described: Vec<(&str, &str)> = operations(document)
            .iter()
            .map(|(m, p, _)| (*m, *p))
            .collect();
        for route in [
            ("post", "/api/v1/streams/{stream}/events"),
            ("get", "/api/v1/streams/{stream}"),
            ("get", "/api/v1/events"),
            ("get", "/api/v1/events/subscribe"),
            ("get", "/api/v1/audit/verify"),
            ("get", "/healthz"),
            ("get", "/metrics"),
            ("get", "/openapi.json"),
            ("get", "/docs"),
        ] {
            assert!(described.contains(&route), "{route:?} is not described");
        }
    }

    #[test]
    fn every_reference_resolves() {
        let document = openapi_document();
        let mut found = Vec::new();
        refs(document, &mut found);
        assert!(found.len() > 20, "the event schemas are in");
        for target in found {
            let name = target
                .strip_prefix("#/components/schemas/")
                .unwrap_or_else(|| panic!("{target}"));
            assert!(
                document["components"]["schemas"].get(name).is_some(),
                "{target} does not resolve"
            );
        }
    }

    #[test]
    fn every_stand_in_is_replaced_by_its_generated_schema() {
        let stand_in = serde_json::to_value(ObjectBuilder::new().build()).unwrap();
        let schemas = openapi_document()["components"]["schemas"]
            .as_object()
            .unwrap();
        for (name, schema) in schemas {
            assert_ne!(
                schema, &stand_in,
                "{name} is a stand-in without a schemars schema"
            );
        }
    }

    #[test]
    fn the_append_body_is_the_generated_schema_and_problems_are_listed() {
        let document = openapi_document();
        let schemas = &document["components"]["schemas"];
        assert_eq!(schemas["AppendRequest"]["required"], json!(["events"]));
        assert_eq!(schemas["AppendRequest"]["additionalProperties"], false);
        assert!(schemas["activity_completed.v3"]["properties"]["summary"].is_object());
        let append = &document["paths"]["/api/v1/streams/{stream}/events"]["post"];
        assert_eq!(
            append["requestBody"]["content"]["application/json"]["schema"]["$ref"],
            "#/components/schemas/AppendRequest"
        );
        for status in [
            "200", "201", "400", "401", "403", "409", "413", "415", "422", "429", "500", "503",
        ] {
            assert!(
                append["responses"].get(status).is_some(),
                "append lacks {status}"
            );
        }
        let health = &document["paths"]["/healthz"]["get"]["responses"];
        assert!(health.get("401").is_none(), "healthz is open to everyone");
        assert_eq!(
            health["503"]["content"][PROBLEM_CONTENT_TYPE]["schema"]["$ref"],
            "#/components/schemas/Problem"
        );
    }

    #[test]
    fn the_page_lists_every_route_problem_and_schema() {
        let page = docs_page::render(openapi_document(), &[]);
        assert!(page.starts_with("<!doctype html>"));
        for needle in [
            "id=\"post-api-v1-streams--stream--events\"",
            "<code>/api/v1/events/subscribe</code>",
            "id=\"problem-version-conflict\"",
            "id=\"schema-AppendRequest\"",
            "id=\"schema-activity_completed.v3\"",
            "href=\"#schema-AppendRequest\"",
        ] {
            assert!(page.contains(needle), "{needle} missing");
        }
        assert!(!page.contains("<script"), "no JavaScript");
    }
}
