//! The log's Ed25519 key in the signed-note encodings: the private key
//! (`PRIVATE+KEY+<name>+<id>+<base64>`), kept in `<data>/checkpoint.key` and
//! never shown, and its public half, the verifier key `<name>+<id>+<base64>`
//! that anyone may have.

use std::fmt;

use signed_note::{Signer, StandardSigner, StandardVerifier, Verifier};

use crate::origin::Origin;

/// A public key that checks this log's checkpoints: a signed-note verifier
/// key, `<origin>+<key id, 8 hex digits>+<base64 of 0x01 and the Ed25519 key>`.
#[derive(Clone)]
pub struct PublicKey {
    text: String,
    origin: Origin,
    verifier: StandardVerifier,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}; give a signed-note verifier key, <origin>+<8 hex digits>+<base64>, as `trygglogg key show` prints it")]
pub struct KeyError(String);

impl PublicKey {
    pub fn parse(raw: &str) -> Result<PublicKey, KeyError> {
        let raw = raw.trim();
        let verifier = StandardVerifier::new(raw).map_err(|e| {
            KeyError(match e {
                signed_note::VerifierError::Id => {
                    "the key id does not match the key (a changed key?)".into()
                }
                signed_note::VerifierError::Alg => "the key is not an Ed25519 key".into(),
                signed_note::VerifierError::Format => "that is not a verifier key".into(),
            })
        })?;
        let origin = Origin::parse(verifier.name()).map_err(|e| KeyError(e.to_string()))?;
        Ok(PublicKey {
            text: raw.to_owned(),
            origin,
            verifier,
        })
    }

    /// The log it signs for: the name in the key.
    pub fn origin(&self) -> &Origin {
        &self.origin
    }

    /// The key id: the first four bytes of SHA-256(name, "\n", key), as the
    /// signature lines of a note name it.
    pub fn id(&self) -> u32 {
        self.verifier.key_id()
    }

    /// What a person compares to be sure they hold the right key.
    pub fn fingerprint(&self) -> Fingerprint {
        // <name>+<id>+<base64>: the name and id hold no '+', the base64 may.
        let key = self
            .text
            .splitn(3, '+')
            .nth(2)
            .unwrap_or_default()
            .to_owned();
        Fingerprint { id: self.id(), key }
    }

    pub(crate) fn verifier(&self) -> &StandardVerifier {
        &self.verifier
    }
}

impl PartialEq for PublicKey {
    fn eq(&self, other: &PublicKey) -> bool {
        self.text == other.text
    }
}

impl Eq for PublicKey {}

/// The verifier key, in full: what `key show` prints and what `proof verify
/// --key` takes.
impl fmt::Display for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PublicKey({})", self.text)
    }
}

/// The key's fingerprint, to be read aloud or compared by eye: the key id
/// as two groups of four hex digits (it also begins every signature line of
/// a checkpoint, in base64), then the public key itself in base64 as the
/// verifier key ends, e.g. `3f9a 01c2 AXx…=`. The id alone tells keys apart
/// by chance only (1 in 4 billion); the base64 key is the key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fingerprint {
    id: u32,
    key: String,
}

impl Fingerprint {
    /// The key id, 8 hex digits.
    pub fn id_hex(&self) -> String {
        format!("{:08x}", self.id)
    }

    /// The public key in base64 (its first byte, 0x01, says Ed25519).
    pub fn key_base64(&self) -> &str {
        &self.key
    }
}

impl fmt::Display for Fingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let id = self.id_hex();
        write!(f, "{} {} {}", &id[..4], &id[4..], self.key)
    }
}

/// The private key that signs checkpoints. It is never printed: `Debug`
/// shows the public half only, and there is no `Display`.
pub struct SigningKey {
    signer: StandardSigner,
    public: PublicKey,
}

impl SigningKey {
    /// A new key from the operating system's randomness. Returns the key and
    /// its private encoding, to be written to the key file and dropped.
    pub fn generate(origin: &Origin) -> (SigningKey, PrivateKeyText) {
        let (private, public) = signed_note::generate_key(&mut rand_core::OsRng, origin.as_str());
        let signer = StandardSigner::new(&private).expect("a key signed_note just made parses");
        let public = PublicKey::parse(&public).expect("a key signed_note just made parses");
        (SigningKey { signer, public }, PrivateKeyText(private))
    }

