//! `<data>/tokens.json`: who holds a token, with which role and organisation.
//! Only a SHA-256 of each token is kept; the token itself is shown once, when it
//! is created. The file is replaced atomically (temp file, fsync, rename), so the
//! server, which re-reads it when it changes, never sees half a file.

use std::path::{Path, PathBuf};

use chrono::{SubsecRound, Utc};
use rand::RngCore;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use trygglogg_events::Party;

use crate::error::TokenError;
use crate::record::{NewToken, TokenRecord};
use crate::token_scope::served_by;

/// The name of the token file inside the data directory.
pub const TOKENS_FILE: &str = "tokens.json";
/// What every token starts with, so a leaked one is easy to recognise.
pub const TOKEN_PREFIX: &str = "tl_";
/// Longest token name.
pub const MAX_NAME_LEN: usize = 64;

/// Where the tokens of the store in `data` are kept.
pub fn tokens_path(data: &Path) -> PathBuf {
    data.join(TOKENS_FILE)
}

/// The whole file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TokenFile {
    pub tokens: Vec<TokenRecord>,
}

impl TokenFile {
    /// Reads the file; a missing file holds no tokens.
    pub fn load(path: &Path) -> Result<TokenFile, TokenError> {
        let bytes = match std::fs::read(path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(TokenFile::default()),
            Err(source) => {
                return Err(TokenError::Io {
                    doing: "read",
                    path: path.to_owned(),
                    source,
                })
            }
        };
        serde_json::from_slice(&bytes).map_err(|e| TokenError::Corrupt {
            path: path.to_owned(),
            reason: e.to_string(),
        })
    }

    /// Writes the file atomically: a temporary file beside it, synced, then
    /// renamed over it, and the directory synced.
    pub fn save(&self, path: &Path) -> Result<(), TokenError> {
        let io = |doing: &'static str| {
            move |source| TokenError::Io {
                doing,
                path: path.to_owned(),
                source,
            }
        };
        let dir = path.parent().filter(|d| !d.as_os_str().is_empty());
        if let Some(dir) = dir {
            std::fs::create_dir_all(dir).map_err(io("create the directory of"))?;
        }
        let mut bytes = serde_json::to_vec_pretty(self).expect("a token file serialises");
        bytes.push(b'\n');
        trygglogg_atomic_file::replace(path, &bytes).map_err(|error| match error {
            trygglogg_atomic_file::Error::Writing(source) => io("write")(source),
            trygglogg_atomic_file::Error::Io { step, source } => io(step.as_str())(source),
        })
    }

    /// Issues a token under a name never used before; returns the token.
    pub fn create(&mut self, new: NewToken) -> Result<String, TokenError> {
        if self.tokens.iter().any(|t| t.name == new.name) {
            return Err(TokenError::NameTaken(new.name));
        }
        self.issue(new)
    }

    /// Issues a token under `name`, dropping any earlier token of that name (for
    /// the demo, whose tokens are made anew at every start).
    pub fn replace(&mut self, new: NewToken) -> Result<String, TokenError> {
        self.tokens.retain(|t| t.name != new.name);
        self.issue(new)
    }

    pub fn revoke(&mut self, name: &str) -> Result<(), TokenError> {
        let record = self
            .tokens
            .iter_mut()
            .find(|t| t.name == name)
            .ok_or_else(|| TokenError::UnknownName(name.to_owned()))?;
        if record.revoked.is_some() {
            return Err(TokenError::AlreadyRevoked(name.to_owned()));
        }
        record.revoked = Some(Utc::now().trunc_subsecs(0));
        Ok(())
    }

    fn issue(&mut self, new: NewToken) -> Result<String, TokenError> {
        check_name(&new.name)?;
        let party =
            Party::parse(&new.organisation).map_err(|invalid| TokenError::InvalidOrganisation {
                problem: invalid.problem,
                expected: invalid.expected,
            })?;
        let (serves, area) = served_by(&new, &party)?;
        let mut secret = [0u8; 32];
        rand::rng().fill_bytes(&mut secret);
        let token = format!("{TOKEN_PREFIX}{}", hex::encode(secret));
        self.tokens.push(TokenRecord {
            name: new.name,
            role: new.role,
            organisation: new.organisation,
            serves: Some(serves),
            area,
            sha256: hex::encode(digest(&token)),
            created: Utc::now().trunc_subsecs(0),
            revoked: None,
            login_link: None,
        });
        Ok(token)
    }
}

/// Loads the file at `path`, changes it and saves it.
pub fn update<T>(
    path: &Path,
    change: impl FnOnce(&mut TokenFile) -> Result<T, TokenError>,
) -> Result<T, TokenError> {
    update_if_changed(path, |file| change(file).map(|value| (value, true)))
}

