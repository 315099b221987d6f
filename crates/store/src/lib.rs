//! The Trygglogg event log: an append-only, gapless, hash-chained log of
//! immutable events on sled. This is the only crate that knows sled.
//!
//! The store knows of the domain only its one stream name
//! ([`trygglogg_events::StreamName`]): an event is a stream, an id, a type name
//! and two opaque JSON documents (`data`, `metadata`). What it guarantees:
//!
//! - **One writer** assigns global positions 1, 2, 3, … with no gap, in commit
//!   order, and per-stream versions 1, 2, 3, …, with optimistic concurrency
//!   ([`ExpectedVersion`]).
//! - **Durable before acknowledged**: an append answers only after its group's
//!   sled batch is flushed and the database file is `fsync`ed.
//! - **Idempotent by event id**: the same id with the same content returns the
//!   original positions; with other content it is a conflict.
//! - **Tamper-evident**: every stored event carries the SHA-256 of the one before
//!   it; [`Store::verify`] names the first position where the chain breaks.
//! - **Provable**: a Merkle tree over the stored records (RFC 9162), kept in
//!   the same batches as the events (`tree.rs`), gives the root of any tree
//!   size up to the head, inclusion and consistency proofs, and C2SP
//!   tlog-tiles (`tree_reads.rs`); [`Store::verify`] rebuilds it and checks it.
//! - **Readers never see past the durable head**, so nothing a reader saw can be
//!   taken away by a crash.

mod chain;
mod commit_histogram;
mod dir_files;
mod engine;
mod error;
mod export;
mod hash;
mod key_pages;
mod keys;
mod log_value;
mod outage;
mod record;
mod recorded_time;
mod scan;
mod shared_db;
mod store;
mod subscription;
mod tree;
mod tree_reads;
mod verify;
mod writer;

pub use chain::{BrokenLink, Head, Verification};
pub use commit_histogram::{Buckets, Snapshot};
pub use engine::{Engine, StoreOptions, SEGMENT_SIZE};
pub use error::{AppendError, EngineError, RestoreError, StoreError, RESTORE_ADVICE};
pub use export::verify_export;
pub use hash::Hash;
pub use outage::Outage;
pub use record::{
    Direction, ExpectedVersion, NewEvent, RecordedEvent, StoredEvent, MAX_EVENT_TYPE_LEN,
    MAX_STORED_EVENT_BYTES,
};
pub use store::Store;
pub use subscription::Subscription;
pub use tree_reads::{TILE_HEIGHT, TILE_LEVELS, TILE_WIDTH};
pub use writer::{Appended, BatchError, BatchPart, WriterStats};
