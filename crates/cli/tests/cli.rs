//! The `trygglogg` binary, run as a user runs it.

use std::path::Path;
use std::process::{Command, Output};

use serde_json::value::RawValue;
use trygglogg_events::{StreamCategory, StreamName};
use trygglogg_store::{ExpectedVersion, NewEvent, Store};

#[path = "cli/beside_server.rs"]
mod beside_server;
#[path = "cli/damaged.rs"]
mod damaged;
#[path = "cli/first_steps.rs"]
mod first_steps;
#[path = "cli/keys.rs"]
mod keys;
#[path = "cli/live_export.rs"]
mod live_export;
#[path = "cli/open_files.rs"]
mod open_files;
#[path = "cli/proofs.rs"]
mod proofs;
#[path = "cli/through_server.rs"]
mod through_server;
#[path = "cli/usage.rs"]
mod usage;

fn trygglogg(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_trygglogg"))
        .args(args)
        .env_remove("TRYGGLOGG_DATA")
        .env_remove("TRYGGLOGG_CACHE_MIB")
        .env_remove("TRYGGLOGG_TOKEN")
        .env_remove("TRYGGLOGG_ADDR")
        .output()
        .expect("run trygglogg")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A store with `n` events in `dir`, written through the store's own API.
fn store_with_events(dir: &Path, n: u64) {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let store = Store::open(dir).unwrap();
    runtime.block_on(async {
        for i in 0..n {
            let event = NewEvent {
                id: uuid::Uuid::now_v7(),
                event_type: "test_happened".into(),
                data: RawValue::from_string(format!(r#"{{"n":{i}}}"#)).unwrap(),
                metadata: RawValue::from_string("{}".into()).unwrap(),
            };
            let stream = StreamName::new(
                StreamCategory::Activity,
                uuid::Uuid::from_u128(u128::from(i % 2)),
            );
            store
                .append(stream, ExpectedVersion::Any, vec![event])
                .await
                .unwrap();
        }
    });
}

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn export_restore_and_verify_round_trip() {
    let tmp = tempfile::tempdir().unwrap();
    let (data, copy) = (tmp.path().join("data"), tmp.path().join("copy"));
    let export = tmp.path().join("backup.jsonl");
    store_with_events(&data, 10);

    let out = trygglogg(&["export", "--data", path(&data), "--out", path(&export)]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stderr).trim(),
        format!("exported 10 events to {}", export.display())
    );
    assert!(!tmp.path().join("backup.jsonl.partial").exists());

    let out = trygglogg(&["restore", "--data", path(&copy), path(&export)]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stderr).starts_with("restored 10 events"));

    // Standard output export of the copy is the same file, byte for byte.
    let out = trygglogg(&["export", "--data", path(&copy)]);
    assert!(out.status.success());
    assert_eq!(out.stdout, std::fs::read(&export).unwrap());

    for args in [
        vec!["verify", "--data", path(&copy)],
        vec!["verify", "--export", path(&export)],
    ] {
        let out = trygglogg(&args);
        assert!(out.status.success(), "{args:?}: {}", text(&out.stderr));
        assert!(
            text(&out.stdout).contains("head position 10, hash "),
            "{}",
            text(&out.stdout)
        );
    }
}

#[test]
fn a_tampered_export_is_named_by_restore_and_verify() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let export = tmp.path().join("backup.jsonl");
    store_with_events(&data, 6);
    assert!(
        trygglogg(&["export", "--data", path(&data), "--out", path(&export)])
            .status
            .success()
    );

    // One byte of the fourth event's data: `"n":3` becomes `"n":7`.
    let original = std::fs::read_to_string(&export).unwrap();
    let tampered = original.replacen(r#"{"n":3}"#, r#"{"n":7}"#, 1);
    assert_eq!(tampered.len(), original.len());
    std::fs::write(&export, tampered).unwrap();

    let out = trygglogg(&["verify", "--export", path(&export)]);
    assert_eq!(out.status.code(), Some(3));
    assert!(
        text(&out.stderr).contains("breaks at position 4"),
        "{}",
        text(&out.stderr)
    );

    let copy = tmp.path().join("copy");
    let out = trygglogg(&["restore", "--data", path(&copy), path(&export)]);
    assert_eq!(out.status.code(), Some(3));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("breaks at position 4"), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "one line: {stderr}");

    let out = trygglogg(&["verify", "--data", path(&copy)]);
    assert!(
        out.status.success(),
        "nothing was restored, the empty store is intact"
    );
    assert!(text(&out.stdout).contains("0 events"));
}

