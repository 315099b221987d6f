//! The follow-up's checkpoint: its whole state and the log position (and hash)
//! it was built to, in one JSON file written atomically.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::follow_up::FollowUpState;

/// Bumped whenever the state's shape changes; an older checkpoint is then
/// ignored and the view rebuilt from the log.
const FORMAT: u32 = 1;

#[derive(Serialize, Deserialize)]
struct Checkpoint<S> {
    format: u32,
    state: S,
}

fn path(dir: &Path) -> PathBuf {
    dir.join("follow-up.json")
}

/// The saved state, if there is one of this format that can be read.
pub fn load(dir: &Path) -> Option<FollowUpState> {
    // Reading the whole file first: serde_json parses a slice several times
    // faster than a reader.
    let bytes = std::fs::read(path(dir)).ok()?;
    let checkpoint: Checkpoint<FollowUpState> = serde_json::from_slice(&bytes).ok()?;
    (checkpoint.format == FORMAT).then_some(checkpoint.state)
}

/// Writes to a temporary file, syncs it and renames it into place, so a crash
/// leaves either the old checkpoint or the new one.
pub fn save(dir: &Path, state: &FollowUpState) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let target = path(dir);
    let partial = target.with_extension("json.partial");
    let mut out = BufWriter::new(File::create(&partial)?);
    serde_json::to_writer(
        &mut out,
        &Checkpoint {
            format: FORMAT,
            state,
        },
    )?;
    out.flush()?;
    out.into_inner().map_err(|e| e.into_error())?.sync_all()?;
    std::fs::rename(&partial, &target)?;
    File::open(dir)?.sync_all()
}
