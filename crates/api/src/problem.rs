//! Every error the API answers with: `application/problem+json` (RFC 9457),
//! with a `detail` a person can act on, the refused fields in `errors` and the
//! broken rule in `rule`.

use std::time::Duration;

use axum::http::{header, HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use trygglogg_events::{FieldError, RuleViolation, ValidationErrors};
use trygglogg_projections::ProjectionError;
use trygglogg_recorder::RecordError;
use trygglogg_store::{AppendError, Outage, StoreError};
use utoipa::ToSchema;

pub const PROBLEM_CONTENT_TYPE: &str = "application/problem+json";

/// The kinds of problem, each with a fixed status and title. `type` in a
/// problem body is `/docs#problem-<slug>`, where the docs page explains it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProblemKind {
    MalformedRequest,
    InvalidParameter,
    Unauthenticated,
    Forbidden,
    NotFound,
    MethodNotAllowed,
    VersionConflict,
    IdConflict,
    PayloadTooLarge,
    UriTooLong,
    HeadersTooLarge,
    UnsupportedMediaType,
    ValidationFailed,
    RuleViolated,
    TooManyRequests,
    Internal,
    Unavailable,
}

impl ProblemKind {
    pub const ALL: [ProblemKind; 17] = [
        Self::MalformedRequest,
        Self::InvalidParameter,
        Self::Unauthenticated,
        Self::Forbidden,
        Self::NotFound,
        Self::MethodNotAllowed,
        Self::VersionConflict,
        Self::IdConflict,
        Self::PayloadTooLarge,
        Self::UriTooLong,
        Self::HeadersTooLarge,
        Self::UnsupportedMediaType,
        Self::ValidationFailed,
        Self::RuleViolated,
        Self::TooManyRequests,
        Self::Internal,
        Self::Unavailable,
    ];

    pub fn status(self) -> StatusCode {
        match self {
            Self::MalformedRequest | Self::InvalidParameter => StatusCode::BAD_REQUEST,
            Self::Unauthenticated => StatusCode::UNAUTHORIZED,
            Self::Forbidden => StatusCode::FORBIDDEN,
            Self::NotFound => StatusCode::NOT_FOUND,
            Self::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            Self::VersionConflict | Self::IdConflict => StatusCode::CONFLICT,
            Self::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Self::UriTooLong => StatusCode::URI_TOO_LONG,
            Self::HeadersTooLarge => StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
            Self::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Self::ValidationFailed | Self::RuleViolated => StatusCode::UNPROCESSABLE_ENTITY,
            Self::TooManyRequests => StatusCode::TOO_MANY_REQUESTS,
            Self::Internal => StatusCode::INTERNAL_SERVER_ERROR,
            Self::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
        }
    }

    /// The problem's `type`; also on its log line and in `trygglogg_refusals`.
    pub fn type_uri(self) -> String {
        format!("/docs#problem-{}", self.slug())
    }

