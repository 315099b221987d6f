//! The key in the data directory: `checkpoint.key`, the private key (mode
//! 0600, replaced atomically), and `checkpoint-keys`, every public key the
//! log has ever signed with and from which tree size, so that checkpoints
//! signed before a rotation still verify.

use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::kept::{KeptCheckpoints, KeptError, CHECKPOINTS_FILE};
use crate::key::{KeyError, PublicKey, SigningKey};
use crate::origin::Origin;

/// The private key's file in the data directory.
pub const KEY_FILE: &str = "checkpoint.key";
/// The list of every public key used, in the data directory.
pub const KEYS_FILE: &str = "checkpoint-keys";

/// A public key the log has signed with: one line of `checkpoint-keys`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UsedKey {
    /// The verifier key, `<origin>+<id>+<base64>`.
    pub key: String,
    /// The checkpoints kept when it was made reached trees of
    /// `from_tree_size - 1` records; it signs every checkpoint made after.
    pub from_tree_size: u64,
    pub created: DateTime<Utc>,
}

#[derive(Debug, thiserror::Error)]
pub enum KeyFileError {
    #[error("{path} holds a key already; rotating it (`trygglogg key create --rotate`) retires it, and `trygglogg key show` shows it")]
    Exists { path: PathBuf },
    #[error("no checkpoint key in {dir}; make one with `trygglogg key create`")]
    Missing { dir: PathBuf },
    #[error("cannot {doing} {path}: {source}")]
    Io {
        doing: &'static str,
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path} is damaged: {reason}")]
    Corrupt { path: PathBuf, reason: String },
    #[error(transparent)]
    Kept(#[from] KeptError),
}

/// A key just made, and what it replaced.
#[derive(Debug)]
pub struct CreatedKey {
    pub key: SigningKey,
    /// Where the private key is.
    pub path: PathBuf,
    /// The key it retired, with `--rotate`.
    pub retired: Option<PublicKey>,
}

pub fn key_path(dir: &Path) -> PathBuf {
    dir.join(KEY_FILE)
}

/// The log's key, if one has been made.
pub fn load_key(dir: &Path) -> Result<Option<SigningKey>, KeyFileError> {
    let path = key_path(dir);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(source) => {
            return Err(KeyFileError::Io {
                doing: "read",
                path,
                source,
            })
        }
    };
    SigningKey::from_private(&text)
        .map(Some)
        .map_err(|e: KeyError| KeyFileError::Corrupt {
            path,
            reason: e.to_string(),
        })
}

/// Makes the log's key. Refuses when there is one, unless `rotate`: then
/// the old one is retired (its public half stays in `checkpoint-keys`) and
/// the new one keeps the old one's origin unless `origin` names another.
/// Without a key to rotate or an `origin`, the key is named `default_origin`.
pub fn create_key(
    dir: &Path,
    origin: Option<Origin>,
    rotate: bool,
    default_origin: impl FnOnce() -> Origin,
) -> Result<CreatedKey, KeyFileError> {
    let path = key_path(dir);
    let old = load_key(dir)?;
    if old.is_some() && !rotate {
        return Err(KeyFileError::Exists { path });
    }
    std::fs::create_dir_all(dir).map_err(|source| KeyFileError::Io {
        doing: "create",
        path: dir.to_owned(),
        source,
    })?;
    let origin = origin
        .or_else(|| old.as_ref().map(|old| old.origin().clone()))
        .unwrap_or_else(default_origin);
    let (key, private) = SigningKey::generate(&origin);
    let from_tree_size = if dir.join(CHECKPOINTS_FILE).exists() {
        KeptCheckpoints::open(dir)?
            .latest()
            .map_or(0, |kept| kept.tree_size + 1)
    } else {
        0
    };
    // Listed before it is used: a crash in between leaves a listed key
    // that never signed, never a signature by an unlisted key.
    let mut used = used_keys(dir)?;
    if let Some(old) = &old {
        if !used.iter().any(|u| u.key == old.public().to_string()) {
            used.push(UsedKey {
                key: old.public().to_string(),
                from_tree_size: 0,
                created: Utc::now(),
            });
        }
    }
    used.push(UsedKey {
        key: key.public().to_string(),
        from_tree_size,
        created: Utc::now(),
    });
    let keys_path = dir.join(KEYS_FILE);
    trygglogg_atomic_file::replace_with(&keys_path, |out| {
        for line in &used {
            serde_json::to_writer(&mut *out, line)?;
            out.write_all(b"\n")?;
        }
        Ok::<_, std::io::Error>(())
    })
    .map_err(|e| KeyFileError::Io {
        doing: "write",
        path: keys_path,
        source: e.into(),
    })?;
    trygglogg_atomic_file::replace_with(&path, |out| {
        use std::os::unix::fs::PermissionsExt;
        // Owner-only before the first byte of the key is written.
        out.get_ref()
            .set_permissions(std::fs::Permissions::from_mode(0o600))?;
        out.write_all(private.expose().as_bytes())?;
        out.write_all(b"\n")
    })
    .map_err(|e| KeyFileError::Io {
        doing: "write",
        path: path.clone(),
        source: e.into(),
    })?;
    Ok(CreatedKey {
        key,
        path,
        retired: old.map(|old| old.public().clone()),
    })
}

/// Every public key the log has signed with, oldest first.
pub fn used_keys(dir: &Path) -> Result<Vec<UsedKey>, KeyFileError> {
    let path = dir.join(KEYS_FILE);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(source) => {
            return Err(KeyFileError::Io {
                doing: "read",
                path,
                source,
            })
        }
    };
    text.lines()
        .filter(|line| !line.trim().is_empty())
        .enumerate()
        .map(|(at, line)| {
            serde_json::from_str(line).map_err(|e| KeyFileError::Corrupt {
                path: path.clone(),
                reason: format!("line {}: {e}", at + 1),
            })
        })
        .collect()
}
