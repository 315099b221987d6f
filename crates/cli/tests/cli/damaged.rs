//! A store whose files are damaged, as an operator meets one: `verify` names
//! the first position it cannot read (exit 3), `serve` refuses to start on a
//! log it cannot read to the head, or reports `degraded` once a read meets
//! the damage, and a damaged `conf` is said to be damaged, with the way out.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use trygglogg_events::{
    encode, parse_event, EventMetadata, StreamCategory, StreamName, ValidationContext,
};
use trygglogg_store::{Direction, ExpectedVersion, NewEvent, Store, SEGMENT_SIZE};

use super::{path, text, trygglogg};

/// Events written to the damaged store: over two sled segments of them.
const EVENTS: u64 = 2400;
/// The events that may be damaged, early in the log: the first of them whose
/// every copy sled keeps lies outside the segment it writes to last. Which one
/// that is depends on sled's segment cleaner, which moves live pages on (the
/// more so since the Merkle tree's keys are written beside the events).
const CANDIDATES: std::ops::RangeInclusive<u64> = 21..=80;

/// The day the events are checked against (any day after what they say).
fn context() -> ValidationContext {
    ValidationContext::new(chrono::NaiveDate::from_ymd_opt(2019, 6, 1).unwrap())
}

fn marker(n: u64) -> String {
    format!("damage-{n:04}-").repeat(40)
}

/// A store of [`EVENTS`] events, opened and closed once more (so that sled
/// keeps a snapshot and does not read its old segments when it opens), with
/// every copy of one of the [`CANDIDATES`]' bytes in the `db` file overwritten
/// outside the segment sled writes to last: the way a bad sector or a stray
/// write damages an old page. sled's checksum of that page then fails when
/// it is read, not when the store opens. With `checkpoint`, the follow-up's
/// checkpoint is at the head, as a server that had followed the log all
/// along would have left it: built by `rebuild` in an undamaged copy (the
/// same log), so that nothing else opens this store before the damage.
/// Returns the position damaged. sled's cleaner may have moved every
/// candidate's page into the last segment (more likely on a loaded machine,
/// which flushes more often); then the store is made again, a few times.
fn damaged_store(dir: &Path, checkpoint: bool) -> u64 {
    for _ in 0..6 {
        for made in [dir.to_path_buf(), dir.with_extension("copy")] {
            if made.exists() {
                std::fs::remove_dir_all(made).unwrap();
            }
        }
        if let Some(damaged) = try_damaged_store(dir, checkpoint) {
            return damaged;
        }
    }
    panic!("in six stores, no candidate event was only in old segments");
}

