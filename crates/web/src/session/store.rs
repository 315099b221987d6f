//! The sessions of signed-in people, in the server's memory (a restart
//! signs everyone out). A session id is 256 random bits, sent once in the
//! cookie; only its SHA-256 is kept, so a look at this memory signs nobody
//! in. A session keeps the SHA-256 of its token, never the token, and ends
//! [`SESSION_LENGTH`] after it began.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use rand::RngCore;
use sha2::{Digest, Sha256};

/// How long a session lasts, however busy: one working day.
pub(crate) const SESSION_LENGTH: Duration = Duration::from_secs(8 * 60 * 60);

#[derive(Debug, Default)]
pub(crate) struct Sessions {
    by_id_hash: Mutex<HashMap<[u8; 32], Session>>,
}

/// One signed-in browser.
#[derive(Debug, Clone)]
pub(crate) struct Session {
    /// SHA-256 of the token it signed in with, looked up on every request.
    pub token: [u8; 32],
    /// What every form of this session carries (`form::CSRF_FIELD`).
    pub csrf: String,
    began: Instant,
}

impl Sessions {
    /// Begins a session for the token with SHA-256 `token`; returns its id,
    /// for the cookie.
    pub(crate) fn begin(&self, token: [u8; 32], now: Instant) -> String {
        let id = random_hex();
        let session = Session {
            token,
            csrf: random_hex(),
            began: now,
        };
        let mut sessions = self.lock();
        sessions.retain(|_, s| !s.is_over(now));
        sessions.insert(hash(&id), session);
        id
    }

    /// The session with id `id`, if it has not ended.
    pub(crate) fn find(&self, id: &str, now: Instant) -> Option<Session> {
        let mut sessions = self.lock();
        let key = hash(id);
        let session = sessions.get(&key)?;
        if session.is_over(now) {
            sessions.remove(&key);
            return None;
        }
        Some(session.clone())
    }

    pub(crate) fn end(&self, id: &str) {
        self.lock().remove(&hash(id));
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<[u8; 32], Session>> {
        self.by_id_hash.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl Session {
    fn is_over(&self, now: Instant) -> bool {
        now.saturating_duration_since(self.began) >= SESSION_LENGTH
    }
}

fn random_hex() -> String {
    let mut secret = [0u8; 32];
    rand::rng().fill_bytes(&mut secret);
    hex::encode(secret)
}

fn hash(id: &str) -> [u8; 32] {
    Sha256::digest(id.as_bytes()).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_session_is_found_by_its_id_until_eight_hours_or_sign_out() {
        let sessions = Sessions::default();
        let start = Instant::now();
        let id = sessions.begin([7; 32], start);
        assert_eq!(id.len(), 64, "256 random bits");
        let found = sessions.find(&id, start).unwrap();
        assert_eq!(found.token, [7; 32]);
        assert_eq!(found.csrf.len(), 64);
        assert!(
            !sessions.lock().contains_key(id.as_bytes()),
            "kept by hash only"
        );
        assert!(sessions.find("0".repeat(64).as_str(), start).is_none());
        let almost = start + SESSION_LENGTH - Duration::from_secs(1);
        assert!(sessions.find(&id, almost).is_some());
        assert!(sessions.find(&id, start + SESSION_LENGTH).is_none());
        assert!(
            sessions.find(&id, start).is_none(),
            "an ended session stays ended"
        );

        let other = sessions.begin([8; 32], start);
        sessions.end(&other);
        assert!(sessions.find(&other, start).is_none());
    }
}
