//! Free text that may be shown to the public: trimmed, non-empty, capped, and never
//! holding a personnummer or samordningsnummer.

use crate::error::Invalid;
use crate::personnummer::find_identity_number;

/// The checks every free text goes through; returns the trimmed text.
pub(crate) fn check_text(
    raw: &str,
    max_chars: usize,
    multiline: bool,
    when_empty: &str,
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
    if let Some(found) = find_identity_number(text) {
        return Err(Invalid::new(
            format!(
                "contains what looks like a Swedish {} (characters {}–{})",
                found.kind.as_str(),
                found.start + 1,
                found.end
            ),
            "remove it: the log must hold no data about private individuals; record how \
             many, never who",
        ));
    }
    Ok(text.to_owned())
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
                $crate::text::check_text(raw, $max, $multiline, $when_empty).map(Self)
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
                let line = if $multiline { "may span lines" } else { "a single line" };
                schemars::json_schema!({
                    "type": "string",
                    "minLength": 1,
                    "maxLength": $max,
                    "description": format!(
                        "Text, {line}, trimmed, at most {} characters; must not contain a \
                         personnummer or samordningsnummer.",
                        $max
                    )
                })
            }
        }

        $crate::fields::from_json_via_str!(
            $name,
            concat!("a text of at most ", stringify!($max), " characters")
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
