//! Opening the `Checkpointer` the server holds, over the store's tree, and
//! naming the key that signed a kept checkpoint.

use std::path::Path;
use std::sync::Arc;

use trygglogg_checkpoints::{CheckpointError, Checkpointer, KeptCheckpoint, Origin, PublicKey};
use trygglogg_store::Store;

/// The log's checkpointer over `store`, its key and kept checkpoints in
/// `dir` (the data directory). On a first start it makes the key, named
/// after the host of `public_url` (where the site is reached) or else this
/// machine (`Origin::default_for_url`, `Origin::default_for`).
pub fn open_checkpoints(
    store: &Store,
    dir: &Path,
    public_url: Option<&str>,
) -> Result<Arc<Checkpointer>, CheckpointError> {
    let tree = Arc::new(store.clone());
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
