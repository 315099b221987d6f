//! Reading the Merkle tree (`tree.rs`): roots, inclusion and consistency
//! proofs, and the C2SP tlog-tiles (hash tiles and entry bundles), for any
//! tree size up to the durable head.
//!
//! Every input is checked here first: `tlog_tiles` asserts on inputs it does
//! not expect, and no input may make the store panic.

use tlog_tiles::{self as tlog, Tile};

use crate::log_value::split_log_value;
use crate::tree::{from_tlog, StoredHashes};
use crate::{Hash, Store, StoreError};

/// Levels of the tree per tile (C2SP tlog-tiles: always 8).
pub const TILE_HEIGHT: u8 = 8;

/// Hashes (or entries) in a full tile: 2^[`TILE_HEIGHT`].
pub const TILE_WIDTH: u32 = 1 << TILE_HEIGHT;

/// Tile levels that can hold a node of a tree of at most 2^64 leaves.
pub const TILE_LEVELS: u8 = 64 / TILE_HEIGHT;

impl Store {
    /// The Merkle tree hash (RFC 9162 §2.1.1) of the first `size` events:
    /// the root a checkpoint of that size signs. The empty tree's is the
    /// SHA-256 of the empty string.
    pub fn tree_root(&self, size: u64) -> Result<Hash, StoreError> {
        self.within_head(size)?;
        self.inner_db().read(|db| root(db, size))
    }

    /// The proof that the event at `position` is in the tree of `tree_size`
    /// events (RFC 9162 §2.1.3): the sibling hashes from the leaf up.
    pub fn inclusion_proof(&self, position: u64, tree_size: u64) -> Result<Vec<Hash>, StoreError> {
        self.within_head(tree_size)?;
        self.inner_db()
            .read(|db| inclusion(db, position, tree_size))
    }

    /// The proof that the tree of `to` events holds the tree of `from` events
    /// as its beginning (RFC 9162 §2.1.4). Empty when `from == to`.
    pub fn consistency_proof(&self, from: u64, to: u64) -> Result<Vec<Hash>, StoreError> {
        self.within_head(to)?;
        self.inner_db().read(|db| consistency(db, from, to))
    }

    /// The C2SP tlog-tiles hash tile `tile/<level>/<index>[.p/<width>]`: the
    /// `width` hashes of tree level `8 × level` from number `256 × index` on,
    /// 32 bytes each. A tile exists once the log holds all of its hashes.
    pub fn hash_tile(&self, level: u8, index: u64, width: u32) -> Result<Vec<u8>, StoreError> {
        check_width(width)?;
        if level >= TILE_LEVELS {
            return Err(StoreError::OutOfRange {
                name: "level",
                value: level.into(),
                accepted: format!("a tile level from 0 to {}", TILE_LEVELS - 1),
            });
        }
        let head = self.head().position;
        let nodes = head >> (TILE_HEIGHT * level);
        tile_within(index, width, nodes, || {
            format!("level {level} of the tree holds {nodes} hashes")
        })?;
        let tile = Tile::new(TILE_HEIGHT, level, index, width, false);
        self.inner_db().read(|db| {
            let hashes = StoredHashes::new(db);
            hashes.answer(tile.read_data(&hashes))
        })
    }

    /// The C2SP tlog-tiles entry bundle `tile/entries/<index>[.p/<width>]`:
    /// the stored records of positions `256 × index + 1` on, `width` of them,
    /// each as a big-endian u16 length then the record bytes.
    pub fn entry_bundle(&self, index: u64, width: u32) -> Result<Vec<u8>, StoreError> {
        check_width(width)?;
        let head = self.head().position;
        tile_within(index, width, head, || {
            format!("the log holds {head} events")
        })?;
        let first = index * u64::from(TILE_WIDTH) + 1;
        let last = first + u64::from(width) - 1;
        let mut bundle = Vec::new();
        let mut expected = first;
        for entry in self.stored_entries_between(first, last) {
            let (position, value) = entry?;
            let record = split_log_value(&value).1;
            let length = u16::try_from(record.len())
                .ok()
                .filter(|_| position == expected);
            let Some(length) = length else {
                return Err(StoreError::Corrupt {
                    position: expected,
                    reason: "it is missing or too long for an entry bundle".into(),
                });
            };
            bundle.extend_from_slice(&length.to_be_bytes());
            bundle.extend_from_slice(record);
            expected += 1;
        }
        if expected != last + 1 {
            return Err(StoreError::Corrupt {
                position: expected,
                reason: "it is missing".into(),
            });
        }
        Ok(bundle)
    }

