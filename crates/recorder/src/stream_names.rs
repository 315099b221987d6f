//! Stream names from outside: read once ([`parse_stream`]), then the typed
//! name travels, to the store by [`store_stream`].

use trygglogg_events::{FieldError, StreamName as DomainStream, ValidationErrors};
use trygglogg_store::StreamName as StoreStream;

use crate::RecordError;

/// The domain's stream name (`agreement-<uuid>` or `activity-<uuid>`): the
/// one place a stream name from outside is read. From here on the typed name
/// travels, to the store by [`store_stream`].
pub fn parse_stream(stream: &str) -> Result<DomainStream, RecordError> {
    DomainStream::parse(stream).map_err(|e| {
        RecordError::Invalid(ValidationErrors {
            errors: vec![FieldError {
                path: "stream".into(),
                problem: e.problem,
                expected: e.expected,
            }],
        })
    })
}

/// The store's name of a domain stream, built from its parts, not read again
/// from text.
pub fn store_stream(stream: &DomainStream) -> StoreStream {
    StoreStream::for_uuid(stream.category().as_str(), stream.id())
        .expect("every domain category is a valid store category (tested)")
}