    pub fn slug(self) -> &'static str {
        match self {
            Self::MalformedRequest => "malformed-request",
            Self::InvalidParameter => "invalid-parameter",
            Self::Unauthenticated => "unauthenticated",
            Self::Forbidden => "forbidden",
            Self::NotFound => "not-found",
            Self::MethodNotAllowed => "method-not-allowed",
            Self::VersionConflict => "version-conflict",
            Self::IdConflict => "id-conflict",
            Self::PayloadTooLarge => "payload-too-large",
            Self::UriTooLong => "uri-too-long",
            Self::HeadersTooLarge => "headers-too-large",
            Self::UnsupportedMediaType => "unsupported-media-type",
            Self::ValidationFailed => "validation-failed",
            Self::RuleViolated => "rule-violated",
            Self::TooManyRequests => "too-many-failed-authentications",
            Self::Internal => "internal",
            Self::Unavailable => "unavailable",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Self::MalformedRequest => "The request is malformed",
            Self::InvalidParameter => "A path or query parameter is invalid",
            Self::Unauthenticated => "A valid bearer token is needed",
            Self::Forbidden => "The token may not do this",
            Self::NotFound => "Not found",
            Self::MethodNotAllowed => "The route does not take this method",
            Self::VersionConflict => "The stream is not at the expected version",
            Self::IdConflict => "An event id is already used",
            Self::PayloadTooLarge => "The request or an event is too large",
            Self::UriTooLong => "The address is too long",
            Self::HeadersTooLarge => "The request's headers are too large",
            Self::UnsupportedMediaType => "The body must be JSON",
            Self::ValidationFailed => "The events are invalid",
            Self::RuleViolated => "The events break a rule of their stream",
            Self::TooManyRequests => "Too many refused tokens from this address",
            Self::Internal => "Internal error",
            Self::Unavailable => "The service cannot do this now",
        }
    }

    /// When a client meets it and what to do; shown on the docs page.
    pub fn explanation(self) -> &'static str {
        match self {
            Self::MalformedRequest => "The body is not JSON, not JSON of the documented shape, or gives a key twice in one object (`errors` names it: which copy is meant would be unclear). `detail` says where.",
            Self::InvalidParameter => "A path segment or query parameter is not valid; `errors` names each one and what would be accepted.",
            Self::Unauthenticated => "No `Authorization: Bearer <token>` header, or the token is unknown or revoked. Ask an administrator for a token (`trygglogg token create`).",
            Self::Forbidden => "The token is valid but its role, organisation or municipalities do not allow this. `detail` says which role would, or which municipality or agreement the request concerns and which municipalities the token serves.",
            Self::NotFound => "No such route, or no such stream.",
            Self::MethodNotAllowed => "The path exists but takes other methods; the `Allow` header lists them.",
            Self::VersionConflict => "`expected_version` does not match the stream. Read the stream, decide again, and resend with its current version.",
            Self::IdConflict => "An event id is already recorded with other content, or only part of a request was recorded before. Give new events new ids; a retry must resend exactly the original request.",
            Self::PayloadTooLarge => "The body is over the limit, or one event is too large to store. Split the request or shorten its texts.",
            Self::UriTooLong => "The path and query together are over 8 KiB; no route takes an address that long. (Over 64 KiB the HTTP library answers 414 itself, without a body.)",
            Self::HeadersTooLarge => "The request's headers together are over 16 KiB. (Over about 400 KiB, or with more than 100 headers, the HTTP library answers 431 itself, without a body.)",
            Self::UnsupportedMediaType => "Send the body with `Content-Type: application/json`.",
            Self::ValidationFailed => "One or more fields are refused. `errors` lists every one, with its path, the problem and what would be accepted.",
            Self::RuleViolated => "The events are well-formed but break a rule of their stream (e.g. completing a cancelled activity). `rule` names it.",
            Self::TooManyRequests => "Ten requests from this address presented a token that was refused within a minute, as guessing would. Until the minute is over (`Retry-After` says how long), requests that present an unknown, revoked or garbled token get this instead of 401; a valid token is served as usual, and so are requests without one.",
            Self::Internal => "A fault of ours, e.g. a stored event this build cannot read. It is logged with the request id.",
            Self::Unavailable => "The event log cannot be read or written just now (`detail` says why: e.g. its disk is full or its data directory read-only, and nothing was recorded), or the request took too long. Send the same request again later, after the `Retry-After` seconds where given: the service recovers by itself once the disk takes writes again.",
        }
    }
}

/// An RFC 9457 problem, ready to be answered.
#[derive(Debug, Clone)]
pub struct Problem {
    kind: ProblemKind,
    detail: String,
    errors: Vec<FieldError>,
    rule: Option<&'static str>,
    headers: Vec<(HeaderName, HeaderValue)>,
}

/// The body of every error response.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Problem)]
pub struct ProblemBody {
    /// `/docs#problem-<slug>`: where the kind of problem is explained.
    #[serde(rename = "type")]
    pub problem_type: String,
    pub title: String,
    pub status: u16,
    /// What went wrong in this request and what to do about it.
    pub detail: String,
    /// Each refused field (validation failures and invalid parameters).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldErrorBody>,
    /// The stream rule that refused the events (rule violations).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
}

/// One refused field.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = FieldError)]
pub struct FieldErrorBody {
    /// Where, e.g. `events[0].data.summary` or `limit`.
    pub path: String,
    pub problem: String,
    /// What would be accepted instead.
    pub expected: String,
}

impl Problem {
    pub fn new(kind: ProblemKind, detail: impl Into<String>) -> Self {
        Problem {
            kind,
            detail: detail.into(),
            errors: Vec::new(),
            rule: None,
            headers: Vec::new(),
        }
    }

    pub fn kind(&self) -> ProblemKind {
        self.kind
    }

