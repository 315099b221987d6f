//! The Merkle tree over the log: its roots are RFC 9162's over the stored
//! records, its proofs check with `tlog_tiles` (Go sumdb's checker) and
//! tampered ones do not, it is rebuilt for a log that has none, `verify`
//! checks it, a restore ends with it, its tiles are C2SP's, and no input
//! makes it panic. (The published vectors are in `src/tree_vectors.rs`: the
//! store's records cannot be chosen to be their leaves.)

use proptest::prelude::*;
use sha2::{Digest, Sha256};
use tlog_tiles as tlog;
use trygglogg_store::{ExpectedVersion, Hash, Store, StoreError, Verification};

use crate::helpers::{event, open_temp, stream, with_raw_sled};

/// A store holding `n` events, appended in requests of 1 to 7 events to
/// three streams, so that groups and streams vary.
async fn store_with(n: u64) -> (tempfile::TempDir, Store) {
    let (dir, store) = open_temp();
    let mut appended = 0;
    while appended < n {
        let count = (appended % 7 + 1).min(n - appended);
        let events = (appended..appended + count).map(event).collect();
        let s = stream(&format!("{}", appended % 3));
        store.append(s, ExpectedVersion::Any, events).await.unwrap();
        appended += count;
    }
    (dir, store)
}

fn records(store: &Store) -> Vec<Vec<u8>> {
    (1..=store.head().position)
        .map(|position| store.stored_record(position).unwrap())
        .collect()
}

fn sha256(parts: &[&[u8]]) -> [u8; 32] {
    let mut hasher = Sha256::new();
    for part in parts {
        hasher.update(part);
    }
    hasher.finalize().into()
}

/// RFC 9162 §2.1.1's MTH, written out from its definition, to hold the
/// store's roots against.
fn mth(leaves: &[Vec<u8>]) -> Hash {
    let bytes = match leaves {
        [] => sha256(&[]),
        [leaf] => sha256(&[&[0], leaf]),
        _ => {
            // The largest power of two smaller than the number of leaves.
            let k = 1 << (usize::BITS - 1 - (leaves.len() - 1).leading_zeros());
            let (left, right) = (mth(&leaves[..k]), mth(&leaves[k..]));
            sha256(&[&[1], left.as_bytes(), right.as_bytes()])
        }
    };
    Hash::from_bytes(bytes)
}

fn tlog_hash(hash: Hash) -> tlog::Hash {
    tlog::Hash(*hash.as_bytes())
}

fn tlog_proof(proof: Vec<Hash>) -> Vec<tlog::Hash> {
    proof.into_iter().map(tlog_hash).collect()
}

fn roots(store: &Store, sizes: &[u64]) -> Vec<Hash> {
    sizes.iter().map(|&s| store.tree_root(s).unwrap()).collect()
}

#[tokio::test]
async fn roots_are_rfc_9162_hashes_of_the_stored_records() {
    let (_dir, store) = store_with(37).await;
    let records = records(&store);
    for size in 0..=37 {
        assert_eq!(
            store.tree_root(size).unwrap(),
            mth(&records[..size as usize]),
            "size {size}"
        );
    }
    // A leaf is the bytes the chain hashes, not hash and record.
    let first = store
        .read_all(1, trygglogg_store::Direction::Forward, 1)
        .unwrap();
    assert_eq!(Hash::chain(&Hash::GENESIS, &records[0]), first[0].hash);
    assert_eq!(Hash::leaf(&records[0]), mth(&records[..1]));
    assert_eq!(
        store.tree_root(0).unwrap().to_hex(),
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    );
}

