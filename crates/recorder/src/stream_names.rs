//! Stream names from outside: read once ([`parse_stream`]), then the typed
//! name travels, to the store too.

use trygglogg_events::{FieldError, StreamName, ValidationErrors};

use crate::RecordError;

/// The stream name (`agreement-<uuid>` or `activity-<uuid>`): the
/// one place a stream name from outside is read. From here on the typed name
/// travels, to the store too.
pub fn parse_stream(stream: &str) -> Result<StreamName, RecordError> {
    StreamName::parse(stream).map_err(|e| {
        RecordError::Invalid(ValidationErrors {
            errors: vec![FieldError {
                path: "stream".into(),
                problem: e.problem,
                expected: e.expected,
            }],
        })
    })
}
