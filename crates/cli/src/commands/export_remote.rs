//! `trygglogg export --server URL`: the live backup of a running server
//! (`GET /api/v1/export`), written as `trygglogg export` writes its own.

use std::io::{BufWriter, Read, Write};
use std::path::Path;
use std::time::Duration;

use crate::failure::{Context, Failure};

/// Where the token comes from: never a flag, which `ps` would show.
pub const TOKEN_VARIABLE: &str = "TRYGGLOGG_TOKEN";

pub fn run(server: &str, out: Option<&Path>) -> Result<(), Failure> {
    let token = std::env::var(TOKEN_VARIABLE).map_err(|_| {
        Failure::Failed(format!(
            "export --server needs an auditor's or admin's token in {TOKEN_VARIABLE}"
        ))
    })?;
    let url = format!("{}/api/v1/export", server.trim_end_matches('/'));
    // A large log takes long to send: only connecting is bounded.
    let client = reqwest::blocking::Client::builder()
        .connect_timeout(Duration::from_secs(10))
        .timeout(None)
        .build()
        .context("cannot start the HTTP client")?;
    let mut response = client
        .get(&url)
        .bearer_auth(token.trim())
        .send()
        .context(format_args!("cannot reach {url}"))?;
    if !response.status().is_success() {
        let status = response.status();
        let problem: serde_json::Value = response.json().unwrap_or_default();
        let detail = problem["detail"].as_str().unwrap_or("no reason given");
        return Err(Failure::Failed(format!(
            "{url} refused the export ({status}): {detail}"
        )));
    }
    let head = response
        .headers()
        .get("trygglogg-head-position")
        .and_then(|value| value.to_str().ok())
        .unwrap_or("?")
        .to_owned();
    // A body cut off midway is an error here, so a partial export never
    // replaces the file.
    match out {
        None => {
            let mut stdout = BufWriter::new(std::io::stdout().lock());
            copy(&mut response, &mut stdout)
                .context(format_args!("cannot copy the export from {url}"))?;
        }
        Some(path) => {
            trygglogg_atomic_file::replace_with(path, |file| copy(&mut response, file))
                .context(format!("cannot write {} from {url}", path.display()))?;
            eprintln!("exported {head} events from {url} to {}", path.display());
        }
    }
    Ok(())
}

fn copy(from: &mut impl Read, to: &mut impl Write) -> std::io::Result<()> {
    std::io::copy(from, to)?;
    to.flush()
}
