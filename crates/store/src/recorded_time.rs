//! Reading the `recorded` time of a stored record quickly. Every record holds
//! one, written by the store itself in one form (`2017-06-08T10:15:00.123456Z`,
//! chrono's RFC 3339 with `Z` and 0, 3, 6 or 9 fraction digits), and a
//! rebuild reads a million of them: chrono's general parser took about 7 %
//! of the folding thread's time (a `perf` profile of `trygglogg rebuild`).
//! Anything not in exactly that form goes to chrono's parser, so what is
//! accepted and what it means are unchanged.

use std::fmt;

use chrono::{DateTime, NaiveDate, Utc};
use serde::de::{self, Visitor};
use serde::Deserializer;

/// `deserialize_with` for a stored `recorded` time.
pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<DateTime<Utc>, D::Error> {
    deserializer.deserialize_str(RecordedTime)
}

struct RecordedTime;

impl Visitor<'_> for RecordedTime {
    type Value = DateTime<Utc>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an RFC 3339 time")
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<DateTime<Utc>, E> {
        match quick(text.as_bytes()) {
            Some(time) => Ok(time),
            None => text
                .parse::<DateTime<Utc>>()
                .map_err(|e| E::custom(format!("{text:?}: {e}"))),
        }
    }
}

/// `YYYY-MM-DDTHH:MM:SS[.f…]Z`, or `None` for anything else (including what
/// chrono would accept in another form, or reject).
fn quick(text: &[u8]) -> Option<DateTime<Utc>> {
    let (head, rest) = text.split_at_checked(19)?;
    let separators = [(4, b'-'), (7, b'-'), (10, b'T'), (13, b':'), (16, b':')];
    if separators.iter().any(|&(at, c)| head[at] != c) {
        return None;
    }
    let field = |at: usize, len: usize| number(&head[at..at + len]);
    let (year, month, day) = (field(0, 4)?, field(5, 2)?, field(8, 2)?);
    let (hour, minute, second) = (field(11, 2)?, field(14, 2)?, field(17, 2)?);
    let nanos = match rest {
        [b'Z'] => 0,
        [b'.', fraction @ .., b'Z'] if (1..=9).contains(&fraction.len()) => {
            number(fraction)? * 10u32.pow(9 - fraction.len() as u32)
        }
        _ => return None,
    };
    // A leap second (`:60`) is left to chrono.
    if second >= 60 {
        return None;
    }
    let day = NaiveDate::from_ymd_opt(year as i32, month, day)?;
    Some(day.and_hms_nano_opt(hour, minute, second, nanos)?.and_utc())
}

/// The decimal number written with exactly these digits (at most 9).
fn number(digits: &[u8]) -> Option<u32> {
    digits.iter().try_fold(0u32, |n, &b| {
        b.is_ascii_digit().then(|| n * 10 + u32::from(b - b'0'))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{SecondsFormat, TimeZone};
    use proptest::prelude::*;

    proptest! {
        /// Whatever the store writes is read back as chrono reads it.
        #[test]
        fn the_quick_reading_is_chronos(
            seconds in -62_135_596_800i64..253_402_300_800,
            nanos in 0u32..1_000_000_000,
            format in 0usize..4,
        ) {
            let time = Utc.timestamp_opt(seconds, nanos).single().unwrap();
            let format = [SecondsFormat::Secs, SecondsFormat::Millis, SecondsFormat::Micros, SecondsFormat::AutoSi][format];
            let text = time.to_rfc3339_opts(format, true);
            let chrono: DateTime<Utc> = text.parse().unwrap();
            prop_assert_eq!(quick(text.as_bytes()), Some(chrono), "{}", text);
        }
    }

    #[test]
    fn other_forms_go_to_chrono() {
        let texts = [
            "2017-06-08T10:15:00+02:00",
            "2017-06-08 10:15:00Z",
            "2017-06-08T10:15:60Z",
            "2017-02-30T10:15:00Z",
            "2017-06-08T10:15:00.Z",
            "2017-06-08T10:15:00.1234567890Z",
            "2017-06-08T24:00:00Z",
            "2017-06-08T10:15:00z",
            "+12017-06-08T10:15:00Z",
            "2017-06-08",
            "",
        ];
        for text in texts {
            assert_eq!(quick(text.as_bytes()), None, "{text}");
            let read = RecordedTime.visit_str::<de::value::Error>(text).ok();
            assert_eq!(read, text.parse::<DateTime<Utc>>().ok(), "{text}");
        }
    }
}
