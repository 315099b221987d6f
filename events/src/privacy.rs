//! The rule that no stored string names a private individual, in one place: every
//! type that stores a string (texts, places, keys, kinds, fact names, parties) calls
//! [`refuse_identity_number`] in its `parse`, and every message that quotes what was
//! sent quotes it through [`redact_identity_numbers`], so that a refusal never repeats
//! the number it refuses.

use crate::error::Invalid;
use crate::personnummer::find_identity_number;
use std::borrow::Cow;

/// What to do instead, for free text.
pub(crate) const TEXT_WITHOUT_PERSONS: &str = "remove it: the log must hold no data about \
    private individuals; record how many, never who";

/// Refuses `raw` if it holds a personnummer or samordningsnummer in any spelling,
/// saying where (in characters of `raw`) but never what; `expected` says what to do.
pub(crate) fn refuse_identity_number(raw: &str, expected: &str) -> Result<(), Invalid> {
    match find_identity_number(raw) {
        None => Ok(()),
        Some(found) => Err(Invalid::new(
            format!(
                "contains what looks like a Swedish {} (characters {}–{}); it is not \
                 repeated here",
                found.kind.as_str(),
                found.start + 1,
                found.end
            ),
            expected,
        )),
    }
}

/// `text` with every character of every personnummer or samordningsnummer in it
/// replaced by `#`: for messages that quote what was sent.
pub fn redact_identity_numbers(text: &str) -> Cow<'_, str> {
    let Some(mut found) = find_identity_number(text) else {
        return Cow::Borrowed(text);
    };
    let mut chars: Vec<char> = text.chars().collect();
    loop {
        chars[found.start..found.end].fill('#');
        // What was replaced holds no digit any more, so each round finds a new one.
        let redacted: String = chars.iter().collect();
        match find_identity_number(&redacted) {
            Some(next) => found = next,
            None => return Cow::Owned(redacted),
        }
    }
}

/// `raw` quoted for a message, with identity numbers redacted.
pub(crate) fn quoted(raw: &str) -> String {
    format!("{:?}", redact_identity_numbers(raw))
}
