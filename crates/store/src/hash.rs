//! The SHA-256 hash chain that makes the log tamper-evident.

use std::fmt;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// A SHA-256 digest, shown and serialised as 64 lowercase hex digits.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Hash([u8; 32]);

impl Hash {
    /// The `prev_hash` of the first event: 32 zero bytes.
    pub const GENESIS: Hash = Hash([0; 32]);

    /// The hash of a stored event: SHA-256 over the previous event's hash (32 raw
    /// bytes) followed by the exact stored bytes of this event.
    ///
    /// An auditor can recompute it with standard tools:
    /// `(printf %s "$PREV_HEX" | xxd -r -p; printf %s "$RECORD") | sha256sum`.
    pub fn chain(prev: &Hash, stored: &[u8]) -> Hash {
        let mut hasher = Sha256::new();
        hasher.update(prev.0);
        hasher.update(stored);
        Hash(hasher.finalize().into())
    }

    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        Hash(bytes)
    }

    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }

    pub fn to_hex(&self) -> String {
        hex::encode(self.0)
    }
}

impl TryFrom<String> for Hash {
    type Error = String;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        let mut bytes = [0u8; 32];
        hex::decode_to_slice(&value, &mut bytes)
            .map_err(|_| format!("{value:?} is not a SHA-256 hash (64 hex digits)"))?;
        Ok(Hash(bytes))
    }
}

impl From<Hash> for String {
    fn from(value: Hash) -> Self {
        value.to_hex()
    }
}

impl fmt::Display for Hash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_hex())
    }
}

impl fmt::Debug for Hash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Hash({})", self.to_hex())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chain_is_sha256_of_prev_then_record() {
        // sha256 of 32 zero bytes followed by "abc", computed independently with
        // `(head -c 32 /dev/zero; printf abc) | sha256sum`.
        let h = Hash::chain(&Hash::GENESIS, b"abc");
        assert_eq!(
            h.to_hex(),
            "365aa7d8f7f9402c4b9434502b4cc89ddb09fe50d7cd95b493b834c62d5a5370"
        );
        let again = Hash::chain(&Hash::GENESIS, b"abc");
        assert_eq!(h, again);
        assert_ne!(h, Hash::chain(&h, b"abc"));
    }

    #[test]
    fn hex_round_trip_and_refusal() {
        let h = Hash::chain(&Hash::GENESIS, b"x");
        assert_eq!(Hash::try_from(h.to_hex()).unwrap(), h);
        assert!(Hash::try_from("zz".to_string()).is_err());
    }
}
