//! Recording a batch: appends to several streams in one request, each item
//! refused or accepted exactly as a single append would be, and appended
//! together in one group commit or not at all.

use trygglogg_events::{
    AppendRequest, FieldError, StreamName, ValidationContext, ValidationErrors,
};
use trygglogg_store::{AppendError, BatchError, BatchPart};

use crate::recorder::Prepared;
use crate::{Author, RecordError, Recorded, Recorder};

/// One item of a batch: a stream and its append request.
#[derive(Debug, Clone)]
pub struct BatchItem {
    pub stream: StreamName,
    pub request: AppendRequest,
}

/// Why a batch was not recorded, and which item (counted from 0) was
/// refused; none for a failure of the whole (the log cannot be written).
/// Nothing of a refused batch is in the log.
#[derive(Debug, thiserror::Error)]
pub struct BatchRefused {
    pub item: Option<usize>,
    pub error: RecordError,
}

impl std::fmt::Display for BatchRefused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.item {
            Some(item) => write!(f, "items[{item}]: {}", self.error),
            None => write!(f, "{}", self.error),
        }
    }
}

fn refused(item: usize) -> impl Fn(RecordError) -> BatchRefused {
    move |error| BatchRefused {
        item: Some(item),
        error,
    }
}

impl Recorder {
    /// Records every item of `items` on behalf of `author`, all or none.
    /// Each item is checked against the log as it stands before the batch:
    /// an item cannot build on another (an activity serving an agreement
    /// adopted in the same batch is refused), and a stream appears once.
    pub async fn record_batch(
        &self,
        items: &[BatchItem],
        author: &Author,
        context: &ValidationContext,
    ) -> Result<Vec<Recorded>, BatchRefused> {
        if items.is_empty() {
            return Err(BatchRefused {
                item: None,
                error: RecordError::Append(AppendError::Empty),
            });
        }
        let mut prepared = Vec::with_capacity(items.len());
        for (index, item) in items.iter().enumerate() {
            if let Some(first) = items[..index].iter().position(|i| i.stream == item.stream) {
                return Err(refused(index)(stream_repeated(&item.stream, first)));
            }
            let item = Prepared::new(&item.stream, &item.request, author, context)
                .map_err(refused(index))?;
            prepared.push(item);
        }
        let mut attempt = 0;
        loop {
            attempt += 1;
            let mut parts = Vec::with_capacity(prepared.len());
            for (index, item) in prepared.iter().enumerate() {
                parts.push(BatchPart {
                    stream: item.stream,
                    expected: self.checked(item, author).map_err(refused(index))?,
                    events: item.events.clone(),
                });
            }
            match self.store().append_batch(parts).await {
                Ok(appended) => {
                    let recorded = prepared.iter().zip(appended);
                    return Ok(recorded.map(|(p, a)| p.recorded(a)).collect());
                }
                // A stream that moved on since it was checked: check again.
                Err(BatchError::Part {
                    part,
                    error: AppendError::VersionConflict { .. },
                }) if prepared[part].may_retry(attempt) => {}
                Err(BatchError::Part { part, error }) => {
                    return Err(refused(part)(RecordError::Append(error)))
                }
                Err(BatchError::Whole(error)) => {
                    return Err(BatchRefused {
                        item: None,
                        error: RecordError::Append(error),
                    })
                }
            }
        }
    }
}

fn stream_repeated(stream: &StreamName, first: usize) -> RecordError {
    RecordError::Invalid(ValidationErrors {
        errors: vec![FieldError {
            path: "stream".into(),
            problem: format!("{stream} is also the stream of items[{first}]"),
            expected: "each stream once per batch: put its events in one item, or send them in the next batch".into(),
        }],
    })
}
