//! The CLI while `trygglogg serve` holds the data directory: the commands
//! that need the store to themselves name the server at once.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use super::{path, store_with_events, text, trygglogg};

/// `trygglogg serve --demo` on `data` (the Hagfors seed, and a token for
/// each role), stopped with SIGTERM when dropped.
pub struct Server {
    pub child: Child,
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    /// The demo's tokens: (role, token).
    pub tokens: Vec<(String, String)>,
}

impl Server {
    pub fn start(data: &Path) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_trygglogg"))
            .args([
                "serve",
                "--demo",
                "--addr",
                "127.0.0.1:0",
                "--data",
                path(data),
            ])
            .env_remove("TRYGGLOGG_DATA")
            .env("RUST_LOG", "warn")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start trygglogg serve");
        let stdout = BufReader::new(child.stdout.take().unwrap());
        let mut lines = stdout.lines();
        let mut tokens = Vec::new();
        let base = loop {
            let line = lines
                .next()
                .expect("the server said where it listens")
                .unwrap();
            // "demo:   ROLE  ORGANISATION  (serves …)  TOKEN"
            if let Some(row) = line.strip_prefix("demo:   ") {
                let words: Vec<&str> = row.split_whitespace().collect();
                tokens.push((words[0].to_owned(), words[words.len() - 1].to_owned()));
            }
            if let Some(base) = line.strip_prefix("listening on ") {
                break base.to_owned();
            }
        };
        // Keep reading, so that the server never blocks on a full pipe.
        std::thread::spawn(move || lines.for_each(drop));
        Server {
            child,
            base,
            tokens,
        }
    }

    pub fn token(&self, role: &str) -> &str {
        let found = self.tokens.iter().find(|(r, _)| r == role);
        &found.expect("a demo token for the role").1
    }

    /// Stops the server as an operator would, and waits for it to exit.
    pub fn stop(mut self) {
        self.terminate();
    }

    fn terminate(&mut self) {
        let pid = rustix::process::Pid::from_raw(self.child.id() as i32).unwrap();
        let _ = rustix::process::kill_process(pid, rustix::process::Signal::TERM);
        let _ = self.child.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.terminate();
    }
}

#[test]
fn commands_that_need_the_store_name_the_server_that_holds_it() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let export = tmp.path().join("backup.jsonl");
    let import = tmp.path().join("import.jsonl");
    std::fs::write(&export, "").unwrap();
    std::fs::write(&import, "").unwrap();
    let server = Server::start(&data);
    let pid = server.child.id();
    let expected = format!(
        "trygglogg: the server (pid {pid}) is using {}: stop it first",
        data.display()
    );

    let d = path(&data);
    // (arguments, what the message ends with after "stop it first")
    let commands: [(&[&str], &str); 6] = [
        (&["verify", "--data", d], ", or use --server URL"),
        (&["export", "--data", d], ", or use --server URL"),
        (
            &["import", "--data", d, path(&import)],
            ", or use --server URL",
        ),
        (&["rebuild", "--data", d], ""),
        (&["restore", "--data", d, path(&export)], ""),
        (&["key", "create", "--rotate", "--data", d], ""),
    ];
    for (args, alternative) in commands {
        let started = Instant::now();
        let out = trygglogg(args);
        // At once: well before the store's own 5 s wait for the lock ends.
        assert!(started.elapsed() < Duration::from_secs(4), "{args:?}");
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let message = format!("{expected}{alternative}");
        assert_eq!(text(&out.stderr).trim(), message, "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?}");
    }

    // Once the server has stopped, its pid file is gone and the store opens.
    server.stop();
    assert!(!data.join("serve.pid").exists());
    let out = trygglogg(&["verify", "--data", d]);
    assert!(out.status.success(), "{}", text(&out.stderr));
}

#[test]
fn a_server_stopped_as_soon_as_it_listens_removes_its_pid_file() {
    // SIGTERM at once after "listening on", while the routes are still being
    // built: a clean stop, not the signal's default death.
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    for _ in 0..3 {
        Server::start(&data).stop();
        assert!(!data.join("serve.pid").exists());
    }
}

#[test]
fn a_second_server_on_the_same_directory_names_the_first_at_once() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let server = Server::start(&data);
    let started = Instant::now();
    let out = trygglogg(&["serve", "--data", path(&data), "--addr", "127.0.0.1:0"]);
    // At once: well before the store's own 5 s wait for the lock ends.
    assert!(started.elapsed() < Duration::from_secs(4));
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stderr).trim(),
        format!(
            "trygglogg: the server (pid {}) is already serving {}",
            server.child.id(),
            data.display()
        )
    );
    // The first goes on serving, and keeps its pid file.
    let health = reqwest::blocking::get(format!("{}/healthz", server.base)).unwrap();
    assert!(health.status().is_success());
    assert!(data.join("serve.pid").is_file());
}

#[test]
fn a_pid_file_left_behind_without_the_lock_is_ignored() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    store_with_events(&data, 2);
    // A server killed outright leaves its pid file; the pid may since name
    // another live process (here: this test's own).
    std::fs::write(data.join("serve.pid"), format!("{}\n", std::process::id())).unwrap();

    let out = trygglogg(&["verify", "--data", path(&data)]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).starts_with("ok: "));
}

#[test]
fn a_server_that_cannot_write_its_pid_file_serves_all_the_same() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    // Something in the way of the pid file, as a full disk would be.
    std::fs::create_dir_all(data.join("serve.pid")).unwrap();
    let server = Server::start(&data);
    let health = reqwest::blocking::get(format!("{}/healthz", server.base)).unwrap();
    assert!(health.status().is_success());
    server.stop();
    assert!(data.join("serve.pid").is_dir());
}
