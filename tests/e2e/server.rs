//! A `trygglogg serve` process on a free port, killed when dropped, and the
//! HTTP and CLI calls the tests make against it.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use reqwest::blocking::{Client, RequestBuilder};
use reqwest::Method;
use serde_json::Value;
use uuid::Uuid;

use crate::requests::{
    activity_completed, activity_stream, agreement_adopted, agreement_stream, body,
    commitment_added,
};

/// How long the server may take to start, and a request to be answered.
const PATIENCE: Duration = Duration::from_secs(30);

/// The `trygglogg` binary next to this test executable
/// (`target/<profile>/deps/e2e-…` → `target/<profile>/trygglogg`).
pub fn binary() -> PathBuf {
    let exe = std::env::current_exe().expect("the test executable has a path");
    let profile_dir = exe
        .parent()
        .and_then(Path::parent)
        .expect("the test executable is in target/<profile>/deps");
    let binary = profile_dir.join(format!("trygglogg{}", std::env::consts::EXE_SUFFIX));
    assert!(
        binary.is_file(),
        "{} is missing: run `cargo build -p trygglogg-cli` first (`cargo test --workspace` builds it)",
        binary.display()
    );
    binary
}

/// Starts `trygglogg serve` on `data` and waits for its `listening on` line;
/// its log is appended to `data/server.log`.
fn spawn(data: &Path, flags: &[&str]) -> (Child, String) {
    let log = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(data.join("server.log"))
        .expect("a log file");
    let mut child = Command::new(binary())
        .args(["serve", "--addr", "127.0.0.1:0"])
        .args(flags)
        .arg("--data")
        .arg(data.join("store"))
        .env_remove("TRYGGLOGG_DATA")
        .env_remove("TRYGGLOGG_ADDR")
        .env("RUST_LOG", "info")
        .stdout(Stdio::piped())
        .stderr(log)
        .spawn()
        .expect("start trygglogg serve");
    let stdout = child.stdout.take().expect("piped stdout");
    let (lines, received) = mpsc::channel();
    // Reads stdout to its end, so the server never blocks on a full pipe.
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = lines.send(line);
        }
    });
    let deadline = Instant::now() + PATIENCE;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match received.recv_timeout(left) {
            Ok(line) => {
                if let Some(address) = line.strip_prefix("listening on ") {
                    return (child, address.trim().to_owned());
                }
            }
            Err(_) => {
                let _ = child.kill();
                let _ = child.wait();
                let log = std::fs::read_to_string(data.join("server.log"));
                panic!("the server did not say where it listens; its log:\n{log:?}");
            }
        }
    }
}

/// A running server with its own data directory.
pub struct Server {
    child: Child,
    pub base: String,
    data: tempfile::TempDir,
    client: Client,
}

/// An HTTP answer, read whole.
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub headers: reqwest::header::HeaderMap,
    pub content_type: String,
    pub body: Value,
    pub text: String,
}

/// Who sends a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Who {
    Public,
    Reporter,
    Coordinator,
    Auditor,
    Admin,
}

impl Who {
    pub const ALL: [Who; 5] = [
        Who::Public,
        Who::Reporter,
        Who::Coordinator,
        Who::Auditor,
        Who::Admin,
    ];
}

/// A token of each role, made with `trygglogg token create`.
pub struct Tokens {
    pub reporter: String,
    pub coordinator: String,
    pub auditor: String,
    pub admin: String,
}

impl Tokens {
    pub fn of(&self, who: Who) -> Option<&str> {
        match who {
            Who::Public => None,
            Who::Reporter => Some(&self.reporter),
            Who::Coordinator => Some(&self.coordinator),
            Who::Auditor => Some(&self.auditor),
            Who::Admin => Some(&self.admin),
        }
    }
}

impl Server {
    /// Starts `trygglogg serve --addr 127.0.0.1:0` on a new data directory and
    /// waits for its `listening on http://ADDR` line.
    pub fn start() -> Server {
        Server::start_with(&[])
    }

    /// Starts `trygglogg serve --demo`: the Hagfors 2017 seed is recorded
    /// (and the views caught up) before it listens.
    pub fn start_demo() -> Server {
        Server::start_with(&["--demo"])
    }

    fn start_with(flags: &[&str]) -> Server {
        Server::start_in(tempfile::tempdir().expect("a temporary directory"), flags)
    }

