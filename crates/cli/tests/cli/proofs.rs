//! `trygglogg proof verify`, run as an auditor runs it: offline, with
//! files, the public key and nothing else.

use std::path::{Path, PathBuf};

use trygglogg_checkpoints::load_key;
use trygglogg_store::{Hash, Store};

use super::{path, store_with_events, text, trygglogg};

const ORIGIN: &str = "test.example/trygglogg";

/// A log of `n` events with a key, its export, and checkpoints and proofs
/// from the store's tree, as the server gives them, in files.
struct Audit {
    dir: tempfile::TempDir,
    public_key: String,
    store: Store,
    records: Vec<Vec<u8>>,
}

impl Audit {
    fn new(n: u64) -> Audit {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        store_with_events(&data, n);
        let out = trygglogg(&["key", "create", "--data", path(&data), "--origin", ORIGIN]);
        assert!(out.status.success(), "{}", text(&out.stderr));
        let public_key = text(&out.stdout).trim().to_owned();
        let export = dir.path().join("export.jsonl");
        let out = trygglogg(&["export", "--data", path(&data), "--out", path(&export)]);
        assert!(out.status.success(), "{}", text(&out.stderr));
        let store = Store::open(&data).unwrap();
        let records = (1..=n)
            .map(|position| store.stored_record(position).unwrap())
            .collect();
        Audit {
            dir,
            public_key,
            store,
            records,
        }
    }

    fn file(&self, name: &str, contents: &str) -> PathBuf {
        let file = self.dir.path().join(name);
        std::fs::write(&file, contents).unwrap();
        file
    }

    /// The checkpoint of `size` records, signed with the log's key, in a file.
    fn checkpoint(&self, size: u64) -> PathBuf {
        let key = load_key(&self.dir.path().join("data")).unwrap().unwrap();
        let root = *self.store.tree_root(size).unwrap().as_bytes();
        let note = key.sign(size, root).note().to_owned();
        self.file(&format!("checkpoint-{size}.txt"), &note)
    }

    /// The proof without its record (see [`with_record`]).
    fn inclusion(&self, position: u64, tree_size: u64) -> serde_json::Value {
        let record = &self.records[position as usize - 1];
        serde_json::json!({
            "position": position,
            "tree_size": tree_size,
            "leaf_hash": Hash::leaf(record).to_hex(),
            "proof": hex(self.store.inclusion_proof(position, tree_size).unwrap()),
        })
    }

    fn record(&self, position: u64) -> String {
        String::from_utf8(self.records[position as usize - 1].clone()).unwrap()
    }

    fn consistency(&self, from: u64, to: u64) -> serde_json::Value {
        serde_json::json!({
            "from": from,
            "to": to,
            "proof": hex(self.store.consistency_proof(from, to).unwrap()),
        })
    }

    fn export(&self) -> PathBuf {
        self.dir.path().join("export.jsonl")
    }

