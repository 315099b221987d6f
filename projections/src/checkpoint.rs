//! The follow-up's checkpoint: its whole state and the log position (and hash)
//! it was built to, in one compact binary file written atomically.

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::follow_up::FollowUpState;

/// Bumped whenever the state's shape changes; an older checkpoint is then
/// ignored and the view rebuilt from the log.
const FORMAT: u32 = 3;

/// The first bytes of the file, so a stray file is never read as one.
const MAGIC: [u8; 8] = *b"TLFOLLOW";

#[derive(Serialize, Deserialize)]
struct Checkpoint<S> {
    magic: [u8; 8],
    format: u32,
    state: S,
}

fn path(dir: &Path) -> PathBuf {
    dir.join("follow-up.bin")
}

/// The saved state, if there is one of this format that can be read.
pub fn load(dir: &Path) -> Option<FollowUpState> {
    // The JSON checkpoint of format 1 is never read again; it was large.
    let _ = std::fs::remove_file(dir.join("follow-up.json"));
    let bytes = std::fs::read(path(dir)).ok()?;
    let checkpoint: Checkpoint<FollowUpState> = postcard::from_bytes(&bytes).ok()?;
    (checkpoint.magic == MAGIC && checkpoint.format == FORMAT).then_some(checkpoint.state)
}

/// Writes to a temporary file, syncs it and renames it into place, so a crash
/// leaves either the old checkpoint or the new one.
pub fn save(dir: &Path, state: &FollowUpState) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let target = path(dir);
    let partial = target.with_extension("bin.partial");
    let bytes = postcard::to_stdvec(&Checkpoint {
        magic: MAGIC,
        format: FORMAT,
        state,
    })
    .map_err(std::io::Error::other)?;
    let mut file = File::create(&partial)?;
    file.write_all(&bytes)?;
    file.sync_all()?;
    std::fs::rename(&partial, &target)?;
    File::open(dir)?.sync_all()
}
