//! The log's name: the first line of every checkpoint and the name of the
//! key that signs them (C2SP tlog-checkpoint and signed-note).

use std::fmt;

/// Longest origin accepted; C2SP sets no limit, but a name this long is a
/// mistake, and it is printed on every follow-up.
pub const MAX_ORIGIN_LEN: usize = 255;

/// What an origin looks like, for error messages.
pub const ORIGIN_EXPECTED: &str = "a schema-less URL naming this log, unique to it, \
     e.g. \"trygglogg.hagfors.se/trygglogg\": no spaces, no '+', no \"://\", at most 255 characters";

/// A checkpoint origin: a schema-less URL that names this log and no other.
/// C2SP: no Unicode spaces and no '+' (the signed-note key name rules), and
/// never a personal identity number (it is shown everywhere).
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Origin(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{reason}; give {ORIGIN_EXPECTED}")]
pub struct OriginError {
    reason: String,
}

impl Origin {
    pub fn parse(raw: &str) -> Result<Origin, OriginError> {
        let refuse = |reason: &str| {
            Err(OriginError {
                reason: format!("the origin {raw:?} {reason}"),
            })
        };
        if raw.is_empty() {
            return refuse("is empty");
        }
        if raw.len() > MAX_ORIGIN_LEN {
            return refuse("is too long");
        }
        if raw.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return refuse("holds a space or a control character");
        }
        if raw.contains('+') {
            return refuse("holds a '+'");
        }
        if raw.contains("://") {
            return refuse("has a scheme (leave out \"https://\")");
        }
        if trygglogg_events::redact_identity_numbers(raw) != raw {
            return refuse("holds what looks like a personal identity number");
        }
        if !signed_note::is_key_name_valid(raw) {
            return refuse("is not a valid key name");
        }
        Ok(Origin(raw.to_owned()))
    }

    /// The default when none is given: `<host>/trygglogg`, with the host the
    /// site is reached at (from `--public-url`) when that is a real name, or
    /// else the machine's hostname. Only a default: an operator running two
    /// logs on one machine must give each its own origin.
    pub fn default_for(public_host: Option<&str>) -> Origin {
        let local = |host: &str| {
            host.is_empty()
                || host == "localhost"
                || host.starts_with("127.")
                || host == "[::1]"
                || host == "::1"
                || host == "0.0.0.0"
        };
        let host = public_host
            .filter(|host| !local(host))
            .map(str::to_owned)
            .or_else(machine_hostname)
            .unwrap_or_else(|| "localhost".to_owned());
        let host: String = host
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '[' | ']' | ':'))
            .collect::<String>()
            .to_ascii_lowercase();
        let host = if host.is_empty() {
            "localhost".into()
        } else {
            host
        };
        Origin::parse(&format!("{host}/trygglogg"))
            .unwrap_or_else(|_| Origin("localhost/trygglogg".to_owned()))
    }

    /// [`default_for`](Self::default_for) the host of a public address
    /// such as `https://trygglogg.hagfors.se:8443` (scheme, port and path
    /// left out).
    pub fn default_for_url(public_url: &str) -> Origin {
        let rest = public_url
            .split_once("://")
            .map_or(public_url, |(_, rest)| rest);
        let authority = rest.split('/').next().unwrap_or_default();
        let host = match authority.strip_prefix('[') {
            Some(v6) => v6.split(']').next().unwrap_or_default(),
            None => authority.split(':').next().unwrap_or_default(),
        };
        Origin::default_for(Some(host))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

fn machine_hostname() -> Option<String> {
    let name = std::fs::read_to_string("/proc/sys/kernel/hostname")
        .or_else(|_| std::fs::read_to_string("/etc/hostname"))
        .ok()?;
    let name = name.trim();
    (!name.is_empty()).then(|| name.to_owned())
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Origin({:?})", self.0)
    }
}

impl std::str::FromStr for Origin {
    type Err = OriginError;
    fn from_str(raw: &str) -> Result<Origin, OriginError> {
        Origin::parse(raw)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_are_checked_as_c2sp_names() {
        // (raw, accepted, the message says)
        let cases = [
            ("trygglogg.hagfors.se/trygglogg", true, ""),
            ("example.com", true, ""),
            ("", false, "is empty"),
            ("a b/log", false, "space"),
            ("a\tb", false, "space"),
            ("a+b/log", false, "'+'"),
            ("https://x.se/log", false, "scheme"),
            ("x.se/701063-2391", false, "personal identity number"),
        ];
        for (raw, accepted, says) in cases {
            match Origin::parse(raw) {
                Ok(origin) => {
                    assert!(accepted, "{raw:?} was accepted");
                    assert_eq!(origin.as_str(), raw);
                }
                Err(e) => {
                    assert!(!accepted, "{raw:?} was refused: {e}");
                    let text = e.to_string();
                    assert!(text.contains(says), "{raw:?}: {text}");
                    assert!(text.contains("schema-less URL"), "{text}");
                }
            }
        }
        assert!(Origin::parse(&"a".repeat(256)).is_err());
    }

    #[test]
    fn the_default_names_the_public_host_or_else_the_machine() {
        assert_eq!(
            Origin::default_for(Some("trygglogg.hagfors.se")).as_str(),
            "trygglogg.hagfors.se/trygglogg"
        );
        assert_eq!(
            Origin::default_for_url("https://trygglogg.hagfors.se:8443/x").as_str(),
            "trygglogg.hagfors.se/trygglogg"
        );
        assert_eq!(
            Origin::default_for_url("http://127.0.0.1:8080"),
            Origin::default_for(None)
        );
        for local in [None, Some("127.0.0.1"), Some("localhost"), Some("::1")] {
            let origin = Origin::default_for(local);
            assert!(origin.as_str().ends_with("/trygglogg"), "{origin}");
            assert!(!origin.as_str().starts_with("127."), "{origin}");
            assert!(Origin::parse(origin.as_str()).is_ok());
        }
    }
}
