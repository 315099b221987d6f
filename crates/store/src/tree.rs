//! The Merkle tree over the log, as RFC 9162 §2.1 defines it: leaf `i` is
//! the stored record bytes of position `i + 1` (the bytes the chain hashes),
//! so the tree of size `n` is the log up to position `n`.
//!
//! The arithmetic is `tlog_tiles`' (a port of Go's
//! `golang.org/x/mod/sumdb/tlog`); this file only keeps its "stored hashes"
//! in sled under `H` keys (`keys.rs`). Each event's hashes go into the same
//! batch as the event, so the tree always ends exactly at the durable head,
//! also after a crash. The writer keeps the tree's right edge in memory
//! ([`TreeEdge`]), so an append reads nothing from sled for the tree.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::time::Instant;

use tlog_tiles::{self as tlog, HashReader};

use crate::engine::Engine;
use crate::error::SledResult;
use crate::keys;
use crate::log_value::split_log_value;
use crate::{Hash, StoreError};

/// Events whose stored hashes are written per batch when a tree is built
/// for a log that has none.
const BUILD_BATCH: u64 = 4096;

/// Building a missing tree this much larger is worth telling the user about.
const BUILD_TELLS: u64 = 20_000;

impl Hash {
    /// The Merkle tree's leaf hash of a stored record: SHA-256 over a zero
    /// byte then the record bytes (RFC 9162 §2.1.1).
    pub fn leaf(record: &[u8]) -> Hash {
        Hash::from_bytes(tlog::record_hash(record).0)
    }
}

pub(crate) fn from_tlog(hash: tlog::Hash) -> Hash {
    Hash::from_bytes(hash.0)
}

/// The stored hashes one record adds to the tree: they go at consecutive
/// stored-hash indexes from `first`.
pub(crate) struct NewHashes {
    pub first: u64,
    pub hashes: Vec<tlog::Hash>,
}

impl NewHashes {
    pub fn keyed(&self) -> impl Iterator<Item = ([u8; 9], [u8; 32])> + '_ {
        (self.first..)
            .zip(&self.hashes)
            .map(|(index, hash)| (keys::tree_key(index), hash.0))
    }
}

/// The right edge of a tree: the root of each perfect subtree the tree of
/// `size` leaves splits into (one per set bit of `size`, so at most 64),
/// keyed by stored-hash index. It is all that adding a leaf reads.
#[derive(Debug, Clone, Default)]
pub(crate) struct TreeEdge {
    size: u64,
    nodes: BTreeMap<u64, tlog::Hash>,
}

impl HashReader for TreeEdge {
    fn read_hashes(&self, indexes: &[u64]) -> Result<Vec<tlog::Hash>, tlog::Error> {
        indexes
            .iter()
            .map(|index| {
                self.nodes
                    .get(index)
                    .copied()
                    .ok_or(tlog::Error::IndexesNotInTree)
            })
            .collect()
    }
}

impl TreeEdge {
    /// The edge of the tree of `size` leaves whose hashes sled holds.
    pub fn load(db: &sled::Db, size: u64) -> Result<TreeEdge, StoreError> {
        let indexes = edge_indexes(size);
        let hashes = StoredHashes::new(db).read(&indexes)?;
        Ok(TreeEdge {
            size,
            nodes: indexes.into_iter().zip(hashes).collect(),
        })
    }

    pub fn size(&self) -> u64 {
        self.size
    }

    /// Adds the next leaf: the record `bytes` of position `size + 1`.
    /// Returns the stored hashes to write for it.
    pub fn push(&mut self, bytes: &[u8]) -> Result<NewHashes, StoreError> {
        let n = self.size;
        let hashes = tlog::stored_hashes(n, bytes, self).map_err(|e| StoreError::Corrupt {
            position: n + 1,
            reason: format!("the Merkle tree's right edge is incomplete ({e})"),
        })?;
        // The edge's subtrees this leaf is joined with (one per trailing one
        // bit of `n`) leave the edge; the subtree they make (the last hash)
        // joins it.
        for level in 0..hashes.len() as u8 - 1 {
            self.nodes
                .remove(&tlog::stored_hash_index(level, (n >> level) - 1));
        }
        let first = tlog::stored_hash_index(0, n);
        let last = first + hashes.len() as u64 - 1;
        if let Some(&top) = hashes.last() {
            self.nodes.insert(last, top);
        }
        self.size = n + 1;
        Ok(NewHashes { first, hashes })
    }
}

/// The stored-hash indexes of the edge of a tree of `size` leaves.
fn edge_indexes(size: u64) -> Vec<u64> {
    (0..64u8)
        .rev()
        .filter(|&level| size >> level & 1 == 1)
        .map(|level| tlog::stored_hash_index(level, (size >> level) - 1))
        .collect()
}

/// The stored hashes in sled, for `tlog_tiles`' proofs and tiles. Why a read
/// failed is kept, since `tlog_tiles` has no room for it in its error.
pub(crate) struct StoredHashes<'a> {
    db: &'a sled::Db,
    failure: RefCell<Option<StoreError>>,
}