    /// The stored record bytes of the event at `position`: the tree's leaf
    /// (hash it with [`Hash::leaf`]) and the bytes the chain hashes.
    pub fn stored_record(&self, position: u64) -> Result<Vec<u8>, StoreError> {
        let head = self.head().position;
        if position == 0 || position > head {
            return Err(StoreError::OutOfRange {
                name: "position",
                value: position,
                accepted: format!("a position from 1 to the head, {head}"),
            });
        }
        match self.stored_entries_between(position, position).next() {
            Some(Ok((at, value))) if at == position => Ok(split_log_value(&value).1.to_vec()),
            Some(Err(error)) => Err(error),
            _ => Err(StoreError::Corrupt {
                position,
                reason: "it is missing".into(),
            }),
        }
    }

    fn within_head(&self, size: u64) -> Result<(), StoreError> {
        let head = self.head().position;
        if size > head {
            return Err(StoreError::BeyondHead { size, head });
        }
        Ok(())
    }
}

/// The root of the tree of `size` leaves whose stored hashes `db` holds.
pub(crate) fn root(db: &sled::Db, size: u64) -> Result<Hash, StoreError> {
    let hashes = StoredHashes::new(db);
    hashes.answer(tlog::tree_hash(size, &hashes)).map(from_tlog)
}

/// The inclusion proof of the leaf of `position` (from 1) in the tree of
/// `tree_size` leaves.
pub(crate) fn inclusion(
    db: &sled::Db,
    position: u64,
    tree_size: u64,
) -> Result<Vec<Hash>, StoreError> {
    if position == 0 || position > tree_size {
        return Err(StoreError::OutOfRange {
            name: "position",
            value: position,
            accepted: format!("a position from 1 to the tree size, {tree_size}"),
        });
    }
    let hashes = StoredHashes::new(db);
    let proof = tlog::prove_record(tree_size, position - 1, &hashes);
    Ok(hashes.answer(proof)?.into_iter().map(from_tlog).collect())
}

/// The consistency proof from the tree of `from` leaves to that of `to`.
pub(crate) fn consistency(db: &sled::Db, from: u64, to: u64) -> Result<Vec<Hash>, StoreError> {
    if from == 0 || from > to {
        return Err(StoreError::OutOfRange {
            name: "from",
            value: from,
            accepted: format!("a tree size from 1 to the later size, {to}"),
        });
    }
    let hashes = StoredHashes::new(db);
    let proof = tlog::prove_tree(to, from, &hashes);
    Ok(hashes.answer(proof)?.into_iter().map(from_tlog).collect())
}

fn check_width(width: u32) -> Result<(), StoreError> {
    if width == 0 || width > TILE_WIDTH {
        return Err(StoreError::OutOfRange {
            name: "width",
            value: width.into(),
            accepted: format!("a tile width from 1 to {TILE_WIDTH}"),
        });
    }
    Ok(())
}

/// Refuses a tile whose last element is not among the `available` ones.
fn tile_within(
    index: u64,
    width: u32,
    available: u64,
    held: impl FnOnce() -> String,
) -> Result<(), StoreError> {
    let end = index
        .checked_mul(TILE_WIDTH.into())
        .and_then(|start| start.checked_add(width.into()));
    match end {
        Some(end) if end <= available => Ok(()),
        _ => Err(StoreError::OutOfRange {
            name: "index",
            value: index,
            accepted: format!("a tile all of whose {width} entries exist: {}", held()),
        }),
    }
}

#[cfg(test)]
#[path = "tree_vectors.rs"]
mod vectors;