    /// Starts `trygglogg serve` on a data directory the caller prepared: the
    /// store is `data/store`, where a test may have mounted a filesystem.
    pub fn start_in(data: tempfile::TempDir, flags: &[&str]) -> Server {
        let (child, base) = spawn(data.path(), flags);
        let client = Client::builder()
            .timeout(PATIENCE)
            .build()
            .expect("an HTTP client");
        Server {
            child,
            base,
            data,
            client,
        }
    }

    /// Kills the server with SIGKILL, as a power cut would, and starts it
    /// again on the same data (on a new port).
    pub fn kill_and_restart(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let (child, base) = spawn(self.data.path(), &[]);
        self.child = child;
        self.base = base;
    }

    pub fn store_dir(&self) -> PathBuf {
        self.data.path().join("store")
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Waits for the process to end by itself, for at most `patience`.
    pub fn wait_for_exit(&mut self, patience: Duration) -> Option<std::process::ExitStatus> {
        let deadline = Instant::now() + patience;
        while Instant::now() < deadline {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Some(status);
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        None
    }

    /// Runs `trygglogg <args> --data <this server's store>`.
    pub fn cli(&self, args: &[&str]) -> std::process::Output {
        let output = Command::new(binary())
            .args(args)
            .arg("--data")
            .arg(self.store_dir())
            .env_remove("TRYGGLOGG_DATA")
            .output()
            .expect("run trygglogg");
        assert!(
            output.status.success(),
            "trygglogg {args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        output
    }

    /// Issues a token with `trygglogg token create` and waits until the
    /// running server accepts it (it re-reads the token file within a second).
    /// A Polisen or admin token serves Hagfors kommun, where the tests'
    /// agreements are; a municipality's token serves its own.
    pub fn token(&self, role: &str, organisation: &str, name: &str) -> String {
        self.token_with(
            role,
            organisation,
            name,
            &serving_hagfors(role, organisation),
        )
    }

    /// Issues a token with more flags of `token create` (`--for`,
    /// `--whole-service`, `--area`) and waits until the server accepts it.
    pub fn token_with(&self, role: &str, organisation: &str, name: &str, flags: &[&str]) -> String {
        let token = self.create_token(role, organisation, name, flags);
        self.await_accepted(&[&token]);
        token
    }

    fn create_token(&self, role: &str, organisation: &str, name: &str, flags: &[&str]) -> String {
        let mut args = vec![
            "token",
            "create",
            "--role",
            role,
            "--org",
            organisation,
            "--name",
            name,
        ];
        args.extend_from_slice(flags);
        let output = self.cli(&args);
        String::from_utf8_lossy(&output.stdout).trim().to_owned()
    }

    /// Waits out the server's reload of the token file before presenting the
    /// new tokens: every refused token counts towards the throttle on
    /// guessing, so polling with them would soon be held up.
    fn await_accepted(&self, tokens: &[&str]) {
        std::thread::sleep(Duration::from_millis(1100));
        for token in tokens {
            self.wait_until(
                |server| server.probe(token) != 401,
                "the new token is accepted",
            );
        }
    }

    /// Revokes a token with `trygglogg token revoke` and waits until the server
    /// refuses it.
    pub fn revoke(&self, name: &str, token: &str) {
        self.cli(&["token", "revoke", name]);
        self.wait_until(
            |server| server.probe(token) == 401,
            "the revoked token is refused",
        );
    }

    /// One token of each role, all serving Hagfors kommun: a reporter of
    /// Polisen, the others of Hagfors kommun.
    pub fn tokens(&self) -> Tokens {
        let token = |role: &str, organisation: &str, name: &str| {
            let flags = serving_hagfors(role, organisation);
            self.create_token(role, organisation, name, &flags)
        };
        let tokens = Tokens {
            reporter: token("reporter", "Polisen", "polis-4711"),
            coordinator: token("coordinator", "Hagfors kommun", "samordnare"),
            auditor: token("auditor", "Hagfors kommun", "revisor"),
            admin: token("admin", "Hagfors kommun", "admin"),
        };
        self.await_accepted(&[
            &tokens.reporter,
            &tokens.coordinator,
            &tokens.auditor,
            &tokens.admin,
        ]);
        tokens
    }

    /// The status of a request that needs a valid token (401 if it is not).
    fn probe(&self, token: &str) -> u16 {
        self.get("/api/v1/audit/verify", Some(token)).status
    }

    fn wait_until(&self, done: impl Fn(&Server) -> bool, what: &str) {
        let deadline = Instant::now() + Duration::from_secs(10);
        while !done(self) {
            assert!(Instant::now() < deadline, "gave up waiting until {what}");
            std::thread::sleep(Duration::from_millis(250));
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub fn request(&self, method: Method, path: &str, token: Option<&str>) -> RequestBuilder {
        let request = self.client.request(method, self.url(path));
        match token {
            Some(token) => request.bearer_auth(token),
            None => request,
        }
    }

    pub fn get(&self, path: &str, token: Option<&str>) -> Answer {
        answer(self.request(Method::GET, path, token))
    }

    /// GETs a follow-up (public) once the views include log position
    /// `position`: they follow the log a moment behind the append's answer.
    pub fn wait_for_follow_up(&self, path: &str, position: u64) -> Answer {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        loop {
            let answer = self.get(path, None);
            let built = answer.body["built_from"]["position"].as_u64();
            if answer.status == 200 && built >= Some(position) {
                return answer;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "{path} never reached position {position}: {} {}",
                answer.status,
                answer.text
            );
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
    }

    pub fn post(&self, path: &str, token: Option<&str>, body: &Value) -> Answer {
        answer(self.request(Method::POST, path, token).json(body))
    }

    /// Appends to a stream; the body is `{"expected_version"?, "events"}`.
    pub fn append(&self, stream: &str, token: &str, body: &Value) -> Answer {
        self.post(
            &format!("/api/v1/streams/{stream}/events"),
            Some(token),
            body,
        )
    }

    /// Records, as the coordinator, an agreement with its commitment, then,
    /// as the reporter, one completed activity of Polisen serving it in a new
    /// stream: the activity stream's name and the agreement's id.
    pub fn seed_activity(&self, tokens: &Tokens) -> (String, Uuid) {
        let (agreement, agreement_stream) = agreement_stream();
        let setup = body(None, vec![agreement_adopted(agreement), commitment_added()]);
        let adopted = self.append(&agreement_stream, &tokens.coordinator, &setup);
        assert_eq!(adopted.status, 201, "{}", adopted.text);
        let stream = activity_stream();
        let done = activity_completed(Some(agreement), "Första kontrollen.");
        let seeded = self.append(&stream, &tokens.reporter, &body(None, vec![done]));
        assert_eq!(seeded.status, 201, "{}", seeded.text);
        (stream, agreement)
    }

    /// The server answers and its chain verifies, as `auditor`.
    pub fn assert_healthy(&self, auditor: &str) -> Value {
        let health = self.get("/healthz", None);
        assert_eq!(health.status, 200, "{}", health.text);
        let verify = self.get("/api/v1/audit/verify", Some(auditor));
        assert_eq!(verify.status, 200, "{}", verify.text);
        assert_eq!(verify.body["status"], "intact", "{}", verify.text);
        verify.body
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The flags that make a token serve Hagfors kommun: Polisen and admin
/// tokens say so; a municipality's token serves its own without.
fn serving_hagfors(role: &str, organisation: &str) -> Vec<&'static str> {
    if organisation == "Polisen" || role == "admin" {
        vec!["--for", "Hagfors kommun"]
    } else {
        Vec::new()
    }
}

/// Sends a request and reads the whole answer.
pub fn answer(request: RequestBuilder) -> Answer {
    let response = request.send().expect("the server answers");
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let content_type = response
        .headers()
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    let text = response.text().expect("a readable body");
    let body = serde_json::from_str(&text).unwrap_or(Value::Null);
    Answer {
        status,
        headers,
        content_type,
        body,
        text,
    }
}

impl Answer {
    /// Whether this is an RFC 9457 problem with this status: the problem
    /// content type, `type`, `title`, `status`, and a `detail` a person can act
    /// on.
    pub fn is_problem(&self, status: u16) -> bool {
        self.status == status
            && self.content_type == "application/problem+json"
            && self.body["status"] == status
            && self.body["type"]
                .as_str()
                .is_some_and(|t| t.starts_with("/docs#problem-"))
            && self.body["title"].is_string()
            && self.body["detail"].as_str().is_some_and(|d| d.len() > 10)
    }

    /// Asserts [`Answer::is_problem`], and returns the problem.
    pub fn assert_problem(&self, status: u16, what: &str) -> &Value {
        assert!(
            self.is_problem(status),
            "{what}: expected a {status} problem, got {} {}: {}",
            self.status,
            self.content_type,
            self.text
        );
        &self.body
    }
}
