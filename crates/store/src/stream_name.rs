//! The name of a stream: `<category>-<id>`, e.g. `activity-0190f2c4-…`.

use std::fmt;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Longest accepted stream name, in bytes. Long enough for a category and a UUID
/// with room to spare, short enough to keep index keys small.
pub const MAX_STREAM_NAME_LEN: usize = 128;
/// Longest accepted category (the part before the first `-`).
pub const MAX_CATEGORY_LEN: usize = 32;

/// A valid stream name.
///
/// Grammar: `category "-" id`, where `category` is 1–32 of `a-z 0-9 _` starting
/// with a letter, and `id` is one or more of `A-Z a-z 0-9 _ . -` starting with a
/// letter or digit; at most 128 bytes in all. The category is what comes before
/// the first `-`, so `activity-0190f2c4-7d1e-…` has the category `activity`.
/// The grammar excludes NUL, which the store uses as a key separator.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct StreamName(String);

/// Why a text is not a stream name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid stream name {name:?}: {reason}; expected `<category>-<id>`, e.g. `activity-0190f2c4-7d1e-7c3a-9f00-1b2c3d4e5f60`")]
pub struct StreamNameError {
    pub name: String,
    pub reason: &'static str,
}

impl StreamName {
    pub fn parse(name: impl Into<String>) -> Result<Self, StreamNameError> {
        let name = name.into();
        match Self::problem(&name) {
            None => Ok(Self(name)),
            Some(reason) => Err(StreamNameError { name, reason }),
        }
    }

    /// The stream `<category>-<id>` of a category and a UUID (hyphenated, lower
    /// case), for a caller whose name is already typed: only the category is
    /// checked, since a hyphenated UUID is always a valid id and the whole stays
    /// under the length limit.
    pub fn for_uuid(category: &str, id: Uuid) -> Result<Self, StreamNameError> {
        let name = format!("{category}-{}", id.hyphenated());
        match Self::category_problem(category) {
            None => Ok(Self(name)),
            Some(reason) => Err(StreamNameError { name, reason }),
        }
    }

    fn problem(name: &str) -> Option<&'static str> {
        if name.len() > MAX_STREAM_NAME_LEN {
            return Some("longer than 128 bytes");
        }
        let Some((category, id)) = name.split_once('-') else {
            return Some("no `-` between category and id");
        };
        if let Some(problem) = Self::category_problem(category) {
            return Some(problem);
        }
        let mut rest = id.chars();
        match rest.next() {
            None => return Some("the id is empty"),
            Some(c) if !c.is_ascii_alphanumeric() => {
                return Some("the id must start with a letter or digit")
            }
            Some(_) => {}
        }
        if !rest.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-')) {
            return Some("the id may only hold A-Z, a-z, 0-9, _, . and -");
        }
        None
    }

    fn category_problem(category: &str) -> Option<&'static str> {
        let mut cat = category.chars();
        match cat.next() {
            None => return Some("the category is empty"),
            Some(c) if !c.is_ascii_lowercase() => {
                return Some("the category must start with a lowercase letter a-z")
            }
            Some(_) => {}
        }
        if category.len() > MAX_CATEGORY_LEN {
            return Some("the category is longer than 32 characters");
        }
        if !cat.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_') {
            return Some("the category may only hold a-z, 0-9 and _");
        }
        None
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The part before the first `-`.
    pub fn category(&self) -> &str {
        self.0.split_once('-').map_or("", |(c, _)| c)
    }

    /// The part after the first `-`.
    pub fn id(&self) -> &str {
        self.0.split_once('-').map_or("", |(_, id)| id)
    }
}

impl TryFrom<String> for StreamName {
    type Error = StreamNameError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(value)
    }
}

impl From<StreamName> for String {
    fn from(value: StreamName) -> Self {
        value.0
    }
}

impl std::str::FromStr for StreamName {
    type Err = StreamNameError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl fmt::Display for StreamName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for StreamName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.0, f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_and_refuses_by_the_grammar() {
        let long_id = "a".repeat(MAX_STREAM_NAME_LEN - "activity-".len());
        let accepted = [
            "activity-0190f2c4-7d1e-7c3a-9f00-1b2c3d4e5f60",
            "agreement-hagfors.2017",
            "a-1",
            "x_2-B_c.d-e",
        ];
        for name in accepted {
            assert!(StreamName::parse(name).is_ok(), "{name} should be accepted");
        }
        assert!(StreamName::parse(format!("activity-{long_id}")).is_ok());

        let refused = [
            ("", "no `-`"),
            ("activity", "no `-`"),
            ("-abc", "category is empty"),
            ("activity-", "id is empty"),
            ("Activity-1", "lowercase"),
            ("1activity-1", "lowercase"),
            ("act ivity-1", "a-z, 0-9 and _"),
            ("activity--1", "start with a letter or digit"),
            ("activity-a b", "A-Z, a-z"),
            ("activity-a\0b", "A-Z, a-z"),
            ("activity-å", "start with a letter or digit"),
            ("activity-aå", "A-Z, a-z"),
        ];
        for (name, reason) in refused {
            let err = StreamName::parse(name).expect_err(name);
            assert!(err.reason.contains(reason), "{name}: {}", err.reason);
        }
        let too_long = format!("activity-{long_id}x");
        assert!(StreamName::parse(too_long).is_err());
        let long_category = format!("{}-1", "c".repeat(MAX_CATEGORY_LEN + 1));
        assert!(StreamName::parse(long_category).is_err());
    }

    #[test]
    fn a_category_and_a_uuid_make_the_name_parse_accepts() {
        let id = Uuid::parse_str("0190f2c4-7d1e-7c3a-9f00-1b2c3d4e5f60").unwrap();
        for category in ["activity", "agreement", "a", &"c".repeat(MAX_CATEGORY_LEN)] {
            let name = StreamName::for_uuid(category, id).unwrap();
            assert_eq!(name.as_str(), format!("{category}-{}", id.hyphenated()));
            assert_eq!(StreamName::parse(name.as_str()).unwrap(), name);
        }
        let refused = [
            ("", "category is empty"),
            ("Activity", "lowercase"),
            ("act ivity", "a-z, 0-9 and _"),
            ("act-ivity", "a-z, 0-9 and _"),
        ];
        for (category, reason) in refused {
            let err = StreamName::for_uuid(category, id).expect_err(category);
            assert!(err.reason.contains(reason), "{category}: {}", err.reason);
        }
        let long = "c".repeat(MAX_CATEGORY_LEN + 1);
        assert!(StreamName::for_uuid(&long, id).is_err());
    }

    #[test]
    fn splits_category_from_id_at_the_first_dash() {
        let name = StreamName::parse("activity-0190-abc").unwrap();
        assert_eq!(name.category(), "activity");
        assert_eq!(name.id(), "0190-abc");
    }
}
