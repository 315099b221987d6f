//! The key layout of the single sled tree. One tree, so that one `sled::Batch`
//! writes an event, its stream index entry and its id index entry atomically.
//!
//! | key | value |
//! |---|---|
//! | `L` position (u64 BE) | hash (32 bytes) then the stored record bytes |
//! | `S` stream name, NUL, version (u64 BE) | position (u64 BE) |
//! | `I` event id (16 bytes) | position, stream version (u64 BE each), content digest (32 bytes) |
//! | `H` stored-hash index (u64 BE) | a node of the Merkle tree (32 bytes) |
//!
//! The `H` keys hold the Merkle tree over the log (`tree.rs`) in Go sumdb's
//! "stored hashes" order (`tlog_tiles::stored_hash_index`): leaf `i` is the
//! stored record bytes of position `i + 1`, and each event's batch writes the
//! hashes it completes, so the tree always ends exactly at the durable head.
//!
//! Stream names never contain NUL, so `S` keys of `activity-1` and `activity-10`
//! never share a prefix.

use uuid::Uuid;

use trygglogg_events::StreamName;

pub(crate) const LOG: u8 = b'L';
pub(crate) const STREAM: u8 = b'S';
pub(crate) const ID: u8 = b'I';
pub(crate) const TREE: u8 = b'H';

pub(crate) fn log_key(position: u64) -> [u8; 9] {
    let mut key = [LOG; 9];
    key[1..].copy_from_slice(&position.to_be_bytes());
    key
}

pub(crate) fn position_of_log_key(key: &[u8]) -> Option<u64> {
    number_after(LOG, key)
}

/// The big-endian number a key of one-byte `prefix` holds after it.
fn number_after(prefix: u8, key: &[u8]) -> Option<u64> {
    match key {
        [first, rest @ ..] if *first == prefix => Some(u64::from_be_bytes(rest.try_into().ok()?)),
        _ => None,
    }
}

pub(crate) fn tree_key(stored_index: u64) -> [u8; 9] {
    let mut key = [TREE; 9];
    key[1..].copy_from_slice(&stored_index.to_be_bytes());
    key
}

/// The stored-hash index of an `H` key.
pub(crate) fn index_of_tree_key(key: &[u8]) -> Option<u64> {
    number_after(TREE, key)
}

pub(crate) fn stream_prefix(stream: &StreamName) -> Vec<u8> {
    let name = stream.text();
    let mut key = Vec::with_capacity(name.len() + 10);
    key.push(STREAM);
    key.extend_from_slice(name.as_bytes());
    key.push(0);
    key
}

pub(crate) fn stream_key(stream: &StreamName, version: u64) -> Vec<u8> {
    let mut key = stream_prefix(stream);
    key.extend_from_slice(&version.to_be_bytes());
    key
}

/// The version at the end of a stream key.
pub(crate) fn version_of_stream_key(key: &[u8]) -> Option<u64> {
    split_stream_key(key).map(|(_, version)| version)
}

/// The stream name's bytes and the version of an `S` key.
pub(crate) fn split_stream_key(key: &[u8]) -> Option<(&[u8], u64)> {
    let (rest, version) = key.strip_prefix(&[STREAM])?.split_last_chunk::<8>()?;
    Some((rest.strip_suffix(&[0])?, u64::from_be_bytes(*version)))
}

/// The event id of an `I` key.
pub(crate) fn id_of_id_key(key: &[u8]) -> Option<Uuid> {
    match key {
        [ID, rest @ ..] => Uuid::from_slice(rest).ok(),
        _ => None,
    }
}

pub(crate) fn id_key(id: Uuid) -> [u8; 17] {
    let mut key = [ID; 17];
    key[1..].copy_from_slice(id.as_bytes());
    key
}

pub(crate) fn u64_value(value: &[u8]) -> Option<u64> {
    Some(u64::from_be_bytes(value.get(..8)?.try_into().ok()?))
}

/// What the `I` key of an event says: where it is and what it held.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct IdEntry {
    pub position: u64,
    pub version: u64,
    pub digest: [u8; 32],
}

impl IdEntry {
    pub fn to_bytes(self) -> [u8; 48] {
        let mut value = [0u8; 48];
        value[..8].copy_from_slice(&self.position.to_be_bytes());
        value[8..16].copy_from_slice(&self.version.to_be_bytes());
        value[16..].copy_from_slice(&self.digest);
        value
    }

    pub fn from_bytes(value: &[u8]) -> Option<IdEntry> {
        Some(IdEntry {
            position: u64_value(value)?,
            version: u64_value(value.get(8..)?)?,
            digest: value.get(16..48)?.try_into().ok()?,
        })
    }
}