#[test]
fn failures_exit_non_zero_with_one_line() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    store_with_events(&data, 2);
    let export = tmp.path().join("e.jsonl");
    assert!(
        trygglogg(&["export", "--data", path(&data), "--out", path(&export)])
            .status
            .success()
    );
    let missing = tmp.path().join("nothing-here");
    // (args, what stderr says)
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            vec!["verify", "--data", path(&missing)],
            "no event store in",
        ),
        (
            vec!["export", "--data", path(&missing)],
            "no event store in",
        ),
        (
            vec!["restore", "--data", path(&data), path(&export)],
            "needs an empty store",
        ),
        (
            vec!["restore", "--data", path(&missing), path(&missing)],
            "is not a file",
        ),
        (vec!["verify", "--export", path(&missing)], "cannot read"),
    ];
    for (args, says) in cases {
        let out = trygglogg(&args);
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {stderr}");
        assert!(stderr.contains(says), "{args:?}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "{args:?}: {stderr}");
    }
    assert!(!missing.exists(), "reading commands never create a store");
}

#[test]
fn the_data_directory_comes_from_the_environment() {
    let tmp = tempfile::tempdir().unwrap();
    store_with_events(tmp.path(), 3);
    let out = Command::new(env!("CARGO_BIN_EXE_trygglogg"))
        .arg("verify")
        .env("TRYGGLOGG_DATA", tmp.path())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("3 events"));
    // Not a terminal: no progress bar, no escape codes.
    assert!(out.stderr.is_empty());
}

const FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../events/fixtures/hagfors-2017.jsonl"
);

#[test]
fn the_seed_imports_once_and_a_reimport_records_nothing_new() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let lines = std::fs::read_to_string(FIXTURE).unwrap().lines().count();

    let out = trygglogg(&["import", "--data", path(&data), FIXTURE]);
    let stderr = text(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains(&format!("{lines} lines")), "{stderr}");
    assert!(
        stderr.contains("already there") && stderr.ends_with("0 already there\n"),
        "{stderr}"
    );

    let out = trygglogg(&["import", "--data", path(&data), FIXTURE]);
    let stderr = text(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains(", 0 events recorded,"), "{stderr}");

    let out = trygglogg(&["verify", "--data", path(&data)]);
    assert!(out.status.success());
}

#[test]
fn a_refused_import_line_is_named_with_its_field() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let file = tmp.path().join("bad.jsonl");
    let agreement = r#"{"stream":"agreement-0190f2c4-7d1e-7c3a-9f00-1b2c3d4e5f00","expected_version":null,"events":[{"id":"0190f2c4-7d1e-7c3a-9f00-000000000000","type":"agreement_adopted","data":{"title":"Medborgarlöften 2017","municipality":"Hagfors kommun","parties":["Hagfors kommun","Polisen"],"period":{"first_year":2017,"years":1},"focus_areas":[{"key":"ungdomar","name":"Ungdomar"}]}}]}"#;
    let good = r#"{"stream":"activity-0190f2c4-7d1e-7c3a-9f00-1b2c3d4e5f60","expected_version":null,"events":[{"id":"0190f2c4-7d1e-7c3a-9f00-000000000001","type":"activity_completed","data":{"kind":"serious_talk","facts":{"talks":2},"occurred":"2017-10-03","places":["Hagfors"],"responsible":["Polisen"],"summary":"Två allvarssamtal.","serves":{"agreement":"0190f2c4-7d1e-7c3a-9f00-1b2c3d4e5f00","focus_area":"ungdomar"}}}]}"#;
    let bad = good
        .replace(
            "0190f2c4-7d1e-7c3a-9f00-1b2c3d4e5f60",
            "0190f2c4-7d1e-7c3a-9f00-1b2c3d4e5f61",
        )
        .replace("-000000000001", "-000000000002")
        .replace("Två allvarssamtal.", "Samtal med 701063-2391.");
    std::fs::write(&file, format!("{agreement}\n{good}\n\n{bad}\n")).unwrap();

    let out = trygglogg(&["import", "--data", path(&data), path(&file)]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("bad.jsonl:4: events[0].data.summary"),
        "{stderr}"
    );
    assert!(
        !stderr.contains("701063"),
        "the number is never echoed: {stderr}"
    );
    assert_eq!(stderr.lines().count(), 1);

    // The good lines before it stay recorded.
    let out = trygglogg(&["verify", "--data", path(&data)]);
    assert!(
        text(&out.stdout).contains("2 events"),
        "{}",
        text(&out.stdout)
    );
}

