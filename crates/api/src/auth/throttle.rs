//! Failed authentications are counted per client address, so a token cannot
//! be found by guessing: after ten refused tokens within a minute, requests
//! from that address that present an unknown, revoked or garbled token get
//! 429 instead of 401 until the minute is over. A valid token is looked up
//! first and always served (a lookup is a hash and constant-time compares,
//! cheap enough to do for every guess), so colleagues behind the same address
//! are never locked out; requests without a token, the public's, are never
//! held up either.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Refused tokens an address may present within [`WINDOW`].
pub const MAX_FAILURES: u32 = 10;
pub const WINDOW: Duration = Duration::from_secs(60);
/// Addresses tracked at most; beyond that the expired ones are dropped, and
/// if none has expired, all are (an attacker with that many addresses is not
/// stopped by counting them anyway).
const MAX_TRACKED: usize = 10_000;

/// The refused tokens of each address, in the window that began with the
/// first of them. `None` stands for a request whose address is unknown (the
/// router driven without a socket).
#[derive(Debug, Default)]
pub struct FailedAuthentications {
    windows: Mutex<HashMap<Option<IpAddr>, Window>>,
}

#[derive(Debug, Clone, Copy)]
struct Window {
    started: Instant,
    failures: u32,
}

impl FailedAuthentications {
    /// How long `client` must wait, if it is held up now.
    pub fn held_up(&self, client: Option<IpAddr>, now: Instant) -> Option<Duration> {
        let windows = self.windows.lock().unwrap_or_else(|e| e.into_inner());
        let window = windows.get(&client)?;
        let ends = window.started + WINDOW;
        (window.failures >= MAX_FAILURES && now < ends).then(|| ends - now)
    }

    /// Counts one refused token presented by `client`.
    pub fn refused(&self, client: Option<IpAddr>, now: Instant) {
        let mut windows = self.windows.lock().unwrap_or_else(|e| e.into_inner());
        if windows.len() >= MAX_TRACKED && !windows.contains_key(&client) {
            windows.retain(|_, w| now < w.started + WINDOW);
            if windows.len() >= MAX_TRACKED {
                windows.clear();
            }
        }
        let window = windows.entry(client).or_insert(Window {
            started: now,
            failures: 0,
        });
        if now >= window.started + WINDOW {
            *window = Window {
                started: now,
                failures: 0,
            };
        }
        window.failures += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ten_refusals_hold_an_address_up_for_the_rest_of_the_minute() {
        let failed = FailedAuthentications::default();
        let (guesser, colleague) = (
            Some("10.1.2.3".parse().unwrap()),
            Some("10.9.9.9".parse().unwrap()),
        );
        let start = Instant::now();
        for n in 0..MAX_FAILURES {
            assert_eq!(failed.held_up(guesser, start), None, "after {n}");
            failed.refused(guesser, start + Duration::from_secs(n.into()));
        }
        let later = start + Duration::from_secs(20);
        assert_eq!(
            failed.held_up(guesser, later),
            Some(Duration::from_secs(40))
        );
        assert_eq!(
            failed.held_up(colleague, later),
            None,
            "another address is not held up"
        );
        assert_eq!(
            failed.held_up(guesser, start + WINDOW),
            None,
            "the minute is over"
        );
        // A new window starts with the next refusal.
        failed.refused(guesser, start + WINDOW);
        assert_eq!(failed.held_up(guesser, start + WINDOW), None);
    }
}