/// Loads the file at `path` and changes it; saves it only if `change` says
/// it changed something (so that a refused sign-in link writes nothing).
pub(crate) fn update_if_changed<T>(
    path: &Path,
    change: impl FnOnce(&mut TokenFile) -> Result<(T, bool), TokenError>,
) -> Result<T, TokenError> {
    // Two `token` commands at once must not both load the old file and save
    // over each other (a lost revoke would leave a token working): the load,
    // change and save happen under an exclusive lock on a file beside it.
    let lock_path = path.with_extension("lock");
    let io = |doing| {
        let path = lock_path.clone();
        move |source| TokenError::Io {
            doing,
            path,
            source,
        }
    };
    if let Some(dir) = lock_path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(io("create the directory of"))?;
    }
    let lock = std::fs::File::create(&lock_path).map_err(io("create"))?;
    lock.lock().map_err(io("lock"))?;
    let mut file = TokenFile::load(path)?;
    let (value, changed) = change(&mut file)?;
    if changed {
        file.save(path)?;
    }
    Ok(value)
}

/// SHA-256 of a presented or issued token.
pub fn digest(token: &str) -> [u8; 32] {
    Sha256::digest(token.as_bytes()).into()
}

fn check_name(name: &str) -> Result<(), TokenError> {
    let allowed = |c: char| c.is_alphanumeric() || matches!(c, '.' | '-' | '_' | '@');
    let length = name.chars().count();
    // The name becomes the actor of every event the token appends: a member
    // of staff's handle, never a personal identity number.
    let identity_number = trygglogg_events::find_identity_number(name).is_some();
    if (1..=MAX_NAME_LEN).contains(&length) && name.chars().all(allowed) && !identity_number {
        Ok(())
    } else {
        Err(TokenError::InvalidName(name.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Role;

    fn new(name: &str, role: Role, organisation: &str) -> NewToken {
        let new = NewToken::new(name, role, organisation);
        match organisation {
            "Polisen" => new.serving(&["Hagfors kommun"]),
            _ if role == Role::Admin => new.serving(&[organisation]),
            _ => new,
        }
    }

    #[test]
    fn a_token_is_stored_only_as_its_hash() {
        let dir = tempfile::tempdir().unwrap();
        let path = tokens_path(dir.path());
        let token = update(&path, |f| f.create(new("anna", Role::Reporter, "Polisen"))).unwrap();
        assert!(token.starts_with(TOKEN_PREFIX));
        assert_eq!(token.len(), TOKEN_PREFIX.len() + 64, "256 random bits");
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(!text.contains(&token[TOKEN_PREFIX.len()..]));
        let file = TokenFile::load(&path).unwrap();
        assert_eq!(file.tokens[0].sha256, hex::encode(digest(&token)));
        assert_eq!(file.tokens[0].role, Role::Reporter);
        assert!(!dir.path().join("tokens.json.partial").exists());
    }

    #[test]
    fn concurrent_updates_lose_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("tokens.json");
        let threads: Vec<_> = (0..8)
            .map(|n| {
                let path = path.clone();
                std::thread::spawn(move || {
                    update(&path, |file| {
                        file.create(new(&format!("t{n}"), Role::Reporter, "Polisen"))
                    })
                    .unwrap();
                })
            })
            .collect();
        for thread in threads {
            thread.join().unwrap();
        }
        assert_eq!(TokenFile::load(&path).unwrap().tokens.len(), 8);
    }

    #[test]
    fn names_are_unique_valid_and_organisations_are_parties() {
        let mut file = TokenFile::default();
        let first = file.create(new("anna", Role::Auditor, "Hagfors kommun"));
        let second = file.create(new("bo", Role::Auditor, "Hagfors kommun"));
        assert_ne!(first.unwrap(), second.unwrap());
        assert!(matches!(
            file.create(new("anna", Role::Admin, "Polisen")),
            Err(TokenError::NameTaken(_))
        ));
        for name in [
            "",
            "has space",
            &"x".repeat(65),
            "a/b",
            "640823-3234",
            "pnr196408233234",
        ] {
            assert!(matches!(
                file.create(new(name, Role::Admin, "Polisen")),
                Err(TokenError::InvalidName(_))
            ));
        }
        let refused = file.create(new("cia", Role::Admin, "Hagfors")).unwrap_err();
        assert!(refused.to_string().contains("Hagfors kommun"), "{refused}");
        assert_eq!(file.tokens.len(), 2);
    }

    #[test]
    fn revoking_marks_the_token_once_and_replacing_drops_the_old_one() {
        let mut file = TokenFile::default();
        file.create(new("demo", Role::Admin, "Polisen")).unwrap();
        file.revoke("demo").unwrap();
        assert!(file.tokens[0].revoked.is_some());
        assert!(matches!(
            file.revoke("demo"),
            Err(TokenError::AlreadyRevoked(_))
        ));
        assert!(matches!(
            file.revoke("nobody"),
            Err(TokenError::UnknownName(_))
        ));
        let token = file.replace(new("demo", Role::Admin, "Polisen")).unwrap();
        assert_eq!(file.tokens.len(), 1);
        assert_eq!(file.tokens[0].revoked, None);
        assert_eq!(file.tokens[0].sha256, hex::encode(digest(&token)));
    }

    #[test]
    fn a_garbled_file_is_refused_with_its_path() {
        let dir = tempfile::tempdir().unwrap();
        let path = tokens_path(dir.path());
        std::fs::write(&path, "{not json").unwrap();
        let error = TokenFile::load(&path).unwrap_err();
        assert!(error.to_string().contains("tokens.json"), "{error}");
        assert_eq!(
            TokenFile::load(&dir.path().join("missing.json")).unwrap(),
            TokenFile::default()
        );
    }
}
