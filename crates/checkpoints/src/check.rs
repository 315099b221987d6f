//! The offline checks of `trygglogg proof verify`: a proof (the JSON the
//! server's `/api/v1/audit/proof/…` routes give) or an export against
//! signed checkpoints. Every part is checked: the sizes the proof names
//! against the checkpoints', the position, the leaf, the number of proof
//! nodes, and every node through `tlog_tiles` (Go's `sumdb/tlog`, ported).

use std::io::BufRead;

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use tlog_tiles::Hash;

use crate::export::export_records;
use crate::memory_tree::{leaf_hash, MemoryTree};
use crate::note::SignedCheckpoint;

/// `GET /api/v1/audit/proof/inclusion`: the record at `position` (1-based)
/// is in the tree of `tree_size` records. Hashes in hex.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct InclusionProof {
    pub position: u64,
    pub tree_size: u64,
    pub leaf_hash: String,
    pub proof: Vec<String>,
    /// The stored record itself, for an auditor to hash.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub record: Option<Box<RawValue>>,
}

/// `GET /api/v1/audit/proof/consistency`: the tree of `to` records extends
/// the one of `from`. Hashes in hex.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ConsistencyProof {
    pub from: u64,
    pub to: u64,
    pub proof: Vec<String>,
}

/// Why a check failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CheckError {
    /// The input cannot be checked (not hex, not an export line, …).
    #[error("{0}")]
    Unusable(String),
    /// It was checked, and does not hold: the message names what failed.
    #[error("{0}")]
    Mismatch(String),
}

fn mismatch(text: String) -> CheckError {
    CheckError::Mismatch(text)
}

/// Checks that the record `proof.position` is in the tree `checkpoint`
/// signs. `leaf_record`, when given, is the record as the checker has it
/// (from an export); the proof's own `record`, when it has one, is checked
/// as well.
pub fn check_inclusion(
    checkpoint: &SignedCheckpoint,
    proof: &InclusionProof,
    leaf_record: Option<&[u8]>,
) -> Result<(), CheckError> {
    let size = checkpoint.tree_size();
    if proof.tree_size != size {
        return Err(mismatch(format!(
            "the proof is for a tree of {} records, the checkpoint's has {size}",
            proof.tree_size
        )));
    }
    if proof.position == 0 || proof.position > size {
        return Err(mismatch(format!(
            "position {} is not in a tree of {size} records (positions run from 1)",
            proof.position
        )));
    }
    let leaf = parse_hash("leaf_hash", &proof.leaf_hash)?;
    let nodes = parse_nodes(&proof.proof)?;
    let own = proof.record.as_ref().map(|record| record_bytes(record));
    for (record, whose) in [
        (own.as_deref(), "the proof's record"),
        (leaf_record, "the export's record"),
    ] {
        if let Some(record) = record {
            let hashed = leaf_hash(record);
            if hashed != leaf {
                return Err(mismatch(format!(
                    "leaf: {whose} at position {} hashes to {}, the proof's leaf_hash is {}",
                    proof.position,
                    hex::encode(hashed),
                    proof.leaf_hash
                )));
            }
        }
    }
    let index = proof.position - 1;
    let expected = inclusion_len(0, size, index);
    if nodes.len() != expected {
        return Err(mismatch(format!(
            "the proof has {} nodes; one for position {} in a tree of {size} records has {expected}",
            nodes.len(),
            proof.position
        )));
    }
    tlog_tiles::check_record(&nodes, size, Hash(checkpoint.root()), index, Hash(leaf)).map_err(
        |_| {
            mismatch(format!(
                "the proof does not lead from the leaf at position {} to the checkpoint's root {}: a proof node or the leaf hash is not the log's",
                proof.position,
                checkpoint.root_hex()
            ))
        },
    )
}

/// Checks that `later` extends `earlier`: the log of `earlier` is a prefix
/// of the log of `later`.
pub fn check_consistency(
    earlier: &SignedCheckpoint,
    later: &SignedCheckpoint,
    proof: &ConsistencyProof,
) -> Result<(), CheckError> {
    let (from, to) = (earlier.tree_size(), later.tree_size());
    if earlier.origin() != later.origin() {
        return Err(mismatch(format!(
            "the checkpoints are of two logs, {} and {}",
            earlier.origin(),
            later.origin()
        )));
    }
    if proof.from != from || proof.to != to {
        return Err(mismatch(format!(
            "the proof is from {} to {} records, the checkpoints are of {from} and {to}",
            proof.from, proof.to
        )));
    }
    if from > to {
        return Err(mismatch(format!(
            "the earlier checkpoint ({from} records) is larger than the later ({to})"
        )));
    }
    let nodes = parse_nodes(&proof.proof)?;
    let expected = if from == 0 || from == to {
        0
    } else {
        consistency_len(0, to, from)
    };
    if nodes.len() != expected {
        return Err(mismatch(format!(
            "the proof has {} nodes; one from {from} to {to} records has {expected}",
            nodes.len()
        )));
    }
    if from == 0 {
        return if earlier.root() == tlog_tiles::EMPTY_HASH.0 {
            Ok(())
        } else {
            Err(root_differs(0, "the empty tree's", earlier.root()))
        };
    }
    if from == to {
        return if earlier.root() == later.root() {
            Ok(())
        } else {
            Err(mismatch(format!(
                "root differs at size {to}: the two checkpoints sign {} and {} (the log was forked)",
                earlier.root_hex(),
                later.root_hex()
            )))
        };
    }
    tlog_tiles::check_tree(&nodes, to, Hash(later.root()), from, Hash(earlier.root())).map_err(
        |_| {
            mismatch(format!(
                "the proof does not lead from the earlier root {} ({from} records) to the later root {} ({to}): a proof node is not the log's, or the log was rewritten",
                earlier.root_hex(),
                later.root_hex()
            ))
        },
    )
}