#[test]
fn a_token_is_printed_once_listed_without_its_secret_and_revoked() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let create_with = |name: &str, role: &str, org: &str, more: &[&str]| {
        let mut args = vec![
            "token",
            "create",
            "--data",
            path(&data),
            "--role",
            role,
            "--org",
            org,
            "--name",
            name,
        ];
        args.extend_from_slice(more);
        trygglogg(&args)
    };
    let create = |name: &str, role: &str, org: &str| {
        create_with(name, role, org, &["--for", "Hagfors kommun"])
    };
    let out = create_with(
        "polis-4711",
        "reporter",
        "Polisen",
        &[
            "--for",
            "Hagfors kommun",
            "--for",
            "Torsby kommun",
            "--area",
            "LPO Norra Värmland",
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let token = text(&out.stdout).trim().to_owned();
    assert!(token.starts_with("tl_") && token.len() == 67, "{token}");

    let list = trygglogg(&["token", "list", "--data", path(&data)]);
    let listed = text(&list.stdout);
    assert!(listed.starts_with("NAME"), "{listed}");
    let row = listed.lines().nth(1).unwrap();
    assert!(
        row.starts_with(
            "polis-4711  reporter  Polisen       Hagfors kommun, Torsby kommun  LPO Norra Värmland"
        ),
        "{row}"
    );
    assert!(row.ends_with('-'), "not revoked: {row}");
    assert!(
        !listed.contains(&token[3..]),
        "the token is never shown again"
    );

    let out = trygglogg(&["token", "revoke", "--data", path(&data), "polis-4711"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let listed = text(&trygglogg(&["token", "list", "--data", path(&data)]).stdout);
    assert!(!listed.lines().nth(1).unwrap().ends_with('-'), "{listed}");

    let again = trygglogg(&["token", "revoke", "--data", path(&data), "polis-4711"]);
    assert_eq!(again.status.code(), Some(1));
    assert!(text(&again.stderr).contains("already revoked"));
    let bad_org = create("anna", "auditor", "Hagfors");
    assert_eq!(bad_org.status.code(), Some(1));
    assert!(
        text(&bad_org.stderr).contains("Hagfors kommun"),
        "{}",
        text(&bad_org.stderr)
    );
    let bad_role = create("anna", "superuser", "Polisen");
    assert_eq!(bad_role.status.code(), Some(2), "bad usage");
    let taken = create("polis-4711", "reporter", "Polisen");
    assert!(text(&taken.stderr).contains("exists already"));

    // Where a token may write is said when it is made, or it is not made.
    let refusals = [
        ("reporter", "Polisen", &[][..], "--for \"<Name> kommun\""),
        (
            "coordinator",
            "Torsby kommun",
            &["--for", "Hagfors kommun"][..],
            "serves Torsby kommun only",
        ),
        ("admin", "Hagfors kommun", &[][..], "--whole-service"),
        (
            "coordinator",
            "Hagfors kommun",
            &["--whole-service"][..],
            "admin tokens only",
        ),
    ];
    for (role, org, more, words) in refusals {
        let refused = create_with("ny", role, org, more);
        assert_eq!(refused.status.code(), Some(1), "{role} {org} {more:?}");
        assert!(
            text(&refused.stderr).contains(words),
            "{}",
            text(&refused.stderr)
        );
    }
    let admin = create_with("drift", "admin", "Hagfors kommun", &["--whole-service"]);
    assert!(
        text(&admin.stderr).contains("serving the whole service"),
        "{}",
        text(&admin.stderr)
    );
    let listed = text(&trygglogg(&["token", "list", "--data", path(&data)]).stdout);
    assert_eq!(
        listed.lines().count(),
        3,
        "only the two tokens made: {listed}"
    );
}

/// A `tokens.json` of tokens made before they named municipalities: `token
/// list` shows where each may write, and says which to make anew.
#[test]
fn older_tokens_are_listed_with_the_reach_they_kept() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    std::fs::create_dir_all(&data).unwrap();
    let sha256 = "0".repeat(64);
    std::fs::write(
        data.join("tokens.json"),
        format!(
            r#"{{"tokens": [
  {{"name": "polis", "role": "reporter", "organisation": "Polisen", "sha256": "{sha256}", "created": "2025-01-01T00:00:00Z"}},
  {{"name": "samordnare", "role": "coordinator", "organisation": "Hagfors kommun", "sha256": "{sha256}", "created": "2025-01-01T00:00:00Z"}}
]}}"#
        ),
    )
    .unwrap();
    let listed = text(&trygglogg(&["token", "list", "--data", path(&data)]).stdout);
    let rows: Vec<&str> = listed.lines().collect();
    assert!(
        rows[1].contains("the whole service (older token: create anew with --for)"),
        "{listed}"
    );
    let serves = |row: &str| {
        let cells: Vec<&str> = row
            .split("  ")
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .collect();
        cells[3].to_owned()
    };
    assert_eq!(serves(rows[0]), "SERVES");
    assert_eq!(serves(rows[2]), "Hagfors kommun", "{listed}");
}

