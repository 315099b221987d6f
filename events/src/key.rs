//! Short machine keys that name things inside a stream, so that events written by hand
//! (and fixtures) stay readable: focus areas and commitments of an agreement.

use crate::error::Invalid;
use crate::fields::from_json_via_str;
use crate::privacy::refuse_identity_number;
use std::fmt;

/// A key such as `trafikmiljo` or `trafikkontroller-2018`: 1–64 characters of `a-z`,
/// `0-9` and `-`, starting with a letter or digit. Unique within its agreement.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(transparent)]
pub struct Key(String);

impl Key {
    pub const MAX_CHARS: usize = 64;

    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        // Keys are shown in public views like any text: they too must never carry a
        // personal identity number. Checked first, so that the refusal of a
        // malformed key never quotes one.
        refuse_identity_number(raw, "name the thing, never a person, e.g. \"trafikmiljo\"")?;
        let valid_chars = raw
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        let valid_start = raw
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
        if raw.len() > Self::MAX_CHARS || !valid_chars || !valid_start {
            return Err(Invalid::new(
                format!("{raw:?} is not a key"),
                "give 1–64 characters of a-z, 0-9 and -, e.g. \"trafikmiljo\"",
            ));
        }
        Ok(Self(raw.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl schemars::JsonSchema for Key {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Key".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "pattern": "^[a-z0-9][a-z0-9-]{0,63}$",
            "description": "A key unique within its agreement, e.g. \"trafikmiljo\". Must not \
                            contain a personnummer or samordningsnummer."
        })
    }
}

from_json_via_str!(Key, "a key of a-z, 0-9 and -, e.g. \"trafikmiljo\"");
