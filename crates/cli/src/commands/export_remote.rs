//! `trygglogg export --server URL`: the live backup of a running server
//! (`GET /api/v1/export`), written as `trygglogg export` writes its own.

use std::io::{BufWriter, Read, Write};
use std::path::Path;

use super::remote::{Refusal, Server};
use crate::failure::{Context, Failure};

pub fn run(server: &str, out: Option<&Path>) -> Result<(), Failure> {
    let server = Server::new(server, "export --server", "an auditor's or admin's")?;
    let url = server.url("/api/v1/export");
    let mut response = server
        .get("/api/v1/export")
        .send()
        .context(format_args!("cannot reach {url}"))?;
    if !response.status().is_success() {
        let status = response.status();
        let refusal = Refusal::read(response);
        return Err(Failure::Failed(format!(
            "{url} refused the export ({status}): {}",
            refusal.detail
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
