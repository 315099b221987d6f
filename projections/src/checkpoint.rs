//! The follow-up's checkpoint: its whole state and the log position (and hash)
//! it was built to, in one compact binary file written atomically, sealed
//! with the SHA-256 of its bytes.
//!
//! A checkpoint that is not exactly what was saved is never used: a flipped
//! bit in a count still decodes (postcard has no checks of its own), and the
//! follow-up would then differ from the log while naming the log's head as
//! what it was built from. Whatever is wrong with it, the view is rebuilt
//! from the log, and the reason is logged.

use std::fmt;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::follow_up::FollowUpState;

/// Bumped whenever the file's or the state's shape changes; an older
/// checkpoint is then ignored and the view rebuilt from the log.
/// 4: sealed with the SHA-256 of its bytes. 5: dates keep their precision.
/// 6: commitment outcomes, assessments and indicator series. 7: an
/// indicator's target value may be absent. 8: an activity row keeps its
/// custom kind's plural.
const FORMAT: u32 = 8;

/// The first bytes of the file, so a stray file is never read as one.
const MAGIC: [u8; 8] = *b"TLFOLLOW";

/// The seal at the end of the file: SHA-256 of every byte before it.
const SEAL_LEN: usize = 32;

#[derive(Serialize, Deserialize)]
struct Checkpoint<S> {
    magic: [u8; 8],
    format: u32,
    state: S,
}

/// Why a checkpoint was not used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refused {
    /// There is none (the first start, or `projections/` was deleted).
    Missing,
    /// It could not be read from the disk.
    Unreadable(String),
    /// Shorter than the smallest checkpoint.
    Truncated { len: usize },
    /// It does not start as a checkpoint does.
    NotACheckpoint,
    /// Written by another build, in another format.
    Format { found: u32 },
    /// Its bytes are not those that were sealed.
    Checksum,
    /// Sealed, yet not a state this build reads.
    Undecodable(String),
}

impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Refused::Missing => write!(f, "there is no checkpoint"),
            Refused::Unreadable(why) => write!(f, "the checkpoint cannot be read: {why}"),
            Refused::Truncated { len } => {
                write!(f, "the checkpoint is cut short: {len} bytes")
            }
            Refused::NotACheckpoint => write!(f, "the file is not a follow-up checkpoint"),
            Refused::Format { found } => write!(
                f,
                "the checkpoint is of format {found}; this build reads format {FORMAT}"
            ),
            Refused::Checksum => write!(
                f,
                "the checkpoint's bytes do not match their SHA-256: it was damaged after it was written"
            ),
            Refused::Undecodable(why) => {
                write!(f, "the checkpoint's state cannot be decoded: {why}")
            }
        }
    }
}

/// The checkpoint's file in `dir`.
pub fn path(dir: &Path) -> PathBuf {
    dir.join("follow-up.bin")
}

/// The saved state, if the file in `dir` is exactly a checkpoint of this
/// format as it was saved; else why not. Whether it belongs to the log is
/// for the caller to check (its position and hash).
pub fn load(dir: &Path) -> Result<FollowUpState, Refused> {
    // The JSON checkpoint of format 1 is never read again; it was large.
    let _ = std::fs::remove_file(dir.join("follow-up.json"));
    let bytes = match std::fs::read(path(dir)) {
        Ok(bytes) => bytes,
        Err(error) if error.kind() == ErrorKind::NotFound => return Err(Refused::Missing),
        Err(error) => return Err(Refused::Unreadable(error.to_string())),
    };
    decode(&bytes)
}

/// A checkpoint being read on a thread of its own, so that a server can open
/// the log meanwhile: at 10M events each takes seconds (BENCHMARKS.md,
/// "Sweden × 70 years"), and with two cores both are done in the time of
/// the longer. What it reads is checked against the log only when the log
/// is open ([`crate::Projections::open_with`]).
pub struct Reading {
    dir: PathBuf,
    /// `None` if no thread could be started: the file is read at `finish`.
    thread: Option<std::thread::JoinHandle<Read>>,
}

/// What reading a checkpoint gave, and how long it took.
pub struct Read {
    pub state: Result<FollowUpState, Refused>,
    pub took: std::time::Duration,
}

impl Reading {
    /// Starts reading the checkpoint in `dir`.
    pub fn start(dir: impl AsRef<Path>) -> Reading {
        let dir = dir.as_ref().to_path_buf();
        let from = dir.clone();
        let thread = std::thread::Builder::new()
            .name("checkpoint".into())
            .spawn(move || Reading::read(&from))
            .ok();
        Reading { dir, thread }
    }

    /// The directory it reads from.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Waits for what was read.
    pub fn finish(self) -> Read {
        match self.thread.map(std::thread::JoinHandle::join) {
            Some(Ok(read)) => read,
            // Decoding panicked (only a sealed file holding a number no
            // state has does: a position of 2^48 or more, a table number
            // of u32::MAX): the view is rebuilt from the log, as for any
            // checkpoint not used.
            Some(Err(_)) => Read {
                state: Err(Refused::Undecodable(
                    "it holds a number no follow-up has".into(),
                )),
                took: std::time::Duration::ZERO,
            },
            None => Reading::read(&self.dir),
        }
    }

    fn read(dir: &Path) -> Read {
        let started = std::time::Instant::now();
        let state = load(dir);
        Read {
            state,
            took: started.elapsed(),
        }
    }
}

