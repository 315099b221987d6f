//! `import --server` and `verify --server`: the CLI beside a running
//! server, through its API, saying what a local import and verify say.

use std::path::Path;

use serde_json::json;
use uuid::Uuid;

use super::beside_server::Server;
use super::live_export::trygglogg_with_token;
use super::{path, text, trygglogg};

const SEED: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../events/fixtures/hagfors-2017.jsonl"
);

/// `n` lines, each a traffic control under the demo's 2018–2019 agreement,
/// with fixed ids (from `seed`); `summaries` replaces the summary of a line
/// (counted from 1).
fn year_of_controls(seed: u128, n: usize, summaries: &[(usize, &str)]) -> String {
    (1..=n)
        .map(|line| {
            let summary = summaries
                .iter()
                .find(|(l, _)| *l == line)
                .map_or(format!("Hastighetskontroll nr {line}."), |(_, s)| (*s).to_owned());
            let id = |kind: u128| Uuid::from_u128(seed << 64 | kind << 32 | line as u128);
            json!({"stream": format!("activity-{}", id(1)), "events": [{"id": id(2), "type": "activity_completed", "data": {
                "kind": "traffic_control", "facts": {"focus": ["speed"], "checked": 5},
                "serves": {"agreement": "5a1e0000-2018-4000-8000-000000000002", "focus_area": "trafikmiljon"},
                "occurred": "2019-05-05", "places": ["Hagfors"], "responsible": ["Polisen"],
                "summary": summary}}]})
            .to_string()
        })
        .map(|line| line + "\n")
        .collect()
}

/// What `import` says of `file` into a store of its own holding the demo's
/// seed: the message a local import gives.
fn local_import_says(dir: &Path, file: &Path) -> String {
    let data = dir.join("local");
    let seeded = trygglogg(&["import", "--data", path(&data), SEED]);
    assert!(seeded.status.success(), "{}", text(&seeded.stderr));
    let out = trygglogg(&["import", "--data", path(&data), path(file)]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    text(&out.stderr)
}

/// The server's head position, as `verify --server` reports it.
fn head(server: &Server) -> u64 {
    let out = trygglogg_with_token(
        server.token("auditor"),
        &["verify", "--server", &server.base],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let report = text(&out.stdout);
    let expected = format!("ok: {} holds an intact chain of ", server.base);
    assert!(report.starts_with(&expected), "{report}");
    let words: Vec<&str> = report.split_whitespace().collect();
    words[7].parse().unwrap()
}

fn append_requests(server: &Server) -> u64 {
    let metrics = reqwest::blocking::get(format!("{}/metrics", server.base))
        .unwrap()
        .text()
        .unwrap();
    metrics
        .lines()
        .filter(|l| l.starts_with("trygglogg_append_requests_total"))
        .map(|l| l.rsplit(' ').next().unwrap().parse::<u64>().unwrap())
        .sum()
}

#[test]
fn a_year_goes_in_a_few_requests_and_a_refused_line_is_named_as_a_local_import_names_it() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let file = tmp.path().join("year.jsonl");
    let server = Server::start(&data);
    let coordinator = server.token("coordinator");
    let args = ["import", "--server", &server.base, path(&file)];
    let seeded = head(&server);

    // A year of records: a handful of requests, not one per line.
    std::fs::write(&file, year_of_controls(1, 400, &[])).unwrap();
    let before = append_requests(&server);
    let out = trygglogg_with_token(coordinator, &args);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stderr).trim(),
        format!(
            "imported {} into {}: 400 lines, 400 events recorded, 0 already there",
            file.display(),
            server.base
        )
    );
    assert!(append_requests(&server) - before <= 3);
    assert_eq!(head(&server), seeded + 400);

    // Refused lines, deep in a batch: named with the local import's words,
    // every line before them recorded, nothing after.
    let refusals: [(&str, usize, &str); 2] = [
        ("a personnummer", 250, "Samtal med 640823-3234."),
        ("a summary too long", 17, &"x".repeat(5000)),
    ];
    for (seed, (what, line, summary)) in (2..).zip(refusals) {
        let start = head(&server);
        std::fs::write(&file, year_of_controls(seed, 300, &[(line, summary)])).unwrap();
        let local = local_import_says(&tmp.path().join(format!("l{seed}")), &file);
        let out = trygglogg_with_token(coordinator, &args);
        assert_eq!(out.status.code(), Some(1), "{what}");
        assert_eq!(text(&out.stderr), local, "{what}");
        assert!(
            local.starts_with(&format!(
                "trygglogg: {}:{line}: events[0].data.summary: ",
                file.display()
            )),
            "{what}: {local}"
        );
        assert!(!local.contains("640823"), "{what}");
        assert_eq!(head(&server), start + line as u64 - 1, "{what}");

        // Fixed, and run again: what is there is answered as such.
        std::fs::write(&file, year_of_controls(seed, 300, &[])).unwrap();
        let out = trygglogg_with_token(coordinator, &args);
        assert!(out.status.success(), "{what}: {}", text(&out.stderr));
        let said = text(&out.stderr);
        let counts = format!(
            "300 lines, {} events recorded, {} already there",
            301 - line,
            line - 1
        );
        assert!(said.trim().ends_with(&counts), "{what}: {said}");
        assert_eq!(head(&server), start + 300, "{what}");
    }

    // A new agreement, work serving it, a retraction in an activity's stream
    // and a commitment in the agreement's: each line builds on the ones
    // before, as in a local import.
    let agreement = Uuid::from_u128(0x5a1e_0000_2026_4000_8000_0000_0000_0026);
    let stream = format!("agreement-{agreement}");
    let fixed = |n: u128| Uuid::from_u128(1 << 100 | n);
    let adopted = json!({"stream": stream, "events": [{"id": fixed(1), "type": "agreement_adopted", "data": {
        "title": "Medborgarlöften 2026", "municipality": "Hagfors kommun",
        "parties": ["Hagfors kommun", "Polisen"], "period": {"first_year": 2026, "years": 1},
        "focus_areas": [{"key": "trafik", "name": "Trafikmiljön"}]}}]});
    let controls = year_of_controls(7, 3, &[])
        .replace(
            "5a1e0000-2018-4000-8000-000000000002",
            &agreement.to_string(),
        )
        .replace("trafikmiljon", "trafik")
        .replace("2019-05-05", "2026-01-05");
    let commitment = json!({"stream": stream, "events": [{"id": fixed(2), "type": "commitment_added", "data": {
        "key": "kontroller", "focus_area": "trafik", "title": "Trafikkontroller",
        "description": "Minst tre trafikkontroller per år.", "responsible": ["Polisen"],
        "activity_kinds": ["traffic_control"], "target": {"per_year": 3}}}]});
    let first_control = |kind: u128| Uuid::from_u128(7 << 64 | kind << 32 | 1);
    let retracted = json!({"stream": format!("activity-{}", first_control(1)), "events": [{"id": fixed(3), "type": "retraction", "data": {
        "target": first_control(2), "reason": "Registrerad två gånger."}}]});
    let agreement_file = format!("{adopted}\n{controls}{retracted}\n{commitment}\n");
    std::fs::write(&file, agreement_file).unwrap();
    let start = head(&server);
    let out = trygglogg_with_token(coordinator, &args);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let said = text(&out.stderr);
    assert!(
        said.trim()
            .ends_with("6 lines, 6 events recorded, 0 already there"),
        "{said}"
    );
    assert_eq!(head(&server), start + 6);

    // A token that may not write, or none: the server's or the CLI's reason.
    std::fs::write(&file, year_of_controls(9, 3, &[])).unwrap();
    let out = trygglogg_with_token(server.token("auditor"), &args);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains(":1: an auditor records only"),
        "{}",
        text(&out.stderr)
    );
    let out = trygglogg(&args);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stderr).trim(),
        "trygglogg: import --server needs a reporter's, coordinator's or admin's token in TRYGGLOGG_TOKEN"
    );
}

