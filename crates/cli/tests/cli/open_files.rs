//! `serve` under an open-file limit: a connection cap that would not fit is
//! lowered to what fits, and said; one that fits is left alone.

use std::io::{BufRead, BufReader, Read};
use std::process::{Command, Stdio};

use super::path;

/// `trygglogg serve` under `ulimit -n limit`: its first line on stdout after
/// the `next:` steps an empty store is shown, and everything on stderr until
/// it was stopped.
fn serve_under(limit: u32) -> (String, String) {
    let tmp = tempfile::tempdir().unwrap();
    let script = format!(r#"ulimit -n {limit} && exec "$0" serve --addr 127.0.0.1:0 --data "$1""#);
    let mut child = Command::new("sh")
        .args(["-c", &script, env!("CARGO_BIN_EXE_trygglogg")])
        .arg(path(&tmp.path().join("data")))
        .env_remove("TRYGGLOGG_DATA")
        .env_remove("TRYGGLOGG_MAX_CONNECTIONS")
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    while first.is_empty() || first.starts_with("next:") {
        first.clear();
        if stdout.read_line(&mut first).unwrap() == 0 {
            break;
        }
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    (first, stderr)
}

#[test]
fn a_connection_cap_over_the_open_file_limit_is_lowered_and_said() {
    let (first, stderr) = serve_under(200);
    assert!(first.starts_with("listening on http://"), "{first}{stderr}");
    assert!(
        stderr.contains("at most 136 connections, not 1024")
            && stderr.contains("the open-file limit is 200"),
        "{stderr}"
    );

    let (first, stderr) = serve_under(4096);
    assert!(first.starts_with("listening on http://"), "{first}{stderr}");
    assert!(!stderr.contains("connections, not"), "{stderr}");
}
