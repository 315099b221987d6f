//! Refusals a person can act on: each says where, what was wrong, and what would be
//! accepted instead.

use serde::Serialize;
use std::fmt;

/// What was wrong with one value and what would be accepted instead.
///
/// It carries no path: a value does not know where it sat; the reader that found it
/// adds the path when it turns this into a [`FieldError`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid {
    pub problem: String,
    pub expected: String,
}

impl Invalid {
    pub fn new(problem: impl Into<String>, expected: impl Into<String>) -> Self {
        Self {
            problem: problem.into(),
            expected: expected.into(),
        }
    }
}

impl fmt::Display for Invalid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}; {}", self.problem, self.expected)
    }
}

impl std::error::Error for Invalid {}

/// One refused field: `path` is JSON-pointer-like (`data.places[0]`,
/// `events[2].data.summary`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    pub path: String,
    pub problem: String,
    pub expected: String,
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}; {}", self.path, self.problem, self.expected)
    }
}

/// Every problem found in an event or request, not only the first, so that a reporter
/// can fix them all in one go.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ValidationErrors {
    pub errors: Vec<FieldError>,
}

impl ValidationErrors {
    pub(crate) fn from_vec(errors: Vec<FieldError>) -> Self {
        Self { errors }
    }

    /// The paths of all refused fields, in the order they were found.
    pub fn paths(&self) -> Vec<&str> {
        self.errors.iter().map(|e| e.path.as_str()).collect()
    }

    /// Puts `prefix` in front of every path, e.g. `events[2]` + `data.place`.
    pub(crate) fn prefixed(self, prefix: &str) -> Vec<FieldError> {
        self.errors
            .into_iter()
            .map(|e| FieldError {
                path: format!("{prefix}.{}", e.path),
                ..e
            })
            .collect()
    }
}

impl fmt::Display for ValidationErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, error) in self.errors.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{error}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ValidationErrors {}

/// Why a stored event could not be read back. Stored events passed validation when
/// they were appended, so this means a newer writer, a missing upcaster or a damaged
/// log: an operator's problem, not a reporter's.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    #[error("unknown event type {0:?}; this build knows: {known}", known = crate::EventType::names().join(", "))]
    UnknownEventType(String),
    #[error("{event_type} schema version {found} is newer than {supported}, the newest this build knows; upgrade trygglogg")]
    VersionTooNew {
        event_type: &'static str,
        found: u32,
        supported: u32,
    },
    #[error("{event_type} schema version 0 does not exist; versions start at 1")]
    VersionZero { event_type: &'static str },
    #[error("cannot upcast {event_type} from version {from}: {reason}")]
    Upcast {
        event_type: &'static str,
        from: u32,
        reason: String,
    },
    #[error("stored {what} is not valid JSON: {reason}")]
    Json { what: &'static str, reason: String },
    #[error("stored {event_type} does not match its schema:\n{errors}")]
    Invalid {
        event_type: &'static str,
        errors: ValidationErrors,
    },
}

/// A per-stream rule refused an event, e.g. completing a cancelled activity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RuleViolation {
    /// A stable, machine-readable name of the rule, e.g. `activity_already_cancelled`.
    pub rule: &'static str,
    /// Where the offending value sits, e.g. `data.target` or `events[1].type`.
    pub path: String,
    pub problem: String,
    pub expected: String,
    /// Where a rule that judges a whole (a correction's `changes`, judged by
    /// the event it would leave) found the fault: the paths of the fields at
    /// fault within that event (`data.facts.controls`), so that a form can
    /// name its input. Empty when `path` says it all. Not served: the API's
    /// problem names them in `problem`.
    #[serde(skip)]
    pub within: Vec<String>,
}

impl RuleViolation {
    pub(crate) fn new(
        rule: &'static str,
        path: impl Into<String>,
        problem: impl Into<String>,
        expected: impl Into<String>,
    ) -> Self {
        Self {
            rule,
            path: path.into(),
            problem: problem.into(),
            expected: expected.into(),
            within: Vec::new(),
        }
    }

    /// The violation, with `errors`' paths as the fields at fault within.
    pub(crate) fn within(self, errors: &ValidationErrors) -> Self {
        Self {
            within: errors.errors.iter().map(|e| e.path.clone()).collect(),
            ..self
        }
    }

    pub(crate) fn prefixed(self, prefix: &str) -> Self {
        Self {
            path: format!("{prefix}.{}", self.path),
            ..self
        }
    }
}

impl fmt::Display for RuleViolation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}; {}", self.path, self.problem, self.expected)
    }
}

impl std::error::Error for RuleViolation {}