    pub fn status(&self) -> StatusCode {
        self.kind.status()
    }

    pub fn detail(&self) -> &str {
        &self.detail
    }

    /// The request is not the JSON it should be (400).
    pub fn malformed(detail: impl Into<String>) -> Self {
        Self::new(ProblemKind::MalformedRequest, detail)
    }

    /// One path or query parameter is invalid (400).
    pub fn invalid_parameter(
        path: impl Into<String>,
        problem: impl Into<String>,
        expected: impl Into<String>,
    ) -> Self {
        let error = FieldError {
            path: path.into(),
            problem: problem.into(),
            expected: expected.into(),
        };
        Self::new(ProblemKind::InvalidParameter, error.to_string()).with_errors(vec![error])
    }

    /// No credential, or one that is not valid (401).
    pub fn unauthenticated(detail: impl Into<String>) -> Self {
        Self::new(ProblemKind::Unauthenticated, detail).with_header(
            header::WWW_AUTHENTICATE,
            HeaderValue::from_static("Bearer realm=\"trygglogg\""),
        )
    }

    /// A valid credential whose role may not do this (403).
    pub fn forbidden(detail: impl Into<String>) -> Self {
        Self::new(ProblemKind::Forbidden, detail)
    }

    pub fn not_found(detail: impl Into<String>) -> Self {
        Self::new(ProblemKind::NotFound, detail)
    }

    /// Every refused field of a request (422).
    pub fn validation(errors: ValidationErrors) -> Self {
        let count = errors.errors.len();
        let detail = match errors.errors.first() {
            Some(first) if count == 1 => format!("1 field is refused: {first}"),
            Some(first) => format!("{count} fields are refused; the first: {first}"),
            None => "the request is refused".to_owned(),
        };
        Self::new(ProblemKind::ValidationFailed, detail).with_errors(errors.errors)
    }

    /// The storage failed: not the client's fault (503 or 500), except for a
    /// tree size or position beyond what the log holds (400).
    pub fn storage(error: &StoreError) -> Self {
        let problem = match error {
            // A tree size or position the tree does not hold is the client's.
            StoreError::BeyondHead { size, head } => {
                return Self::invalid_parameter(
                    "tree_size",
                    format!("{size} is beyond the log's head"),
                    format!("a tree size from 0 to the head, {head}"),
                )
            }
            StoreError::OutOfRange {
                name,
                value,
                accepted,
            } => {
                return Self::invalid_parameter(
                    *name,
                    format!("{value} is out of range"),
                    accepted,
                )
            }
            StoreError::Corrupt { .. } => Self::new(
                ProblemKind::Internal,
                format!("{error}; an operator should run `trygglogg verify`"),
            ),
            // Only at opening, which the server does before it listens; kept
            // here so every store error has its answer.
            StoreError::InterruptedRestore { .. } => {
                Self::new(ProblemKind::Unavailable, error.to_string())
            }
            // A read that failed because the disk refuses writes (sled writes
            // as it reads): the writer tries again every second.
            StoreError::Unwritable { outage, .. } => {
                Self::refusing_disk(*outage, Duration::from_secs(1))
            }
            StoreError::Reopening => Self::new(ProblemKind::Unavailable, error.to_string())
                .with_retry_after(Duration::from_secs(1)),
            // Damaged files do not mend by themselves: no Retry-After.
            // Where, and what to do, is in the operator's log and /healthz.
            StoreError::Damaged { .. } => Self::new(
                ProblemKind::Unavailable,
                "the event log cannot be read: its files are damaged; an operator must restore it from an export",
            ),
            StoreError::Engine(_) | StoreError::Io(_) => Self::new(
                ProblemKind::Unavailable,
                "the event log cannot be read just now; try again later",
            ),
        };
        tracing::error!(%error, "the event log failed");
        problem
    }

    /// The same problem, placed at `at` within a larger request (a batch's
    /// `items[3]`): the detail begins with it, and every path with `at.`.
    pub fn within(mut self, at: &str) -> Self {
        self.detail = format!("{at}: {}", self.detail);
        for error in &mut self.errors {
            error.path = format!("{at}.{}", error.path);
        }
        self
    }

    pub fn with_errors(mut self, errors: Vec<FieldError>) -> Self {
        self.errors = errors;
        self
    }