impl<'a> StoredHashes<'a> {
    pub fn new(db: &'a sled::Db) -> Self {
        StoredHashes {
            db,
            failure: RefCell::new(None),
        }
    }

    pub fn read(&self, indexes: &[u64]) -> Result<Vec<tlog::Hash>, StoreError> {
        indexes.iter().map(|&index| self.read_one(index)).collect()
    }

    fn read_one(&self, index: u64) -> Result<tlog::Hash, StoreError> {
        let value = self.db.get(keys::tree_key(index)).or_store_error()?;
        match value.as_deref().map(<[u8; 32]>::try_from) {
            Some(Ok(bytes)) => Ok(tlog::Hash(bytes)),
            _ => Err(StoreError::Corrupt {
                position: position_of_stored_index(index),
                reason: format!("its node {index} of the Merkle tree is missing or malformed"),
            }),
        }
    }

    /// The answer of a `tlog_tiles` call made with this reader, its error in
    /// our words: the read failure if one was met, else what `tlog_tiles`
    /// refused (the callers check every input first, so that is a bug).
    pub fn answer<T>(&self, answer: Result<T, tlog::Error>) -> Result<T, StoreError> {
        answer.map_err(|error| {
            self.failure
                .borrow_mut()
                .take()
                .unwrap_or_else(|| StoreError::Corrupt {
                    position: 0,
                    reason: format!("the Merkle tree could not be read: {error}"),
                })
        })
    }
}

impl HashReader for StoredHashes<'_> {
    fn read_hashes(&self, indexes: &[u64]) -> Result<Vec<tlog::Hash>, tlog::Error> {
        self.read(indexes).map_err(|error| {
            *self.failure.borrow_mut() = Some(error);
            tlog::Error::IndexesNotInTree
        })
    }
}

/// The `H` keys of a tree larger than `size` leaves: what a refused
/// write may have left past the durable head.
pub(crate) fn keys_past(
    db: &sled::Db,
    size: u64,
) -> impl Iterator<Item = sled::Result<sled::IVec>> {
    db.range(keys::tree_key(tlog::stored_hash_count(size))..=keys::tree_key(u64::MAX))
        .keys()
}

/// The position whose event wrote the stored hash at `index`.
fn position_of_stored_index(index: u64) -> u64 {
    let (level, n) = tlog::split_stored_hash_index(index);
    (n + 1).checked_shl(level.into()).unwrap_or(u64::MAX)
}

/// Makes sled hold the tree of the whole log up to `head`, building what is
/// missing (a data directory from before the tree, or a build that was
/// stopped) from the records, in batches that are each made durable. Returns
/// the edge the writer starts from.
pub(crate) fn build_missing(engine: &Engine, head: u64) -> Result<TreeEdge, StoreError> {
    let db = &engine.db;
    let built = built_size(db, head)?;
    let mut edge = TreeEdge::load(db, built)?;
    if built == head {
        return Ok(edge);
    }
    let started = Instant::now();
    let tell = head - built >= BUILD_TELLS;
    if tell {
        tracing::info!(
            "building the log's Merkle tree for positions {} to {head}, once; this takes a while",
            built + 1
        );
    }
    let mut from = built + 1;
    while from <= head {
        let to = head.min(from + BUILD_BATCH - 1);
        let mut batch = sled::Batch::default();
        for entry in db.range(keys::log_key(from)..=keys::log_key(to)) {
            let (key, value) = entry.or_store_error()?;
            let position = keys::position_of_log_key(&key).unwrap_or_default();
            if position != edge.size() + 1 {
                return Err(StoreError::Corrupt {
                    position: edge.size() + 1,
                    reason: "it is missing, so the Merkle tree cannot be built past it".into(),
                });
            }
            for (key, hash) in edge.push(split_log_value(&value).1)?.keyed() {
                batch.insert(&key[..], &hash[..]);
            }
        }
        if edge.size() != to {
            return Err(StoreError::Corrupt {
                position: edge.size() + 1,
                reason: "it is missing, so the Merkle tree cannot be built past it".into(),
            });
        }
        db.apply_batch(batch).or_store_error()?;
        engine.make_durable()?;
        from = to + 1;
    }
    if tell {
        tracing::info!(
            "built the Merkle tree of {head} events in {:.1} s",
            started.elapsed().as_secs_f64()
        );
    }
    Ok(edge)
}

/// How many leaves of the tree sled holds, at most `head`: the stored hashes
/// are written a whole record at a time and in order, so the records whose
/// last stored hash is there are a prefix of the log.
fn built_size(db: &sled::Db, head: u64) -> Result<u64, StoreError> {
    let complete = |size: u64| -> Result<bool, StoreError> {
        Ok(size == 0
            || db
                .contains_key(keys::tree_key(tlog::stored_hash_count(size) - 1))
                .or_store_error()?)
    };
    // The largest size in [0, head] that is complete.
    let (mut lo, mut hi) = (0, head);
    while lo < hi {
        let mid = lo + (hi - lo).div_ceil(2);
        if complete(mid)? {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    Ok(lo)
}
