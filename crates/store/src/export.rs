//! Export and restore: JSON Lines of recorded events exactly as stored.
//!
//! Each line is `{"hash":"<64 hex>","record":<stored bytes>}`. The record starts
//! at byte 84 of the line and ends before its last `}`, so an auditor can cut the
//! exact stored bytes out with standard tools and recompute every hash.

use std::fs::File;
use std::io::{BufRead, BufReader, Write};
use std::path::Path;

use serde::Deserialize;
use serde_json::value::RawValue;

use crate::dir_files::RESTORE_MARKER;
use crate::log_value::split_log_value;
use crate::writer::Command;
use crate::{BrokenLink, Hash, Head, RestoreError, Store, StoreError, Verification};

/// Lines sent to the writer per restore commit.
const RESTORE_CHUNK: usize = 1024;

#[derive(Deserialize)]
struct ExportLine {
    hash: Hash,
    record: Box<RawValue>,
}

impl Store {
    /// Writes every durable event as one line of JSON. Returns the number of
    /// events written. `progress` is called with that number as it grows.
    pub fn export(
        &self,
        out: &mut impl Write,
        progress: impl FnMut(u64),
    ) -> Result<u64, StoreError> {
        self.export_until(self.head().position, out, progress)
    }

    /// [`export`](Self::export) up to position `end`, a head taken earlier,
    /// so that a caller can name the head of the export before it is
    /// written (a live backup says which position it holds). Never past the
    /// durable head.
    pub fn export_until(
        &self,
        end: u64,
        out: &mut impl Write,
        mut progress: impl FnMut(u64),
    ) -> Result<u64, StoreError> {
        let mut written = 0;
        let end = end.min(self.head().position);
        for entry in self.stored_entries_between(1, end) {
            let (_, value) = entry?;
            let (hash, bytes) = split_log_value(&value);
            write!(out, "{{\"hash\":\"{hash}\",\"record\":")?;
            out.write_all(bytes)?;
            out.write_all(b"}\n")?;
            written += 1;
            progress(written);
        }
        out.flush()?;
        Ok(written)
    }

    /// Rebuilds the log from an export into this store, which must be empty. The
    /// whole file is verified first, so a tampered export writes nothing.
    pub async fn restore(
        &self,
        export: &Path,
        mut progress: impl FnMut(u64),
    ) -> Result<Head, RestoreError> {
        let events = self.head().position;
        if events > 0 {
            return Err(RestoreError::NotEmpty { events });
        }
        if let Verification::Broken(broken) =
            verify_export(BufReader::new(File::open(export)?), |_| {})?
        {
            return Err(broken.into());
        }
        // A restore commits chunk by chunk; until the last is in, the store
        // says so, and will not open as if the shorter log were the whole.
        let marker = RestoreMarker::set(self.path())?;
        let mut head = Head::EMPTY;
        let mut chunk = Vec::with_capacity(RESTORE_CHUNK);
        let mut lines = BufReader::new(File::open(export)?).lines();
        loop {
            let line = lines.next().transpose()?;
            if let Some(line) = &line {
                chunk.push(parse_line(head.position + chunk.len() as u64 + 1, line)?);
            }
            if chunk.len() == RESTORE_CHUNK || (line.is_none() && !chunk.is_empty()) {
                let (reply, answer) = tokio::sync::oneshot::channel();
                let lines = std::mem::take(&mut chunk);
                let closed = || RestoreError::Storage("the event log is shut down".into());
                self.send(Command::Restore { lines, reply })
                    .await
                    .map_err(|_| closed())?;
                head = answer.await.map_err(|_| closed())??;
                progress(head.position);
            }
            if line.is_none() {
                marker.clear()?;
                return Ok(head);
            }
        }
    }
}

struct RestoreMarker(std::path::PathBuf);

impl RestoreMarker {
    fn set(dir: &Path) -> std::io::Result<RestoreMarker> {
        let path = dir.join(RESTORE_MARKER);
        File::create(&path)?.sync_all()?;
        File::open(dir)?.sync_all()?;
        Ok(RestoreMarker(path))
    }

    fn clear(self) -> std::io::Result<()> {
        std::fs::remove_file(&self.0)?;
        let dir = self.0.parent().unwrap_or(Path::new("."));
        File::open(dir)?.sync_all()
    }
}

/// Checks an export file on its own: every line parses, positions run 1, 2, 3, …
/// and every hash links to the one before.
pub fn verify_export(
    export: impl BufRead,
    mut progress: impl FnMut(u64),
) -> std::io::Result<Verification> {
    let mut head = Head::EMPTY;
    for (line, at) in export.lines().zip(1..) {
        let checked = parse_line(at, &line?)
            .and_then(|(hash, record)| head.check_next(at, hash, record.get().as_bytes()));
        if let Err(broken) = checked {
            return Ok(Verification::Broken(broken));
        }
        progress(at);
    }
    Ok(Verification::Intact { head })
}

fn parse_line(at: u64, line: &str) -> Result<(Hash, Box<RawValue>), BrokenLink> {
    let parsed: ExportLine = serde_json::from_str(line).map_err(|e| BrokenLink {
        position: at,
        reason: format!("line {at} is not an export line ({e})"),
    })?;
    Ok((parsed.hash, parsed.record))
}
