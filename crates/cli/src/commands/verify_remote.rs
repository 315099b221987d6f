//! `trygglogg verify --server URL`: the running server recomputes its hash
//! chain (`GET /api/v1/audit/verify`), reported as `trygglogg verify`
//! reports its own.

use serde::Deserialize;

use super::remote::{Refusal, Server};
use crate::failure::{Context, Failure};

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

pub fn run(server: &str) -> Result<(), Failure> {
    let server = Server::new(server, "verify --server", "an auditor's or admin's")?;
    let url = server.url(VERIFY);
    let response = server
        .get(VERIFY)
        .send()
        .context(format_args!("cannot reach {url}"))?;
    let status = response.status();
    if !status.is_success() {
        let refusal = Refusal::read(response);
        return Err(Failure::Failed(format!(
            "{url} refused to verify ({status}): {}",
            refusal.detail
        )));
    }
    let report: ChainReport = response
        .json()
        .context(format_args!("{url} answered, but not with a chain report"))?;
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
