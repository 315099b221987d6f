//! The server's view of the token file: re-read when it changes (checked at
//! most once per [`RELOAD_INTERVAL`]), so created and revoked tokens take effect
//! without a restart. Presented tokens are hashed and compared with every known
//! hash in constant time.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant, SystemTime};

use chrono::{DateTime, Utc};
use subtle::ConstantTimeEq;
use trygglogg_recorder::{Author, Municipalities};

use crate::error::TokenError;
use crate::login_link::{redeem_login_link, Redeemed};
use crate::token_file::{digest, TokenFile};
use crate::Role;

/// How long a read of the token file is trusted before its mtime is checked.
pub const RELOAD_INTERVAL: Duration = Duration::from_secs(1);

/// Who a valid token belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Credential {
    /// The token's name: the actor of what it records.
    pub name: String,
    pub role: Role,
    pub organisation: String,
    /// Where it may write.
    pub municipalities: Municipalities,
}

impl Credential {
    /// The author of what this credential records: actor, organisation and
    /// municipalities come from the token, never from the request body. `None` for a role that
    /// records nothing.
    pub fn author(&self) -> Option<Author> {
        Some(Author {
            actor: self.name.clone(),
            organisation: self.organisation.clone(),
            scope: self.role.recording_scope()?,
            municipalities: self.municipalities.clone(),
        })
    }
}

/// What a presented token turned out to be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Authentication {
    Valid(Credential),
    Revoked(DateTime<Utc>),
    Unknown,
}

pub struct Tokens {
    path: PathBuf,
    loaded: Mutex<Loaded>,
}

struct Loaded {
    /// Why the file could not be read, if it could not: then no token is valid
    /// (a revoked token must never come back because the file is damaged).
    known: Result<Vec<Known>, String>,
    stamp: Option<Stamp>,
    checked: Instant,
}

struct Known {
    digest: [u8; 32],
    credential: Credential,
    revoked: Option<DateTime<Utc>>,
}

/// What tells that the file changed: its modification time and length.
type Stamp = (SystemTime, u64);

