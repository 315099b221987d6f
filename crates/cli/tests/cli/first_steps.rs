//! Plain `serve` on a store with no events or no tokens prints what to do
//! next, and nothing once both are there.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};

use super::{path, trygglogg};

/// The `next:` lines `serve` prints before it listens; the server is stopped.
fn next_steps(data: &Path) -> Vec<String> {
    let mut child = Command::new(env!("CARGO_BIN_EXE_trygglogg"))
        .args(["serve", "--addr", "127.0.0.1:0", "--data", path(data)])
        .env_remove("TRYGGLOGG_DATA")
        .env_remove("TRYGGLOGG_ADDR")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start trygglogg serve");
    let stdout = child.stdout.take().expect("its stdout");
    let mut next = Vec::new();
    for line in BufReader::new(stdout).lines() {
        let line = line.expect("a line of stdout");
        if line.starts_with("listening on") {
            break;
        }
        if line.starts_with("next:") {
            next.push(line);
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    next
}

#[test]
fn serve_says_what_to_do_until_the_store_has_events_and_tokens() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let fixture = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../events/fixtures/hagfors-2017.jsonl"
    );

    // (what was done before serving, asks for a token, asks for an import)
    let steps: [(&[&str], bool, bool); 3] = [
        (&[], true, true),
        (
            &[
                "token",
                "create",
                "--role",
                "admin",
                "--org",
                "Hagfors kommun",
                "--name",
                "ops",
                "--whole-service",
            ],
            false,
            true,
        ),
        (&["import", fixture], false, false),
    ];
    for (done, wants_token, wants_import) in steps {
        if !done.is_empty() {
            let mut args = done.to_vec();
            args.extend(["--data", path(&data)]);
            let out = trygglogg(&args);
            assert!(
                out.status.success(),
                "{done:?}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        let next = next_steps(&data).join("\n");
        assert_eq!(
            next.contains("trygglogg token create"),
            wants_token,
            "after {done:?}: {next}"
        );
        assert_eq!(
            next.contains("trygglogg import"),
            wants_import,
            "after {done:?}: {next}"
        );
        assert_eq!(
            next.contains("/docs"),
            wants_token || wants_import,
            "after {done:?}: {next}"
        );
    }
}
