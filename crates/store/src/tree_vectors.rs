//! The tree against published vectors. RFC 9162 has none in its text, so
//! these are transparency-dev/merkle's (commit 417fb0c):
//! `testonly/constants.go` (`LeafInputs`, `RootHashes`) and
//! `cmd/proofgen/main.go` (`inclusionProofs`, `consistencyProofs`, whose leaf
//! indexes count from 1, as positions do). The leaves go through the
//! writer's edge into sled, and the roots and proofs come out by the code the
//! store's reads use.

use super::{consistency, inclusion, root};
use crate::keys;
use crate::tree::TreeEdge;
use crate::{Hash, StoreError};

const LEAF_INPUTS: [&str; 8] = [
    "",
    "00",
    "10",
    "2021",
    "3031",
    "40414243",
    "5051525354555657",
    "606162636465666768696a6b6c6d6e6f",
];

/// `RootHashes()`: the roots of the trees of 0 to 8 of the leaves.
const ROOTS: [&str; 9] = [
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
];

/// `inclusionProofs`: (leaf from 1, tree size, proof).
const INCLUSION: [(u64, u64, &[&str]); 5] = [
    (1, 1, &[]),
    (
        1,
        8,
        &[
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ],
    ),
    (
        6,
        8,
        &[
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
    (
        3,
        3,
        &["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"],
    ),
    (
        2,
        5,
        &[
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        ],
    ),
];

/// `consistencyProofs`: (earlier size, later size, proof).
const CONSISTENCY: [(u64, u64, &[&str]); 5] = [
    (1, 1, &[]),
    (
        1,
        8,
        &[
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ],
    ),
    (
        6,
        8,
        &[
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
    (
        2,
        5,
        &[
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        ],
    ),
    (
        6,
        7,
        &[
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
];

fn hashes(hex: &[&str]) -> Vec<Hash> {
    hex.iter()
        .map(|h| Hash::try_from(h.to_string()).unwrap())
        .collect()
}

/// A sled holding the tree of the published leaves, written as the writer
/// writes it.
fn tree_of_the_leaves() -> sled::Db {
    let db = sled::Config::new().temporary(true).open().unwrap();
    let mut edge = TreeEdge::default();
    for leaf in LEAF_INPUTS {
        for (key, hash) in edge.push(&hex::decode(leaf).unwrap()).unwrap().keyed() {
            db.insert(key, &hash[..]).unwrap();
        }
    }
    db
}

#[test]
fn roots_are_the_published_ones_for_every_size() {
    let db = tree_of_the_leaves();
    for (size, expected) in ROOTS.iter().enumerate() {
        assert_eq!(
            root(&db, size as u64).unwrap(),
            hashes(&[expected])[0],
            "size {size}"
        );
    }
    // The leaf hash is RFC 9162's: `RootHashes()[1]` is the hash of the
    // single, empty leaf.
    assert_eq!(Hash::leaf(b""), hashes(&[ROOTS[1]])[0]);
}

#[test]
fn inclusion_proofs_are_the_published_ones() {
    let db = tree_of_the_leaves();
    for (position, size, proof) in INCLUSION {
        assert_eq!(
            inclusion(&db, position, size).unwrap(),
            hashes(proof),
            "leaf {position} in {size}"
        );
    }
}

#[test]
fn consistency_proofs_are_the_published_ones() {
    let db = tree_of_the_leaves();
    for (from, to, proof) in CONSISTENCY {
        assert_eq!(
            consistency(&db, from, to).unwrap(),
            hashes(proof),
            "{from} to {to}"
        );
    }
}

/// A stored hash that is gone is named, not a panic of `tlog_tiles`.
#[test]
fn a_missing_stored_hash_is_an_error_naming_its_position() {
    let db = tree_of_the_leaves();
    // The third leaf (position 3) is read for the root of 3.
    db.remove(keys::tree_key(tlog_tiles::stored_hash_index(0, 2)))
        .unwrap();
    match root(&db, 3) {
        Err(StoreError::Corrupt { position, reason }) => {
            assert_eq!(position, 3);
            assert!(reason.contains("Merkle tree"), "{reason}");
        }
        other => panic!("{other:?}"),
    }
}