    /// The disk refuses writes: what is wrong, that nothing was recorded, and
    /// when to send the request again.
    pub fn refusing_disk(outage: Outage, retry_after: Duration) -> Self {
        let remedy = match outage {
            Outage::DiskFull => "there is space on the disk again",
            Outage::ReadOnly => "the data directory is writable again",
            Outage::Failed => "the disk takes writes again",
        };
        // The operating system's words stay in the log.
        Self::new(
            ProblemKind::Unavailable,
            format!(
                "{outage}; nothing was recorded, so the same request can be sent again later: the service writes again by itself, without a restart, once {remedy}"
            ),
        )
        .with_retry_after(retry_after)
    }

    /// `Retry-After` in whole seconds, at least one.
    pub fn with_retry_after(self, after: Duration) -> Self {
        let seconds = after.as_secs_f64().ceil().max(1.0) as u64;
        self.with_header(header::RETRY_AFTER, HeaderValue::from(seconds))
    }

    pub fn with_header(mut self, name: HeaderName, value: HeaderValue) -> Self {
        self.headers.push((name, value));
        self
    }

    pub fn body(&self) -> ProblemBody {
        ProblemBody {
            problem_type: self.kind.type_uri(),
            title: self.kind.title().to_owned(),
            status: self.kind.status().as_u16(),
            detail: self.detail.clone(),
            errors: self
                .errors
                .iter()
                .map(|e| FieldErrorBody {
                    path: e.path.clone(),
                    problem: e.problem.clone(),
                    expected: e.expected.clone(),
                })
                .collect(),
            rule: self.rule.map(str::to_owned),
        }
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let body = serde_json::to_vec(&self.body()).unwrap_or_default();
        let mut response = (self.status(), body).into_response();
        let headers = response.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static(PROBLEM_CONTENT_TYPE),
        );
        for (name, value) in self.headers {
            headers.insert(name, value);
        }
        // For the middleware that logs and counts refusals by their type.
        response.extensions_mut().insert(self.kind);
        response
    }
}

impl From<RuleViolation> for Problem {
    fn from(violation: RuleViolation) -> Self {
        let mut problem = Self::new(ProblemKind::RuleViolated, violation.to_string());
        problem.rule = Some(violation.rule);
        problem.errors = vec![FieldError {
            path: violation.path,
            problem: violation.problem,
            expected: violation.expected,
        }];
        problem
    }
}

impl From<AppendError> for Problem {
    fn from(error: AppendError) -> Self {
        let kind = match &error {
            AppendError::VersionConflict { .. } => ProblemKind::VersionConflict,
            AppendError::IdConflict { .. } | AppendError::PartialRetry { .. } => {
                ProblemKind::IdConflict
            }
            AppendError::TooLarge { .. } => ProblemKind::PayloadTooLarge,
            AppendError::DuplicateIdInRequest { .. }
            | AppendError::InvalidEventType { .. }
            | AppendError::Empty => ProblemKind::ValidationFailed,
            AppendError::Storage(_) | AppendError::Closed | AppendError::Unavailable { .. } => {
                tracing::error!(%error, "the event log refused a write");
                ProblemKind::Unavailable
            }
        };
        match &error {
            AppendError::Storage(_) => Self::new(
                kind,
                "the event log cannot be written just now; nothing was recorded, so the same request can be sent again later",
            ),
            AppendError::Unavailable {
                outage,
                retry_after,
                ..
            } => Self::refusing_disk(*outage, *retry_after),
            _ => Self::new(kind, error.to_string()),
        }
    }
}

impl From<ProjectionError> for Problem {
    fn from(error: ProjectionError) -> Self {
        match error {
            ProjectionError::Store(error) => Self::storage(&error),
            ProjectionError::Busy { .. } => Self::new(ProblemKind::Unavailable, error.to_string())
                .with_retry_after(Duration::from_secs(2)),
            ProjectionError::Undecodable { .. } | ProjectionError::Checkpoint(_) => {
                tracing::error!(%error, "a view could not be built");
                Self::new(ProblemKind::Internal, error.to_string())
            }
        }
    }
}

