//! snake_case names: of activity kinds this build does not know, and of generic
//! facts. One type for both, as they follow one rule; both are shown in public
//! views (through their Swedish label when one is given), so neither may name a
//! person.

use crate::error::Invalid;
use crate::fields::Source;
use crate::privacy::refuse_identity_number;
use serde::Serialize;

/// The pattern of kind names and generic fact names.
pub(crate) const NAME_PATTERN: &str = "^[a-z][a-z0-9_]{1,47}$";

/// What a snake_case name names, for the messages of a refusal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NameOf {
    ActivityKind,
    Fact,
}

impl NameOf {
    fn what(self) -> &'static str {
        match self {
            Self::ActivityKind => "activity kind",
            Self::Fact => "fact name",
        }
    }

    fn example(self) -> &'static str {
        match self {
            Self::ActivityKind => "night_walk",
            Self::Fact => "participants",
        }
    }
}

/// A snake_case key: 2–48 characters of `a-z`, `0-9`, `_`, starting with a letter,
/// holding no personal identity number among its digits. A custom activity kind
/// (`night_walk`) or the name of a generic fact (`participants`); its Swedish
/// label, with å, ä and ö, is given beside it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct SnakeName(String);

/// A kind this build has no typed facts for, e.g. `night_walk`.
pub type CustomKind = SnakeName;

/// The name of a generic fact, e.g. `participants`.
pub type FactName = SnakeName;

impl SnakeName {
    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        Self::parse_from(raw, NameOf::Fact, Source::Incoming)
    }

    /// Checks the name; for a name that comes in, the identity number check comes
    /// first, so that the refusal of a malformed name never quotes one.
    pub(crate) fn parse_from(raw: &str, of: NameOf, source: Source) -> Result<Self, Invalid> {
        let (what, example) = (of.what(), of.example());
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
            Ok(Self(raw.to_owned()))
        } else {
            Err(Invalid::new(
                format!("{raw:?} is not a valid {what}"),
                format!(
                    "give 2–48 characters of a-z, 0-9 and _, starting with a letter, e.g. \
                     {example:?}; write the Swedish name, with å, ä and ö, as its label"
                ),
            ))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The key read as words, for a name recorded without a label:
    /// `riktad_trafikinsats` → "riktad trafikinsats".
    pub fn as_words(&self) -> String {
        self.0.replace('_', " ")
    }
}
