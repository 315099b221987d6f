//! The log's store as the tree that checkpoints sign: its durable head and
//! its roots (`Store::tree_root`).

use trygglogg_store::Store;

use crate::TreeHeads;

impl TreeHeads for Store {
    fn durable_size(&self) -> u64 {
        self.head().position
    }

    fn root(&self, tree_size: u64) -> Result<[u8; 32], String> {
        self.tree_root(tree_size)
            .map(|root| *root.as_bytes())
            .map_err(|e| e.to_string())
    }
}
