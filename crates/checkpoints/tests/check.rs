//! The offline checks: a proof or an export against signed checkpoints
//! holds when every part is the log's, and every changed part is refused.

use serde_json::value::RawValue;
use trygglogg_checkpoints::{
    check_consistency, check_export, check_inclusion, leaf_hash, CheckError, ConsistencyProof,
    InclusionProof, MemoryTree, Origin, SignedCheckpoint, SigningKey,
};

fn record(i: u64) -> String {
    format!(r#"{{"position":{i},"data":{{"n":{i}}}}}"#)
}

struct Log {
    key: SigningKey,
    tree: MemoryTree,
}

impl Log {
    fn of(n: u64) -> Log {
        let mut tree = MemoryTree::new();
        for i in 1..=n {
            tree.push(record(i).as_bytes());
        }
        let key = SigningKey::generate(&Origin::parse("test.example/trygglogg").unwrap()).0;
        Log { key, tree }
    }

    fn checkpoint(&self, size: u64) -> SignedCheckpoint {
        let signed = self.key.sign(size, self.tree.root(size));
        SignedCheckpoint::open(signed.note(), self.key.public()).unwrap()
    }

    fn inclusion(&self, position: u64, tree_size: u64) -> InclusionProof {
        InclusionProof {
            position,
            tree_size,
            leaf_hash: hex::encode(leaf_hash(record(position).as_bytes())),
            proof: hex_all(self.tree.inclusion_proof(position, tree_size)),
            record: Some(RawValue::from_string(record(position)).unwrap()),
        }
    }

    fn consistency(&self, from: u64, to: u64) -> ConsistencyProof {
        let proof = if from == 0 || from == to {
            vec![]
        } else {
            hex_all(self.tree.consistency_proof(from, to))
        };
        ConsistencyProof { from, to, proof }
    }

    fn export(&self, n: u64, change: Option<u64>) -> String {
        (1..=n)
            .map(|i| {
                let record = if Some(i) == change {
                    record(i).replace("\"n\":", "\"n\":1")
                } else {
                    record(i)
                };
                // The chain hash is not what the tree checks; any hex will do.
                format!("{{\"hash\":\"{}\",\"record\":{record}}}\n", "0".repeat(64))
            })
            .collect()
    }
}

fn hex_all(hashes: Vec<[u8; 32]>) -> Vec<String> {
    hashes.into_iter().map(hex::encode).collect()
}

fn flip(hash: &str) -> String {
    let first = if hash.starts_with('0') { "1" } else { "0" };
    format!("{first}{}", &hash[1..])
}

fn mismatch_says(result: Result<(), CheckError>, says: &str, what: &str) {
    match result {
        Err(CheckError::Mismatch(text)) => {
            assert!(text.contains(says), "{what}: {text}");
            assert_eq!(text.lines().count(), 1, "{what}: {text}");
        }
        other => panic!("{what}: {other:?}"),
    }
}

#[test]
fn every_inclusion_proof_of_the_log_holds() {
    let log = Log::of(13);
    for size in 1..=13 {
        let checkpoint = log.checkpoint(size);
        for position in 1..=size {
            let proof = log.inclusion(position, size);
            let leaf = record(position);
            check_inclusion(&checkpoint, &proof, Some(leaf.as_bytes()))
                .unwrap_or_else(|e| panic!("{position} of {size}: {e}"));
        }
    }
}

#[test]
fn every_changed_part_of_an_inclusion_proof_is_refused() {
    let log = Log::of(13);
    let checkpoint = log.checkpoint(11);
    let good = log.inclusion(6, 11);
    let other_checkpoint = log.checkpoint(12);
    type Change = fn(&mut InclusionProof);
    // (what, the change, the checkpoint, what the failure says)
    let cases: Vec<(&str, Change, &SignedCheckpoint, &str)> = vec![
        (
            "node 0",
            |p| p.proof[0] = flip(&p.proof[0]),
            &checkpoint,
            "proof node",
        ),
        (
            "node 2",
            |p| p.proof[2] = flip(&p.proof[2]),
            &checkpoint,
            "proof node",
        ),
        (
            "last node",
            |p| {
                let k = p.proof.len() - 1;
                p.proof[k] = flip(&p.proof[k])
            },
            &checkpoint,
            "proof node",
        ),
        (
            "leaf hash",
            |p| p.leaf_hash = flip(&p.leaf_hash),
            &checkpoint,
            "leaf",
        ),
        (
            "leaf and record",
            |p| {
                let other = record(7);
                p.leaf_hash = hex::encode(leaf_hash(other.as_bytes()));
                p.record = Some(RawValue::from_string(other).unwrap());
            },
            &checkpoint,
            "proof node",
        ),
        (
            "record",
            |p| p.record = Some(RawValue::from_string(record(7)).unwrap()),
            &checkpoint,
            "leaf",
        ),
        (
            "an extra node",
            |p| p.proof.push("00".repeat(32)),
            &checkpoint,
            "nodes",
        ),
        (
            "a missing node",
            |p| {
                p.proof.pop();
            },
            &checkpoint,
            "nodes",
        ),
        ("position", |p| p.position = 7, &checkpoint, "proof node"),
        (
            "position 0",
            |p| p.position = 0,
            &checkpoint,
            "not in a tree",
        ),
        (
            "position past the tree",
            |p| p.position = 12,
            &checkpoint,
            "not in a tree",
        ),
        (
            "tree size",
            |p| p.tree_size = 12,
            &checkpoint,
            "the checkpoint's has 11",
        ),
        (
            "a proof for another size",
            |_| {},
            &other_checkpoint,
            "the checkpoint's has 12",
        ),
    ];
    for (what, change, against, says) in cases {
        let mut proof = good.clone();
        change(&mut proof);
        mismatch_says(check_inclusion(against, &proof, None), says, what);
    }
    // The export's record at that position is checked as the proof's is.
    let mut without_record = good.clone();
    without_record.record = None;
    mismatch_says(
        check_inclusion(&checkpoint, &without_record, Some(record(5).as_bytes())),
        "leaf: the export's record",
        "export record",
    );
    // The record may also come as a JSON string of the stored bytes.
    let mut as_string = good.clone();
    as_string.record =
        Some(RawValue::from_string(serde_json::to_string(&record(6)).unwrap()).unwrap());
    check_inclusion(&checkpoint, &as_string, None).unwrap();
    as_string.record =
        Some(RawValue::from_string(serde_json::to_string(&record(7)).unwrap()).unwrap());
    mismatch_says(
        check_inclusion(&checkpoint, &as_string, None),
        "leaf",
        "string record",
    );
    // A hash that is not hex is unusable input, not a mismatch.
    let mut bad = good.clone();
    bad.proof[1] = "xyz".into();
    assert!(matches!(
        check_inclusion(&checkpoint, &bad, None),
        Err(CheckError::Unusable(text)) if text.contains("proof[1]")
    ));
}

#[test]
fn every_consistency_proof_of_the_log_holds_and_changes_are_refused() {
    let log = Log::of(13);
    let checkpoints: Vec<SignedCheckpoint> = (0..=13).map(|size| log.checkpoint(size)).collect();
    for to in 0..=13 {
        for from in 0..=to {
            let (earlier, later) = (&checkpoints[from as usize], &checkpoints[to as usize]);
            check_consistency(earlier, later, &log.consistency(from, to))
                .unwrap_or_else(|e| panic!("{from} to {to}: {e}"));
        }
    }
    let (earlier, later) = (log.checkpoint(5), log.checkpoint(11));
    let good = log.consistency(5, 11);
    type Change = fn(&mut ConsistencyProof);
    let cases: Vec<(&str, Change, &str)> = vec![
        ("node 0", |p| p.proof[0] = flip(&p.proof[0]), "proof node"),
        (
            "last node",
            |p| {
                let k = p.proof.len() - 1;
                p.proof[k] = flip(&p.proof[k])
            },
            "proof node",
        ),
        ("an extra node", |p| p.proof.push("00".repeat(32)), "nodes"),
        (
            "a missing node",
            |p| {
                p.proof.pop();
            },
            "nodes",
        ),
        ("from", |p| p.from = 4, "the checkpoints are of 5 and 11"),
        ("to", |p| p.to = 12, "the checkpoints are of 5 and 11"),
    ];
    for (what, change, says) in cases {
        let mut proof = good.clone();
        change(&mut proof);
        mismatch_says(check_consistency(&earlier, &later, &proof), says, what);
    }
    // A proof for other sizes, and the checkpoints the wrong way round.
    mismatch_says(
        check_consistency(&earlier, &later, &log.consistency(6, 11)),
        "the checkpoints are of 5 and 11",
        "other sizes",
    );
    mismatch_says(
        check_consistency(
            &later,
            &earlier,
            &ConsistencyProof {
                from: 11,
                to: 5,
                proof: vec![],
            },
        ),
        "larger than the later",
        "reversed",
    );

    // A forked log: the same key signed another history.
    let forked = {
        let mut tree = MemoryTree::new();
        for i in 1..=11 {
            let r = if i == 3 {
                "forked".to_owned()
            } else {
                record(i)
            };
            tree.push(r.as_bytes());
        }
        let signed = log.key.sign(11, tree.root(11));
        (
            SignedCheckpoint::open(signed.note(), log.key.public()).unwrap(),
            tree,
        )
    };
    let (fork, fork_tree) = forked;
    mismatch_says(
        check_consistency(
            &earlier,
            &fork,
            &ConsistencyProof {
                from: 5,
                to: 11,
                proof: hex_all(fork_tree.consistency_proof(5, 11)),
            },
        ),
        "the log was rewritten",
        "fork",
    );
    mismatch_says(
        check_consistency(&later, &fork, &log.consistency(11, 11)),
        "root differs at size 11",
        "fork at the same size",
    );
}

#[test]
fn an_export_matches_every_checkpoint_up_to_its_length_and_a_changed_record_none_after_it() {
    let log = Log::of(13);
    let export = log.export(13, None);
    for size in 0..=13 {
        let (matched, tree) = check_export(&log.checkpoint(size), export.as_bytes())
            .unwrap_or_else(|e| panic!("{size}: {e}"));
        assert_eq!(matched.records, 13);
        if size > 0 {
            assert_eq!(tree.record(size), Some(record(size).as_bytes()));
        }
    }
    // Record 6 changed: every checkpoint of 6 records or more refuses it;
    // the smaller ones still hold (their records are untouched).
    let forged = log.export(13, Some(6));
    for size in 0..=13 {
        let result = check_export(&log.checkpoint(size), forged.as_bytes()).map(|_| ());
        if size < 6 {
            result.unwrap_or_else(|e| panic!("{size}: {e}"));
        } else {
            mismatch_says(result, &format!("root differs at size {size}"), "forged");
        }
    }
    mismatch_says(
        check_export(&log.checkpoint(13), log.export(12, None).as_bytes()).map(|_| ()),
        "holds 12 records, fewer than the checkpoint's 13",
        "short",
    );
    let result = check_export(&log.checkpoint(3), "not json\n".as_bytes()).map(|_| ());
    assert!(matches!(result, Err(CheckError::Unusable(text)) if text.contains("line 1")));
}

#[test]
fn the_export_names_the_first_proof_node_that_is_not_its_own() {
    let log = Log::of(13);
    let (_, tree) = check_export(&log.checkpoint(13), log.export(13, None).as_bytes()).unwrap();
    let mut proof = log.inclusion(6, 13);
    assert_eq!(tree.first_differing_node(&proof), None);
    proof.proof[2] = flip(&proof.proof[2]);
    assert_eq!(tree.first_differing_node(&proof), Some(2));
}

/// The roots of RFC 6962's (and RFC 9162's) reference test tree of eight
/// leaves, as Certificate Transparency's implementations test them.
#[test]
fn the_tree_gives_the_reference_roots_of_rfc_6962() {
    let leaves: [&[u8]; 8] = [
        b"",
        b"\x00",
        b"\x10",
        b"\x20\x21",
        b"\x30\x31",
        b"\x40\x41\x42\x43",
        b"\x50\x51\x52\x53\x54\x55\x56\x57",
        b"\x60\x61\x62\x63\x64\x65\x66\x67\x68\x69\x6a\x6b\x6c\x6d\x6e\x6f",
    ];
    let roots = [
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    ];
    let mut tree = MemoryTree::new();
    assert_eq!(
        hex::encode(tree.root(0)),
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    );
    for (leaf, root) in leaves.iter().zip(roots) {
        tree.push(leaf);
        assert_eq!(
            hex::encode(tree.root(tree.size())),
            root,
            "size {}",
            tree.size()
        );
    }
}
