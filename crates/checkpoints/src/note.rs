//! A checkpoint as a signed note: the C2SP tlog-checkpoint body (origin,
//! tree size, base64 root hash) signed with the log's Ed25519 key in the
//! C2SP signed-note format, the bytes Go's `note.Open` accepts.

use std::fmt;

use signed_note::{Note, NoteError, VerifierList};
use tlog_tiles::{Checkpoint, Hash};

use crate::key::{PublicKey, SigningKey};
use crate::origin::Origin;

/// A signed checkpoint: this log, at this tree size, has this root.
#[derive(Clone, PartialEq, Eq)]
pub struct SignedCheckpoint {
    origin: Origin,
    tree_size: u64,
    root: [u8; 32],
    note: String,
}

/// Why a note is not a checkpoint of this log signed with this key. Each
/// says, in one line, what failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OpenError {
    #[error("the checkpoint is not a signed note ({0})")]
    Malformed(String),
    #[error("the checkpoint is not signed")]
    Unsigned,
    #[error(
        "the checkpoint is not signed by the key {key}: wrong key (it is signed by {signed_by})"
    )]
    WrongKey { key: String, signed_by: String },
    #[error("the checkpoint's signature does not match its text: the checkpoint was changed")]
    BadSignature,
    #[error("the checkpoint's text is not a tlog-checkpoint (origin, tree size, root hash: three lines, no more): {0}")]
    NotACheckpoint(String),
    #[error("the checkpoint names the log {found:?}, but the key is {expected:?}'s")]
    OtherOrigin { found: String, expected: String },
}

impl SigningKey {
    /// Signs the checkpoint of the tree of `tree_size` records with root `root`.
    pub fn sign(&self, tree_size: u64, root: [u8; 32]) -> SignedCheckpoint {
        let body = Checkpoint::new(self.origin().as_str(), tree_size, Hash(root), "")
            .expect("a valid origin and no extension make a valid checkpoint");
        let mut note = Note::new(&body.to_bytes(), &[]).expect("a checkpoint is a valid note text");
        note.add_sigs(&[self.signer()])
            .expect("an Ed25519 key with a valid name signs");
        SignedCheckpoint {
            origin: self.origin().clone(),
            tree_size,
            root,
            note: String::from_utf8(note.to_bytes()).expect("a note is UTF-8"),
        }
    }
}

impl SignedCheckpoint {
    /// Verifies `note` with `key` and reads the checkpoint in it. Refuses
    /// a note that is not signed by `key` (other signatures beside that
    /// one, a witness's say, are allowed, as in Go's `note.Open`), a
    /// changed text, and a text that is not exactly a checkpoint of the
    /// key's origin.
    pub fn open(note: &str, key: &PublicKey) -> Result<SignedCheckpoint, OpenError> {
        if !note.lines().any(|line| line.starts_with("\u{2014} ")) {
            return Err(OpenError::Unsigned);
        }
        let parsed =
            Note::from_bytes(note.as_bytes()).map_err(|e| OpenError::Malformed(e.to_string()))?;
        let verifiers = VerifierList::new(vec![Box::new(key.verifier().clone())]);
        match parsed.verify(&verifiers) {
            Ok(_) => {}
            Err(NoteError::UnverifiedNote) => {
                let signed_by = signature_names(note);
                return Err(OpenError::WrongKey {
                    key: key.to_string(),
                    signed_by,
                });
            }
            Err(NoteError::InvalidSignature { .. }) => return Err(OpenError::BadSignature),
            Err(e) => return Err(OpenError::Malformed(e.to_string())),
        }
        let body = Checkpoint::from_bytes(parsed.text())
            .map_err(|e| OpenError::NotACheckpoint(e.to_string()))?;
        if !body.extension().is_empty() {
            return Err(OpenError::NotACheckpoint(
                "it has lines after the root hash".into(),
            ));
        }
        if body.origin() != key.origin().as_str() {
            return Err(OpenError::OtherOrigin {
                found: body.origin().to_owned(),
                expected: key.origin().to_string(),
            });
        }
        Ok(SignedCheckpoint {
            origin: key.origin().clone(),
            tree_size: body.size(),
            root: body.hash().0,
            note: note.to_owned(),
        })
    }

    pub fn origin(&self) -> &Origin {
        &self.origin
    }

    pub fn tree_size(&self) -> u64 {
        self.tree_size
    }

    /// The root hash of the tree of `tree_size` records (RFC 9162 §2.1).
    pub fn root(&self) -> [u8; 32] {
        self.root
    }

    /// The root in hex, as the proofs write their hashes.
    pub fn root_hex(&self) -> String {
        hex::encode(self.root)
    }

    /// The whole signed note, as served and as `proof verify` reads it.
    pub fn note(&self) -> &str {
        &self.note
    }
}

/// The key name and id of each of a note's signature lines.
pub(crate) fn signatures(note: &str) -> Vec<(&str, u32)> {
    let block = note.rsplit_once("\n\n").map_or("", |(_, block)| block);
    block
        .lines()
        .filter_map(|line| line.strip_prefix("\u{2014} "))
        .filter_map(|line| {
            let (name, sig) = line.split_once(' ')?;
            Some((name, u32::from_be_bytes(signature::decode(sig)?)))
        })
        .collect()
}

/// The names and key ids of a note's signature lines, for a wrong-key error.
fn signature_names(note: &str) -> String {
    let names: Vec<String> = signatures(note)
        .into_iter()
        .map(|(name, id)| format!("{name}+{id:08x}"))
        .collect();
    if names.is_empty() {
        "no key".into()
    } else {
        names.join(", ")
    }
}

mod signature {
    use base64::Engine;

    /// The key id at the start of a signature line's base64.
    pub fn decode(sig: &str) -> Option<[u8; 4]> {
        let bytes = base64::engine::general_purpose::STANDARD.decode(sig).ok()?;
        bytes.get(..4)?.try_into().ok()
    }
}

impl fmt::Debug for SignedCheckpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SignedCheckpoint")
            .field("origin", &self.origin)
            .field("tree_size", &self.tree_size)
            .field("root", &self.root_hex())
            .finish()
    }
}
