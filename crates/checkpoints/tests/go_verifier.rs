//! The independent verifier: Go's `golang.org/x/mod/sumdb/note` and
//! `sumdb/tlog` (tests/go-verifier/main.go) check checkpoints signed by our
//! `Checkpointer` and proofs from a real store. They accept the real ones
//! and refuse every tampered one, and our own checks agree with them case
//! by case. Without Go (and x/mod) this test fails, saying what to install.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, OnceLock};

use serde_json::value::RawValue;
use trygglogg_checkpoints::{
    check_consistency, check_inclusion, Checkpointer, ConsistencyProof, InclusionProof, Origin,
    SignedCheckpoint, SigningKey,
};
use trygglogg_events::{StreamCategory, StreamName};
use trygglogg_store::{ExpectedVersion, NewEvent, Store};

const INSTALL: &str = "apt-get install -y golang-go golang-golang-x-mod-dev (as .ci/run does)";
const GOPATH: &str = "/usr/share/gocode";

/// The Go program, built once into the target directory.
fn go_verifier() -> &'static Path {
    static BUILT: OnceLock<PathBuf> = OnceLock::new();
    BUILT.get_or_init(|| {
        // target/debug/deps/<this test> → target/
        let target = std::env::current_exe()
            .unwrap()
            .ancestors()
            .nth(3)
            .unwrap()
            .to_owned();
        let out = target.join("go-verifier");
        let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/go-verifier");
        assert!(
            Path::new(GOPATH)
                .join("src/golang.org/x/mod/sumdb/tlog")
                .is_dir(),
            "Go's x/mod is not installed in {GOPATH}: {INSTALL}"
        );
        let built = Command::new("go")
            .args(["build", "-o"])
            .arg(out.join("go-verifier"))
            .arg(".")
            .current_dir(&source)
            .env("GO111MODULE", "off")
            .env("GOPATH", GOPATH)
            .env("GOCACHE", out.join("cache"))
            .env("GOFLAGS", "")
            .output()
            .unwrap_or_else(|e| panic!("cannot run `go` ({e}): Go is not installed: {INSTALL}"));
        assert!(
            built.status.success(),
            "go build failed: {}",
            String::from_utf8_lossy(&built.stderr)
        );
        out.join("go-verifier")
    })
}

/// A real store of 11 events, its checkpointer, and files to hand to Go.
struct Log {
    dir: tempfile::TempDir,
    store: Arc<Store>,
    checkpointer: Checkpointer,
}

