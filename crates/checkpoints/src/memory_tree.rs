//! An RFC 9162 Merkle tree held in memory, built with `tlog_tiles` (Go's
//! `sumdb/tlog`, ported): what `proof verify --export` rebuilds from an
//! export to compare with a checkpoint, and what the tests prove with.
//! The server's own tree is the store's.

use tlog_tiles::{Hash, HashReader};

/// Every stored hash of the tree (Crosby–Wallach order, as tlog keeps them).
#[derive(Debug, Default, Clone)]
pub struct MemoryTree {
    hashes: Vec<Hash>,
    size: u64,
}

impl MemoryTree {
    pub fn new() -> MemoryTree {
        MemoryTree::default()
    }

    /// Adds the next record, the log's stored bytes (the leaf is
    /// SHA-256(0x00 ‖ bytes)).
    pub fn push(&mut self, record: &[u8]) {
        let new = tlog_tiles::stored_hashes(self.size, record, self)
            .expect("the hashes of a smaller tree are all in memory");
        self.hashes.extend(new);
        self.size += 1;
    }

    pub fn size(&self) -> u64 {
        self.size
    }

    /// The root of the tree of the first `size` records (`size` at most
    /// the tree's).
    pub fn root(&self, size: u64) -> [u8; 32] {
        assert!(size <= self.size, "a root beyond the tree");
        tlog_tiles::tree_hash(size, self)
            .expect("the hashes are all in memory")
            .0
    }

    /// The proof that the record at `position` (1-based, as the log counts)
    /// is in the tree of `tree_size` records.
    pub fn inclusion_proof(&self, position: u64, tree_size: u64) -> Vec<[u8; 32]> {
        assert!((1..=tree_size).contains(&position) && tree_size <= self.size);
        tlog_tiles::prove_record(tree_size, position - 1, self)
            .expect("the hashes are all in memory")
            .into_iter()
            .map(|hash| hash.0)
            .collect()
    }

    /// The proof that the tree of `to` records extends the one of `from`.
    pub fn consistency_proof(&self, from: u64, to: u64) -> Vec<[u8; 32]> {
        assert!(1 <= from && from <= to && to <= self.size);
        tlog_tiles::prove_tree(to, from, self)
            .expect("the hashes are all in memory")
            .into_iter()
            .map(|hash| hash.0)
            .collect()
    }
}

impl HashReader for MemoryTree {
    fn read_hashes(&self, indexes: &[u64]) -> Result<Vec<Hash>, tlog_tiles::Error> {
        indexes
            .iter()
            .map(|&index| {
                usize::try_from(index)
                    .ok()
                    .and_then(|index| self.hashes.get(index).copied())
                    .ok_or(tlog_tiles::Error::IndexesNotInTree)
            })
            .collect()
    }
}

/// The leaf hash of a record: SHA-256(0x00 ‖ bytes).
pub fn leaf_hash(record: &[u8]) -> [u8; 32] {
    tlog_tiles::record_hash(record).0
}
