//! Proving the numbers, end to end (issue 17): a real `trygglogg serve`
//! signs checkpoints; over HTTP an auditor fetches one, an inclusion proof
//! and a consistency proof, and code that is not ours (Go's
//! `golang.org/x/mod/sumdb/note` and `sumdb/tlog`, `tests/go-verifier`)
//! accepts them and refuses every tampered one. `trygglogg proof verify`
//! accepts the live export against the live checkpoint and refuses a forged
//! one (exit 3). The server signs by itself while the log grows; a
//! follow-up names the checkpoint of its positions; and its page keeps the
//! note within a phone's width.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use serde_json::Value;
use uuid::Uuid;

use crate::forms::{browser, Driver};
use crate::requests::{activity_completed, activity_stream, body};
use crate::server::{binary, Server};

const GOPATH: &str = "/usr/share/gocode";
const INSTALL: &str = "apt-get install -y golang-go golang-golang-x-mod-dev (as .ci/run does)";

/// `tests/go-verifier`, built once into the target directory. Without Go and
/// its x/mod the test fails, saying what to install.
fn go_verifier() -> &'static Path {
    static BUILT: OnceLock<PathBuf> = OnceLock::new();
    BUILT.get_or_init(|| {
        let out = binary().with_file_name("go-verifier-e2e");
        let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("go-verifier");
        assert!(
            Path::new(GOPATH)
                .join("src/golang.org/x/mod/sumdb/tlog")
                .is_dir(),
            "Go's x/mod is not in {GOPATH}: {INSTALL}"
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
            .unwrap_or_else(|e| panic!("cannot run `go` ({e}): {INSTALL}"));
        assert!(
            built.status.success(),
            "go build: {}",
            String::from_utf8_lossy(&built.stderr)
        );
        out.join("go-verifier")
    })
}

/// What the Go verifier checks: a note, with an inclusion proof or with a
/// consistency proof from an earlier note.
struct Case {
    what: &'static str,
    key: String,
    note: String,
    inclusion: Option<String>,
    consistency: Option<(String, String)>,
}

/// Whether Go accepts `case`, and what it said.
fn go_accepts(dir: &Path, case: &Case) -> (bool, String) {
    let file = |name: &str, text: &str| {
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        path
    };
    let mut go = Command::new(go_verifier());
    go.args(["-key", &case.key])
        .arg("-checkpoint")
        .arg(file("note.txt", &case.note));
    if let Some(proof) = &case.inclusion {
        go.arg("-inclusion").arg(file("inclusion.json", proof));
    }
    if let Some((earlier, proof)) = &case.consistency {
        go.arg("-earlier").arg(file("earlier.txt", earlier));
        go.arg("-consistency").arg(file("consistency.json", proof));
    }
    let out = go.output().expect("run the Go verifier");
    assert_ne!(out.status.code(), Some(2), "bad usage: {}", case.what);
    let said =
        String::from_utf8_lossy(&out.stderr).into_owned() + &String::from_utf8_lossy(&out.stdout);
    (out.status.success(), said)
}

/// `text` with the first of `from` replaced by `to`; fails if there is none,
/// so that no tampering is a silent no-op.
fn changed(text: &str, from: &str, to: &str) -> String {
    assert!(text.contains(from), "{from:?} is not in {text}");
    text.replacen(from, to, 1)
}

/// `text` with its base64 digit at byte `at` changed to another.
fn other_base64(text: &str, at: usize) -> String {
    let other = if &text[at..=at] == "A" { "B" } else { "A" };
    format!("{}{other}{}", &text[..at], &text[at + 1..])
}

/// A hex hash with its first digit changed.
fn flipped(hash: &str) -> String {
    let first = if hash.starts_with('0') { "1" } else { "0" };
    format!("{first}{}", &hash[1..])
}

