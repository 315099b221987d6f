//! The limits every request is held to, in one leaf module that the
//! middleware, the extractors and the routes read.

use std::time::Duration;

/// Largest request body accepted.
pub const BODY_LIMIT_BYTES: usize = 256 * 1024;
/// Longest a request may take to be answered (to its first byte, for streams).
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
/// Longest `GET /api/v1/audit/verify` waits for the walk of the log before it
/// answers how far the walk has come (within [`REQUEST_TIMEOUT`]).
pub const VERIFY_WAIT: Duration = Duration::from_secs(20);
/// How often an idle event subscription sends a keep-alive comment.
pub const SSE_KEEP_ALIVE: Duration = Duration::from_secs(15);
/// Most events one batch (`POST /api/v1/batches`) holds, over all its items;
/// its bytes are held to [`BODY_LIMIT_BYTES`] as every body is. Both keep one
/// group commit, and the wait of the appends that share it, short.
pub const BATCH_MAX_EVENTS: usize = 500;
