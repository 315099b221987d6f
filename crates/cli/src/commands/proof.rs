//! `trygglogg proof verify`: checks, offline and with only the public key,
//! a signed checkpoint and what it is asked to prove: that a record is in
//! it (an inclusion proof), that it extends an earlier checkpoint (a
//! consistency proof), or that an export holds the log it signs. Exit 3
//! names the first part that does not hold; exit 2 is input that cannot be
//! checked at all.

use std::fs::File;
use std::io::BufReader;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use trygglogg_checkpoints::{
    check_consistency, check_export, check_inclusion, CheckError, ConsistencyProof, InclusionProof,
    OpenError, PublicKey, SignedCheckpoint,
};

use crate::failure::Failure;

/// What `proof verify` was given.
pub struct Verify {
    /// A verifier key, or a file of them (one a line, or `checkpoint-keys`).
    pub key: String,
    pub checkpoint: PathBuf,
    pub inclusion: Option<PathBuf>,
    pub consistency: Option<PathBuf>,
    pub earlier: Option<PathBuf>,
    pub export: Option<PathBuf>,
}

pub fn verify(args: &Verify) -> Result<(), Failure> {
    let keys = read_keys(&args.key)?;
    let (checkpoint, signer) = open_checkpoint(&args.checkpoint, &keys)?;
    println!(
        "ok: {} is signed by {} (fingerprint {}): {} holds {} records, root {}",
        args.checkpoint.display(),
        signer,
        signer.fingerprint(),
        checkpoint.origin(),
        checkpoint.tree_size(),
        checkpoint.root_hex()
    );
    let export = match &args.export {
        Some(file) => {
            let reader = BufReader::new(
                File::open(file)
                    .map_err(|e| Failure::Usage(format!("cannot read {}: {e}", file.display())))?,
            );
            let (matched, tree) = check_export(&checkpoint, reader).map_err(failure(file))?;
            println!(
                "ok: the first {} of the {} records in {} give the checkpoint's root",
                checkpoint.tree_size(),
                matched.records,
                file.display()
            );
            Some(tree)
        }
        None => None,
    };
    if let Some(file) = &args.inclusion {
        let proof: InclusionProof = read_json(file)?;
        let leaf = export.as_ref().and_then(|tree| tree.record(proof.position));
        let checked = check_inclusion(&checkpoint, &proof, leaf).map_err(|error| {
            // With the export at hand, the node that is not the log's is known.
            match (&error, export.as_ref().and_then(|t| t.first_differing_node(&proof))) {
                (CheckError::Mismatch(_), Some(k)) => CheckError::Mismatch(format!(
                    "proof node {k} is not the log's (the export's node {k} differs), so the proof does not lead to the checkpoint's root"
                )),
                _ => error,
            }
        });
        checked.map_err(failure(file))?;
        println!(
            "ok: the record at position {} (leaf {}) is in the tree of {} records{}",
            proof.position,
            proof.leaf_hash,
            proof.tree_size,
            if proof.record.is_some() || leaf.is_some() {
                ", and its bytes hash to that leaf"
            } else {
                ""
            }
        );
    }
    if let Some(file) = &args.consistency {
        let earlier_file = args.earlier.as_ref().ok_or_else(|| {
            Failure::Usage("--consistency needs --earlier <older checkpoint>".into())
        })?;
        let (earlier, _) = open_checkpoint(earlier_file, &keys)?;
        let proof: ConsistencyProof = read_json(file)?;
        check_consistency(&earlier, &checkpoint, &proof).map_err(failure(file))?;
        println!(
            "ok: the log of {} records ({}) extends the log of {} records ({})",
            checkpoint.tree_size(),
            args.checkpoint.display(),
            earlier.tree_size(),
            earlier_file.display()
        );
    }
    Ok(())
}

fn failure(file: &Path) -> impl Fn(CheckError) -> Failure + '_ {
    move |error| match error {
        CheckError::Unusable(text) => Failure::Usage(format!("{}: {text}", file.display())),
        CheckError::Mismatch(text) => Failure::Broken(format!("{}: {text}", file.display())),
    }
}

/// `--key`: a verifier key, or a file of them: one a line, or the lines of
/// `<data>/checkpoint-keys` (so that checkpoints signed before a rotation
/// verify too).
fn read_keys(arg: &str) -> Result<Vec<PublicKey>, Failure> {
    let path = Path::new(arg);
    let (text, from) = if path.is_file() {
        let text = std::fs::read_to_string(path)
            .map_err(|e| Failure::Usage(format!("cannot read --key {arg}: {e}")))?;
        (text, format!("--key {arg}"))
    } else {
        (arg.to_owned(), "--key".to_owned())
    };
    let keys = text
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .map(|line| {
            let key = match serde_json::from_str::<serde_json::Value>(line) {
                Ok(serde_json::Value::Object(listed)) => listed
                    .get("key")
                    .and_then(|key| key.as_str())
                    .unwrap_or_default()
                    .to_owned(),
                _ => line.to_owned(),
            };
            PublicKey::parse(&key).map_err(|e| {
                Failure::Usage(format!("{from} is neither a file of keys nor a key: {e}"))
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    if keys.is_empty() {
        return Err(Failure::Usage(format!("{from} holds no key")));
    }
    Ok(keys)
}

/// Reads a signed note (or a kept checkpoint's JSON, `{"note": …}`, as the
/// server lists them) and opens it with whichever key signed it.
fn open_checkpoint<'k>(
    file: &Path,
    keys: &'k [PublicKey],
) -> Result<(SignedCheckpoint, &'k PublicKey), Failure> {
    let text = std::fs::read_to_string(file)
        .map_err(|e| Failure::Usage(format!("cannot read {}: {e}", file.display())))?;
    let note = if text.trim_start().starts_with('{') {
        let json: serde_json::Value = serde_json::from_str(&text)
            .map_err(|e| Failure::Usage(format!("{} is not a checkpoint: {e}", file.display())))?;
        json.get("note")
            .and_then(|note| note.as_str())
            .ok_or_else(|| {
                Failure::Usage(format!(
                    "{} is JSON without a \"note\": give the signed note",
                    file.display()
                ))
            })?
            .to_owned()
    } else {
        text
    };
    let mut errors = Vec::new();
    for key in keys {
        match SignedCheckpoint::open(&note, key) {
            Ok(checkpoint) => return Ok((checkpoint, key)),
            Err(error) => errors.push(error),
        }
    }
    // The key that did sign it says most; else the first refusal.
    let error = errors
        .iter()
        .find(|e| !matches!(e, OpenError::WrongKey { .. }))
        .unwrap_or(&errors[0]);
    Err(Failure::Broken(format!("{}: {error}", file.display())))
}

fn read_json<T: DeserializeOwned>(file: &Path) -> Result<T, Failure> {
    let text = std::fs::read_to_string(file)
        .map_err(|e| Failure::Usage(format!("cannot read {}: {e}", file.display())))?;
    serde_json::from_str(&text)
        .map_err(|e| Failure::Usage(format!("{} is not a proof: {e}", file.display())))
}