impl Tokens {
    /// Reads the token file at `path` (a missing file holds no tokens).
    pub fn open(path: impl Into<PathBuf>) -> Result<Tokens, TokenError> {
        let path = path.into();
        let stamp = stamp_of(&path);
        let known = read(&path)?;
        Ok(Tokens {
            path,
            loaded: Mutex::new(Loaded {
                known: Ok(known),
                stamp,
                checked: Instant::now(),
            }),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Looks a presented token up. Fails only when the token file has become
    /// unreadable.
    pub fn authenticate(&self, token: &str) -> Result<Authentication, String> {
        self.authenticate_digest(&digest(token))
    }

    /// Looks a token up by its SHA-256: what a signed-in session keeps
    /// instead of the token, and asks again on every request, so that a
    /// revocation ends the session as soon as the file is re-read.
    pub fn authenticate_digest(&self, presented: &[u8; 32]) -> Result<Authentication, String> {
        let mut loaded = self.loaded.lock().unwrap_or_else(|e| e.into_inner());
        self.reload_if_changed(&mut loaded);
        let known = loaded.known.as_ref().map_err(Clone::clone)?;
        let mut found = None;
        // Every hash is compared, in constant time, so the timing does not tell
        // how much of a guess matched.
        for candidate in known {
            if bool::from(candidate.digest.ct_eq(presented)) {
                found = Some(candidate);
            }
        }
        Ok(match found {
            None => Authentication::Unknown,
            Some(Known {
                revoked: Some(when),
                ..
            }) => Authentication::Revoked(*when),
            Some(known) => Authentication::Valid(known.credential.clone()),
        })
    }

    /// Uses the one-time sign-in code `code` up (see `login_link.rs`).
    pub fn redeem_login_link(&self, code: &str) -> Result<Redeemed, TokenError> {
        let redeemed = redeem_login_link(&self.path, code, Utc::now())?;
        if matches!(redeemed, Redeemed::Token(_)) {
            // The token may be newer than our last read: look at the file
            // again before its sign-in, rather than refuse a used-up link.
            let mut loaded = self.loaded.lock().unwrap_or_else(|e| e.into_inner());
            loaded.checked = loaded
                .checked
                .checked_sub(RELOAD_INTERVAL)
                .unwrap_or(loaded.checked);
        }
        Ok(redeemed)
    }

    fn reload_if_changed(&self, loaded: &mut Loaded) {
        if loaded.checked.elapsed() < RELOAD_INTERVAL {
            return;
        }
        loaded.checked = Instant::now();
        let stamp = stamp_of(&self.path);
        if stamp == loaded.stamp {
            return;
        }
        loaded.stamp = stamp;
        loaded.known = read(&self.path).map_err(|error| {
            tracing::error!(%error, "the token file cannot be read; refusing every token until it is fixed");
            format!("the token file cannot be read ({error}); an operator must fix it")
        });
        if loaded.known.is_ok() {
            tracing::info!(path = %self.path.display(), "token file re-read");
        }
    }
}

fn stamp_of(path: &Path) -> Option<Stamp> {
    let metadata = std::fs::metadata(path).ok()?;
    Some((metadata.modified().ok()?, metadata.len()))
}

fn read(path: &Path) -> Result<Vec<Known>, TokenError> {
    let file = TokenFile::load(path)?;
    file.tokens
        .into_iter()
        .map(|record| {
            let mut digest = [0u8; 32];
            hex::decode_to_slice(&record.sha256, &mut digest).map_err(|_| TokenError::Corrupt {
                path: path.to_owned(),
                reason: format!("the hash of token {:?} is not 64 hex digits", record.name),
            })?;
            let municipalities = record
                .municipalities()
                .map_err(|reason| TokenError::Corrupt {
                    path: path.to_owned(),
                    reason,
                })?;
            Ok(Known {
                digest,
                credential: Credential {
                    name: record.name,
                    role: record.role,
                    organisation: record.organisation,
                    municipalities,
                },
                revoked: record.revoked,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::login_link::issue_login_link;
    use crate::record::NewToken;
    use crate::token_file::{tokens_path, update};

    fn create(path: &Path, name: &str) -> String {
        update(path, |file| {
            file.create(NewToken::new(name, Role::Coordinator, "Hagfors kommun"))
        })
        .unwrap()
    }

    /// Lets the next lookup check the file again.
    fn age(tokens: &Tokens) {
        let mut loaded = tokens.loaded.lock().unwrap();
        loaded.checked -= RELOAD_INTERVAL;
    }

    #[test]
    fn created_and_revoked_tokens_take_effect_without_a_restart() {
        let dir = tempfile::tempdir().unwrap();
        let path = tokens_path(dir.path());
        let first = create(&path, "anna");
        let tokens = Tokens::open(&path).unwrap();
        let Authentication::Valid(who) = tokens.authenticate(&first).unwrap() else {
            panic!("the token is valid");
        };
        assert_eq!(
            (who.name.as_str(), who.role, who.organisation.as_str()),
            ("anna", Role::Coordinator, "Hagfors kommun")
        );

        let second = create(&path, "bo");
        update(&path, |file| file.revoke("anna")).unwrap();
        // Within the interval the old view stands; after it, the new one.
        assert_eq!(
            tokens.authenticate(&second).unwrap(),
            Authentication::Unknown
        );
        age(&tokens);
        assert!(matches!(
            tokens.authenticate(&second).unwrap(),
            Authentication::Valid(_)
        ));
        assert!(matches!(
            tokens.authenticate(&first).unwrap(),
            Authentication::Revoked(_)
        ));
        assert_eq!(
            tokens.authenticate("tl_guess").unwrap(),
            Authentication::Unknown
        );
    }

    #[test]
    fn a_link_signs_in_a_token_made_a_moment_ago() {
        let dir = tempfile::tempdir().unwrap();
        let path = tokens_path(dir.path());
        create(&path, "anna");
        let tokens = Tokens::open(&path).unwrap();
        // Made and linked within the interval: the server has not re-read
        // the file, and must not answer "unknown" for a link it used up.
        let (token, code) = update(&path, |file| {
            let token = file.create(NewToken::new("bo", Role::Reporter, "Hagfors kommun"))?;
            Ok((token, issue_login_link(file, "bo", Utc::now())?))
        })
        .unwrap();
        assert_eq!(
            tokens.authenticate(&token).unwrap(),
            Authentication::Unknown
        );
        let Redeemed::Token(digest) = tokens.redeem_login_link(&code).unwrap() else {
            panic!("the link is good");
        };
        assert!(matches!(
            tokens.authenticate_digest(&digest).unwrap(),
            Authentication::Valid(c) if c.name == "bo"
        ));
    }

    #[test]
    fn a_damaged_file_refuses_every_token_until_it_is_fixed() {
        let dir = tempfile::tempdir().unwrap();
        let path = tokens_path(dir.path());
        let token = create(&path, "anna");
        let tokens = Tokens::open(&path).unwrap();
        let good = std::fs::read(&path).unwrap();
        std::fs::write(&path, b"{\"tokens\": 1}").unwrap();
        age(&tokens);
        let error = tokens.authenticate(&token).unwrap_err();
        assert!(error.contains("token file"), "{error}");
        std::fs::write(&path, good).unwrap();
        age(&tokens);
        assert!(matches!(
            tokens.authenticate(&token).unwrap(),
            Authentication::Valid(_)
        ));
    }
}
