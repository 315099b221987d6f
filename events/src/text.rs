//! Free text that may be shown to the public: trimmed, non-empty, capped, never
//! holding a personnummer or samordningsnummer, and never misleading its reader with
//! bidirectional controls, invisible-only content or hidden line breaks.

use crate::error::Invalid;
use crate::fields::Source;
use crate::fold::is_invisible;
use crate::privacy::{refuse_identity_number, TEXT_WITHOUT_PERSONS};

/// The checks every free text goes through; returns the trimmed text. What was
/// stored is read as it stands (see [`Source`]).
pub(crate) fn check_text(
    raw: &str,
    max_chars: usize,
    multiline: bool,
    when_empty: &str,
    source: Source,
) -> Result<String, Invalid> {
    let text = raw.trim();
    if text.is_empty() {
        return Err(Invalid::new("must not be empty", when_empty));
    }
    let length = text.chars().count();
    if length > max_chars {
        return Err(Invalid::new(
            format!("is {length} characters long, more than the {max_chars} allowed"),
            "shorten it; details that matter for the follow-up belong in structured fields",
        ));
    }
    if let Some(c) = text
        .chars()
        .find(|&c| c.is_control() && !(multiline && (c == '\n' || c == '\t')))
    {
        let problem = if c == '\n' || c == '\r' {
            "must be a single line".to_owned()
        } else {
            format!("contains the control character U+{:04X}", u32::from(c))
        };
        return Err(Invalid::new(problem, "remove it; write plain text"));
    }
    if source == Source::Incoming {
        // What trimming drops misleads no one; positions count from the text as sent.
        let leading = raw.chars().count() - raw.trim_start().chars().count();
        refuse_misleading(text, leading, multiline, when_empty)?;
        refuse_identity_number(raw, TEXT_WITHOUT_PERSONS)?;
    }
    Ok(text.to_owned())
}

/// Refuses text that would show its reader something other than what it holds;
/// `text` is trimmed, and was preceded by `leading` characters as sent.
fn refuse_misleading(
    text: &str,
    leading: usize,
    multiline: bool,
    when_empty: &str,
) -> Result<(), Invalid> {
    for (index, c) in text.chars().enumerate() {
        let position = leading + index + 1;
        if let Some(name) = bidi_control_name(c) {
            return Err(Invalid::new(
                format!(
                    "contains the bidirectional control U+{:04X} {name} (character {}), which \
                     shows the text in another order than it is stored",
                    u32::from(c),
                    position
                ),
                "remove it; write the text in the order it is read",
            ));
        }
        if !multiline && matches!(c, '\u{2028}' | '\u{2029}') {
            let name = if c == '\u{2028}' {
                "LINE SEPARATOR"
            } else {
                "PARAGRAPH SEPARATOR"
            };
            return Err(Invalid::new(
                format!(
                    "must be a single line, but contains U+{:04X} {name} (character {})",
                    u32::from(c),
                    position
                ),
                "remove it; write the text on one line",
            ));
        }
    }
    if text.chars().all(|c| c.is_whitespace() || is_invisible(c)) {
        return Err(Invalid::new(
            "holds only invisible characters (such as zero-width spaces), so it shows \
             nothing",
            when_empty,
        ));
    }
    Ok(())
}

/// The Unicode name of a character that overrides or isolates the direction of the
/// text around it (U+202A–U+202E, U+2066–U+2069): it can make a text read
/// differently from what is stored, e.g. reverse a number.
fn bidi_control_name(c: char) -> Option<&'static str> {
    Some(match c {
        '\u{202A}' => "LEFT-TO-RIGHT EMBEDDING",
        '\u{202B}' => "RIGHT-TO-LEFT EMBEDDING",
        '\u{202C}' => "POP DIRECTIONAL FORMATTING",
        '\u{202D}' => "LEFT-TO-RIGHT OVERRIDE",
        '\u{202E}' => "RIGHT-TO-LEFT OVERRIDE",
        '\u{2066}' => "LEFT-TO-RIGHT ISOLATE",
        '\u{2067}' => "RIGHT-TO-LEFT ISOLATE",
        '\u{2068}' => "FIRST STRONG ISOLATE",
        '\u{2069}' => "POP DIRECTIONAL ISOLATE",
        _ => return None,
    })
}

/// Defines a text newtype whose existence proves it passed [`check_text`].
macro_rules! bounded_text {
    (
        $(#[$doc:meta])*
        $name:ident { max_chars: $max:expr, multiline: $multiline:expr, when_empty: $when_empty:expr }
    ) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            pub const MAX_CHARS: usize = $max;

            pub fn parse(raw: &str) -> Result<Self, $crate::error::Invalid> {
                Self::parse_from(raw, $crate::fields::Source::Incoming)
            }

            pub(crate) fn parse_from(
                raw: &str,
                source: $crate::fields::Source,
            ) -> Result<Self, $crate::error::Invalid> {
                $crate::text::check_text(raw, $max, $multiline, $when_empty, source).map(Self)
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl schemars::JsonSchema for $name {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                stringify!($name).into()
            }

            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                let line = if $multiline {
                    "may span lines"
                } else {
                    "a single line (no line breaks, U+2028 or U+2029)"
                };
                schemars::json_schema!({
                    "type": "string",
                    "minLength": 1,
                    "maxLength": $max,
                    "description": format!(
                        "Text, {line}, trimmed, at most {} characters. Refused: a \
                         personnummer or samordningsnummer in any spelling (with a space, \
                         dash or line break, invisible characters inside, or the digits of \
                         another script or width), bidirectional controls (U+202A–U+202E, \
                         U+2066–U+2069), and text of invisible characters only.",
                        $max
                    )
                })
            }
        }

        $crate::fields::from_json_via_str!(
            $name,
            concat!("a text of at most ", stringify!($max), " characters"),
            parse_from
        );
    };
}
pub(crate) use bounded_text;

bounded_text! {
    /// A title or a short label on one line: names of agreements, commitments,
    /// materials, documents, references.
    Title { max_chars: 200, multiline: false, when_empty: "give a short title, e.g. \"Trafikkontroller\"" }
}

bounded_text! {
    /// A short public summary or reason, e.g. why an activity was cancelled.
    Summary { max_chars: 1000, multiline: true, when_empty: "write one or two sentences, e.g. \"Kontrollköp av öl och tobak i fyra butiker.\"" }
}

bounded_text! {
    /// A longer public description, e.g. of a commitment.
    PublicText { max_chars: 4000, multiline: true, when_empty: "describe it in a few sentences" }
}

bounded_text! {
    /// A note for staff only; not shown in public views, but still a public document
    /// (allmän handling), so it follows the same privacy rule.
    InternalNote { max_chars: 2000, multiline: true, when_empty: "leave the note out instead of sending it empty" }
}
