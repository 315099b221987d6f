//! The Swedish the pages speak: names of statuses, activity kinds and facts,
//! dates and instants. Shared by the page, the CSV and the chart, so the three
//! say the same thing.

use std::borrow::Cow;

pub(crate) use crate::target_words::{
    commitment_target, indicator_goal, outcome_phrase, target_value,
};
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use chrono_tz::Europe::Stockholm;
use trygglogg_events::{Precision, Tertial};
use trygglogg_projections::follow_up::{
    ActivityStatus, AgreementHeader, AmendmentKind, Categories, Continues, Dates, ExpectedLength,
    FactTotal, FactTotals, Scope, Status, Verdict,
};

pub(crate) const MONTHS: [&str; 12] = [
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
];

/// An activity kind in Swedish, from the catalogue's table; a kind this build
/// does not know with its underscores as spaces (an activity line carries its
/// own label, custom ones included: `ActivityLine::kind_label`).
pub(crate) fn kind_name(kind: &str) -> Cow<'_, str> {
    match trygglogg_events::kind_label(kind) {
        Some(known) => Cow::Borrowed(known),
        None => Cow::Owned(kind.replace('_', " ")),
    }
}

/// A number of activities of a kind: "1 trafikkontroll", "3 trafikkontroller".
/// A custom kind (its label) takes the plural its activities give
/// ("2 båtsamverkningar"); without one its count follows in brackets
/// ("Båtsamverkan (2)"), since a Swedish plural cannot be guessed.
pub(crate) fn kind_count(kind: &str, n: u32, custom_plural: Option<&str>) -> String {
    match trygglogg_events::kind_plural(kind).or(custom_plural) {
        _ if n == 1 => format!("1 {}", kind_name(kind)),
        Some(plural) => format!("{n} {plural}"),
        None => format!("{} ({n})", kind_name(kind)),
    }
}

/// The kind's name with a capital first letter, to start a line with.
pub(crate) fn kind_title(kind: &str) -> String {
    capitalised(&kind_name(kind))
}

pub(crate) fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A fact's name in Swedish (plural, as it follows a number), from the
/// catalogue's table; an unknown name with its underscores as spaces.
pub(crate) fn fact_name(name: &str) -> Cow<'_, str> {
    match trygglogg_events::fact_label(name) {
        Some(known) => Cow::Owned(known),
        None => Cow::Owned(name.replace('_', " ")),
    }
}

/// A word a categorical fact takes (`speed`, `targeted`) in Swedish, from the
/// catalogue's table; an unknown one with its underscores as spaces.
pub(crate) fn fact_word<'a>(fact: &str, word: &'a str) -> Cow<'a, str> {
    match trygglogg_events::value_label(fact, word) {
        label if label == word => Cow::Owned(word.replace('_', " ")),
        label => Cow::Borrowed(label),
    }
}

/// A total as the source gave it: "4 samtal"; "minst 37 kontroller" when a
/// lower bound is part of it; "ett flertal kontroller" when the source gave no
/// number; "40 kontroller och därutöver ett flertal" when some gave one and
/// some did not. After 1, the singular ("1 kontroll", "minst 1 kontroll").
pub(crate) fn fact_phrase(name: &str, total: &FactTotal) -> String {
    let label = fact_label_after(name, total, total.sum);
    let numbered = total.sum > 0 || total.at_least > 0 || total.several == 0;
    let number = match total.at_least {
        0 => format!("{} {label}", total.sum),
        _ => format!("minst {} {label}", total.sum),
    };
    match (numbered, total.several) {
        (true, 0) => number,
        (false, _) => format!("ett flertal {label}"),
        (true, _) => format!("{number} och därutöver ett flertal"),
    }
}

/// A fact's label as it follows the number `n`. The label recorded with the
/// total wins over the table's; after 1, its singular where one was recorded
/// ("1 riktad trafikinsats"), else the table's ("1 kontroll"); a label
/// recorded with a custom fact without a singular stands as given.
pub(crate) fn fact_label_after<'a>(name: &'a str, total: &'a FactTotal, n: u64) -> Cow<'a, str> {
    let known = trygglogg_events::fact_label(name);
    match (n == 1, &known) {
        (true, _) if total.singular_label.is_some() => {
            Cow::Borrowed(total.singular_label.as_deref().unwrap_or_default())
        }
        (true, Some(known)) if total.label.is_empty() || *known == total.label => {
            Cow::Owned(trygglogg_events::fact_label_one(name).unwrap_or_default())
        }
        _ if total.label.is_empty() => fact_name(name),
        _ => Cow::Borrowed(total.label.as_str()),
    }
}