    /// The key from its private encoding (the key file's contents).
    pub fn from_private(text: &str) -> Result<SigningKey, KeyError> {
        let text = text.trim();
        let signer = StandardSigner::new(text)
            .map_err(|_| KeyError("that is not a signed-note private key".into()))?;
        let name = signer.name().to_owned();
        // The public half is derived, never read: PRIVATE+KEY+<name>+<id>+<base64 of 0x01 || seed>.
        // The name and id hold no '+', the base64 may.
        let encoded = text.splitn(5, '+').nth(4).unwrap_or_default();
        let seed = base64_decode(encoded)
            .ok()
            .and_then(|bytes| <[u8; 32]>::try_from(bytes.get(1..)?).ok())
            .ok_or_else(|| KeyError("that is not a signed-note private key".into()))?;
        let verifying = ed25519_dalek::SigningKey::from_bytes(&seed).verifying_key();
        let public = PublicKey::parse(&signed_note::new_ed25519_verifier_key(&name, &verifying))?;
        Ok(SigningKey { signer, public })
    }

    pub fn public(&self) -> &PublicKey {
        &self.public
    }

    pub fn origin(&self) -> &Origin {
        self.public.origin()
    }

    pub(crate) fn signer(&self) -> &StandardSigner {
        &self.signer
    }
}

impl fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "SigningKey {{ public: {}, private: <never shown> }}",
            self.public
        )
    }
}

/// The private key's encoding, only to be written to the key file. Neither
/// `Debug` nor `Display` shows it.
pub struct PrivateKeyText(String);

impl PrivateKeyText {
    pub(crate) fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for PrivateKeyText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PrivateKeyText(<never shown>)")
    }
}

fn base64_decode(text: &str) -> Result<Vec<u8>, base64::DecodeError> {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.decode(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn origin() -> Origin {
        Origin::parse("test.example/trygglogg").unwrap()
    }

    #[test]
    fn the_private_half_is_never_shown() {
        let (key, private) = SigningKey::generate(&origin());
        let secret = private.expose().splitn(5, '+').nth(4).unwrap().to_owned();
        assert_eq!(secret.len(), 44, "0x01 and the 32-byte seed, in base64");
        for shown in [
            format!("{key:?}"),
            format!("{private:?}"),
            key.public().to_string(),
            format!("{:?}", key.public()),
            key.public().fingerprint().to_string(),
        ] {
            assert!(!shown.contains(&secret), "{shown}");
            assert!(!shown.contains("PRIVATE"), "{shown}");
        }
        assert!(format!("{key:?}").contains(&key.public().to_string()));
    }

    #[test]
    fn a_key_reads_back_from_its_private_encoding_with_the_same_public_half() {
        let (key, private) = SigningKey::generate(&origin());
        let again = SigningKey::from_private(private.expose()).unwrap();
        assert_eq!(again.public(), key.public());
        assert_eq!(again.origin(), &origin());
        assert!(SigningKey::from_private("PRIVATE+KEY+x+00000000+AAAA").is_err());
        assert!(SigningKey::from_private(&key.public().to_string()).is_err());
    }

    #[test]
    fn public_keys_parse_as_go_writes_them_and_refuse_changes() {
        // Go's x/mod/sumdb/note example key.
        let go = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
        let key = PublicKey::parse(go).unwrap();
        assert_eq!(key.id(), 0xc74f20a3);
        assert_eq!(key.origin().as_str(), "PeterNeumann");
        assert_eq!(key.to_string(), go);
        assert_eq!(
            key.fingerprint().to_string(),
            "c74f 20a3 ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"
        );
        // (raw, the error says)
        let cases = [
            (
                "PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
                "key id",
            ),
            (
                "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TX",
                "key id",
            ),
            ("PeterNeumann", "not a verifier key"),
            ("", "not a verifier key"),
        ];
        for (raw, says) in cases {
            let error = PublicKey::parse(raw).unwrap_err().to_string();
            assert!(error.contains(says), "{raw:?}: {error}");
            assert!(error.contains("trygglogg key show"), "{error}");
        }
    }
}