#[test]
fn rebuild_folds_the_views_anew_from_the_log() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    assert!(trygglogg(&["import", "--data", path(&data), FIXTURE])
        .status
        .success());
    let checkpoint = data.join("projections").join("follow-up.bin");
    assert!(!checkpoint.exists(), "import builds no views");

    let out = trygglogg(&["rebuild", "--data", path(&data)]);
    let stderr = text(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    // The seed's 20 events: 14 lines, the last with the adoption and six commitments.
    assert!(
        stderr.starts_with("rebuilt the follow-up from 20 events"),
        "{stderr}"
    );
    let saved = std::fs::read(&checkpoint).unwrap();
    assert!(saved.starts_with(b"TLFOLLOW"), "the follow-up's checkpoint");

    let missing = tmp.path().join("none");
    let out = trygglogg(&["rebuild", "--data", path(&missing)]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("no event store in"));
}

#[test]
fn the_cache_size_is_checked_and_any_size_in_range_opens_the_log() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    store_with_events(&data, 3);
    // (--cache-mib, accepted)
    let cases = [
        ("8", true),
        ("256", true),
        ("65536", true),
        ("0", false),
        ("7", false),
        ("65537", false),
        ("lots", false),
        ("-1", false),
    ];
    for (mib, accepted) in cases {
        let flag = format!("--cache-mib={mib}");
        let out = trygglogg(&["verify", "--data", path(&data), &flag]);
        let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
        if accepted {
            assert!(out.status.success(), "{mib}: {stderr}");
            assert!(stdout.contains("3 events"), "{mib}: {stdout}");
        } else {
            assert_eq!(out.status.code(), Some(2), "{mib}: {stderr}");
            assert!(stderr.contains("--cache-mib"), "{mib}: {stderr}");
        }
    }
    let out = trygglogg(&["verify", "--data", path(&data), "--cache-mib", "7"]);
    assert!(
        text(&out.stderr).contains("8..=65536"),
        "says what is accepted"
    );

    let out = Command::new(env!("CARGO_BIN_EXE_trygglogg"))
        .args(["verify", "--data", path(&data)])
        .env("TRYGGLOGG_CACHE_MIB", "2")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "the variable is checked alike");
}
