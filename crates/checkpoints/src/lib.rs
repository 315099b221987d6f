//! Signed checkpoints of the log's Merkle tree, in the formats existing
//! tools read: the key (C2SP signed-note Ed25519, in `<data>/checkpoint.key`,
//! every public key ever used in `<data>/checkpoint-keys`), checkpoints
//! (C2SP tlog-checkpoint: origin, tree size, root) signed as notes and kept
//! in `<data>/checkpoints`, and the offline checks of inclusion and
//! consistency proofs and of exports against them. No HTTP, no sled: the
//! store is the tree it signs (`store_tree.rs`).

mod check;
mod checkpointer;
mod export;
mod kept;
mod key;
mod key_files;
mod memory_tree;
mod note;
mod origin;
mod store_tree;

pub use check::{
    check_consistency, check_export, check_inclusion, CheckError, ConsistencyProof, ExportMatch,
    ExportTree, InclusionProof,
};
pub use checkpointer::{CheckpointError, Checkpointer, TreeHeads};
pub use export::export_records;
pub use kept::{KeptCheckpoint, KeptCheckpoints, KeptError, CHECKPOINTS_FILE};
pub use key::{Fingerprint, KeyError, PrivateKeyText, PublicKey, SigningKey};
pub use key_files::{
    create_key, key_path, load_key, used_keys, CreatedKey, KeyFileError, UsedKey, KEYS_FILE,
    KEY_FILE,
};
pub use memory_tree::{leaf_hash, MemoryTree};
pub use note::{OpenError, SignedCheckpoint};
pub use origin::{Origin, OriginError, MAX_ORIGIN_LEN, ORIGIN_EXPECTED};
