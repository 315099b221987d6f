//! `trygglogg verify --server URL`: the running server recomputes its hash
//! chain (`GET /api/v1/audit/verify`), reported as `trygglogg verify`
//! reports its own. A walk that outlasts one request is answered with how
//! far it has come (202): shown as the local walk's progress, and asked
//! again until the server gives its outcome.

use std::time::Duration;

use reqwest::header::RETRY_AFTER;
use reqwest::StatusCode;
use serde::Deserialize;

use super::remote::{Refusal, Server};
use crate::failure::{Context, Failure};
use crate::progress;

const VERIFY: &str = "/api/v1/audit/verify";

/// The server's `ChainReport`, as far as the report needs it.
#[derive(Deserialize)]
struct ChainReport {
    status: String,
    head_position: u64,
    head_hash: String,
    broken_at: Option<u64>,
    reason: Option<String>,
}

/// The server's `VerificationRunning`: the walk, still going.
#[derive(Deserialize)]
struct Running {
    checked: u64,
    head_position: u64,
}

/// How long to wait before asking again when the server does not say, and
/// the longest wait it may ask for.
const ASK_AGAIN: Duration = Duration::from_secs(5);
const ASK_AGAIN_AT_MOST: Duration = Duration::from_secs(60);

pub fn run(server: &str) -> Result<(), Failure> {
    let server = Server::new(server, "verify --server", "an auditor's or admin's")?;
    let url = server.url(VERIFY);
    // Shown once the server says the walk outlasts a request.
    let mut bar = None;
    let report = loop {
        let response = server
            .get(VERIFY)
            .send()
            .context(format_args!("cannot reach {url}"))?;
        let status = response.status();
        if status == StatusCode::ACCEPTED {
            let after = response
                .headers()
                .get(RETRY_AFTER)
                .and_then(|v| v.to_str().ok()?.parse().ok())
                .map_or(ASK_AGAIN, Duration::from_secs)
                .min(ASK_AGAIN_AT_MOST);
            let running: Running = response.json().context(format_args!(
                "{url} answered 202, but not with its progress"
            ))?;
            bar.get_or_insert_with(|| {
                progress::events(Some(running.head_position), "the server is verifying")
            })
            .set_position(running.checked);
            std::thread::sleep(after);
            continue;
        }
        if !status.is_success() {
            let refusal = Refusal::read(response);
            return Err(Failure::Failed(format!(
                "{url} refused to verify ({status}): {}",
                refusal.detail
            )));
        }
        break response
            .json::<ChainReport>()
            .context(format_args!("{url} answered, but not with a chain report"))?;
    };
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    let what = server.url("");
    match (report.status.as_str(), report.broken_at) {
        ("intact", _) => {
            println!(
                "ok: {what} holds an intact chain of {} events; head position {}, hash {}",
                report.head_position, report.head_position, report.head_hash
            );
            Ok(())
        }
        (_, Some(position)) => Err(Failure::Broken(format!(
            "{what}: the chain breaks at position {position}: {}",
            report.reason.as_deref().unwrap_or("no reason given")
        ))),
        (status, None) => Err(Failure::Failed(format!(
            "{url} answered the status {status:?}, which this build does not know"
        ))),
    }
}
