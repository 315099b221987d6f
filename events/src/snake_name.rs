//! snake_case names: of activity kinds this build does not know, and of generic
//! facts. Both are shown in public views, so neither may name a person.

use crate::error::Invalid;
use crate::fields::Source;
use crate::privacy::refuse_identity_number;
use serde::Serialize;

/// The pattern of kind names and generic fact names.
pub(crate) const NAME_PATTERN: &str = "^[a-z][a-z0-9_]{1,47}$";

/// Checks a snake_case name: 2–48 characters of `a-z`, `0-9`, `_`, starting with a letter,
/// and, for a name that comes in, no personal identity number among its digits
/// (checked first, so that the refusal of a malformed name never quotes one).
pub(crate) fn check_snake_case(
    raw: &str,
    what: &str,
    example: &str,
    source: Source,
) -> Result<(), Invalid> {
    if source == Source::Incoming {
        refuse_identity_number(
            raw,
            &format!("give a {what} that names the work, never a person, e.g. {example:?}"),
        )?;
    }
    let mut chars = raw.chars();
    let valid = chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && (2..=48).contains(&raw.len());
    if valid {
        Ok(())
    } else {
        Err(Invalid::new(
            format!("{raw:?} is not a valid {what}"),
            format!(
                "give 2–48 characters of a-z, 0-9 and _, starting with a letter, e.g. {example:?}"
            ),
        ))
    }
}

/// The name of a generic fact, e.g. `participants`; snake_case.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct FactName(String);

impl FactName {
    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        Self::parse_from(raw, Source::Incoming)
    }

    pub(crate) fn parse_from(raw: &str, source: Source) -> Result<Self, Invalid> {
        check_snake_case(raw, "fact name", "participants", source)?;
        Ok(Self(raw.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}