impl Log {
    fn new() -> Log {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path().join("data")).unwrap();
        let runtime = tokio::runtime::Runtime::new().unwrap();
        runtime.block_on(async {
            for i in 0..11u32 {
                let event = NewEvent {
                    id: uuid::Uuid::now_v7(),
                    event_type: "test_happened".into(),
                    data: RawValue::from_string(format!(r#"{{"n":{i}}}"#)).unwrap(),
                    metadata: RawValue::from_string("{}".into()).unwrap(),
                };
                let stream =
                    StreamName::new(StreamCategory::Activity, uuid::Uuid::from_u128(i.into()));
                store
                    .append(stream, ExpectedVersion::Any, vec![event])
                    .await
                    .unwrap();
            }
        });
        let store = Arc::new(store);
        let checkpointer = Checkpointer::open(&dir.path().join("data"), store.clone(), || {
            Origin::parse("go.example/trygglogg").unwrap()
        })
        .unwrap();
        Log {
            dir,
            store,
            checkpointer,
        }
    }

    fn file(&self, name: &str, contents: &str) -> PathBuf {
        let file = self.dir.path().join(name);
        std::fs::write(&file, contents).unwrap();
        file
    }

    fn note(&self, size: u64) -> String {
        self.checkpointer.at(size).unwrap().note
    }

    /// The inclusion proof as the server gives it, with the stored record.
    fn inclusion(&self, position: u64, tree_size: u64) -> String {
        let store = &self.store;
        let record = String::from_utf8(store.stored_record(position).unwrap()).unwrap();
        let proof: Vec<String> = store
            .inclusion_proof(position, tree_size)
            .unwrap()
            .iter()
            .map(|hash| hash.to_hex())
            .collect();
        format!(
            r#"{{"position":{position},"tree_size":{tree_size},"leaf_hash":"{}","proof":{},"record":{record}}}"#,
            trygglogg_store::Hash::leaf(record.as_bytes()).to_hex(),
            serde_json::to_string(&proof).unwrap()
        )
    }

    fn consistency(&self, from: u64, to: u64) -> String {
        let proof: Vec<String> = self
            .store
            .consistency_proof(from, to)
            .unwrap()
            .iter()
            .map(|hash| hash.to_hex())
            .collect();
        format!(
            r#"{{"from":{from},"to":{to},"proof":{}}}"#,
            serde_json::to_string(&proof).unwrap()
        )
    }
}

/// What is checked: a checkpoint (note) with an inclusion proof, or with a
/// consistency proof from an earlier one.
enum Case {
    Inclusion {
        note: String,
        proof: String,
    },
    Consistency {
        earlier: String,
        note: String,
        proof: String,
    },
}

/// Runs Go's check and ours; returns (Go accepted, we accepted, Go's stderr).
fn judge(log: &Log, key: &str, case: &Case) -> (bool, bool, String) {
    let public = trygglogg_checkpoints::PublicKey::parse(key).unwrap();
    let mut go = Command::new(go_verifier());
    go.args(["-key", key]);
    let ours = match case {
        Case::Inclusion { note, proof } => {
            go.arg("-checkpoint").arg(log.file("note.txt", note));
            go.arg("-inclusion").arg(log.file("proof.json", proof));
            SignedCheckpoint::open(note, &public).is_ok_and(|checkpoint| {
                serde_json::from_str::<InclusionProof>(proof)
                    .is_ok_and(|proof| check_inclusion(&checkpoint, &proof, None).is_ok())
            })
        }
        Case::Consistency {
            earlier,
            note,
            proof,
        } => {
            go.arg("-checkpoint").arg(log.file("note.txt", note));
            go.arg("-earlier").arg(log.file("earlier.txt", earlier));
            go.arg("-consistency").arg(log.file("proof.json", proof));
            let open = |note: &str| SignedCheckpoint::open(note, &public).ok();
            match (open(earlier), open(note)) {
                (Some(earlier), Some(later)) => serde_json::from_str::<ConsistencyProof>(proof)
                    .is_ok_and(|proof| check_consistency(&earlier, &later, &proof).is_ok()),
                _ => false,
            }
        }
    };
    let out = go.output().unwrap();
    (
        out.status.success(),
        ours,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn flip_hex(text: &str, nth_hash: usize) -> String {
    // Changes one hex digit of the nth 64-digit hash in a proof's "proof" list.
    let start = text.find(r#""proof":["#).unwrap() + 10 + nth_hash * 67;
    let mut bytes = text.as_bytes().to_vec();
    bytes[start] = if bytes[start] == b'0' { b'1' } else { b'0' };
    String::from_utf8(bytes).unwrap()
}

fn flip_field(text: &str, field: &str) -> String {
    let start = text.find(&format!(r#""{field}":""#)).unwrap() + field.len() + 4;
    let mut bytes = text.as_bytes().to_vec();
    bytes[start] = if bytes[start] == b'0' { b'1' } else { b'0' };
    String::from_utf8(bytes).unwrap()
}

#[test]
fn go_accepts_the_real_checkpoints_and_proofs() {
    let log = Log::new();
    let key = log.checkpointer.public_key().to_string();
    let mut cases = Vec::new();
    for size in [1, 6, 8, 11] {
        for position in [1, size / 2 + 1, size] {
            cases.push(Case::Inclusion {
                note: log.note(size),
                proof: log.inclusion(position, size),
            });
        }
    }
    for (from, to) in [(1, 11), (3, 8), (8, 11), (5, 5), (11, 11)] {
        cases.push(Case::Consistency {
            earlier: log.note(from),
            note: log.note(to),
            proof: log.consistency(from, to),
        });
    }
    for case in &cases {
        let (go, ours, stderr) = judge(&log, &key, case);
        assert!(go, "Go refused a real one: {stderr}");
        assert!(ours, "we refused a real one");
    }
}

#[test]
fn go_refuses_every_tampered_one_and_so_do_we() {
    let log = Log::new();
    let key = log.checkpointer.public_key().to_string();
    let other_key = SigningKey::generate(&Origin::parse("go.example/trygglogg").unwrap()).0;
    let note = log.note(11);
    let proof = log.inclusion(5, 11);
    let earlier = log.note(6);
    let consistency = log.consistency(6, 11);
    let root_line = note.lines().nth(2).unwrap().to_owned();
    let other_root =
        if root_line.starts_with('A') { "B" } else { "A" }.to_owned() + &root_line[1..];
    let signature = note.split_once("\n\n").unwrap().1.trim_end().to_owned();
    let changed_signature = {
        let mut bytes = signature.clone().into_bytes();
        let k = bytes.len() - 5;
        bytes[k] = if bytes[k] == b'A' { b'B' } else { b'A' };
        String::from_utf8(bytes).unwrap()
    };
    // A checkpoint that is properly signed with the log's key, but of a
    // root the log does not have: only the proof can tell.
    let lying = {
        let stored = std::fs::read_to_string(log.dir.path().join("data/checkpoint.key")).unwrap();
        let signer = SigningKey::from_private(&stored).unwrap();
        signer.sign(11, [9; 32]).note().to_owned()
    };
    let inclusion = |note: &str, proof: &str| Case::Inclusion {
        note: note.to_owned(),
        proof: proof.to_owned(),
    };
    // The nodes of the proof for 10 records, labelled as for 11: the
    // sizes agree, the nodes do not (GHSA-672p-m5jq-mrh8 skipped this).
    let relabelled = log
        .inclusion(5, 10)
        .replacen(r#""tree_size":10"#, r#""tree_size":11"#, 1);
    // (what, key, case, what Go says)
    let cases: Vec<(&str, String, Case, &str)> = vec![
        (
            "a proof for 10 records labelled for 11",
            key.clone(),
            inclusion(&note, &relabelled),
            "tlog.CheckRecord",
        ),
        (
            "changed root",
            key.clone(),
            inclusion(&note.replacen(&root_line, &other_root, 1), &proof),
            "invalid signature",
        ),
        (
            "changed size",
            key.clone(),
            inclusion(
                &note.replacen("\n11\n", "\n12\n", 1),
                &proof.replace(r#""tree_size":11"#, r#""tree_size":12"#),
            ),
            "invalid signature",
        ),
        (
            "changed signature",
            key.clone(),
            inclusion(&note.replacen(&signature, &changed_signature, 1), &proof),
            "invalid signature",
        ),
        (
            "unsigned",
            key.clone(),
            inclusion(
                &(note.split_once("\n\n").unwrap().0.to_owned() + "\n"),
                &proof,
            ),
            "malformed note",
        ),
        (
            "signed root that is not the log's",
            key.clone(),
            inclusion(&lying, &proof),
            "tlog.CheckRecord",
        ),
        (
            "proof node 0",
            key.clone(),
            inclusion(&note, &flip_hex(&proof, 0)),
            "tlog.CheckRecord",
        ),
        (
            "proof node 2",
            key.clone(),
            inclusion(&note, &flip_hex(&proof, 2)),
            "tlog.CheckRecord",
        ),
        (
            "leaf hash",
            key.clone(),
            inclusion(&note, &flip_field(&proof, "leaf_hash")),
            "the leaf",
        ),
        (
            "record",
            key.clone(),
            inclusion(&note, &proof.replacen(r#"{"n":4}"#, r#"{"n":7}"#, 1)),
            "the leaf",
        ),
        (
            "wrong key",
            other_key.public().to_string(),
            inclusion(&note, &proof),
            "no verifiable signatures",
        ),
        (
            "an inclusion proof for the wrong size",
            key.clone(),
            inclusion(&note, &log.inclusion(5, 10)),
            "the proof is for a tree of 10 records",
        ),
        (
            "an inclusion proof for the wrong position",
            key.clone(),
            inclusion(
                &note,
                &proof.replacen(r#""position":5"#, r#""position":6"#, 1),
            ),
            "tlog.CheckRecord",
        ),
        (
            "consistency node",
            key.clone(),
            Case::Consistency {
                earlier: earlier.clone(),
                note: note.clone(),
                proof: flip_hex(&consistency, 0),
            },
            "tlog.CheckTree",
        ),
        (
            "a consistency proof for the wrong size",
            key.clone(),
            Case::Consistency {
                earlier: earlier.clone(),
                note: note.clone(),
                proof: log.consistency(5, 11),
            },
            "the proof is from 5 to 11",
        ),
        (
            "an earlier checkpoint that is not the log's",
            key.clone(),
            Case::Consistency {
                earlier: earlier.replacen("\n6\n", "\n7\n", 1),
                note: note.clone(),
                proof: consistency.clone(),
            },
            "invalid signature",
        ),
        (
            "consistency with the wrong key",
            other_key.public().to_string(),
            Case::Consistency {
                earlier,
                note: note.clone(),
                proof: consistency,
            },
            "no verifiable signatures",
        ),
    ];
    for (what, key, case, says) in cases {
        let (go, ours, stderr) = judge(&log, &key, &case);
        assert!(!go, "{what}: Go accepted it");
        assert!(stderr.starts_with("go-verifier: "), "{what}: {stderr}");
        assert!(stderr.contains(says), "{what}: {stderr}");
        assert!(!ours, "{what}: we accepted it, Go did not: {stderr}");
    }
}
