//! The one path from untrusted JSON to the log, shared by the HTTP API and by
//! `trygglogg import`, so both refuse exactly the same things:
//!
//! 1. validate every event of the request (all field errors at once);
//! 2. fold the stream's recorded events, check that the author may write there
//!    (its role and municipalities, before and after the batch) and check the
//!    per-stream rules;
//! 3. encode deterministically, stamp the author from the credential, append
//!    with the stream version the rules were checked against.
//!
//! A retry of events already recorded skips straight to the store, which
//! answers it idempotently with the original positions.

mod agreements;
mod author;
mod batch;
mod bounds;
mod error;
mod folded;
mod import;
mod recorder;
mod stream_names;
mod today;

pub use agreements::FoldedAgreements;
pub use author::{Author, Municipalities, Scope};
pub use batch::{BatchItem, BatchRefused};
pub use bounds::may_serve;
pub use error::RecordError;
pub use folded::Streams;
pub use import::{import_lines, read_import_line, ImportRefused, Imported};
pub use recorder::{Prepared, Recorded, Recorder};
pub use stream_names::parse_stream;
pub use today::today_in_sweden;
