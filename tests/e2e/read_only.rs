//! A data directory that cannot be written: at start-up (a tmpfs remounted
//! read-only) a clear error and a non-zero exit; while running, a 503 that
//! says so, and recovery once writes are taken again.
//!
//! While running, Linux refuses `mount -o remount,ro` (EBUSY) as long as the
//! server holds its database open for writing, so a filesystem only turns
//! read-only under a running service through the kernel's own error handling
//! (ext4's errors=remount-ro), from which there is no way back without
//! unmounting. The running case is therefore made with strace's fault
//! injection: the server's writes and syncs get EROFS (then EIO) from the
//! system calls themselves, until strace detaches.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::ledger::{
    assert_refused, assert_verified_or_refused, set_up_agreement, Ledger, Request,
};
use crate::mount::Mount;
use crate::server::{binary, Server};

#[test]
fn a_read_only_data_directory_stops_start_up_with_a_clear_error() {
    let data = tempfile::tempdir().expect("a temporary directory");
    let (store, empty) = (data.path().join("store"), data.path().join("empty"));
    let mount = Mount::tmpfs(&store, "16m");
    let empty_mount = Mount::tmpfs(&empty, "1m");
    let seed = Path::new(env!("CARGO_MANIFEST_DIR")).join("../events/fixtures/hagfors-2017.jsonl");
    let made = Command::new(binary())
        .arg("import")
        .arg(seed)
        .arg("--data")
        .arg(&store)
        .output()
        .expect("run trygglogg import");
    assert!(made.status.success(), "{made:?}");
    mount.remount("ro");
    empty_mount.remount("ro");

    for dir in [&store, &empty] {
        let (code, stderr) = serve_until_exit(dir);
        assert_eq!(code, Some(1), "{}: {stderr}", dir.display());
        assert_eq!(stderr.lines().count(), 1, "one line: {stderr}");
        assert!(
            stderr.starts_with("trygglogg: cannot open the store in")
                && stderr.contains("the data directory of the event log is read-only"),
            "{stderr}"
        );
        assert!(!stderr.contains("panicked"), "{stderr}");
    }

    // Writable again: the same directory serves.
    mount.remount("rw");
    let server = Server::start_in(data, &[]);
    // Bound again to be dropped (unmounted, lazily) before the server's data
    // directory is removed, also when the test fails.
    let _mounts = (mount, empty_mount);
    assert_eq!(server.get("/healthz", None).status, 200);
}

/// Runs `trygglogg serve --data dir`, which must end by itself: its exit code
/// and what it said on stderr.
fn serve_until_exit(dir: &Path) -> (Option<i32>, String) {
    let mut child = Command::new(binary())
        .args(["serve", "--addr", "127.0.0.1:0", "--data"])
        .arg(dir)
        .env_remove("TRYGGLOGG_DATA")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start trygglogg serve");
    let deadline = Instant::now() + Duration::from_secs(30);
    while child.try_wait().expect("a child").is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("serve on a read-only {} did not exit", dir.display());
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let output = child.wait_with_output().expect("its output");
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn writes_refused_by_the_filesystem_while_running_are_recovered_from() {
    let mut server = Server::start();
    let tokens = server.tokens();
    let agreement = set_up_agreement(&server, &tokens.coordinator);
    let mut ledger = Ledger::default();
    for (errno, words) in [
        ("EROFS", "the data directory of the event log is read-only"),
        ("EIO", "the disk of the event log failed to write"),
    ] {
        for _ in 0..3 {
            let answer = ledger.send(&server, &tokens.reporter, &Request::activity(agreement));
            assert_eq!(answer.status, 201, "{}", answer.text);
        }
        let injection = Injection::start(server.pid(), errno);
        let request = Request::activity(agreement);
        let refused = ledger.send(&server, &tokens.reporter, &request);
        assert_refused(&refused, words);
        let again = ledger.send(&server, &tokens.reporter, &Request::activity(agreement));
        assert_refused(&again, words);
        assert_verified_or_refused(&server, &tokens.auditor, words);
        let head = 2 + ledger.acknowledged() as u64;

        drop(injection);
        let recovered =
            ledger.send_until_recorded(&server, &tokens.reporter, &request, head, words);
        eprintln!(
            "{errno}: refused with 503 while injected; recorded {recovered:?} after it ended"
        );
        ledger.assert_log(&server, &tokens.auditor, errno);
    }
    server.kill_and_restart();
    ledger.assert_log(&server, &tokens.auditor, "after a restart");
}

/// strace attached to the server, failing its file writes and syncs with
/// `errno` until dropped.
struct Injection {
    strace: Child,
}

impl Injection {
    fn start(pid: u32, errno: &str) -> Injection {
        let calls = "pwrite64,pwritev,pwritev2,fsync,fdatasync,sync_file_range";
        let mut strace = Command::new("strace")
            .args(["-f", "-o", "/dev/null", "-e"])
            .arg(format!("trace={calls}"))
            .arg("-e")
            .arg(format!("inject={calls}:error={errno}"))
            .args(["-p", &pid.to_string()])
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("this test needs strace (apt-get install strace): {e}"));
        // strace says when it has attached; every thread follows at once.
        let stderr = strace.stderr.take().expect("piped stderr");
        let mut lines = BufReader::new(stderr).lines();
        match lines.next() {
            Some(Ok(line)) if line.contains("attached") => {}
            other => panic!("strace did not attach to {pid}: {other:?}"),
        }
        // Reads the rest, so that strace never blocks on a full pipe.
        std::thread::spawn(move || lines.for_each(drop));
        std::thread::sleep(Duration::from_millis(300));
        Injection { strace }
    }
}

impl Drop for Injection {
    /// SIGINT makes strace detach, leaving the server running untraced.
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-INT", &self.strace.id().to_string()])
            .status();
        let _ = self.strace.wait();
    }
}