/// Every proof of a log checks against the roots; changed, it does not.
fn check_every_proof(store: &Store) -> Result<(), TestCaseError> {
    let n = store.head().position;
    let records = records(store);
    let root = |size: u64| tlog_hash(store.tree_root(size).unwrap());
    for size in 1..=n {
        for position in 1..=size {
            let leaf = tlog_hash(Hash::leaf(&records[position as usize - 1]));
            let proof = tlog_proof(store.inclusion_proof(position, size).unwrap());
            let check = |proof: &Vec<tlog::Hash>, size: u64, leaf: tlog::Hash| {
                tlog::check_record(proof, size, root(size), position - 1, leaf).is_ok()
            };
            prop_assert!(check(&proof, size, leaf), "{position} in {size}");
            for i in 0..proof.len() {
                let mut changed = proof.clone();
                changed[i].0[i % 32] ^= 1;
                prop_assert!(!check(&changed, size, leaf), "node {i} changed");
            }
            let other = records[(position as usize) % records.len()].as_slice();
            if n > 1 {
                prop_assert!(!check(&proof, size, tlog_hash(Hash::leaf(other))));
            }
            let wrong_size = if size < n { size + 1 } else { size - 1 };
            if wrong_size >= position {
                prop_assert!(!check(&proof, wrong_size, leaf), "as of {wrong_size}");
            }
        }
        for from in 1..=size {
            let proof = tlog_proof(store.consistency_proof(from, size).unwrap());
            let check = |proof: &Vec<tlog::Hash>, from: u64, to: u64| {
                tlog::check_tree(proof, to, root(to), from, root(from)).is_ok()
            };
            prop_assert!(check(&proof, from, size), "{from} to {size}");
            for i in 0..proof.len() {
                let mut changed = proof.clone();
                changed[i].0[31 - i % 32] ^= 0x80;
                prop_assert!(!check(&changed, from, size), "node {i} changed");
            }
            if from < size {
                prop_assert!(!check(&proof, from + 1, size), "from {}", from + 1);
                prop_assert!(!check(&proof, from, size - 1), "to {}", size - 1);
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    #[test]
    fn every_proof_checks_and_no_changed_one_does(n in 1u64..40) {
        let runtime = tokio::runtime::Runtime::new().unwrap();
        let (_dir, store) = runtime.block_on(store_with(n));
        check_every_proof(&store)?;
    }
}

const SIZES: [u64; 7] = [1, 2, 100, 255, 256, 257, 300];

fn tree_key(index: u64) -> Vec<u8> {
    let mut key = vec![b'H'];
    key.extend_from_slice(&index.to_be_bytes());
    key
}

/// A data directory from before the tree (or whose build was stopped) gets
/// it on opening, with the same roots, and goes on from there.
#[tokio::test]
async fn a_log_without_its_tree_gets_it_on_opening() {
    for kept_leaves in [0, 100, 299] {
        let (dir, store) = store_with(300).await;
        let before = roots(&store, &SIZES);
        drop(store);
        with_raw_sled(dir.path(), |db| {
            let from = tree_key(tlog::stored_hash_count(kept_leaves));
            let stored: Vec<_> = db.range(from..tree_key(u64::MAX)).keys().collect();
            assert!(!stored.is_empty());
            for key in stored {
                db.remove(key.unwrap()).unwrap();
            }
        });
        let store = Store::open(dir.path()).unwrap();
        assert_eq!(roots(&store, &SIZES), before, "kept {kept_leaves}");
        assert!(matches!(
            store.verify(|_| {}).unwrap(),
            Verification::Intact { .. }
        ));
        store
            .append(stream("next"), ExpectedVersion::Any, vec![event(300)])
            .await
            .unwrap();
        assert_eq!(store.tree_root(301).unwrap(), mth(&records(&store)));
    }
}

/// One stored hash altered or removed behind the store's back: `verify`
/// names the position whose event wrote it, and what became of it.
#[tokio::test]
async fn verify_names_the_position_of_an_altered_tree_node() {
    // (level, number) of the node, the position that wrote it, and whether
    // it is removed rather than altered.
    let cases = [
        ((0, 6), 7, false),
        ((1, 3), 8, false),
        ((3, 0), 8, false),
        ((0, 19), 20, false),
        ((0, 6), 7, true),
        ((2, 1), 8, true),
    ];
    for ((level, number), position, removed) in cases {
        let (dir, store) = store_with(20).await;
        drop(store);
        with_raw_sled(dir.path(), |db| {
            let key = tree_key(tlog::stored_hash_index(level, number));
            let mut value = db.get(&key).unwrap().unwrap().to_vec();
            value[0] ^= 1;
            match removed {
                true => db.remove(key).unwrap(),
                false => db.insert(key, value).unwrap(),
            };
        });
        let store = Store::open(dir.path()).unwrap();
        let said = match removed {
            true => format!("node (level {level}, number {number}) is missing"),
            false => format!("node (level {level}, number {number}) differs"),
        };
        match store.verify(|_| {}).unwrap() {
            Verification::Broken(broken) => {
                assert_eq!(broken.position, position, "{broken}");
                assert!(broken.reason.contains(&said), "{broken}");
            }
            intact => panic!("node ({level}, {number}): {intact:?}"),
        }
    }
}

#[tokio::test]
async fn a_restore_ends_with_the_tree() {
    let (_dir, store) = store_with(300).await;
    let mut export = tempfile::NamedTempFile::new().unwrap();
    store.export(&mut export, |_| {}).unwrap();
    let (_restored_dir, restored) = open_temp();
    restored.restore(export.path(), |_| {}).await.unwrap();
    assert_eq!(roots(&restored, &SIZES), roots(&store, &SIZES));
    assert_eq!(
        restored.inclusion_proof(3, 257).unwrap(),
        store.inclusion_proof(3, 257).unwrap()
    );
}

#[tokio::test]
async fn tiles_are_c2sp_tlog_tiles() {
    let (_dir, store) = store_with(300).await;
    let records = records(&store);
    let leaves = |from: usize, to: usize| -> Vec<u8> {
        records[from..to]
            .iter()
            .flat_map(|r| *Hash::leaf(r).as_bytes())
            .collect()
    };
    assert_eq!(store.hash_tile(0, 0, 256).unwrap(), leaves(0, 256));
    assert_eq!(store.hash_tile(0, 1, 44).unwrap(), leaves(256, 300));
    assert_eq!(store.hash_tile(0, 1, 3).unwrap(), leaves(256, 259));
    // Level 1's first hash is the root of the first 256 events.
    assert_eq!(
        store.hash_tile(1, 0, 1).unwrap(),
        store.tree_root(256).unwrap().as_bytes().to_vec()
    );
    // An entry bundle: each record as a big-endian u16 length, then it.
    let bundle = store.entry_bundle(1, 44).unwrap();
    let mut rest = bundle.as_slice();
    for record in &records[256..300] {
        let (length, tail) = rest.split_at(2);
        assert_eq!(
            u16::from_be_bytes([length[0], length[1]]) as usize,
            record.len()
        );
        assert_eq!(&tail[..record.len()], record.as_slice());
        rest = &tail[record.len()..];
    }
    assert!(rest.is_empty());
    assert_eq!(store.entry_bundle(0, 256).unwrap().len(), {
        records[..256].iter().map(|r| r.len() + 2).sum::<usize>()
    });
}

/// Each refusal names the parameter, and none panics.
#[tokio::test]
async fn out_of_range_requests_are_refused_by_name() {
    let (_dir, store) = store_with(300).await;
    let out_of_range = |result: Result<Vec<u8>, StoreError>| match result {
        Err(StoreError::OutOfRange { name, .. }) => name,
        other => panic!("{other:?}"),
    };
    let beyond = |result: Result<Vec<Hash>, StoreError>| match result {
        Err(StoreError::BeyondHead { size, head }) => (size, head),
        other => panic!("{other:?}"),
    };
    assert!(matches!(
        store.tree_root(301),
        Err(StoreError::BeyondHead {
            size: 301,
            head: 300
        })
    ));
    assert!(matches!(
        store.tree_root(u64::MAX),
        Err(StoreError::BeyondHead { .. })
    ));
    assert_eq!(beyond(store.inclusion_proof(1, 301)), (301, 300));
    assert_eq!(
        beyond(store.inclusion_proof(u64::MAX, u64::MAX)),
        (u64::MAX, 300)
    );
    assert_eq!(
        beyond(store.consistency_proof(1, u64::MAX)),
        (u64::MAX, 300)
    );
    let proofs = [
        (store.inclusion_proof(0, 10), "position"),
        (store.inclusion_proof(11, 10), "position"),
        (store.inclusion_proof(1, 0), "position"),
        (store.consistency_proof(0, 10), "from"),
        (store.consistency_proof(11, 10), "from"),
        (store.consistency_proof(u64::MAX, 10), "from"),
    ];
    for (result, name) in proofs {
        match result {
            Err(StoreError::OutOfRange { name: named, .. }) => assert_eq!(named, name),
            other => panic!("{name}: {other:?}"),
        }
    }
    let tiles = [
        (store.hash_tile(0, 0, 0), "width"),
        (store.hash_tile(0, 0, 257), "width"),
        (store.hash_tile(0, 0, u32::MAX), "width"),
        (store.hash_tile(8, 0, 1), "level"),
        (store.hash_tile(u8::MAX, 0, 1), "level"),
        (store.hash_tile(0, 1, 256), "index"),
        (store.hash_tile(0, 1, 45), "index"),
        (store.hash_tile(1, 0, 2), "index"),
        (store.hash_tile(2, 0, 1), "index"),
        (store.hash_tile(0, u64::MAX, 256), "index"),
        (store.hash_tile(7, u64::MAX, 1), "index"),
        (store.entry_bundle(0, 0), "width"),
        (store.entry_bundle(0, 257), "width"),
        (store.entry_bundle(1, 45), "index"),
        (store.entry_bundle(2, 1), "index"),
        (store.entry_bundle(u64::MAX, 256), "index"),
        (store.stored_record(0).map(|_| Vec::new()), "position"),
        (store.stored_record(301).map(|_| Vec::new()), "position"),
    ];
    for (result, name) in tiles {
        assert_eq!(out_of_range(result), name);
    }
    // An empty log has the empty root, and nothing else.
    let (_empty_dir, empty) = open_temp();
    assert_eq!(empty.tree_root(0).unwrap(), mth(&[]));
    assert_eq!(beyond(empty.inclusion_proof(1, 1)), (1, 0));
    assert_eq!(out_of_range(empty.hash_tile(0, 0, 1)), "index");
}