    /// The export with the event at `position` changed and every later
    /// record's `prev_hash` and every later hash recomputed: a chain that
    /// `verify` accepts.
    fn forged_export(&self, position: u64) -> PathBuf {
        let mut prev = Hash::GENESIS;
        let mut lines = String::new();
        for (at, record) in self.records.iter().enumerate() {
            let mut record = String::from_utf8(record.clone()).unwrap();
            if at as u64 + 1 == position {
                record = record.replacen(r#"{"n":"#, r#"{"n":1"#, 1);
            }
            let old_prev = record.split(r#""prev_hash":""#).nth(1).unwrap()[..64].to_owned();
            record = record.replacen(&old_prev, &prev.to_hex(), 1);
            prev = Hash::chain(&prev, record.as_bytes());
            lines.push_str(&format!(
                "{{\"hash\":\"{}\",\"record\":{record}}}\n",
                prev.to_hex()
            ));
        }
        self.file(&format!("forged-at-{position}.jsonl"), &lines)
    }
}

fn hex(hashes: Vec<Hash>) -> Vec<String> {
    hashes.iter().map(Hash::to_hex).collect()
}

fn flip(hash: &str) -> String {
    let first = if hash.starts_with('0') { "1" } else { "0" };
    format!("{first}{}", &hash[1..])
}

fn json_file(audit: &Audit, name: &str, value: &serde_json::Value) -> PathBuf {
    audit.file(name, &value.to_string())
}

/// An inclusion proof with the stored record as the server gives it: its
/// bytes verbatim (a `serde_json::Value` would reorder its keys).
fn with_record(audit: &Audit, name: &str, proof: &serde_json::Value, record: &str) -> PathBuf {
    let proof = proof.to_string();
    let open = proof.strip_suffix('}').unwrap();
    audit.file(name, &format!(r#"{open},"record":{record}}}"#))
}

fn verify(args: &[&str]) -> (Option<i32>, String, String) {
    let mut all = vec!["proof", "verify"];
    all.extend_from_slice(args);
    let out = trygglogg(&all);
    (out.status.code(), text(&out.stdout), text(&out.stderr))
}

#[test]
fn the_real_proofs_and_export_hold() {
    let audit = Audit::new(9);
    let (cp5, cp9) = (audit.checkpoint(5), audit.checkpoint(9));
    let inclusion = with_record(
        &audit,
        "inclusion.json",
        &audit.inclusion(4, 9),
        &audit.record(4),
    );
    let consistency = json_file(&audit, "consistency.json", &audit.consistency(5, 9));
    let key_file = audit.file("key.pub", &format!("{}\n", audit.public_key));
    let keys_list = audit.dir.path().join("data").join("checkpoint-keys");
    let export = audit.export();
    let cases: Vec<Vec<&str>> = vec![
        vec!["--inclusion", path(&inclusion)],
        vec!["--inclusion", path(&inclusion), "--export", path(&export)],
        vec!["--consistency", path(&consistency), "--earlier", path(&cp5)],
        vec!["--export", path(&export)],
    ];
    for key in [audit.public_key.as_str(), path(&key_file), path(&keys_list)] {
        for more in &cases {
            let mut args = vec!["--key", key, "--checkpoint", path(&cp9)];
            args.extend_from_slice(more);
            let (code, stdout, stderr) = verify(&args);
            assert_eq!(code, Some(0), "{args:?}: {stderr}");
            assert!(stdout.starts_with("ok: "), "{stdout}");
            assert!(stdout.contains("9 records"), "{stdout}");
        }
    }
    // An export is checked against an earlier checkpoint by its first records.
    let (code, stdout, stderr) = verify(&[
        "--key",
        &audit.public_key,
        "--checkpoint",
        path(&cp5),
        "--export",
        path(&export),
    ]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stdout.contains("the first 5 of the 9 records"), "{stdout}");
}

#[test]
fn every_tampering_exits_3_naming_what_failed() {
    let audit = Audit::new(9);
    let (cp5, cp9) = (audit.checkpoint(5), audit.checkpoint(9));
    let good_inclusion = audit.inclusion(4, 9);
    let record = audit.record(4);
    let inclusion_with = |name: &str, change: &dyn Fn(&mut serde_json::Value)| {
        let mut proof = good_inclusion.clone();
        change(&mut proof);
        with_record(&audit, name, &proof, &record)
    };
    let node_changed = inclusion_with("node.json", &|p| {
        p["proof"][1] = flip(p["proof"][1].as_str().unwrap()).into()
    });
    let leaf_changed = inclusion_with("leaf.json", &|p| {
        p["leaf_hash"] = flip(p["leaf_hash"].as_str().unwrap()).into()
    });
    let record_changed = with_record(
        &audit,
        "record.json",
        &good_inclusion,
        &record.replacen(r#"{"n":"#, r#"{"n":9"#, 1),
    );
    let wrong_size = json_file(&audit, "size.json", &audit.inclusion(4, 8));
    let bare_leaf_changed = {
        let mut proof = good_inclusion.clone();
        proof["leaf_hash"] = flip(proof["leaf_hash"].as_str().unwrap()).into();
        json_file(&audit, "bare.json", &proof)
    };
    let consistency_changed = {
        let mut proof = audit.consistency(5, 9);
        proof["proof"][0] = flip(proof["proof"][0].as_str().unwrap()).into();
        json_file(&audit, "consistency-node.json", &proof)
    };
    let consistency_good = json_file(&audit, "consistency.json", &audit.consistency(5, 9));
    let cp9_text = std::fs::read_to_string(&cp9).unwrap();
    let changed_checkpoint = audit.file("changed.txt", &cp9_text.replacen("\n9\n", "\n8\n", 1));
    let other_key = {
        let other = tempfile::tempdir().unwrap();
        let out = trygglogg(&[
            "key",
            "create",
            "--data",
            path(other.path()),
            "--origin",
            ORIGIN,
        ]);
        text(&out.stdout).trim().to_owned()
    };
    let forged = audit.forged_export(3);
    let chain_ok = trygglogg(&["verify", "--export", path(&forged)]);
    assert!(
        chain_ok.status.success(),
        "the forgery's chain is intact: {}",
        text(&chain_ok.stderr)
    );
    let export = audit.export();
    let key = audit.public_key.as_str();

    // (what, args after `proof verify`, what stderr says)
    let cases: Vec<(&str, Vec<&str>, &str)> = vec![
        (
            "wrong key",
            vec![
                "--key",
                &other_key,
                "--checkpoint",
                path(&cp9),
                "--export",
                path(&export),
            ],
            "wrong key",
        ),
        (
            "changed checkpoint",
            vec![
                "--key",
                key,
                "--checkpoint",
                path(&changed_checkpoint),
                "--export",
                path(&export),
            ],
            "the checkpoint was changed",
        ),
        (
            "forged export, latest checkpoint",
            vec![
                "--key",
                key,
                "--checkpoint",
                path(&cp9),
                "--export",
                path(&forged),
            ],
            "root differs at size 9",
        ),
        (
            "forged export, earlier checkpoint",
            vec![
                "--key",
                key,
                "--checkpoint",
                path(&cp5),
                "--export",
                path(&forged),
            ],
            "root differs at size 5",
        ),
        (
            "proof node",
            vec![
                "--key",
                key,
                "--checkpoint",
                path(&cp9),
                "--inclusion",
                path(&node_changed),
            ],
            "a proof node or the leaf hash",
        ),
        (
            "proof node, with the export",
            vec![
                "--key",
                key,
                "--checkpoint",
                path(&cp9),
                "--inclusion",
                path(&node_changed),
                "--export",
                path(&export),
            ],
            "proof node 1",
        ),
        (
            "leaf hash",
            vec![
                "--key",
                key,
                "--checkpoint",
                path(&cp9),
                "--inclusion",
                path(&leaf_changed),
            ],
            "leaf",
        ),
        (
            "record",
            vec![
                "--key",
                key,
                "--checkpoint",
                path(&cp9),
                "--inclusion",
                path(&record_changed),
            ],
            "leaf: the proof's record",
        ),
        (
            "leaf against the export",
            vec![
                "--key",
                key,
                "--checkpoint",
                path(&cp9),
                "--inclusion",
                path(&bare_leaf_changed),
                "--export",
                path(&export),
            ],
            "leaf: the export's record at position 4",
        ),
        (
            "proof for another size",
            vec![
                "--key",
                key,
                "--checkpoint",
                path(&cp9),
                "--inclusion",
                path(&wrong_size),
            ],
            "the proof is for a tree of 8 records, the checkpoint's has 9",
        ),
        (
            "consistency node",
            vec![
                "--key",
                key,
                "--checkpoint",
                path(&cp9),
                "--consistency",
                path(&consistency_changed),
                "--earlier",
                path(&cp5),
            ],
            "proof node",
        ),
        (
            "checkpoints swapped",
            vec![
                "--key",
                key,
                "--checkpoint",
                path(&cp5),
                "--consistency",
                path(&consistency_good),
                "--earlier",
                path(&cp9),
            ],
            "the checkpoints are of 9 and 5",
        ),
    ];
    for (what, args, says) in cases {
        let (code, _, stderr) = verify(&args);
        assert_eq!(code, Some(3), "{what}: {stderr}");
        assert!(stderr.contains(says), "{what}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "{what}: {stderr}");
    }
}

#[test]
fn input_that_cannot_be_checked_exits_2() {
    let audit = Audit::new(3);
    let cp = audit.checkpoint(3);
    let missing = audit.dir.path().join("missing.json");
    let not_json = audit.file("not.json", "{ nope");
    let not_hex = json_file(
        &audit,
        "hex.json",
        &serde_json::json!({"position": 1, "tree_size": 3, "leaf_hash": "zz", "proof": []}),
    );
    let key = audit.public_key.as_str();
    let export = audit.export();
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            vec![
                "--key",
                key,
                "--checkpoint",
                path(&missing),
                "--export",
                path(&export),
            ],
            "cannot read",
        ),
        (
            vec![
                "--key",
                key,
                "--checkpoint",
                path(&cp),
                "--inclusion",
                path(&missing),
            ],
            "cannot read",
        ),
        (
            vec![
                "--key",
                key,
                "--checkpoint",
                path(&cp),
                "--inclusion",
                path(&not_json),
            ],
            "is not a proof",
        ),
        (
            vec![
                "--key",
                key,
                "--checkpoint",
                path(&cp),
                "--inclusion",
                path(&not_hex),
            ],
            "leaf_hash is not a hash",
        ),
        (
            vec![
                "--key",
                "not-a-key",
                "--checkpoint",
                path(&cp),
                "--inclusion",
                path(&not_hex),
            ],
            "--key",
        ),
        (
            vec![
                "--key",
                key,
                "--checkpoint",
                path(&cp),
                "--export",
                path(&not_json),
            ],
            "not an export line",
        ),
        (
            vec![
                "--key",
                key,
                "--checkpoint",
                path(&cp),
                "--consistency",
                path(&not_json),
            ],
            "--earlier",
        ),
        (vec!["--key", key, "--checkpoint", path(&cp)], "--inclusion"),
    ];
    for (args, says) in cases {
        let (code, _, stderr) = verify(&args);
        assert_eq!(code, Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(says), "{args:?}: {stderr}");
    }
}

/// Not a data directory in sight: `proof verify` never opens one.
#[test]
fn proof_verify_needs_no_data_directory() {
    let audit = Audit::new(2);
    let cp = audit.checkpoint(2);
    let nowhere = audit.dir.path().join("no-data-here");
    let (code, _, stderr) = verify(&[
        "--data",
        path(&nowhere),
        "--key",
        &audit.public_key,
        "--checkpoint",
        path(&cp),
        "--export",
        path(&audit.export()),
    ]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(!nowhere.exists());
    let _: &Path = nowhere.as_path();
}

/// One event changed and every later hash recomputed: `verify` cannot tell,
/// but every checkpoint of the log as it was, once it held that event,
/// refuses the export; the smaller ones, whose events are untouched, hold.
#[test]
fn a_forged_export_is_refused_by_every_checkpoint_made_before_the_forgery() {
    let audit = Audit::new(7);
    let forged = audit.forged_export(4);
    let out = trygglogg(&["verify", "--export", path(&forged)]);
    assert!(out.status.success(), "the chain alone accepts it");
    for size in 0..=7 {
        let checkpoint = audit.checkpoint(size);
        let (code, _, stderr) = verify(&[
            "--key",
            &audit.public_key,
            "--checkpoint",
            path(&checkpoint),
            "--export",
            path(&forged),
        ]);
        if size < 4 {
            assert_eq!(code, Some(0), "{size}: {stderr}");
        } else {
            assert_eq!(code, Some(3), "{size}: {stderr}");
            assert!(
                stderr.contains(&format!("root differs at size {size}")),
                "{size}: {stderr}"
            );
        }
    }
}

/// A council may keep the checkpoint as the server lists it, in JSON.
#[test]
fn a_kept_checkpoint_in_json_is_read_as_its_note() {
    let audit = Audit::new(3);
    let note = std::fs::read_to_string(audit.checkpoint(3)).unwrap();
    let kept = audit.file(
        "kept.json",
        &serde_json::json!({"tree_size": 3, "note": note}).to_string(),
    );
    let (code, stdout, stderr) = verify(&[
        "--key",
        &audit.public_key,
        "--checkpoint",
        path(&kept),
        "--export",
        path(&audit.export()),
    ]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stdout.contains("3 records"), "{stdout}");
    let no_note = audit.file("no-note.json", r#"{"tree_size": 3}"#);
    let (code, _, stderr) = verify(&[
        "--key",
        &audit.public_key,
        "--checkpoint",
        path(&no_note),
        "--export",
        path(&audit.export()),
    ]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("\"note\""), "{stderr}");
}
