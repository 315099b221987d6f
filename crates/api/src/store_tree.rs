//! The log's Merkle tree as the checkpoints need it: the store's durable
//! head and its roots (`Store::tree_root`), for the `Checkpointer`; and
//! opening the one the server holds.

use std::path::Path;
use std::sync::Arc;

use trygglogg_checkpoints::{
    CheckpointError, Checkpointer, KeptCheckpoint, Origin, PublicKey, TreeHeads,
};
use trygglogg_store::Store;

/// The store, as the tree that checkpoints sign.
pub struct StoreTree(pub Store);

impl TreeHeads for StoreTree {
    fn durable_size(&self) -> u64 {
        self.0.head().position
    }

    fn root(&self, tree_size: u64) -> Result<[u8; 32], String> {
        self.0
            .tree_root(tree_size)
            .map(|root| *root.as_bytes())
            .map_err(|e| e.to_string())
    }
}

/// The log's checkpointer over `store`, its key and kept checkpoints in
/// `dir` (the data directory). On a first start it makes the key, named
/// after the host of `public_url` (where the site is reached) or else this
/// machine (`Origin::default_for_url`, `Origin::default_for`).
pub fn open_checkpoints(
    store: &Store,
    dir: &Path,
    public_url: Option<&str>,
) -> Result<Arc<Checkpointer>, CheckpointError> {
    let tree = Arc::new(StoreTree(store.clone()));
    let origin = || public_url.map_or_else(|| Origin::default_for(None), Origin::default_for_url);
    Ok(Arc::new(Checkpointer::open(dir, tree, origin)?))
}

/// The public key that signed `kept`: the current key, or a retired one
/// for a checkpoint kept before a rotation.
pub fn signer<'a>(checkpoints: &'a Checkpointer, kept: &KeptCheckpoint) -> &'a PublicKey {
    // Every kept checkpoint was signed by a key in `checkpoint-keys`; were
    // that list lost, the current key is the one the note is checked with.
    checkpoints
        .key_of(kept)
        .unwrap_or_else(|| checkpoints.public_key())
}