fn decode(bytes: &[u8]) -> Result<FollowUpState, Refused> {
    // The format is read before the seal is checked, so that a checkpoint of
    // an older build is said to be one (it has no seal).
    let Some(rest) = bytes.strip_prefix(&MAGIC) else {
        return Err(if bytes.len() < MAGIC.len() {
            Refused::Truncated { len: bytes.len() }
        } else {
            Refused::NotACheckpoint
        });
    };
    let (found, _) = postcard::take_from_bytes::<u32>(rest)
        .map_err(|_| Refused::Truncated { len: bytes.len() })?;
    if found != FORMAT {
        return Err(Refused::Format { found });
    }
    let Some((sealed, seal)) = bytes.split_last_chunk::<SEAL_LEN>() else {
        return Err(Refused::Truncated { len: bytes.len() });
    };
    if Sha256::digest(sealed).as_slice() != seal {
        return Err(Refused::Checksum);
    }
    match postcard::take_from_bytes::<Checkpoint<FollowUpState>>(sealed) {
        Ok((checkpoint, [])) => Ok(checkpoint.state),
        Ok((_, extra)) => Err(Refused::Undecodable(format!(
            "{} bytes follow the state",
            extra.len()
        ))),
        Err(error) => Err(Refused::Undecodable(error.to_string())),
    }
}

/// The checkpoint's bytes, written straight from `state` (no copy of it):
/// a caller holding the live state's lock holds it only for this.
pub fn encode(state: &FollowUpState) -> std::io::Result<Vec<u8>> {
    let mut bytes = postcard::to_stdvec(&Checkpoint {
        magic: MAGIC,
        format: FORMAT,
        state,
    })
    .map_err(std::io::Error::other)?;
    let seal = Sha256::digest(&bytes);
    bytes.extend_from_slice(&seal);
    Ok(bytes)
}

/// Replaces the checkpoint atomically, so a crash leaves either the old
/// checkpoint or the new one.
pub fn save(dir: &Path, state: &FollowUpState) -> std::io::Result<()> {
    save_encoded(dir, &encode(state)?)
}

/// Replaces the checkpoint atomically with `bytes` from [`encode`].
pub fn save_encoded(dir: &Path, bytes: &[u8]) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    Ok(trygglogg_atomic_file::replace(&path(dir), bytes)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_saved_state_loads_as_it_was() {
        let state = FollowUpState::default();
        assert_eq!(decode(&encode(&state).unwrap()), Ok(state));
    }

    #[test]
    fn what_is_not_a_sealed_checkpoint_of_this_format_is_refused() {
        let good = encode(&FollowUpState::default()).unwrap();
        let old_format = {
            let mut old = postcard::to_stdvec(&Checkpoint {
                magic: MAGIC,
                format: 3,
                state: FollowUpState::default(),
            })
            .unwrap();
            old.extend_from_slice(&[0; SEAL_LEN]);
            old
        };
        let mut resealed_with_extra = good[..good.len() - SEAL_LEN].to_vec();
        resealed_with_extra.push(0);
        let seal = Sha256::digest(&resealed_with_extra);
        resealed_with_extra.extend_from_slice(&seal);
        let cases: [(&str, Vec<u8>, Refused); 7] = [
            ("empty", vec![], Refused::Truncated { len: 0 }),
            (
                "half the magic",
                MAGIC[..4].to_vec(),
                Refused::Truncated { len: 4 },
            ),
            (
                "only the magic",
                MAGIC.to_vec(),
                Refused::Truncated { len: 8 },
            ),
            (
                "another file",
                b"{\"position\":3}............".to_vec(),
                Refused::NotACheckpoint,
            ),
            ("an older build's", old_format, Refused::Format { found: 3 }),
            (
                "without its seal",
                good[..good.len() - SEAL_LEN].to_vec(),
                Refused::Checksum,
            ),
            (
                "sealed, with a byte after the state",
                resealed_with_extra,
                Refused::Undecodable("1 bytes follow the state".into()),
            ),
        ];
        for (name, bytes, refused) in cases {
            assert_eq!(decode(&bytes).map(|_| ()), Err(refused), "{name}");
        }
    }

    /// A sealed file whose state holds a number no follow-up has (here an
    /// activity's position of 2^48, past what an entry packs) cannot be
    /// decoded into a state; reading it is refused, not a crash of the
    /// server starting.
    #[test]
    fn a_sealed_state_no_follow_up_has_is_refused() {
        use std::collections::BTreeMap;

        use chrono::{DateTime, Utc};
        use uuid::Uuid;

        use crate::follow_up::Tables;
        // An entry as checkpoints hold it (`follow_up/entry.rs`): serves,
        // organisations, first day, status (planned), retracted, position.
        let entry = (None::<u32>, 0u32, 0i32, 0u32, false, 1u64 << 48);
        let state = (
            1u64,
            trygglogg_store::Hash::default(),
            None::<DateTime<Utc>>,
            BTreeMap::<Uuid, ()>::new(),
            (
                vec![(Uuid::nil(), entry)],
                Tables::default(),
                Vec::<(Uuid, Vec<()>)>::new(),
            ),
        );
        let mut bytes = postcard::to_stdvec(&(MAGIC, FORMAT, state)).unwrap();
        let seal = Sha256::digest(&bytes);
        bytes.extend_from_slice(&seal);
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(path(dir.path()), &bytes).unwrap();
        let read = Reading::start(dir.path()).finish();
        assert_eq!(
            read.state.map(|_| ()),
            Err(Refused::Undecodable(
                "it holds a number no follow-up has".into()
            ))
        );
    }
}
