//! Finding Swedish personal identity numbers (personnummer) and coordination numbers
//! (samordningsnummer) in free text, so that no text about a private individual can
//! enter the log (OSL 26 kap, GDPR art. 10).
//!
//! A match is a maximal run of digits — `YYMMDDNNNC` (10) or `YYYYMMDDNNNC` (12) — or
//! a 6- or 8-digit run, one separator (`-`, `+`, or a typographic dash) and a 4-digit
//! run, where the date is valid (day + 60 for a samordningsnummer) and the last digit
//! is the Luhn check digit of the ten-digit form. Digits inside a longer run of digits
//! never match, so long reference numbers do not trip it; phone numbers and ISO dates
//! do not have the shape.

use chrono::NaiveDate;

/// Which kind of number was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdentityNumberKind {
    Personnummer,
    Samordningsnummer,
}

impl IdentityNumberKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Personnummer => "personnummer",
            Self::Samordningsnummer => "samordningsnummer",
        }
    }
}

/// Where a number was found, in characters (not bytes). The number itself is
/// deliberately not kept, so that error messages and logs never repeat it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IdentityNumberMatch {
    pub kind: IdentityNumberKind,
    /// Index of the first character of the match.
    pub start: usize,
    /// Index one past the last character of the match.
    pub end: usize,
}

/// The first personnummer or samordningsnummer in `text`, if any.
pub fn find_identity_number(text: &str) -> Option<IdentityNumberMatch> {
    let chars: Vec<char> = text.chars().collect();
    let runs = digit_runs(&chars);
    for (i, &(start, end)) in runs.iter().enumerate() {
        let digits: Vec<u8> = chars[start..end].iter().map(|&c| c as u8 - b'0').collect();
        if digits.len() == 10 || digits.len() == 12 {
            if let Some(kind) = classify(&digits) {
                return Some(IdentityNumberMatch { kind, start, end });
            }
        }
        let date_part = digits.len() == 6 || digits.len() == 8;
        let separated = chars.get(end).is_some_and(|&c| is_separator(c));
        let Some(&(next_start, next_end)) = runs.get(i + 1) else {
            continue;
        };
        if date_part && separated && next_start == end + 1 && next_end - next_start == 4 {
            let mut joined = digits;
            joined.extend(chars[next_start..next_end].iter().map(|&c| c as u8 - b'0'));
            if let Some(kind) = classify(&joined) {
                return Some(IdentityNumberMatch {
                    kind,
                    start,
                    end: next_end,
                });
            }
        }
    }
    None
}

/// `-` is the usual separator, `+` marks a person aged 100 or more; word processors turn
/// `-` into dashes, which must not become a way around the check.
fn is_separator(c: char) -> bool {
    matches!(
        c,
        '-' | '+' | '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2212}'
    )
}

/// Maximal runs of ASCII digits as `(start, end)` character indices.
fn digit_runs(chars: &[char]) -> Vec<(usize, usize)> {
    let mut runs = Vec::new();
    let mut start = None;
    for (i, c) in chars.iter().enumerate() {
        match (c.is_ascii_digit(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                runs.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        runs.push((s, chars.len()));
    }
    runs
}

/// Whether 10 or 12 digits form a valid number, and which kind.
fn classify(digits: &[u8]) -> Option<IdentityNumberKind> {
    let (centuries, ten): (Vec<i32>, &[u8]) = match digits.len() {
        // Without a century the number may belong to anyone born 1800–2099.
        10 => (vec![18, 19, 20], digits),
        12 => {
            let century = i32::from(digits[0]) * 10 + i32::from(digits[1]);
            if !(18..=20).contains(&century) {
                return None;
            }
            (vec![century], &digits[2..])
        }
        _ => return None,
    };
    if !luhn_valid(ten) {
        return None;
    }
    let two = |i: usize| u32::from(ten[i]) * 10 + u32::from(ten[i + 1]);
    let (yy, month, day) = (two(0) as i32, two(2), two(4));
    let (kind, day) = if day > 60 {
        (IdentityNumberKind::Samordningsnummer, day - 60)
    } else {
        (IdentityNumberKind::Personnummer, day)
    };
    centuries
        .iter()
        .any(|century| NaiveDate::from_ymd_opt(century * 100 + yy, month, day).is_some())
        .then_some(kind)
}

/// The Luhn check over the ten-digit form: weights 2,1,2,1,… on the first nine digits.
fn luhn_valid(ten: &[u8]) -> bool {
    let sum: u32 = ten[..9]
        .iter()
        .enumerate()
        .map(|(i, &d)| {
            let product = u32::from(d) * if i % 2 == 0 { 2 } else { 1 };
            product / 10 + product % 10
        })
        .sum();
    (10 - sum % 10) % 10 == u32::from(ten[9])
}
