//! The open-file limit and the connection cap. Every connection is a file
//! descriptor, and the log, the token file and the checkpoint take some
//! too. With a cap above what the process may open, slow clients would run
//! the server out of descriptors before the cap held them back, and every
//! `accept` would fail, for everyone (issue 13: under a low limit, 300
//! half-sent request heads made `/healthz` time out). So the soft limit is
//! raised to the hard one at start-up, as Go's runtime does, and a cap that
//! still does not fit is lowered to what does, with a warning.

use rustix::process::{getrlimit, setrlimit, Resource, Rlimit};

/// Descriptors kept for everything but connections: sled's files, the token
/// file, the checkpoint, the listener, standard streams, and a margin.
pub const RESERVED: u64 = 64;

/// The open-file limit in force after raising the soft limit as far as the
/// hard one allows; `None` when there is none.
pub fn raise_limit() -> Option<u64> {
    let limit = getrlimit(Resource::Nofile);
    if limit.current != limit.maximum {
        let raised = Rlimit {
            current: limit.maximum,
            maximum: limit.maximum,
        };
        if setrlimit(Resource::Nofile, raised).is_ok() {
            return limit.maximum;
        }
    }
    limit.current
}

/// The connection cap that fits under the open-file limit `limit`.
pub fn fitting(cap: usize, limit: Option<u64>) -> usize {
    let Some(limit) = limit else { return cap };
    let room = usize::try_from(limit.saturating_sub(RESERVED)).unwrap_or(usize::MAX);
    cap.min(room.max(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cap_fits_under_the_limit() {
        let cases = [
            (1024, None, 1024),
            (1024, Some(1_048_576), 1024),
            (1024, Some(1024 + RESERVED), 1024),
            (1024, Some(1024), 1024 - RESERVED as usize),
            (200, Some(256), 192),
            (10, Some(20), 1),
        ];
        for (cap, limit, fitted) in cases {
            assert_eq!(fitting(cap, limit), fitted, "cap {cap}, limit {limit:?}");
        }
    }
}
