//! The kept checkpoints, `<data>/checkpoints`: JSON Lines, one checkpoint a
//! line, appended and synced before `keep` returns, so that a council can
//! find again the one that was current when it approved a follow-up.

use std::collections::BTreeMap;
use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::note::SignedCheckpoint;

/// The file's name in the data directory.
pub const CHECKPOINTS_FILE: &str = "checkpoints";

/// One kept checkpoint, as it is stored (one line) and listed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeptCheckpoint {
    pub tree_size: u64,
    /// The root hash in hex (the note has it in base64).
    pub root: String,
    pub made_at: DateTime<Utc>,
    /// The signed note, exactly as signed.
    pub note: String,
}

impl KeptCheckpoint {
    pub fn new(checkpoint: &SignedCheckpoint, made_at: DateTime<Utc>) -> KeptCheckpoint {
        KeptCheckpoint {
            tree_size: checkpoint.tree_size(),
            root: checkpoint.root_hex(),
            made_at,
            note: checkpoint.note().to_owned(),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum KeptError {
    #[error("cannot {doing} {path}: {source}")]
    Io {
        doing: &'static str,
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path} line {line} is not a kept checkpoint ({reason}); the file is damaged")]
    Corrupt {
        path: PathBuf,
        line: usize,
        reason: String,
    },
}

/// The kept checkpoints, by tree size, and the file they are appended to.
pub struct KeptCheckpoints {
    path: PathBuf,
    file: File,
    by_size: BTreeMap<u64, KeptCheckpoint>,
}

impl KeptCheckpoints {
    /// Opens (or creates) `<dir>/checkpoints`. A last line cut short by a
    /// crash (no newline, or not whole JSON) was never reported kept: it is
    /// cut off, so that the next checkpoint starts a line of its own.
    pub fn open(dir: &Path) -> Result<KeptCheckpoints, KeptError> {
        let path = dir.join(CHECKPOINTS_FILE);
        let io = |doing| {
            let path = path.clone();
            move |source| KeptError::Io {
                doing,
                path,
                source,
            }
        };
        let existed = path.exists();
        let mut file = OpenOptions::new()
            .read(true)
            .append(true)
            .create(true)
            .open(&path)
            .map_err(io("open"))?;
        if !existed {
            // The new file's name must survive a power loss as its lines do.
            File::open(dir)
                .and_then(|dir| dir.sync_all())
                .map_err(io("sync the directory of"))?;
        }
        let mut text = Vec::new();
        file.read_to_end(&mut text).map_err(io("read"))?;
        let mut by_size = BTreeMap::new();
        let mut whole = 0;
        let lines: Vec<&[u8]> = text.split_inclusive(|&b| b == b'\n').collect();
        for (at, line) in lines.iter().enumerate() {
            let last = at + 1 == lines.len();
            let parsed = line
                .strip_suffix(b"\n")
                .ok_or_else(|| "no newline".to_owned())
                .and_then(|line| {
                    serde_json::from_slice::<KeptCheckpoint>(line).map_err(|e| e.to_string())
                });
            match parsed {
                Ok(kept) => {
                    by_size.entry(kept.tree_size).or_insert(kept);
                    whole += line.len();
                }
                Err(_) if last => break,
                Err(reason) => {
                    return Err(KeptError::Corrupt {
                        path,
                        line: at + 1,
                        reason,
                    })
                }
            }
        }
        if whole < text.len() {
            tracing::warn!(
                "{}: a checkpoint line cut short (by a crash?) was dropped",
                path.display()
            );
            file.set_len(whole as u64).map_err(io("truncate"))?;
            file.sync_all().map_err(io("sync"))?;
        }
        file.seek(SeekFrom::End(0)).map_err(io("seek"))?;
        Ok(KeptCheckpoints {
            path,
            file,
            by_size,
        })
    }

    /// Keeps `checkpoint` unless one of its tree size is kept already;
    /// returns the one kept for that size. Durable when it returns.
    pub fn keep(&mut self, checkpoint: KeptCheckpoint) -> Result<&KeptCheckpoint, KeptError> {
        let size = checkpoint.tree_size;
        if !self.by_size.contains_key(&size) {
            let mut line = serde_json::to_vec(&checkpoint).expect("a checkpoint serializes");
            line.push(b'\n');
            let path = &self.path;
            let io = |doing| {
                move |source| KeptError::Io {
                    doing,
                    path: path.clone(),
                    source,
                }
            };
            self.file.write_all(&line).map_err(io("append to"))?;
            self.file.sync_data().map_err(io("sync"))?;
            self.by_size.insert(size, checkpoint);
        }
        Ok(&self.by_size[&size])
    }

    /// The checkpoint of the largest tree kept.
    pub fn latest(&self) -> Option<&KeptCheckpoint> {
        self.by_size.values().next_back()
    }

    /// Up to `limit` checkpoints of tree size `from_size` or more, smallest first.
    pub fn list(&self, from_size: u64, limit: usize) -> Vec<KeptCheckpoint> {
        self.by_size
            .range(from_size..)
            .take(limit)
            .map(|(_, kept)| kept.clone())
            .collect()
    }

    /// The checkpoint kept for exactly this tree size.
    pub fn at(&self, tree_size: u64) -> Option<&KeptCheckpoint> {
        self.by_size.get(&tree_size)
    }

    pub fn len(&self) -> usize {
        self.by_size.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_size.is_empty()
    }
}