/// Appends one completed activity serving `agreement`; its log position.
fn record_activity(server: &Server, reporter: &str, agreement: Uuid, summary: &str) -> u64 {
    let done = activity_completed(Some(agreement), summary);
    let answer = server.append(&activity_stream(), reporter, &body(None, vec![done]));
    assert_eq!(answer.status, 201, "{}", answer.text);
    answer.body["positions"][0].as_u64().expect("a position")
}

/// The latest checkpoint as JSON (open to everyone).
fn latest(server: &Server) -> Value {
    let answer = crate::server::answer(
        server
            .request(reqwest::Method::GET, "/api/v1/audit/checkpoint", None)
            .header("Accept", "application/json"),
    );
    assert_eq!(answer.status, 200, "{}", answer.text);
    answer.body
}

/// Waits (at most 30 s) for the server to sign a checkpoint of `size` by
/// itself.
fn signed_by_itself(server: &Server, size: u64) -> Value {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let latest = latest(server);
        if latest["tree_size"] == size {
            return latest;
        }
        assert!(
            Instant::now() < deadline,
            "no checkpoint of {size}: {latest}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn live_checkpoints_and_proofs_hold_for_go_and_for_trygglogg_and_tampered_ones_do_not() {
    let server = Server::start_in(
        tempfile::tempdir().expect("a temporary directory"),
        &["--checkpoint-every-secs", "1"],
    );
    let tokens = server.tokens();
    let work = tempfile::tempdir().expect("a temporary directory");
    let (_, agreement) = server.seed_activity(&tokens);
    let record = |n: u32| {
        record_activity(
            &server,
            &tokens.reporter,
            agreement,
            &format!("Kontroll {n}."),
        )
    };
    let proved = record(0);
    let first = (1..3).fold(proved, |_, n| record(n));
    // Signed by the server itself within its interval, of the whole log.
    let earlier = signed_by_itself(&server, first);
    let head = (3..7).fold(first, |_, n| record(n));
    let later = signed_by_itself(&server, head);
    let tlog = server.get("/tlog/checkpoint", None);
    assert_eq!(tlog.text, later["note"].as_str().unwrap());
    assert_eq!(tlog.content_type, "text/plain; charset=utf-8");

    let key = later["key"].as_str().unwrap().to_owned();
    let (earlier_note, note) = (
        earlier["note"].as_str().unwrap().to_owned(),
        later["note"].as_str().unwrap().to_owned(),
    );
    let inclusion = server.get(
        &format!("/api/v1/audit/proof/inclusion?position={proved}&tree_size={head}"),
        Some(&tokens.auditor),
    );
    assert_eq!(inclusion.status, 200, "{}", inclusion.text);
    assert!(inclusion.body["record"].is_object(), "{}", inclusion.text);
    let consistency = server.get(
        &format!("/api/v1/audit/proof/consistency?from={first}&to={head}"),
        None,
    );
    assert_eq!(consistency.status, 200, "{}", consistency.text);
    let wrong_size = server.get(
        &format!(
            "/api/v1/audit/proof/inclusion?position={proved}&tree_size={}",
            head - 1
        ),
        Some(&tokens.auditor),
    );
    assert_eq!(wrong_size.status, 200, "{}", wrong_size.text);

    // The note's lines: origin, size, root (base64), blank, signature.
    let lines: Vec<&str> = note.lines().collect();
    let (root_line, signature) = (lines[2], lines[4]);
    // Another key of the same name: made by `trygglogg key create` elsewhere.
    let other_key = {
        let origin = lines[0];
        let made = Command::new(binary())
            .args(["key", "create", "--origin", origin, "--data"])
            .arg(work.path().join("other"))
            .output()
            .expect("run trygglogg key create");
        assert!(
            made.status.success(),
            "{}",
            String::from_utf8_lossy(&made.stderr)
        );
        String::from_utf8(made.stdout).unwrap().trim().to_owned()
    };
    assert!(
        other_key.starts_with(&format!("{}+", lines[0])),
        "{other_key}"
    );
    assert_ne!(other_key, key);
    let leaf = inclusion.body["leaf_hash"].as_str().unwrap();
    let node = inclusion.body["proof"][0].as_str().unwrap();
    let consistency_node = consistency.body["proof"][0].as_str().unwrap();
    let case = |what, key: &str, note: &str, inclusion: Option<String>, consistency| Case {
        what,
        key: key.to_owned(),
        note: note.to_owned(),
        inclusion,
        consistency,
    };
    let real_inclusion = Some(inclusion.text.clone());
    let real_consistency = Some((earlier_note.clone(), consistency.text.clone()));
    let accepted = [
        case("inclusion", &key, &note, real_inclusion.clone(), None),
        case("consistency", &key, &note, None, real_consistency.clone()),
    ];
    for case in &accepted {
        let (ok, said) = go_accepts(work.path(), case);
        assert!(ok, "Go refused the real {}: {said}", case.what);
    }
    let other_root = other_base64(root_line, 0);
    let tampered = [
        case(
            "a changed root",
            &key,
            &changed(&note, root_line, &other_root),
            real_inclusion.clone(),
            None,
        ),
        case(
            "a changed size",
            &key,
            &changed(&note, &format!("\n{head}\n"), &format!("\n{}\n", head + 1)),
            real_inclusion.clone(),
            None,
        ),
        case(
            "a changed signature",
            &key,
            &changed(
                &note,
                signature,
                &other_base64(signature, signature.len() - 10),
            ),
            real_inclusion.clone(),
            None,
        ),
        case(
            "a wrong key",
            &other_key,
            &note,
            real_inclusion.clone(),
            None,
        ),
        case(
            "a changed proof node",
            &key,
            &note,
            Some(changed(&inclusion.text, node, &flipped(node))),
            None,
        ),
        case(
            "a changed leaf hash",
            &key,
            &note,
            Some(changed(&inclusion.text, leaf, &flipped(leaf))),
            None,
        ),
        case(
            "a changed record",
            &key,
            &note,
            Some(changed(&inclusion.text, "Kontroll 0.", "Kontroll 9.")),
            None,
        ),
        case(
            "a proof for the wrong tree size",
            &key,
            &note,
            Some(wrong_size.text.clone()),
            None,
        ),
        case(
            "a changed consistency node",
            &key,
            &note,
            None,
            Some((
                earlier_note.clone(),
                changed(
                    &consistency.text,
                    consistency_node,
                    &flipped(consistency_node),
                ),
            )),
        ),
        case(
            "a consistency proof from another earlier size",
            &key,
            &note,
            None,
            Some((
                earlier_note.clone(),
                server
                    .get(
                        &format!(
                            "/api/v1/audit/proof/consistency?from={}&to={head}",
                            first - 1
                        ),
                        None,
                    )
                    .text,
            )),
        ),
    ];
    for case in &tampered {
        let (ok, said) = go_accepts(work.path(), case);
        assert!(!ok, "Go accepted {}: {said}", case.what);
    }

    // `trygglogg proof verify` with the live export, and a forged one.
    let export = server.get("/api/v1/export", Some(&tokens.auditor));
    assert_eq!(export.status, 200, "{}", export.text);
    let export_file = work.path().join("export.jsonl");
    std::fs::write(&export_file, &export.text).unwrap();
    let note_file = work.path().join("checkpoint.txt");
    std::fs::write(&note_file, &note).unwrap();
    let verify = |export: &Path| {
        Command::new(binary())
            .args(["proof", "verify", "--key", &key, "--checkpoint"])
            .arg(&note_file)
            .arg("--export")
            .arg(export)
            .output()
            .expect("run trygglogg proof verify")
    };
    let held = verify(&export_file);
    assert_eq!(
        held.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&held.stderr)
    );
    let forged_file = work.path().join("forged.jsonl");
    std::fs::write(
        &forged_file,
        forged(&export.text, "Kontroll 2.", "Kontroll 8."),
    )
    .unwrap();
    let chain = Command::new(binary())
        .args(["verify", "--export"])
        .arg(&forged_file)
        .output()
        .unwrap();
    assert!(
        chain.status.success(),
        "the forgery's chain holds (so only the checkpoint catches it): {}",
        String::from_utf8_lossy(&chain.stderr)
    );
    let refused = verify(&forged_file);
    assert_eq!(
        refused.status.code(),
        Some(3),
        "{}",
        String::from_utf8_lossy(&refused.stdout)
    );
    assert!(!String::from_utf8_lossy(&refused.stderr).is_empty());
}

