//! The log's Merkle tree as the checkpoints need it: the store's durable
//! head and its roots (`Store::tree_root`), for the `Checkpointer`; and
//! opening the one the server holds.

use std::path::Path;
use std::sync::Arc;

use trygglogg_checkpoints::{CheckpointError, Checkpointer, Origin, TreeHeads};
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
/// after `public_host` (the host the site is reached at) or else this
/// machine (`Origin::default_for`).
pub fn open_checkpoints(
    store: &Store,
    dir: &Path,
    public_host: Option<&str>,
) -> Result<Arc<Checkpointer>, CheckpointError> {
    let tree = Arc::new(StoreTree(store.clone()));
    let checkpointer = Checkpointer::open(dir, tree, || Origin::default_for(public_host))?;
    Ok(Arc::new(checkpointer))
}