fn try_damaged_store(dir: &Path, checkpoint: bool) -> Option<u64> {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    {
        let store = Store::open(dir).unwrap();
        // Real events, since every view folds every stream: cancellations,
        // whose reason (at most 1000 characters, so two bytes each) carries
        // the bytes.
        let pad = "å".repeat(750);
        runtime.block_on(async {
            for batch in 0..EVENTS / 100 {
                let events = (batch * 100 + 1..=batch * 100 + 100)
                    .map(|n| {
                        let text = if CANDIDATES.contains(&n) {
                            marker(n)
                        } else {
                            pad.clone()
                        };
                        let data = serde_json::json!({ "reason": format!("{n} {text}") });
                        let event =
                            parse_event("activity_cancelled", None, &data, &context()).unwrap();
                        let encoded = encode(&event);
                        NewEvent {
                            id: uuid::Uuid::now_v7(),
                            event_type: encoded.event_type.into(),
                            data: encoded.raw_data(),
                            metadata: EventMetadata::for_event(&encoded, "polis-1", "Polisen")
                                .raw(),
                        }
                    })
                    .collect();
                let stream = StreamName::new(
                    StreamCategory::Activity,
                    uuid::Uuid::from_u128(u128::from(batch % 7)),
                );
                store
                    .append(stream, ExpectedVersion::Any, events)
                    .await
                    .unwrap();
            }
        });
    }
    drop(Store::open(dir).unwrap());
    if checkpoint {
        let copy = dir.with_extension("copy");
        std::fs::create_dir_all(copy.join("blobs")).unwrap();
        for file in std::fs::read_dir(dir).unwrap() {
            let file = file.unwrap();
            if file.file_type().unwrap().is_file() {
                std::fs::copy(file.path(), copy.join(file.file_name())).unwrap();
            }
        }
        let out = trygglogg(&["rebuild", "--data", path(&copy)]);
        assert!(out.status.success(), "{}", text(&out.stderr));
        std::fs::create_dir_all(dir.join("projections")).unwrap();
        let file = Path::new("projections").join("follow-up.bin");
        std::fs::copy(copy.join(&file), dir.join(&file)).unwrap();
    }
    let db = dir.join("db");
    let mut bytes = std::fs::read(&db).unwrap();
    let last_segment = (bytes.len() - 1) / SEGMENT_SIZE * SEGMENT_SIZE;
    let copies = |n: u64| -> Vec<usize> {
        let marker = marker(n).into_bytes();
        bytes
            .windows(marker.len())
            .enumerate()
            .filter(|(_, window)| *window == marker.as_slice())
            .map(|(at, _)| at)
            .collect()
    };
    let (damaged, found) = CANDIDATES
        .map(|n| (n, copies(n)))
        .find(|(_, found)| !found.is_empty() && found.iter().all(|&at| at < last_segment))?;
    for at in found {
        bytes[at..at + 10].copy_from_slice(b"DAMAGED!!!");
    }
    std::fs::write(&db, bytes).unwrap();
    Some(damaged)
}

#[test]
fn verify_names_the_first_position_of_a_damaged_store_it_cannot_read() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let damaged = damaged_store(&data, false);

    let out = trygglogg(&["verify", "--data", path(&data)]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "one line: {stderr}");
    assert!(
        stderr.contains("cannot be read: the store's files are damaged"),
        "{stderr}"
    );
    assert!(stderr.contains("trygglogg restore --data"), "{stderr}");
    assert!(
        !stderr.contains("Read corrupted data"),
        "not sled's words: {stderr}"
    );
    // The position named is the first one that cannot be read: every one
    // before it can, and it cannot.
    let named: u64 = stderr
        .split("breaks at position ")
        .nth(1)
        .and_then(|rest| rest.split(':').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("a position: {stderr}"));
    assert!((1..=damaged).contains(&named), "{stderr}");
    let store = Store::open(&data).unwrap();
    let before = store.read_all(1, Direction::Forward, named as usize - 1);
    assert_eq!(
        before.map(|events| events.len()).ok(),
        Some(named as usize - 1)
    );
    assert!(store.read_all(named, Direction::Forward, 1).is_err());
}

/// `trygglogg serve` on `data`, until its `listening on` line (the address)
/// or its exit (its status and stderr).
fn serve(data: &Path) -> Result<(Child, String), (Option<i32>, String)> {
    let mut child = Command::new(env!("CARGO_BIN_EXE_trygglogg"))
        .args(["serve", "--addr", "127.0.0.1:0", "--data", path(data)])
        .env_remove("TRYGGLOGG_DATA")
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut seen = String::new();
    let mut buffer = [0; 256];
    let deadline = Instant::now() + Duration::from_secs(60);
    while Instant::now() < deadline {
        if let Some(line) = seen.lines().find(|l| l.starts_with("listening on http://")) {
            let addr = line.trim_start_matches("listening on http://").to_owned();
            return Ok((child, addr));
        }
        match stdout.read(&mut buffer) {
            Ok(0) | Err(_) => break,
            Ok(n) => seen.push_str(&String::from_utf8_lossy(&buffer[..n])),
        }
    }
    let status = child.wait().unwrap();
    let mut stderr = Vec::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_end(&mut stderr)
        .unwrap();
    Err((status.code(), text(&stderr)))
}

