//! The follow-ups as JSON, kept while the live view stands where they were
//! built. Everyone reads the same few follow-ups, and between two recorded
//! events each reads the same bytes: those are sent again rather than built
//! and serialised anew.

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};

use axum::body::Bytes;
use trygglogg_events::Year;
use trygglogg_projections::follow_up::Audience;
use uuid::Uuid;

/// Most bodies kept; when full, all are dropped.
const KEPT: usize = 64;

/// Which follow-up: the agreement, the year, and who reads.
pub type Key = (Uuid, Year, Audience);

#[derive(Default)]
pub struct FollowUpBodies {
    /// Each body with the log position its view was built at.
    bodies: Mutex<HashMap<Key, (u64, Bytes)>>,
}

impl FollowUpBodies {
    /// The body for `key` if it was built at `position`.
    pub fn get(&self, key: &Key, position: u64) -> Option<Bytes> {
        let bodies = self.bodies.lock().unwrap_or_else(PoisonError::into_inner);
        match bodies.get(key) {
            Some((built_at, body)) if *built_at == position => Some(body.clone()),
            _ => None,
        }
    }

    pub fn put(&self, key: Key, position: u64, body: Bytes) {
        let mut bodies = self.bodies.lock().unwrap_or_else(PoisonError::into_inner);
        if bodies.len() >= KEPT {
            bodies.clear();
        }
        bodies.insert(key, (position, body));
    }
}
