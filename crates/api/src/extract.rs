//! Extractors that refuse with a problem a person can act on, instead of axum's
//! plain-text rejections: the JSON body, the query string and the stream name.

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Path, Request};
use axum::http::header::CONTENT_TYPE;
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;
use trygglogg_events::{
    json_with_unique_keys, redact_identity_numbers, FieldError, JsonRefused, StreamName,
};

use crate::problem::{Problem, ProblemKind};

/// A JSON request body of type `T`: 415 without a JSON content type, 413 over
/// the body limit, 400 if it is not JSON, and 422 (naming the field) if it is
/// JSON of the wrong shape.
#[derive(Debug)]
pub struct JsonBody<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for JsonBody<T> {
    type Rejection = Problem;

    async fn from_request(request: Request, state: &S) -> Result<Self, Problem> {
        let content_type = request
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        if !is_json(content_type) {
            let given = if content_type.is_empty() {
                "no Content-Type".to_owned()
            } else {
                format!("Content-Type {content_type:?}")
            };
            return Err(Problem::new(
                ProblemKind::UnsupportedMediaType,
                format!("the body was sent with {given}; send JSON with `Content-Type: application/json`"),
            ));
        }
        let bytes = Bytes::from_request(request, state)
            .await
            .map_err(|rejection| {
                if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
                    body_too_large()
                } else {
                    Problem::malformed(format!(
                        "the body could not be read: {}",
                        rejection.body_text()
                    ))
                }
            })?;
        let value = json_with_unique_keys(&bytes).map_err(refused_json)?;
        serde_path_to_error::deserialize(value)
            .map(JsonBody)
            .map_err(|e| {
                // serde quotes what it did not expect: never an identity number.
                let path = redact_identity_numbers(&field_path(&e.path().to_string(), "body"))
                    .into_owned();
                let error = FieldError {
                    path,
                    problem: redact_identity_numbers(&e.inner().to_string()).into_owned(),
                    expected: "JSON of the shape the request schema gives (see /docs)".into(),
                };
                Problem::new(
                    ProblemKind::ValidationFailed,
                    format!("the body has the wrong shape: {error}"),
                )
                .with_errors(vec![error])
            })
    }
}

/// 400 for a body that is not JSON, or that gives a key twice (naming it: the
/// first copy would otherwise be dropped without a word).
fn refused_json(refused: JsonRefused) -> Problem {
    match refused.key_path() {
        None => Problem::malformed(format!(
            "the body is not valid JSON: {refused}; check quotes, commas and brackets there"
        )),
        Some(path) => {
            Problem::malformed(format!("the body is ambiguous: {refused}")).with_errors(vec![
                FieldError {
                    path,
                    problem: "appears twice in its object".into(),
                    expected: "give each key once; with two, which one is meant is unclear".into(),
                },
            ])
        }
    }
}

pub(crate) fn body_too_large() -> Problem {
    Problem::new(
        ProblemKind::PayloadTooLarge,
        format!(
            "the body is over the limit of {} KiB; send fewer events per request",
            crate::limits::BODY_LIMIT_BYTES / 1024
        ),
    )
}

fn is_json(content_type: &str) -> bool {
    let essence = content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    essence == "application/json"
        || (essence.starts_with("application/") && essence.ends_with("+json"))
}

/// `.` is serde_path_to_error's name for the whole value.
fn field_path(path: &str, whole: &str) -> String {
    if path == "." {
        whole.to_owned()
    } else {
        path.to_owned()
    }
}

/// The query string as `T` (which should deny unknown fields): 400 naming the
/// parameter otherwise.
#[derive(Debug)]
pub struct QueryParams<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for QueryParams<T> {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Problem> {
        let query = parts.uri.query().unwrap_or("");
        let deserializer =
            serde_urlencoded::Deserializer::new(form_urlencoded::parse(query.as_bytes()));
        serde_path_to_error::deserialize(deserializer)
            .map(QueryParams)
            .map_err(|e| {
                Problem::invalid_parameter(
                    field_path(&e.path().to_string(), "query"),
                    e.inner().to_string(),
                    "see /docs for the parameters this route takes",
                )
            })
    }
}

/// Refuses (400, naming the parameter) a request to the API whose query
/// string is not UTF-8 once percent-decoded, on every route: a route that
/// takes no parameters would otherwise ignore it and answer 200.
pub(crate) async fn utf8_query(request: Request, next: Next) -> Response {
    let query = request.uri().query().unwrap_or("");
    match crate::canonical::not_utf8_parameter(query) {
        Some(parameter) => Problem::invalid_parameter(
            parameter,
            "is not UTF-8 once percent-decoded",
            "percent-encoded UTF-8, e.g. %C3%A5 for å",
        )
        .into_response(),
        None => next.run(request).await,
    }
}

/// The `{stream}` of a path: `agreement-<uuid>` or `activity-<uuid>`, else 400.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StreamPath(pub StreamName);

impl<S: Send + Sync> FromRequestParts<S> for StreamPath {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Problem> {
        let Path(raw) = Path::<String>::from_request_parts(parts, state)
            .await
            .map_err(|rejection| {
                Problem::invalid_parameter("stream", rejection.body_text(), "a stream name")
            })?;
        Ok(StreamPath(stream_parameter("stream", &raw)?))
    }
}

/// A stream name given as a path or query parameter, read as the recorder
/// reads one (once); a 400 naming the parameter otherwise.
pub(crate) fn stream_parameter(parameter: &str, raw: &str) -> Result<StreamName, Problem> {
    trygglogg_recorder::parse_stream(raw).map_err(|refused| match refused {
        trygglogg_recorder::RecordError::Invalid(errors) => match errors.errors.first() {
            Some(e) => Problem::invalid_parameter(parameter, e.problem.clone(), e.expected.clone()),
            None => Problem::invalid_parameter(
                parameter,
                "is not a stream name",
                "agreement-<uuid> or activity-<uuid>",
            ),
        },
        other => Problem::invalid_parameter(
            parameter,
            other.to_string(),
            "agreement-<uuid> or activity-<uuid>",
        ),
    })
}

/// A query parameter that is an instant: RFC 3339 with its offset, else a
/// 400 naming the parameter.
pub(crate) fn instant(
    parameter: &str,
    raw: &str,
) -> Result<chrono::DateTime<chrono::Utc>, Problem> {
    chrono::DateTime::parse_from_rfc3339(raw)
        .map(|t| t.with_timezone(&chrono::Utc))
        .map_err(|e| {
            Problem::invalid_parameter(
                parameter,
                format!("{raw:?} is not an RFC 3339 instant ({e})"),
                "a date and time with its offset, e.g. 2017-12-12T18:00:00+01:00",
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_content_types() {
        for accepted in [
            "application/json",
            "application/json; charset=utf-8",
            "Application/JSON",
            "application/merge-patch+json",
        ] {
            assert!(is_json(accepted), "{accepted}");
        }
        for refused in [
            "",
            "text/plain",
            "application/x-www-form-urlencoded",
            "text/json",
        ] {
            assert!(!is_json(refused), "{refused}");
        }
    }
}
