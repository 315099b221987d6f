//! The OpenAPI 3.1 document, generated from the code: utoipa describes the
//! routes (from each handler's `#[utoipa::path]`), and the request schemas are
//! the JSON Schemas (2020-12) that `trygglogg_events` generates from its Rust
//! types, spliced in as they are, so nothing is lost in a conversion.
//! The problem responses every route shares are added here, once.

use std::borrow::Cow;
use std::sync::LazyLock;

use serde_json::{json, Map, Value};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{ObjectBuilder, RefOr, Schema};
use utoipa::{Modify, OpenApi, PartialSchema, ToSchema};

use crate::problem::{FieldErrorBody, ProblemBody, ProblemKind, PROBLEM_CONTENT_TYPE};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Trygglogg",
        description = "The log of medborgarlöften work: every planned or completed safety activity of a municipality and the Police, as immutable events in one append-only, hash-chained log.\n\n\
            Authenticate with `Authorization: Bearer <token>` (tokens from `trygglogg token create`). Every error is `application/problem+json` (RFC 9457)."
    ),
    components(schemas(ProblemBody, FieldErrorBody)),
    modifiers(&BearerAuth),
    tags(
        (name = "events", description = "Append to and read the event log."),
        (name = "audit", description = "Prove that nothing was altered."),
        (name = "operations", description = "Liveness and metrics."),
        (name = "documentation", description = "This description."),
    )
)]
pub(crate) struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some(
                        "A token from `trygglogg token create`; it carries a role (reporter, coordinator, auditor, admin) and an organisation.",
                    ))
                    .build(),
            ),
        );
    }
}

/// Stands for `trygglogg_events::AppendRequest` in the handler's description;
/// its schema is replaced by the one generated from the Rust type.
pub struct AppendRequestSchema;

impl PartialSchema for AppendRequestSchema {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new().into()
    }
}

impl ToSchema for AppendRequestSchema {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("AppendRequest")
    }
}

static DOCUMENT: LazyLock<Value> = LazyLock::new(build);
static DOCUMENT_BYTES: LazyLock<Vec<u8>> =
    LazyLock::new(|| serde_json::to_vec_pretty(openapi_document()).unwrap_or_default());

/// The OpenAPI document of every route, built once.
pub fn openapi_document() -> &'static Value {
    &DOCUMENT
}

pub(crate) fn openapi_json_bytes() -> &'static [u8] {
    &DOCUMENT_BYTES
}

fn build() -> Value {
    let (_, api) = crate::routes::api_routes().split_for_parts();
    let mut document = serde_json::to_value(&api).expect("an OpenAPI document serialises");
    add_problem_responses(&mut document);
    splice_event_schemas(&mut document);
    document
}

/// Adds the problems a route can answer with, by what it takes: parameters,
/// a body, a token. Routes document their own specific problems (409, 422, …).
fn add_problem_responses(document: &mut Value) {
    let Some(paths) = document["paths"].as_object_mut() else {
        return;
    };
    for operation in paths
        .values_mut()
        .filter_map(Value::as_object_mut)
        .flat_map(|item| item.values_mut())
    {
        let Some(operation) = operation.as_object_mut() else {
            continue;
        };
        let has = |key: &str| operation.get(key).is_some_and(|v| !v.is_null());
        let mut kinds = Vec::new();
        if has("requestBody") {
            kinds.extend([
                ProblemKind::MalformedRequest,
                ProblemKind::PayloadTooLarge,
                ProblemKind::UnsupportedMediaType,
                ProblemKind::ValidationFailed,
            ]);
        }
        if has("parameters") {
            kinds.push(ProblemKind::InvalidParameter);
        }
        if has("security") {
            kinds.extend([ProblemKind::Unauthenticated, ProblemKind::Forbidden]);
        }
        kinds.extend([ProblemKind::Internal, ProblemKind::Unavailable]);
        let responses = operation
            .entry("responses")
            .or_insert_with(|| json!({}))
            .as_object_mut()
            .expect("responses is an object");
        for kind in kinds {
            let status = kind.status().as_u16().to_string();
            let line = format!("{}: {}", kind.title(), kind.explanation());
            match responses.get_mut(&status) {
                // A route's own description of the status comes first.
                Some(existing) => {
                    let description = existing["description"].as_str().unwrap_or("").to_owned();
                    if !description.contains(kind.title())
                        && existing["content"].get(PROBLEM_CONTENT_TYPE).is_some()
                    {
                        existing["description"] = Value::String(format!("{description}\n\n{line}"));
                    }
                }
                None => {
                    responses.insert(
                        status,
                        json!({
                            "description": line,
                            "content": {PROBLEM_CONTENT_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}}
                        }),
                    );
                }
            }
        }
    }
}

