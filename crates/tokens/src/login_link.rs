//! One-time sign-in links, so that nobody has to type a 67-character token
//! on a phone: `trygglogg token create --login` prints
//! `<public url>/logga-in?kod=<code>` beside the token. Only a SHA-256 of the
//! code is kept, next to its token in `tokens.json`; the link is good for
//! [`LOGIN_LINK_VALIDITY`] and for one sign-in. Using it removes it from the
//! file (saved atomically before the sign-in is answered), so a used link
//! stays used after a restart too.

use std::path::Path;

use chrono::{DateTime, Duration, SubsecRound, Utc};
use rand::RngCore;
use subtle::ConstantTimeEq;

use crate::error::TokenError;
use crate::record::LoginLink;
use crate::token_file::{digest, update_if_changed, TokenFile};

/// How long a sign-in link may be used after it was made.
pub const LOGIN_LINK_VALIDITY: Duration = Duration::minutes(15);

/// What a presented sign-in code turned out to be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Redeemed {
    /// The code was good: the SHA-256 of its token, to sign in with. The
    /// code is used up.
    Token([u8; 32]),
    /// The code was made more than [`LOGIN_LINK_VALIDITY`] ago (now removed).
    Expired,
    /// No such code: mistyped, made up, or already used.
    Unknown,
}

// Free functions over a `TokenFile` rather than methods of it, so that the
// file's module does not reach back into this one (no circle of modules).

/// Makes a new sign-in code for the token `name` in `file`, replacing any
/// earlier one, and returns it (shown once; only its hash is kept).
pub fn issue_login_link(
    file: &mut TokenFile,
    name: &str,
    now: DateTime<Utc>,
) -> Result<String, TokenError> {
    let record = file
        .tokens
        .iter_mut()
        .find(|t| t.name == name)
        .ok_or_else(|| TokenError::UnknownName(name.to_owned()))?;
    if record.revoked.is_some() {
        return Err(TokenError::AlreadyRevoked(name.to_owned()));
    }
    let mut secret = [0u8; 16];
    rand::rng().fill_bytes(&mut secret);
    let code = hex::encode(secret);
    record.login_link = Some(LoginLink {
        sha256: hex::encode(digest(&code)),
        expires: now.trunc_subsecs(0) + LOGIN_LINK_VALIDITY,
    });
    Ok(code)
}

/// Uses the sign-in code `code` in `file` up, if some token has it; returns
/// whether anything changed, for [`update_if_changed`].
fn redeem(file: &mut TokenFile, code: &str, now: DateTime<Utc>) -> (Redeemed, bool) {
    let presented = hex::encode(digest(code));
    let mut found = None;
    // Every code is compared, in constant time, as tokens are.
    for record in file.tokens.iter_mut() {
        let matches = record
            .login_link
            .as_ref()
            .is_some_and(|link| bool::from(link.sha256.as_bytes().ct_eq(presented.as_bytes())));
        if matches {
            found = Some(record);
        }
    }
    let Some(record) = found else {
        return (Redeemed::Unknown, false);
    };
    let link = record.login_link.take().expect("the link just matched");
    if now >= link.expires {
        return (Redeemed::Expired, true);
    }
    let mut token = [0u8; 32];
    match hex::decode_to_slice(&record.sha256, &mut token) {
        Ok(()) => (Redeemed::Token(token), true),
        // A damaged hash signs nobody in; `Tokens` reports the file.
        Err(_) => (Redeemed::Unknown, true),
    }
}

/// Uses the sign-in code `code` of the token file at `path` up, under the
/// file's lock: of two sign-ins with one code, one gets the token.
pub fn redeem_login_link(
    path: &Path,
    code: &str,
    now: DateTime<Utc>,
) -> Result<Redeemed, TokenError> {
    update_if_changed(path, |file| Ok(redeem(file, code, now)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::NewToken;
    use crate::token_file::{tokens_path, update};
    use crate::Role;

    fn token_with_link(path: &Path, now: DateTime<Utc>) -> (String, String) {
        update(path, |file| {
            let token = file.create(NewToken::new("anna", Role::Coordinator, "Hagfors kommun"))?;
            let code = issue_login_link(file, "anna", now)?;
            Ok((token, code))
        })
        .unwrap()
    }

    #[test]
    fn a_link_signs_in_once_and_is_kept_only_as_its_hash() {
        let dir = tempfile::tempdir().unwrap();
        let path = tokens_path(dir.path());
        let now = Utc::now();
        let (token, code) = token_with_link(&path, now);
        assert_eq!(code.len(), 32, "128 random bits");
        assert!(!std::fs::read_to_string(&path).unwrap().contains(&code));
        assert_eq!(
            redeem_login_link(&path, &code, now).unwrap(),
            Redeemed::Token(digest(&token))
        );
        // Used: also for a server that reads the file anew.
        assert_eq!(
            redeem_login_link(&path, &code, now).unwrap(),
            Redeemed::Unknown
        );
        assert_eq!(TokenFile::load(&path).unwrap().tokens[0].login_link, None);
    }

    #[test]
    fn a_link_expires_after_fifteen_minutes_and_guesses_change_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = tokens_path(dir.path());
        let now = Utc::now();
        let (_, code) = token_with_link(&path, now);
        let before = std::fs::read(&path).unwrap();
        assert_eq!(
            redeem_login_link(&path, "00000000000000000000000000000000", now).unwrap(),
            Redeemed::Unknown
        );
        assert_eq!(
            std::fs::read(&path).unwrap(),
            before,
            "a guess writes nothing"
        );
        let later = now + LOGIN_LINK_VALIDITY + Duration::seconds(1);
        assert_eq!(
            redeem_login_link(&path, &code, later).unwrap(),
            Redeemed::Expired
        );
        assert_eq!(
            redeem_login_link(&path, &code, now).unwrap(),
            Redeemed::Unknown
        );
    }

    #[test]
    fn a_new_link_replaces_the_old_and_a_revoked_token_gets_none() {
        let dir = tempfile::tempdir().unwrap();
        let path = tokens_path(dir.path());
        let now = Utc::now();
        let (_, first) = token_with_link(&path, now);
        let second = update(&path, |file| issue_login_link(file, "anna", now)).unwrap();
        assert_eq!(
            redeem_login_link(&path, &first, now).unwrap(),
            Redeemed::Unknown
        );
        assert!(matches!(
            redeem_login_link(&path, &second, now).unwrap(),
            Redeemed::Token(_)
        ));
        update(&path, |file| file.revoke("anna")).unwrap();
        let refused = update(&path, |file| issue_login_link(file, "anna", now));
        assert!(matches!(refused, Err(TokenError::AlreadyRevoked(_))));
    }
}
