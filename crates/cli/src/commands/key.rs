//! `trygglogg key create|show`: the key that signs the log's checkpoints.
//! Only its public half is ever printed.

use std::path::Path;

use trygglogg_checkpoints::{create_key, load_key, used_keys, KeyFileError, Origin};

use crate::failure::{Context, Failure};

/// Makes the key (or, with `rotate`, a new one in place of the old) and
/// prints its public half on standard output, alone, so that a script can
/// take it.
pub fn create(
    data: &Path,
    origin: Option<Origin>,
    rotate: bool,
    public_url: &str,
) -> Result<(), Failure> {
    // A running server signs with the key it loaded: it would go on signing
    // with a retired key.
    super::refuse_beside_server(data, "")?;
    let created = create_key(data, origin, rotate, || Origin::default_for_url(public_url))
        .map_err(|e| match e {
            KeyFileError::Exists { .. } => Failure::Usage(e.to_string()),
            e => Failure::Failed(format!("cannot make the checkpoint key: {e}")),
        })?;
    let public = created.key.public();
    println!("{public}");
    eprintln!(
        "made the checkpoint key for {} (fingerprint {}); the private key is in {}, readable by its owner only: back it up, and never share it",
        public.origin(),
        public.fingerprint(),
        created.path.display()
    );
    if let Some(retired) = created.retired {
        eprintln!(
            "retired the key {retired}: it stays listed in {}, so that the checkpoints it signed still verify; restart the server to sign with the new key",
            data.join(trygglogg_checkpoints::KEYS_FILE).display()
        );
    }
    Ok(())
}

/// Prints the public key and its fingerprint, and every key used before.
pub fn show(data: &Path) -> Result<(), Failure> {
    let key = load_key(data)
        .context("cannot read the checkpoint key")?
        .ok_or_else(|| {
            Failure::Failed(format!(
                "no checkpoint key in {}; make one with `trygglogg key create` (the server makes one when it first starts)",
                data.display()
            ))
        })?;
    let public = key.public();
    println!("{public}");
    println!("fingerprint: {}", public.fingerprint());
    let current = public.to_string();
    let used = used_keys(data).context("cannot read the list of keys")?;
    for old in used.iter().filter(|used| used.key != current) {
        println!(
            "retired: {} (signed from tree size {})",
            old.key, old.from_tree_size
        );
    }
    Ok(())
}