/// What an export holds, against a checkpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportMatch {
    /// Records in the export (at least the checkpoint's tree size).
    pub records: u64,
}

/// Checks that the first `tree_size` records of `export` give the
/// checkpoint's root (and that it has that many). Returns the records of
/// the export, in a tree, for a proof to be checked against.
pub fn check_export(
    checkpoint: &SignedCheckpoint,
    export: impl BufRead,
) -> Result<(ExportMatch, ExportTree), CheckError> {
    let size = checkpoint.tree_size();
    let mut tree = MemoryTree::new();
    let mut records = Vec::new();
    let mut count = 0;
    for record in export_records(export) {
        let record = record?;
        count += 1;
        if tree.size() < size {
            tree.push(&record);
            records.push(record);
        }
    }
    if count < size {
        return Err(mismatch(format!(
            "the export holds {count} records, fewer than the checkpoint's {size}"
        )));
    }
    let root = tree.root(size);
    if root != checkpoint.root() {
        return Err(
            root_differs(size, &format!("the export's first {size} records'"), root)
                .with_checkpoint(checkpoint),
        );
    }
    Ok((ExportMatch { records: count }, ExportTree { tree, records }))
}

/// The part of an export a checkpoint covers, as a tree.
#[derive(Debug, Clone)]
pub struct ExportTree {
    pub tree: MemoryTree,
    records: Vec<Vec<u8>>,
}

impl ExportTree {
    /// The stored bytes of the record at `position` (1-based).
    pub fn record(&self, position: u64) -> Option<&[u8]> {
        let index = usize::try_from(position.checked_sub(1)?).ok()?;
        self.records.get(index).map(Vec::as_slice)
    }

    /// Names the first node of `proof` that is not the export's own.
    pub fn first_differing_node(&self, proof: &InclusionProof) -> Option<usize> {
        if proof.position == 0
            || proof.position > proof.tree_size
            || proof.tree_size > self.tree.size()
        {
            return None;
        }
        let own = self.tree.inclusion_proof(proof.position, proof.tree_size);
        proof
            .proof
            .iter()
            .zip(own.iter())
            .position(|(theirs, ours)| !theirs.eq_ignore_ascii_case(&hex::encode(ours)))
    }
}

fn root_differs(size: u64, whose: &str, root: [u8; 32]) -> CheckError {
    mismatch(format!(
        "root differs at size {size}: {whose} root is {}",
        hex::encode(root)
    ))
}

impl CheckError {
    fn with_checkpoint(self, checkpoint: &SignedCheckpoint) -> CheckError {
        match self {
            CheckError::Mismatch(text) => CheckError::Mismatch(format!(
                "{text}, the checkpoint's {}",
                checkpoint.root_hex()
            )),
            other => other,
        }
    }
}

/// The bytes a proof's `record` stands for: the stored record itself (a
/// JSON object, as the log stores it), or the stored bytes as a JSON string.
fn record_bytes(record: &RawValue) -> Vec<u8> {
    match serde_json::from_str::<String>(record.get()) {
        Ok(text) => text.into_bytes(),
        Err(_) => record.get().as_bytes().to_vec(),
    }
}

fn parse_hash(field: &str, text: &str) -> Result<[u8; 32], CheckError> {
    let mut hash = [0; 32];
    hex::decode_to_slice(text, &mut hash).map_err(|_| {
        CheckError::Unusable(format!(
            "{field} is not a hash; give 64 hex digits, got {:?}",
            text.chars().take(80).collect::<String>()
        ))
    })?;
    Ok(hash)
}

fn parse_nodes(nodes: &[String]) -> Result<Vec<Hash>, CheckError> {
    nodes
        .iter()
        .enumerate()
        .map(|(k, node)| parse_hash(&format!("proof[{k}]"), node).map(Hash))
        .collect()
}

/// The number of nodes in the proof of leaf `index` in the tree of leaves
/// `[lo, hi)`, as RFC 9162 §2.1.3.1 (and tlog) build it.
fn inclusion_len(lo: u64, hi: u64, index: u64) -> usize {
    if hi - lo <= 1 {
        return 0;
    }
    let k = split(hi - lo);
    if index < lo + k {
        1 + inclusion_len(lo, lo + k, index)
    } else {
        1 + inclusion_len(lo + k, hi, index)
    }
}

/// The number of nodes in the proof that the tree of leaves `[lo, hi)`
/// extends its first `n` leaves (RFC 9162 §2.1.4.1).
fn consistency_len(lo: u64, hi: u64, n: u64) -> usize {
    if n == hi {
        return usize::from(lo != 0);
    }
    let k = split(hi - lo);
    if n <= lo + k {
        1 + consistency_len(lo, lo + k, n)
    } else {
        1 + consistency_len(lo + k, hi, n)
    }
}

/// The largest power of two smaller than `n` (n > 1).
fn split(n: u64) -> u64 {
    1 << (n - 1).ilog2()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn proof_lengths_are_those_tlog_makes() {
        let mut tree = MemoryTree::new();
        for i in 0..40u32 {
            tree.push(&i.to_be_bytes());
        }
        for size in 1..=40 {
            for position in 1..=size {
                assert_eq!(
                    tree.inclusion_proof(position, size).len(),
                    inclusion_len(0, size, position - 1),
                    "inclusion {position} of {size}"
                );
            }
            for from in 1..size {
                assert_eq!(
                    tree.consistency_proof(from, size).len(),
                    consistency_len(0, size, from),
                    "consistency {from} to {size}"
                );
            }
        }
    }
}
