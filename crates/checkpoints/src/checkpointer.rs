//! What the server holds: the key, the kept checkpoints, and the tree they
//! sign, so that a follow-up built at a tree size can name its checkpoint.

use std::path::Path;
use std::sync::{Arc, Mutex, MutexGuard};

use chrono::Utc;

use crate::kept::{KeptCheckpoint, KeptCheckpoints, KeptError};
use crate::key::PublicKey;
use crate::key::SigningKey;
use crate::key_files::{create_key, load_key, used_keys, KeyFileError};
use crate::origin::Origin;

/// The log's Merkle tree, as far as checkpoints need it (the store's tree
/// implements it).
pub trait TreeHeads: Send + Sync {
    /// The records durable in the log: the largest tree that may be signed.
    fn durable_size(&self) -> u64;
    /// The root (RFC 9162 §2.1) of the tree of the log's first `tree_size`
    /// records, `tree_size` at most the durable size.
    fn root(&self, tree_size: u64) -> Result<[u8; 32], String>;
}

#[derive(Debug, thiserror::Error)]
pub enum CheckpointError {
    #[error("no checkpoint of {tree_size} records: the log holds {durable}")]
    Beyond { tree_size: u64, durable: u64 },
    #[error("cannot compute the root of {tree_size} records: {reason}")]
    Tree { tree_size: u64, reason: String },
    #[error("the log does not match the checkpoint kept for {tree_size} records: it signed the root {kept}, the log's is {now}; the log was altered since (run `trygglogg verify`)")]
    Diverged {
        tree_size: u64,
        kept: String,
        now: String,
    },
    #[error(transparent)]
    Kept(#[from] KeptError),
    #[error(transparent)]
    Key(#[from] KeyFileError),
}

/// Signs and keeps checkpoints of one log. Safe to share between threads
/// (`Arc<Checkpointer>`); its calls block (a new checkpoint is synced to
/// disk), so async code calls them in `spawn_blocking`.
pub struct Checkpointer {
    key: SigningKey,
    /// Every key the log has signed with, the current one included.
    keys: Vec<PublicKey>,
    kept: Mutex<KeptCheckpoints>,
    tree: Arc<dyn TreeHeads>,
}

impl Checkpointer {
    /// Loads the key from `dir`, or, on a first start, makes one named
    /// `new_key_origin()` and logs its public half; opens the kept
    /// checkpoints; and checks that the log still has the root the latest
    /// one signed.
    pub fn open(
        dir: &Path,
        tree: Arc<dyn TreeHeads>,
        new_key_origin: impl FnOnce() -> Origin,
    ) -> Result<Checkpointer, CheckpointError> {
        let key = match load_key(dir)? {
            Some(key) => key,
            None => {
                let created = create_key(dir, None, false, new_key_origin)?;
                tracing::info!(
                    "made the checkpoint key {} (fingerprint {}) in {}",
                    created.key.public(),
                    created.key.public().fingerprint(),
                    created.path.display()
                );
                created.key
            }
        };
        let kept = KeptCheckpoints::open(dir)?;
        let mut keys = used_keys(dir)?
            .iter()
            .filter_map(|used| PublicKey::parse(&used.key).ok())
            .collect::<Vec<_>>();
        if !keys.contains(key.public()) {
            keys.push(key.public().clone());
        }
        let checkpointer = Checkpointer {
            key,
            keys,
            kept: Mutex::new(kept),
            tree,
        };
        if let Some(latest) = checkpointer.latest() {
            let durable = checkpointer.tree.durable_size();
            if latest.tree_size <= durable {
                let now = checkpointer.root(latest.tree_size)?;
                if hex::encode(now) != latest.root {
                    return Err(CheckpointError::Diverged {
                        tree_size: latest.tree_size,
                        kept: latest.root,
                        now: hex::encode(now),
                    });
                }
            } else {
                tracing::warn!(
                    "the log holds {durable} records, fewer than the {} of its latest checkpoint: was an older backup restored?",
                    latest.tree_size
                );
            }
        }
        Ok(checkpointer)
    }

    /// The key that checks this log's checkpoints.
    pub fn public_key(&self) -> &PublicKey {
        self.key.public()
    }

    /// The key that signed a kept checkpoint: the current one, or, for one
    /// kept before a rotation, the retired key listed in `checkpoint-keys`.
    /// Read from the note's signature line (its key name and id), not
    /// verified again: the kept file is the log's own.
    pub fn key_of(&self, kept: &KeptCheckpoint) -> Option<&PublicKey> {
        let signed: Vec<(&str, u32)> = crate::note::signatures(&kept.note);
        self.keys.iter().rev().find(|key| {
            signed
                .iter()
                .any(|&(name, id)| name == key.origin().as_str() && id == key.id())
        })
    }

    /// The checkpoint of the tree of `tree_size` records: the kept one, or
    /// a new one, signed and kept. Cheap when kept already.
    pub fn at(&self, tree_size: u64) -> Result<KeptCheckpoint, CheckpointError> {
        let mut kept = self.lock();
        if let Some(found) = kept.at(tree_size) {
            return Ok(found.clone());
        }
        let root = self.root(tree_size)?;
        let signed = self.key.sign(tree_size, root);
        Ok(kept.keep(KeptCheckpoint::new(&signed, Utc::now()))?.clone())
    }

    /// The checkpoint of the log as it is now durable.
    pub fn now(&self) -> Result<KeptCheckpoint, CheckpointError> {
        self.at(self.tree.durable_size())
    }

    /// The checkpoint of the largest tree kept.
    pub fn latest(&self) -> Option<KeptCheckpoint> {
        self.lock().latest().cloned()
    }

    /// Up to `limit` kept checkpoints of `from_size` records or more,
    /// smallest first.
    pub fn list(&self, from_size: u64, limit: usize) -> Vec<KeptCheckpoint> {
        self.lock().list(from_size, limit)
    }

    fn root(&self, tree_size: u64) -> Result<[u8; 32], CheckpointError> {
        let durable = self.tree.durable_size();
        if tree_size > durable {
            return Err(CheckpointError::Beyond { tree_size, durable });
        }
        self.tree
            .root(tree_size)
            .map_err(|reason| CheckpointError::Tree { tree_size, reason })
    }

    fn lock(&self) -> MutexGuard<'_, KeptCheckpoints> {
        // The file is appended whole or not at all: a panic elsewhere while
        // holding the lock leaves it usable.
        self.kept
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}
