//! `GET /api/v1/export`: a backup from a running server that restores and
//! verifies like any export, byte for byte the one `trygglogg export` writes.

use reqwest::blocking::Client;
use reqwest::StatusCode;

use std::process::{Command, Output};

use super::beside_server::Server;
use super::{path, text, trygglogg};

/// `trygglogg` with `TRYGGLOGG_TOKEN` set to `token`.
pub fn trygglogg_with_token(token: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_trygglogg"))
        .args(args)
        .env_remove("TRYGGLOGG_DATA")
        .env("TRYGGLOGG_TOKEN", token)
        .output()
        .expect("run trygglogg")
}

#[test]
fn an_export_over_http_restores_verifies_and_equals_the_cli_export() {
    let tmp = tempfile::tempdir().unwrap();
    let (data, copy) = (tmp.path().join("data"), tmp.path().join("copy"));
    let (live, offline) = (
        tmp.path().join("live.jsonl"),
        tmp.path().join("offline.jsonl"),
    );
    let server = Server::start(&data);
    let url = format!("{}/api/v1/export", server.base);
    let client = Client::new();

    for role in ["auditor", "admin"] {
        let response = client
            .get(&url)
            .bearer_auth(server.token(role))
            .send()
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{role}");
        let header = |name: &str| {
            let value = response.headers().get(name).expect(name);
            value.to_str().unwrap().to_owned()
        };
        assert_eq!(header("content-type"), "application/jsonl");
        let head: u64 = header("trygglogg-head-position").parse().unwrap();
        let hash = header("trygglogg-head-hash");
        let body = response.bytes().unwrap();
        assert!(head > 0, "the demo's seed is in the log");
        assert_eq!(body.iter().filter(|&&b| b == b'\n').count() as u64, head);
        let last = body[..body.len() - 1]
            .rsplit(|&b| b == b'\n')
            .next()
            .unwrap();
        assert!(text(last).starts_with(&format!("{{\"hash\":\"{hash}\"")));
        std::fs::write(&live, &body).unwrap();
    }

    // Who may not read the log gets a problem, not the log.
    let refused = [
        (Some(server.token("reporter")), StatusCode::FORBIDDEN),
        (Some(server.token("coordinator")), StatusCode::FORBIDDEN),
        (None, StatusCode::UNAUTHORIZED),
    ];
    for (token, status) in refused {
        let mut request = client.get(&url);
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        let response = request.send().unwrap();
        assert_eq!(response.status(), status, "{token:?}");
        let content_type = response.headers().get("content-type").unwrap();
        assert_eq!(content_type, "application/problem+json");
    }

    // `export --server` writes the same file, and names a refusal.
    let remote = tmp.path().join("remote.jsonl");
    let args = ["export", "--server", &server.base, "--out", path(&remote)];
    let out = trygglogg_with_token(server.token("auditor"), &args);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(
        std::fs::read(&remote).unwrap(),
        std::fs::read(&live).unwrap()
    );
    let out = trygglogg_with_token(server.token("reporter"), &args);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("(403 Forbidden): "),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(
        std::fs::read(&remote).unwrap(),
        std::fs::read(&live).unwrap()
    );
    let out = trygglogg(&args);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("TRYGGLOGG_TOKEN"));

    server.stop();
    let out = trygglogg(&["export", "--data", path(&data), "--out", path(&offline)]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(
        std::fs::read(&live).unwrap(),
        std::fs::read(&offline).unwrap()
    );

    let out = trygglogg(&["verify", "--export", path(&live)]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = trygglogg(&["restore", "--data", path(&copy), path(&live)]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = trygglogg(&["verify", "--data", path(&copy)]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).starts_with("ok: "));
}
