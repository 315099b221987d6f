//! The value of a log entry (`L` key, `keys.rs`): the event's 32-byte hash,
//! then its stored record bytes.

use crate::{Hash, RecordedEvent, StoreError};

/// The value stored for an event: its hash, then its record bytes.
pub(crate) fn log_value(hash: &Hash, bytes: &[u8]) -> Vec<u8> {
    let mut value = Vec::with_capacity(32 + bytes.len());
    value.extend_from_slice(hash.as_bytes());
    value.extend_from_slice(bytes);
    value
}

/// A stored `L` value is the 32-byte hash followed by the record bytes; a value
/// too short to hold a hash yields a zero hash, which never verifies.
pub(crate) fn split_log_value(value: &[u8]) -> (Hash, &[u8]) {
    match value.split_first_chunk::<32>() {
        Some((hash, bytes)) => (Hash::from_bytes(*hash), bytes),
        None => (Hash::GENESIS, value),
    }
}

pub(crate) fn decode_log_value(position: u64, value: &[u8]) -> Result<RecordedEvent, StoreError> {
    let (hash, bytes) = split_log_value(value);
    RecordedEvent::from_stored(bytes, hash).map_err(|e| StoreError::Corrupt {
        position,
        reason: e.to_string(),
    })
}