impl From<RecordError> for Problem {
    fn from(error: RecordError) -> Self {
        match error {
            RecordError::Invalid(errors) => Self::validation(errors),
            RecordError::Rule(violation) => violation.into(),
            RecordError::Forbidden(why) => Self::forbidden(why),
            RecordError::Append(error) => error.into(),
            RecordError::Store(error) => Self::storage(&error),
            RecordError::Undecodable { position, error } => {
                tracing::error!(position, %error, "a stored event cannot be decoded");
                Self::new(
                    ProblemKind::Internal,
                    format!(
                        "the stored event at position {position} cannot be read by this build; nothing was recorded; an operator must look at it"
                    ),
                )
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_problem_is_problem_json_with_type_title_status_and_detail() {
        let problem = Problem::invalid_parameter("limit", "5000 is too many", "1 to 1000");
        let response = problem.clone().into_response();
        assert_eq!(response.status(), StatusCode::BAD_REQUEST);
        assert_eq!(
            response.headers()[header::CONTENT_TYPE],
            PROBLEM_CONTENT_TYPE
        );
        let body = serde_json::to_value(problem.body()).unwrap();
        assert_eq!(body["type"], "/docs#problem-invalid-parameter");
        assert_eq!(body["status"], 400);
        assert_eq!(body["errors"][0]["path"], "limit");
        assert_eq!(body["detail"], "limit: 5000 is too many; 1 to 1000");
        assert!(body.get("rule").is_none());
    }

    #[test]
    fn record_errors_map_to_the_documented_statuses() {
        let stream =
            trygglogg_events::StreamName::parse("activity-0190f2c4-7d1e-7c3a-9f00-1b2c3d4e5f60")
                .unwrap();
        let id = uuid::Uuid::nil();
        let cases = [
            (
                AppendError::VersionConflict {
                    stream,
                    expected: trygglogg_store::ExpectedVersion::Exact(0),
                    actual: 1,
                },
                409,
            ),
            (AppendError::IdConflict { id, position: 1 }, 409),
            (AppendError::PartialRetry { id, position: 1 }, 409),
            (
                AppendError::TooLarge {
                    id,
                    size: 1,
                    max: 0,
                },
                413,
            ),
            (AppendError::Empty, 422),
            (AppendError::Storage("disk full".into()), 503),
            (
                AppendError::Unavailable {
                    outage: Outage::DiskFull,
                    detail: "No space left on device (os error 28)".into(),
                    retry_after: Duration::from_secs(1),
                },
                503,
            ),
            (AppendError::Closed, 503),
        ];
        for (error, status) in cases {
            let problem = Problem::from(RecordError::Append(error.clone()));
            assert_eq!(problem.status().as_u16(), status, "{error:?}");
        }
        let storage = Problem::from(RecordError::Append(AppendError::Storage("xyz".into())));
        assert!(
            !storage.detail().contains("xyz"),
            "internals stay in the log"
        );
        assert_eq!(
            Problem::from(RecordError::Store(StoreError::Reopening)).status(),
            StatusCode::SERVICE_UNAVAILABLE
        );
        let read_on_a_full_disk = Problem::from(RecordError::Store(StoreError::Unwritable {
            outage: Outage::DiskFull,
            reason: "os error 28".into(),
        }));
        assert_eq!(
            read_on_a_full_disk.status(),
            StatusCode::SERVICE_UNAVAILABLE
        );
        assert!(read_on_a_full_disk
            .detail()
            .starts_with("the disk of the event log is full; nothing was recorded"));
        assert_eq!(
            Problem::from(RecordError::Forbidden("no".into())).status(),
            StatusCode::FORBIDDEN
        );
    }

    #[test]
    fn a_refusing_disk_is_named_with_when_to_retry() {
        for (outage, words) in [
            (Outage::DiskFull, "the disk of the event log is full"),
            (
                Outage::ReadOnly,
                "the data directory of the event log is read-only",
            ),
        ] {
            let problem = Problem::from(RecordError::Append(AppendError::Unavailable {
                outage,
                detail: "os error".into(),
                retry_after: Duration::from_millis(1500),
            }));
            assert!(problem.detail().starts_with(words), "{}", problem.detail());
            assert!(problem.detail().contains("nothing was recorded"));
            assert!(!problem.detail().contains("os error"));
            let response = problem.into_response();
            assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
            assert_eq!(response.headers()[header::RETRY_AFTER], "2");
        }
    }

    #[test]
    fn every_kind_has_its_own_slug() {
        let mut slugs: Vec<_> = ProblemKind::ALL.iter().map(|k| k.slug()).collect();
        slugs.sort_unstable();
        slugs.dedup();
        assert_eq!(slugs.len(), ProblemKind::ALL.len());
    }
}
