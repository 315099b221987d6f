//! The one normalisation that the search for personal identity numbers reads text
//! through, so that a number is found however it is spelt: with fullwidth,
//! Arabic-Indic or any other script's digits, with a soft hyphen, a zero-width space
//! or a line break inside, or with a space instead of the dash.
//!
//! Each character is first brought to its Unicode NFKC form (fullwidth `６`, circled
//! `⑥` and mathematical digits become `6`), then sorted into the few classes the
//! detector needs; every folded character remembers which character of the original
//! text it came from, so that a refusal can say where, in the text as it was sent.
//! NFKC is applied character by character: that differs from NFKC of the whole text
//! only in how combining marks compose with letters, never in digits or separators.

use unicode_normalization::UnicodeNormalization;
use unicode_properties::{GeneralCategory, UnicodeGeneralCategory};

/// What a character is, as far as finding a number goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Class {
    /// A decimal digit of any script, with its value.
    Digit(u8),
    /// A space between words: any Unicode space separator, or a tab.
    Space,
    /// What people put between the date and the last four digits: a dash of any
    /// kind, a minus sign, `+` (a person aged 100 or more) or `_` (in identifiers).
    Joiner,
    /// An invisible character, a combining mark or a line break: it may sit inside a
    /// number (a soft hyphen, a wrapped line) or between two numbers, so the detector
    /// reads it both as nothing and as a space.
    Break,
    /// Anything else: letters, other punctuation.
    Other,
}

/// A folded character and the index (in characters) of the original one it came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Folded {
    pub(crate) class: Class,
    pub(crate) origin: usize,
}

/// `text` folded for detection.
pub(crate) fn fold(text: &str) -> Vec<Folded> {
    let mut folded = Vec::with_capacity(text.len());
    for (origin, c) in text.chars().enumerate() {
        if c.is_ascii() {
            // NFKC leaves ASCII as it is; most text is ASCII.
            folded.push(Folded {
                class: classify(c),
                origin,
            });
        } else {
            folded.extend(std::iter::once(c).nfkc().map(|n| Folded {
                class: classify(n),
                origin,
            }));
        }
    }
    folded
}

/// Whether `c` shows nothing by itself: a format character (soft hyphen, zero-width
/// space, joiners, word joiner, byte order mark, bidirectional controls, …) or
/// another of Unicode's default-ignorable characters, plus the blank characters
/// that are used to make a text look empty.
pub(crate) fn is_invisible(c: char) -> bool {
    if c.is_ascii() {
        return false;
    }
    matches!(
        c,
        // Default-ignorable but not of category Cf (DerivedCoreProperties.txt):
        // combining grapheme joiner, Hangul fillers, Khmer inherent vowels,
        // Mongolian variation selectors, variation selectors.
        '\u{034F}'
            | '\u{115F}'
            | '\u{1160}'
            | '\u{17B4}'
            | '\u{17B5}'
            | '\u{180B}'..='\u{180F}'
            | '\u{3164}'
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{FFA0}'
            | '\u{E0100}'..='\u{E01EF}'
            // Blank, though not ignorable: the braille pattern without dots.
            | '\u{2800}'
    ) || c.general_category() == GeneralCategory::Format
}

fn classify(c: char) -> Class {
    match c {
        '0'..='9' => Class::Digit(c as u8 - b'0'),
        ' ' | '\t' => Class::Space,
        '-' | '+' | '_' | '\u{2212}' => Class::Joiner,
        '\n' | '\r' | '\u{0B}' | '\u{0C}' | '\u{85}' => Class::Break,
        _ if c.is_ascii() => Class::Other,
        _ if is_invisible(c) => Class::Break,
        _ => match c.general_category() {
            GeneralCategory::DecimalNumber => Class::Digit(decimal_value(c)),
            GeneralCategory::DashPunctuation | GeneralCategory::ConnectorPunctuation => {
                Class::Joiner
            }
            GeneralCategory::SpaceSeparator => Class::Space,
            GeneralCategory::LineSeparator
            | GeneralCategory::ParagraphSeparator
            | GeneralCategory::NonspacingMark
            | GeneralCategory::EnclosingMark => Class::Break,
            _ => Class::Other,
        },
    }
}

/// The value of a decimal digit (general category Nd) of any script. Unicode encodes
/// every script's decimal digits as one contiguous run from 0 to 9 (a stability
/// guarantee), and runs that touch each other are whole runs of ten, so the value
/// is the distance from the start of the touching runs, modulo ten.
fn decimal_value(c: char) -> u8 {
    let is_digit = |code: u32| {
        char::from_u32(code).is_some_and(|d| d.general_category() == GeneralCategory::DecimalNumber)
    };
    let mut first = u32::from(c);
    while first > 0 && is_digit(first - 1) {
        first -= 1;
    }
    ((u32::from(c) - first) % 10) as u8
}

#[cfg(test)]
mod tests {
    use super::*;

    fn digits(text: &str) -> Vec<u8> {
        fold(text)
            .into_iter()
            .filter_map(|f| match f.class {
                Class::Digit(d) => Some(d),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn digits_of_every_script_read_as_their_value() {
        let cases = [
            ("0123456789", "ascii"),
            ("０１２３４５６７８９", "fullwidth"),
            ("٠١٢٣٤٥٦٧٨٩", "Arabic-Indic"),
            ("۰۱۲۳۴۵۶۷۸۹", "Extended Arabic-Indic"),
            ("०१२३४५६७८९", "Devanagari"),
            ("০১২৩৪৫৬৭৮৯", "Bengali"),
            ("๐๑๒๓๔๕๖๗๘๙", "Thai"),
            ("𝟎𝟏𝟐𝟑𝟒𝟓𝟔𝟕𝟖𝟗", "mathematical bold"),
            ("𝟶𝟷𝟸𝟹𝟺𝟻𝟼𝟽𝟾𝟿", "mathematical monospace"),
            ("⓪①②③④⑤⑥⑦⑧⑨", "circled"),
            ("⁰¹²³⁴⁵⁶⁷⁸⁹", "superscript"),
        ];
        for (text, script) in cases {
            assert_eq!(digits(text), (0..10).collect::<Vec<u8>>(), "{script}");
        }
    }

    #[test]
    fn characters_are_classed_and_keep_their_origin() {
        let folded = fold("a\u{00AD}６ –\n");
        let classes: Vec<(Class, usize)> = folded.iter().map(|f| (f.class, f.origin)).collect();
        assert_eq!(
            classes,
            vec![
                (Class::Other, 0),
                (Class::Break, 1),
                (Class::Digit(6), 2),
                (Class::Space, 3),
                (Class::Joiner, 4),
                (Class::Break, 5),
            ]
        );
    }

    #[test]
    fn invisible_characters() {
        for c in [
            '\u{00AD}', '\u{200B}', '\u{200C}', '\u{200D}', '\u{2060}', '\u{FEFF}', '\u{202E}',
            '\u{2066}', '\u{3164}', '\u{FE0F}', '\u{034F}',
        ] {
            assert!(is_invisible(c), "U+{:04X}", u32::from(c));
        }
        for c in ['a', ' ', 'å', '٣', '-', '\u{2028}'] {
            assert!(!is_invisible(c), "U+{:04X}", u32::from(c));
        }
    }
}
