//! Finding Swedish personal identity numbers (personnummer) and coordination numbers
//! (samordningsnummer) in any stored string, so that nothing about a private
//! individual can enter the log (OSL 26 kap, GDPR art. 10).
//!
//! The text is read through [`crate::fold`]: digits of any script count, and
//! invisible characters and line breaks are read both as nothing (a soft hyphen or a
//! wrapped line inside the number) and as a space (between two numbers). A match is
//! then a maximal run of digits — `YYMMDDNNNC` (10) or `YYYYMMDDNNNC` (12) — or a 6-
//! or 8-digit run and a 4-digit run with only spaces and at most one dash, `+` or `_`
//! between them, where the date is valid (day + 60 for a samordningsnummer) and the
//! last digit is the Luhn check digit of the ten-digit form.
//!
//! The grouping is required on purpose: spaces do not join other groups of digits,
//! so phone numbers ("0563-185 00"), amounts ("1 250 000 kr"), dates, date ranges
//! and counts in a row never take the shape, and digits inside a longer run never
//! match, so long reference numbers do not either.

use crate::fold::{fold, Class, Folded};
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

/// Where a number was found, in characters (not bytes) of the text as given. The
/// number itself is deliberately not kept, so that error messages and logs never
/// repeat it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IdentityNumberMatch {
    pub kind: IdentityNumberKind,
    /// Index of the first character of the match.
    pub start: usize,
    /// Index one past the last character of the match.
    pub end: usize,
}

/// The first personnummer or samordningsnummer in `text`, if any, in any spelling.
pub fn find_identity_number(text: &str) -> Option<IdentityNumberMatch> {
    // Most stored strings are ASCII without a digit: nothing to fold.
    if text.bytes().all(|b| b.is_ascii() && !b.is_ascii_digit()) {
        return None;
    }
    let folded = fold(text);
    if !folded.iter().any(|f| matches!(f.class, Class::Digit(_))) {
        return None;
    }
    [BreaksAs::Nothing, BreaksAs::Space]
        .into_iter()
        .find_map(|breaks| find_in(&folded, breaks))
}

/// How a run of the detector reads [`Class::Break`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum BreaksAs {
    Nothing,
    Space,
}

fn find_in(folded: &[Folded], breaks: BreaksAs) -> Option<IdentityNumberMatch> {
    let read: Vec<Folded> = folded
        .iter()
        .filter_map(|&f| match (f.class, breaks) {
            (Class::Break, BreaksAs::Nothing) => None,
            (Class::Break, BreaksAs::Space) => Some(Folded {
                class: Class::Space,
                ..f
            }),
            _ => Some(f),
        })
        .collect();
    let runs = digit_runs(&read);
    let found = |kind, start: usize, end: usize| IdentityNumberMatch {
        kind,
        start: read[start].origin,
        end: read[end - 1].origin + 1,
    };
    for (i, run) in runs.iter().enumerate() {
        if run.digits.len() == 10 || run.digits.len() == 12 {
            if let Some(kind) = classify(&run.digits) {
                return Some(found(kind, run.start, run.end));
            }
        }
        let Some(next) = runs.get(i + 1) else {
            continue;
        };
        let date_part = run.digits.len() == 6 || run.digits.len() == 8;
        if date_part && next.digits.len() == 4 && is_separator(&read[run.end..next.start]) {
            let joined = [run.digits.as_slice(), next.digits.as_slice()].concat();
            if let Some(kind) = classify(&joined) {
                return Some(found(kind, run.start, next.end));
            }
        }
    }
    None
}

/// What may stand between the date and the last four digits: `-` is usual, `+` marks
/// a person aged 100 or more, word processors turn `-` into dashes, people write a
/// space or break the line instead, identifiers use `_`. Spaces around one such
/// sign, or spaces alone.
fn is_separator(gap: &[Folded]) -> bool {
    let joiners = gap.iter().filter(|f| f.class == Class::Joiner).count();
    !gap.is_empty()
        && joiners <= 1
        && gap
            .iter()
            .all(|f| matches!(f.class, Class::Space | Class::Joiner))
}

/// A maximal run of digits: its values and where it lies in the folded text.
struct DigitRun {
    digits: Vec<u8>,
    start: usize,
    end: usize,
}

fn digit_runs(read: &[Folded]) -> Vec<DigitRun> {
    let mut runs: Vec<DigitRun> = Vec::new();
    for (i, f) in read.iter().enumerate() {
        let Class::Digit(d) = f.class else { continue };
        match runs.last_mut() {
            Some(run) if run.end == i => {
                run.digits.push(d);
                run.end = i + 1;
            }
            _ => runs.push(DigitRun {
                digits: vec![d],
                start: i,
                end: i + 1,
            }),
        }
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
