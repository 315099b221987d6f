//! The one spelling accepted for a year, an id, a date, a log position and
//! a query string, shared by the JSON API and the pages. `str::parse` is
//! lenient (`+2017`, `{…}` around a UUID, a query with bytes that are not
//! UTF-8 decoded with U+FFFD in their place); one thing with several names
//! makes caches, logs and links disagree, so anything but the canonical
//! form is refused.

use chrono::NaiveDate;
use trygglogg_events::Year;
use uuid::Uuid;

/// A follow-up year: exactly four ASCII digits, a [`Year`] of the domain
/// (from [`Year::FIRST`] to [`Year::LAST`]; outside them a year is a typing
/// mistake, not a question).
pub fn follow_up_year(raw: &str) -> Option<Year> {
    if raw.len() != 4 || !raw.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Year::parse(raw.parse().ok()?).ok()
}

/// A UUID in its hyphenated form, `8-4-4-4-12` hex digits (either case), as
/// the API lists ids; not braced, not a URN, not 32 digits without hyphens.
pub fn uuid(raw: &str) -> Option<Uuid> {
    let hyphenated = raw.len() == 36
        && raw.char_indices().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => c == '-',
            _ => c.is_ascii_hexdigit(),
        });
    hyphenated.then(|| Uuid::parse_str(raw).ok()).flatten()
}

/// A calendar date as `YYYY-MM-DD`, zero-padded, as a date picker sends it.
pub fn date(raw: &str) -> Option<NaiveDate> {
    let shaped = raw.len() == 10
        && raw.char_indices().all(|(i, c)| match i {
            4 | 7 => c == '-',
            _ => c.is_ascii_digit(),
        });
    shaped
        .then(|| NaiveDate::parse_from_str(raw, "%Y-%m-%d").ok())
        .flatten()
}

/// A count or position: decimal ASCII digits without a sign or a leading
/// zero (`0` alone is zero), as the API writes numbers; `+5`, `05` and
/// ` 5` would be the same number under other names.
pub fn natural(raw: &str) -> Option<u64> {
    let canonical = !raw.is_empty()
        && raw.bytes().all(|b| b.is_ascii_digit())
        && (raw == "0" || !raw.starts_with('0'));
    canonical.then(|| raw.parse().ok()).flatten()
}

/// A log position, as an append answers it: a [`natural`] from 1.
pub fn position(raw: &str) -> Option<u64> {
    natural(raw).filter(|&n| n >= 1)
}

/// The first parameter of a query string that is not UTF-8 once
/// percent-decoded (by its name, lossily, or `query` if the name itself is
/// not): a `%FF` would otherwise be read as U+FFFD and answered as if it
/// were something else.
pub fn not_utf8_parameter(query: &str) -> Option<String> {
    query.split('&').find_map(|pair| {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        let decodes = |part: &str| {
            percent_encoding::percent_decode_str(part)
                .decode_utf8()
                .is_ok()
        };
        match (decodes(name), decodes(value)) {
            (true, true) => None,
            (true, false) => Some(
                percent_encoding::percent_decode_str(name)
                    .decode_utf8_lossy()
                    .into_owned(),
            ),
            (false, _) => Some("query".to_owned()),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_four_digit_years_in_range() {
        let year = |raw| follow_up_year(raw).map(Year::get);
        assert_eq!(year("2017"), Some(2017));
        assert_eq!(year("2000"), Some(2000));
        assert_eq!(year("2100"), Some(2100));
        for refused in [
            "+2017",
            "-2017",
            "02017",
            "17",
            "2017 ",
            " 2017",
            "２０１７",
            "1989",
            "1990",
            "1999",
            "2101",
            "20l7",
            "",
            "2017.0",
        ] {
            assert_eq!(follow_up_year(refused), None, "{refused:?}");
        }
    }

    #[test]
    fn only_hyphenated_uuids() {
        let id = "5a1e0000-2017-4000-8000-000000000001";
        assert_eq!(uuid(id).map(|u| u.to_string()), Some(id.to_owned()));
        assert_eq!(uuid(&id.to_uppercase()), uuid(id));
        for refused in [
            "{5a1e0000-2017-4000-8000-000000000001}",
            "urn:uuid:5a1e0000-2017-4000-8000-000000000001",
            "5a1e00002017400080000000000000001",
            "5a1e0000201740008000000000000001",
            "5a1e0000-2017-4000-8000-00000000000g",
            "5a1e0000+2017-4000-8000-000000000001",
            "5a1e0000-2017-4000-8000-0000000000011",
            "",
        ] {
            assert_eq!(uuid(refused), None, "{refused:?}");
        }
    }

    #[test]
    fn only_padded_iso_dates() {
        assert_eq!(date("2017-12-12"), NaiveDate::from_ymd_opt(2017, 12, 12));
        for refused in [
            "+2017-12-12",
            "2017-1-02",
            "2017-12-1 ",
            "20171212",
            "2017-02-30",
        ] {
            assert_eq!(date(refused), None, "{refused:?}");
        }
    }

    #[test]
    fn only_plain_decimal_naturals() {
        for (raw, number) in [
            ("0", 0),
            ("7", 7),
            ("1000", 1000),
            ("18446744073709551615", u64::MAX),
        ] {
            assert_eq!(natural(raw), Some(number), "{raw:?}");
        }
        for refused in [
            "",
            "+5",
            "-1",
            "05",
            "00",
            " 5",
            "5 ",
            "5.0",
            "1e3",
            "0x10",
            "５",
            "18446744073709551616",
        ] {
            assert_eq!(natural(refused), None, "{refused:?}");
        }
    }

    #[test]
    fn positions_are_naturals_from_one() {
        assert_eq!(position("1"), Some(1));
        assert_eq!(position("18446744073709551615"), Some(u64::MAX));
        for refused in ["0", "007", "+7", "1e3", "０", ""] {
            assert_eq!(position(refused), None, "{refused:?}");
        }
    }

    #[test]
    fn queries_must_decode_to_utf8() {
        for accepted in [
            "",
            "as_of=2017-12-12",
            "q=%C3%A5r&x",
            "a=%E2%80%93",
            "limit=5&after=3",
        ] {
            assert_eq!(not_utf8_parameter(accepted), None, "{accepted:?}");
        }
        assert_eq!(
            not_utf8_parameter("limit=5&as_of=%FF"),
            Some("as_of".into())
        );
        assert_eq!(not_utf8_parameter("a=%C3"), Some("a".into()));
        assert_eq!(not_utf8_parameter("%FF=1"), Some("query".into()));
    }
}
