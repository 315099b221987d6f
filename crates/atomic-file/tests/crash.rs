//! A process killed while it replaces a file leaves the old file or the new
//! one, whole. The child (`src/bin/crash_child.rs`) replaces one file with
//! 1 MiB of `a`, then of `b`, and so on, in 4 KiB writes; it is killed at
//! moments spread over its work until enough kills have landed while a new
//! version was being written (its partial file is there), with a bound.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use trygglogg_atomic_file::partial_path;

const SIZE: usize = 1 << 20;
/// Kills that must land while a new version is only partly written or not
/// yet renamed, for the test to show anything.
const KILLS_MID_WRITE: usize = 10;
/// The most kills tried before giving up: the machine may be slow.
const MAX_KILLS: usize = 200;

/// Whole, and one of the two versions: never a part of one, never a mix.
fn assert_whole(path: &Path, kill: usize) {
    let Ok(bytes) = std::fs::read(path) else {
        return; // killed before the first version was in place
    };
    assert_eq!(bytes.len(), SIZE, "kill {kill}: {} bytes", bytes.len());
    assert!(
        bytes.iter().all(|&b| b == bytes[0]) && matches!(bytes[0], b'a' | b'b'),
        "kill {kill}: a mix of versions"
    );
}

#[test]
fn a_kill_while_replacing_leaves_the_old_file_or_the_new_one_whole() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("file");
    let mut mid_write = 0;
    let mut kills = 0;
    while mid_write < KILLS_MID_WRITE {
        assert!(
            kills < MAX_KILLS,
            "only {mid_write} of {kills} kills landed while a new version was written"
        );
        let mut child = Command::new(env!("CARGO_BIN_EXE_trygglogg-atomic-file-crash-child"))
            .arg(&path)
            .arg(SIZE.to_string())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let mut started = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut started)
            .unwrap();
        assert_eq!(started, "replacing\n");
        // Spread over 0–19 ms: a few versions are written in that time.
        std::thread::sleep(Duration::from_millis((kills as u64 * 7) % 20));
        child.kill().unwrap();
        child.wait().unwrap();
        kills += 1;
        let partial = partial_path(&path);
        if partial.exists() {
            mid_write += 1;
            // What a killed writer leaves; the next one starts it anew.
            std::fs::remove_file(&partial).unwrap();
        }
        assert_whole(&path, kills);
    }
}