/// The export with the first record holding `from` changed to `to`, and
/// every later record's `prev_hash` and every hash recomputed: a chain
/// that `trygglogg verify` accepts.
fn forged(export: &str, from: &str, to: &str) -> String {
    use sha2::{Digest, Sha256};
    let mut prev = [0u8; 32];
    let mut changed_one = false;
    let mut out = String::new();
    for line in export.lines() {
        // `{"hash":"<64 hex>","record":<record>}`: the record from byte 84.
        let mut record = line[84..line.len() - 1].to_owned();
        if !changed_one && record.contains(from) {
            record = record.replacen(from, to, 1);
            changed_one = true;
        }
        let old_prev = record.split(r#""prev_hash":""#).nth(1).unwrap()[..64].to_owned();
        record = record.replacen(&old_prev, &hex(&prev), 1);
        prev = Sha256::new()
            .chain_update(prev)
            .chain_update(record.as_bytes())
            .finalize()
            .into();
        out.push_str(&format!(
            "{{\"hash\":\"{}\",\"record\":{record}}}\n",
            hex(&prev)
        ));
    }
    assert!(changed_one, "{from:?} is in the export");
    out
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[test]
fn a_follow_up_names_its_checkpoint_and_its_page_keeps_the_note_within_a_phone() {
    let server = Server::start_demo();
    let path = "/agreements/5a1e0000-2017-4000-8000-000000000001/follow-up/2017";
    let json = server.get(&format!("/api/v1{path}"), None);
    assert_eq!(json.status, 200, "{}", json.text);
    let built = &json.body["built_from"];
    let named = &built["checkpoint"];
    assert_eq!(named["tree_size"], built["position"]);
    // The same checkpoint is kept, where a council finds it.
    let size = named["tree_size"].as_u64().unwrap();
    let listed = server.get(
        &format!("/api/v1/audit/checkpoints?from={size}&limit=1"),
        None,
    );
    assert_eq!(listed.body["checkpoints"][0]["note"], named["note"]);
    // The CSV names it too.
    let csv = server.get(&format!("{path}.csv"), None);
    let root = named["root_hash"].as_str().unwrap();
    assert!(
        csv.text.contains(&format!(",{size},{root},")),
        "{}",
        csv.text
    );

    let work = tempfile::tempdir().expect("a temporary directory");
    let driver = Driver::start(&work.path().join("chromedriver.log"));
    let runtime = tokio::runtime::Runtime::new().expect("a runtime");
    let widths = runtime.block_on(async {
        let client = browser(&driver, &work.path().join("profile")).await;
        client
            .goto(&server.url(path))
            .await
            .expect("the page loads");
        let measured = client
            .execute(
                "const page = document.documentElement;
                 const note = document.querySelector('pre.note');
                 return [page.scrollWidth, page.clientWidth, note.scrollWidth,
                         note.clientWidth, note.textContent];",
                vec![],
            )
            .await
            .expect("the widths");
        client.close().await.expect("the session ends");
        measured
    });
    let widths = widths.as_array().expect("a list");
    let number = |i: usize| widths[i].as_f64().unwrap_or_else(|| panic!("{widths:?}"));
    assert_eq!(number(1), 390.0, "a phone's viewport: {widths:?}");
    assert!(
        number(0) <= number(1),
        "the page scrolls sideways: {widths:?}"
    );
    assert!(number(2) <= number(3), "the note does not wrap: {widths:?}");
    assert_eq!(widths[4], named["note"], "the whole note, as signed");
}