/// Every fact, joined: "40 kontrollerade förare, 3 rapporter"; `None` if none.
pub(crate) fn facts_phrase(facts: &FactTotals) -> Option<String> {
    (!facts.is_empty()).then(|| {
        facts
            .0
            .iter()
            .map(|(name, total)| fact_phrase(name, total))
            .collect::<Vec<_>>()
            .join(", ")
    })
}

/// The categorical facts: "inriktning: hastighet och nykterhet; varor: öl";
/// `None` if none.
pub(crate) fn categories_phrase(categories: &Categories) -> Option<String> {
    (!categories.is_empty()).then(|| {
        categories
            .0
            .values()
            .map(|words| format!("{}: {}", words.label, and_list(&words.values)))
            .collect::<Vec<_>>()
            .join("; ")
    })
}

pub(crate) fn status_name(status: Status) -> &'static str {
    match status {
        Status::Achieved => "Uppfyllt",
        Status::Partly => "Delvis",
        Status::NotStarted => "Ej påbörjat",
        Status::ContinuousOngoing => "Pågår löpande",
        Status::NotAchieved => "Ej uppnått",
        Status::NotMeasured => "Ej mätt",
        Status::NoTargetValue => "Inget målvärde angivet",
        Status::JudgedForYear => "Bedöms för året",
    }
}

/// The assessed verdict, as published follow-ups write it.
pub(crate) fn verdict_name(verdict: Verdict) -> &'static str {
    match verdict {
        Verdict::Met => "Uppfyllt",
        Verdict::PartlyMet => "Delvis uppfyllt",
        Verdict::NotMet => "Ej uppfyllt",
    }
}

pub(crate) fn continues_phrase(continues: &Continues) -> String {
    match continues {
        Continues::Yes => "Ja".to_owned(),
        Continues::No => "Nej".to_owned(),
        Continues::Changed(what) => format!("Ja, ändrat: {what}"),
        Continues::NotStated => "Ej angivet".to_owned(),
    }
}

/// A measured value with a decimal comma: "12,5", "40".
pub(crate) fn number(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{value:.0}")
    } else {
        value.to_string().replace('.', ",")
    }
}

/// A change with its sign: "+3,5", "−2", "±0".
pub(crate) fn signed(change: f64) -> String {
    if change > 0.0 {
        format!("+{}", number(change))
    } else if change < 0.0 {
        format!("\u{2212}{}", number(-change))
    } else {
        "±0".to_owned()
    }
}

pub(crate) fn activity_status_name(status: ActivityStatus) -> &'static str {
    match status {
        ActivityStatus::Planned => "planerad",
        ActivityStatus::Started => "pågår",
        ActivityStatus::Completed => "genomförd",
        ActivityStatus::Cancelled => "inställd",
    }
}

/// An expected length: "6 veckor", "1 månad", "10 dagar".
pub(crate) fn length(length: ExpectedLength) -> String {
    let (n, one, many) = match length {
        ExpectedLength::Days(n) => (n, "dag", "dagar"),
        ExpectedLength::Weeks(n) => (n, "vecka", "veckor"),
        ExpectedLength::Months(n) => (n, "månad", "månader"),
    };
    format!("{n} {}", if n == 1 { one } else { many })
}

pub(crate) fn amendment_name(kind: AmendmentKind) -> &'static str {
    match kind {
        AmendmentKind::Correction => "Rättelse",
        AmendmentKind::Retraction => "Återkallelse",
    }
}

/// "Hagfors kommun och Polisen"; "A, B och C".
pub(crate) fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} och {last}", init.join(", ")),
    }
}

fn day_month(date: NaiveDate) -> String {
    format!("{} {}", date.day(), MONTHS[date.month0() as usize])
}

fn month_year(date: NaiveDate) -> String {
    format!("{} {}", MONTHS[date.month0() as usize], date.year())
}

fn is_last_of_month(date: NaiveDate) -> bool {
    date.succ_opt().is_none_or(|next| next.day() == 1)
}

/// Dates as Swedish prose, as precise as the source gave them: "14 maj 2018"
/// (a day), "mars 2017" (a month), "under 2017" (only the year is known);
/// a range as "juli 2017" (a whole month), "januari–november 2017" (whole
/// months), "hela 2017", "1–15 november 2017", "20 november 2017 – 5 januari
/// 2018".
pub(crate) fn dates(dates: Dates) -> String {
    let (from, to) = (dates.from, dates.to);
    match dates.precision {
        Precision::Year => return format!("under {}", from.year()),
        Precision::Month => return month_year(from),
        Precision::Day | Precision::Range if from == to => {
            return format!("{} {}", day_month(from), from.year())
        }
        Precision::Day | Precision::Range => {}
    }
    let same_year = from.year() == to.year();
    let same_month = same_year && from.month() == to.month();
    if from.day() == 1 && is_last_of_month(to) {
        return match () {
            _ if same_month => month_year(from),
            _ if same_year && from.month() == 1 && to.month() == 12 => {
                format!("hela {}", from.year())
            }
            _ if same_year => format!(
                "{}–{} {}",
                MONTHS[from.month0() as usize],
                MONTHS[to.month0() as usize],
                from.year()
            ),
            _ => format!("{} – {}", month_year(from), month_year(to)),
        };
    }
    match () {
        _ if same_month => format!("{}–{} {}", from.day(), day_month(to), to.year()),
        _ if same_year => format!("{} – {} {}", day_month(from), day_month(to), to.year()),
        _ => format!(
            "{} {} – {} {}",
            day_month(from),
            from.year(),
            day_month(to),
            to.year()
        ),
    }
}