/// A GET over plain HTTP/1.1: the status and the body.
fn get(addr: &str, target: &str, token: Option<&str>) -> (u16, String) {
    let mut stream = TcpStream::connect(addr).unwrap();
    let auth = token.map_or(String::new(), |t| format!("Authorization: Bearer {t}\r\n"));
    write!(
        stream,
        "GET {target} HTTP/1.1\r\nHost: {addr}\r\n{auth}Connection: close\r\n\r\n"
    )
    .unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    let status = answer[9..12].parse().unwrap();
    let body = answer
        .split_once("\r\n\r\n")
        .map_or("", |(_, b)| b)
        .to_owned();
    (status, body)
}

#[test]
fn serve_checks_the_log_to_the_head_and_reports_damage_it_meets_as_degraded() {
    let tmp = tempfile::tempdir().unwrap();
    let (data, followed) = (tmp.path().join("data"), tmp.path().join("followed"));
    damaged_store(&data, false);
    damaged_store(&followed, true);

    // No checkpoint: the follow-up is folded from position 1, through the
    // damage. Start-up fails, naming where and what to do.
    let (code, stderr) = serve(&data).map(|_| ()).expect_err("serve must not start");
    assert_eq!(code, Some(1), "{stderr}");
    let last = stderr.lines().last().unwrap_or_default();
    assert!(
        last.contains("cannot build the follow-up from the log")
            && last.contains("the store's files are damaged at position")
            && last.contains("trygglogg restore --data"),
        "{stderr}"
    );

    // With a checkpoint at the head, start-up reads only the head: the
    // server starts, is healthy, and turns degraded once a read meets the
    // damage (and stays so: damaged files do not mend).
    let out = trygglogg(&[
        "token",
        "create",
        "--data",
        path(&followed),
        "--role",
        "auditor",
        "--org",
        "Hagfors kommun",
        "--name",
        "revisor",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let token = text(&out.stdout).trim().to_owned();
    let (mut child, addr) = serve(&followed).unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(get(&addr, "/healthz", None).0, 200);
    let (status, _) = get(&addr, "/api/v1/events?after=0&limit=1000", Some(&token));
    assert_eq!(status, 503);
    for _ in 0..2 {
        let (status, body) = get(&addr, "/healthz", None);
        assert_eq!(status, 503, "{body}");
        assert!(
            body.contains("degraded: the store's files are damaged at position"),
            "{body}"
        );
    }
    let (status, body) = get(&addr, "/api/v1/audit/verify", Some(&token));
    assert_eq!(status, 200, "{body}");
    assert!(
        body.contains(r#""status":"broken""#) && body.contains("damaged"),
        "{body}"
    );
    let _ = child.kill();
    let _ = child.wait();
}

#[test]
fn a_damaged_conf_file_is_said_to_be_damaged_with_the_way_to_restore() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    super::store_with_events(&data, 3);
    // sled's settings are `<data>/conf`: `key: value` lines and a CRC.
    let conf = data.join("conf");
    assert!(text(&std::fs::read(&conf).unwrap()).contains("segment_size: "));
    let cases: [(&str, &[u8]); 3] = [
        (
            "not UTF-8",
            b"\xff\xfe\x00garbage that is no configuration at all",
        ),
        (
            "not key: value lines",
            b"garbage\nthat is no\nconfiguration at all\n",
        ),
        (
            "another segment size",
            b"segment_size: 1024\nuse_compression: false\nversion: 0.34\n\0\0\0\0",
        ),
    ];
    for (name, garbage) in cases {
        std::fs::write(&conf, garbage).unwrap();
        for command in ["verify", "export"] {
            let out = trygglogg(&[command, "--data", path(&data)]);
            let stderr = text(&out.stderr);
            assert_eq!(out.status.code(), Some(1), "{name}, {command}: {stderr}");
            assert!(
                stderr.contains("the store's files are damaged")
                    && stderr.contains("`trygglogg restore --data NEW_DIR backup.jsonl`"),
                "{name}, {command}: {stderr}"
            );
            assert!(!stderr.contains("0.29"), "not sled's words: {stderr}");
        }
        let (code, stderr) = serve(&data).map(|_| ()).expect_err("serve must not start");
        assert_eq!(code, Some(1), "{name}: {stderr}");
        assert!(
            stderr.contains("the store's files are damaged"),
            "{name}: {stderr}"
        );
    }
}