/// Puts the JSON Schemas of the append request and of every event type's data
/// into `components.schemas`, with their `$defs` beside them.
fn splice_event_schemas(document: &mut Value) {
    let schemas = document["components"]["schemas"]
        .as_object_mut()
        .expect("utoipa writes components.schemas");
    for (file, schema) in trygglogg_events::json_schemas() {
        let name = match file.trim_end_matches(".json") {
            "append_request" => "AppendRequest".to_owned(),
            "event_metadata" => "EventMetadata".to_owned(),
            "import_line" => continue,
            data => data.to_owned(),
        };
        let mut schema = schema.to_value();
        rewrite_refs(&mut schema);
        let Some(object) = schema.as_object_mut() else {
            continue;
        };
        object.remove("$schema");
        let definitions = object.remove("$defs").and_then(|d| match d {
            Value::Object(map) => Some(map),
            _ => None,
        });
        for (definition, value) in definitions.unwrap_or_default() {
            if let Some(existing) = schemas.get(&definition) {
                // The schemas share their definitions; two different ones
                // under one name would be a bug in the generator.
                assert_eq!(
                    existing, &value,
                    "two different schemas are named {definition}"
                );
            }
            schemas.insert(definition, value);
        }
        schemas.insert(name, schema);
    }
    if let Some(data) = schemas
        .get_mut("IncomingEvent")
        .and_then(|e| e["properties"].get_mut("data"))
        .and_then(Value::as_object_mut)
    {
        data.insert(
            "description".into(),
            Value::String(
                "The event's data. Its schema depends on `type`: see the schema named `<type>.v<version>`, e.g. `activity_completed.v2`.".into(),
            ),
        );
    }
}

/// `#/$defs/X` → `#/components/schemas/X`.
fn rewrite_refs(value: &mut Value) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(target)) = map.get_mut("$ref") {
                if let Some(name) = target.strip_prefix("#/$defs/") {
                    *target = format!("#/components/schemas/{name}");
                }
            }
            map.values_mut().for_each(rewrite_refs);
        }
        Value::Array(items) => items.iter_mut().for_each(rewrite_refs),
        _ => {}
    }
}

/// Every `$ref` in `value`.
#[cfg(test)]
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

/// The operations of the document: (method, path, operation).
pub(crate) fn operations(document: &Value) -> Vec<(&str, &str, &Map<String, Value>)> {
    let mut found = Vec::new();
    for (path, item) in document["paths"].as_object().into_iter().flatten() {
        for (method, operation) in item.as_object().into_iter().flatten() {
            if let Some(operation) = operation.as_object() {
                found.push((method.as_str(), path.as_str(), operation));
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn the_append_body_is_the_generated_schema_and_problems_are_listed() {
        let document = openapi_document();
        let schemas = &document["components"]["schemas"];
        assert_eq!(schemas["AppendRequest"]["required"], json!(["events"]));
        assert_eq!(schemas["AppendRequest"]["additionalProperties"], false);
        assert!(schemas["activity_completed.v2"]["properties"]["summary"].is_object());
        let append = &document["paths"]["/api/v1/streams/{stream}/events"]["post"];
        assert_eq!(
            append["requestBody"]["content"]["application/json"]["schema"]["$ref"],
            "#/components/schemas/AppendRequest"
        );
        for status in [
            "200", "201", "400", "401", "403", "409", "413", "415", "422", "500", "503",
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
}