/// What a follow-up covers, as its heading names it: "2018", "T2 2018
/// (maj–augusti)", "hela perioden 2018–2019".
pub(crate) fn scope(scope: Scope, agreement: &AgreementHeader) -> String {
    match scope {
        Scope::Year { year } => year.to_string(),
        Scope::Tertial { year, tertial } => {
            format!("{tertial} {year} ({})", tertial_months(tertial))
        }
        Scope::Period if agreement.first_year == agreement.last_year => {
            format!("hela perioden {}", agreement.first_year)
        }
        Scope::Period => format!(
            "hela perioden {}–{}",
            agreement.first_year, agreement.last_year
        ),
    }
}

/// A tertial's months: "januari–april".
pub(crate) fn tertial_months(tertial: Tertial) -> String {
    let (first, last) = tertial.months();
    format!(
        "{}–{}",
        MONTHS[first as usize - 1],
        MONTHS[last as usize - 1]
    )
}

/// An instant as Swedish local time: "2017-11-30 kl. 14:03:12".
pub(crate) fn instant(at: DateTime<Utc>) -> String {
    at.with_timezone(&Stockholm)
        .format("%Y-%m-%d kl. %H:%M:%S")
        .to_string()
}

/// The Swedish local date of an instant (for the date picker).
pub(crate) fn local_date(at: DateTime<Utc>) -> NaiveDate {
    at.with_timezone(&Stockholm).date_naive()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn range(from: &str, to: &str) -> Dates {
        Dates {
            from: from.parse().unwrap(),
            to: to.parse().unwrap(),
            precision: Precision::Range,
        }
    }

    #[test]
    fn dates_read_as_precisely_as_the_source_gave_them() {
        // (first day, last day, precision, prose)
        for (from, to, precision, prose) in [
            ("2018-05-14", "2018-05-14", Precision::Day, "14 maj 2018"),
            ("2017-03-01", "2017-03-31", Precision::Month, "mars 2017"),
            ("2017-01-01", "2017-12-31", Precision::Year, "under 2017"),
            ("2017-01-01", "2017-12-31", Precision::Range, "hela 2017"),
        ] {
            let dates = Dates {
                precision,
                ..range(from, to)
            };
            assert_eq!(super::dates(dates), prose, "{from} – {to} ({precision:?})");
        }
    }

    #[test]
    fn dates_read_as_swedish_prose() {
        for (from, to, prose) in [
            ("2017-03-14", "2017-03-14", "14 mars 2017"),
            ("2017-07-01", "2017-07-31", "juli 2017"),
            ("2016-02-01", "2016-02-29", "februari 2016"),
            ("2017-01-01", "2017-11-30", "januari–november 2017"),
            ("2017-01-01", "2017-12-31", "hela 2017"),
            ("2017-11-01", "2017-11-15", "1–15 november 2017"),
            ("2017-03-05", "2017-04-15", "5 mars – 15 april 2017"),
            (
                "2017-11-20",
                "2018-01-05",
                "20 november 2017 – 5 januari 2018",
            ),
            ("2017-11-01", "2018-01-31", "november 2017 – januari 2018"),
        ] {
            assert_eq!(dates(range(from, to)), prose, "{from} – {to}");
        }
    }

    #[test]
    fn facts_say_several_and_at_least_without_inventing_a_number() {
        let total = |sum, at_least, several| FactTotal {
            label: String::new(),
            singular_label: None,
            sum,
            at_least,
            several,
        };
        for (name, total, phrase) in [
            ("talks", total(4, 0, 0), "4 samtal"),
            ("controls", total(1, 0, 0), "1 kontroll"),
            ("controls", total(1, 1, 0), "minst 1 kontroll"),
            ("vehicles_seized", total(1, 0, 0), "1 omhändertaget fordon"),
            (
                "reports.unlicensed_driving",
                total(1, 0, 0),
                "1 rapport om olovlig körning",
            ),
            (
                "participants.Polisen",
                total(1, 0, 0),
                "1 deltagare från Polisen",
            ),
            ("controls", total(0, 0, 2), "ett flertal kontroller"),
            ("controls", total(37, 1, 0), "minst 37 kontroller"),
            ("controls", total(0, 1, 0), "minst 0 kontroller"),
            (
                "checked",
                total(40, 0, 1),
                "40 kontrollerade förare och därutöver ett flertal",
            ),
            (
                "controls",
                total(37, 2, 1),
                "minst 37 kontroller och därutöver ett flertal",
            ),
            (
                "reports.speeding",
                total(3, 0, 0),
                "3 rapporter om hastighetsöverträdelse",
            ),
            (
                "participants.Polisen",
                total(2, 0, 0),
                "2 deltagare från Polisen",
            ),
            ("stolen_bikes", total(3, 0, 0), "3 stolen bikes"),
        ] {
            assert_eq!(fact_phrase(name, &total), phrase, "{name} {total:?}");
        }
        let labelled = FactTotal {
            label: "körde utan körkort".into(),
            ..total(3, 0, 0)
        };
        assert_eq!(
            fact_phrase("utan_korkort", &labelled),
            "3 körde utan körkort"
        );
        // A custom count's singular after 1, its label after any other number.
        let operations = |sum, at_least| FactTotal {
            label: "riktade trafikinsatser".into(),
            singular_label: Some("riktad trafikinsats".into()),
            ..total(sum, at_least, 0)
        };
        for (total, phrase) in [
            (operations(1, 0), "1 riktad trafikinsats"),
            (operations(32, 0), "32 riktade trafikinsatser"),
            (operations(1, 1), "minst 1 riktad trafikinsats"),
            (operations(0, 0), "0 riktade trafikinsatser"),
        ] {
            assert_eq!(fact_phrase("insatser", &total), phrase, "{total:?}");
        }
    }

    #[test]
    fn categories_read_as_label_and_words() {
        use trygglogg_projections::follow_up::FactWords;
        let categories = Categories(
            [
                ("focus", "inriktning", vec!["hastighet", "nykterhet"]),
                ("products", "varor", vec!["öl"]),
            ]
            .into_iter()
            .map(|(name, label, values)| {
                let values = values.into_iter().map(str::to_owned).collect();
                let words = FactWords {
                    label: label.into(),
                    values,
                };
                (name.to_owned(), words)
            })
            .collect(),
        );
        assert_eq!(
            categories_phrase(&categories).unwrap(),
            "inriktning: hastighet och nykterhet; varor: öl"
        );
        assert_eq!(categories_phrase(&Categories::default()), None);
    }

    #[test]
    fn kinds_and_lists_in_swedish() {
        assert_eq!(kind_title("serious_talk"), "Allvarssamtal");
        assert_eq!(kind_name("night_walk"), "night walk");
        assert_eq!(kind_title("riktad_trafikinsats"), "Riktad trafikinsats");
        for (kind, n, words) in [
            ("traffic_control", 1, "1 trafikkontroll"),
            ("traffic_control", 3, "3 trafikkontroller"),
            ("traffic_control", 0, "0 trafikkontroller"),
            ("licensing_inspection", 2, "2 alkoholtillsyner"),
            ("test_purchase", 5, "5 kontrollköp"),
        ] {
            assert_eq!(kind_count(kind, n, None), words, "{kind} {n}");
        }
        // A custom kind: with the plural its activities give, or without one
        // its count in brackets, never an invented plural.
        for (n, plural, words) in [
            (1, None, "1 Båtsamverkan"),
            (2, None, "Båtsamverkan (2)"),
            (0, None, "Båtsamverkan (0)"),
            (1, Some("båtsamverkningar"), "1 Båtsamverkan"),
            (2, Some("båtsamverkningar"), "2 båtsamverkningar"),
        ] {
            assert_eq!(
                kind_count("Båtsamverkan", n, plural),
                words,
                "{n} {plural:?}"
            );
        }
        // A known kind keeps the catalogue's plural.
        assert_eq!(
            kind_count("traffic_control", 2, Some("x")),
            "2 trafikkontroller"
        );
        assert_eq!(
            and_list(&["Hagfors kommun".into(), "Polisen".into()]),
            "Hagfors kommun och Polisen"
        );
        assert_eq!(
            and_list(&["A".into(), "B".into(), "C".into()]),
            "A, B och C"
        );
    }

    #[test]
    fn instants_are_swedish_local_time() {
        let winter: DateTime<Utc> = "2017-12-12T17:00:00Z".parse().unwrap();
        assert_eq!(instant(winter), "2017-12-12 kl. 18:00:00");
        let late: DateTime<Utc> = "2017-06-30T22:30:00Z".parse().unwrap();
        assert_eq!(local_date(late).to_string(), "2017-07-01");
    }
}