#[test]
fn verify_through_the_server_and_of_an_export_while_it_runs() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let export = tmp.path().join("live.jsonl");
    let server = Server::start(&data);
    let args = ["verify", "--server", &server.base];

    let out = trygglogg_with_token(server.token("admin"), &args);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let report = text(&out.stdout);

    // The same report as an export of the same log, verified offline while
    // the server runs.
    let auditor = server.token("auditor");
    let exported = trygglogg_with_token(
        auditor,
        &["export", "--server", &server.base, "--out", path(&export)],
    );
    assert!(exported.status.success(), "{}", text(&exported.stderr));
    let offline = trygglogg(&["verify", "--export", path(&export)]);
    assert!(offline.status.success(), "{}", text(&offline.stderr));
    assert_eq!(
        report.replacen(&server.base, "", 1),
        text(&offline.stdout).replacen(&export.display().to_string(), "", 1)
    );

    // Who may not read the raw log, or no token at all.
    let out = trygglogg_with_token(server.token("coordinator"), &args);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("refused to verify (403 Forbidden): "),
        "{}",
        text(&out.stderr)
    );
    let out = trygglogg(&args);
    assert_eq!(
        text(&out.stderr).trim(),
        "trygglogg: verify --server needs an auditor's or admin's token in TRYGGLOGG_TOKEN"
    );
    // Both at once is bad usage.
    let out = trygglogg(&[
        "verify",
        "--server",
        &server.base,
        "--export",
        path(&export),
    ]);
    assert_eq!(out.status.code(), Some(2));
}

/// A server whose walk outlasts a request: it answers `running` (202) to
/// the first `running` requests, then the outcome; each answer on a
/// connection of its own. Gives the requests' first lines.
fn verifying_server(running: usize) -> (String, std::thread::JoinHandle<Vec<String>>) {
    use std::io::{BufRead, BufReader, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let answers = std::thread::spawn(move || {
        let mut asked = Vec::new();
        for n in 0..=running {
            let (stream, _) = listener.accept().unwrap();
            let mut reader = BufReader::new(&stream);
            let mut line = String::new();
            reader.read_line(&mut line).unwrap();
            asked.push(line.trim().to_owned());
            while line != "\r\n" {
                line.clear();
                reader.read_line(&mut line).unwrap();
            }
            let (status, body) = match n < running {
                true => (
                    "202 Accepted\r\nRetry-After: 0",
                    json!({"status": "running", "checked": 40 * (n + 1), "head_position": 120,
                        "started": "2026-11-30T15:41:18Z"}),
                ),
                false => (
                    "200 OK",
                    json!({"status": "intact", "head_position": 120, "head_hash": "ab".repeat(32),
                        "head_recorded": null, "broken_at": null, "reason": null}),
                ),
            };
            let body = body.to_string();
            write!(
                &stream,
                "HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            )
            .unwrap();
        }
        asked
    });
    (base, answers)
}

#[test]
fn verify_through_a_server_still_walking_asks_again_until_it_has_the_outcome() {
    let (base, answers) = verifying_server(2);
    let out = trygglogg_with_token("tl_auditor", &["verify", "--server", &base]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout).trim(),
        format!(
            "ok: {base} holds an intact chain of 120 events; head position 120, hash {}",
            "ab".repeat(32)
        )
    );
    let asked = answers.join().unwrap();
    assert_eq!(asked, vec!["GET /api/v1/audit/verify HTTP/1.1"; 3]);
}
