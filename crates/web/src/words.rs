//! The Swedish the pages speak: names of statuses, activity kinds and facts,
//! dates and instants. Shared by the page, the CSV and the chart, so the three
//! say the same thing.

use std::borrow::Cow;

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use chrono_tz::Europe::Stockholm;
use trygglogg_projections::follow_up::{
    ActivityStatus, AmendmentKind, Dates, FactTotal, FactTotals, Status, Target,
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

/// An activity kind in Swedish; a kind this build does not know is shown as it
/// was recorded.
pub(crate) fn kind_name(kind: &str) -> Cow<'_, str> {
    let known = match kind {
        "traffic_control" => "trafikkontroll",
        "test_purchase" => "kontrollköp",
        "serious_talk" => "allvarssamtal",
        "information_material" => "informationsmaterial",
        "policy_or_routine" => "policy/rutin",
        "coordination_meeting" => "samverkansmöte",
        "licensing_inspection" => "alkoholtillsyn",
        "targeted_operation" => "riktad insats",
        "traffic_environment_review" => "översyn av trafikmiljö",
        "inquiry" => "utredning",
        "safety_walk" => "trygghetsvandring",
        "citizen_dialogue" => "medborgardialog",
        other => return Cow::Borrowed(other),
    };
    Cow::Borrowed(known)
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

/// A fact's name in Swedish (plural, as it follows a number); an unknown
/// name with its underscores as spaces.
pub(crate) fn fact_name(name: &str) -> Cow<'_, str> {
    let known = match name {
        "talks" => "samtal",
        "checked" => "kontrollerade",
        "reported" => "rapporterade",
        "controls" => "kontroller",
        "premises_visited" => "besökta serveringsställen",
        "remarks" => "anmärkningar",
        "outlets_tested" => "testade försäljningsställen",
        "sales_made" => "genomförda köp",
        "recipients" => "mottagare",
        "meetings" => "möten",
        "participants" => "deltagare",
        "duration_weeks" => "veckor",
        "focus" => "inriktning",
        "basis" => "underlag",
        "products" => "varor",
        "theme" => "tema",
        "material" => "material",
        "audience" => "målgrupp",
        "document" => "dokument",
        "action" => "åtgärd",
        "organisations" => "organisationer",
        "published_at" => "publicerad",
        "subject" => "ämne",
        "level" => "nivå",
        "findings" => "iakttagelser",
        "measures_decided" => "beslutade åtgärder",
        other => return Cow::Owned(other.replace('_', " ")),
    };
    Cow::Borrowed(known)
}

/// A word of the catalogue a fact takes (`speed`, `targeted`) in Swedish; an
/// unknown one with its underscores as spaces.
pub(crate) fn fact_word(word: &str) -> Cow<'_, str> {
    let known = match word {
        "speed" => "hastighet",
        "sobriety" => "nykterhet",
        "behaviour" => "beteende",
        "targeted" => "riktad",
        "routine" => "rutin",
        "tips" => "tips",
        "beer" => "folköl",
        "tobacco" => "tobak",
        "e_cigarettes" => "e-cigaretter",
        "medicines" => "läkemedel",
        "adopted" => "antagen",
        "revised" => "reviderad",
        other => return Cow::Owned(other.replace('_', " ")),
    };
    Cow::Borrowed(known)
}

/// "4 samtal"; "flertalet kontroller" when the source gave no number; "40
/// kontroller och därutöver flertalet" when some gave one and some did not.
pub(crate) fn fact_phrase(name: &str, total: &FactTotal) -> String {
    let name = fact_name(name);
    match (total.sum, total.several) {
        (sum, 0) => format!("{sum} {name}"),
        (0, _) => format!("flertalet {name}"),
        (sum, _) => format!("{sum} {name} och därutöver flertalet"),
    }
}

/// Every fact, joined: "40 kontrollerade, 3 rapporterade"; `None` if none.
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

pub(crate) fn status_name(status: Status) -> &'static str {
    match status {
        Status::Achieved => "Uppfyllt",
        Status::Partly => "Delvis",
        Status::NotStarted => "Ej påbörjat",
        Status::ContinuousOngoing => "Pågår löpande",
    }
}

pub(crate) fn activity_status_name(status: ActivityStatus) -> &'static str {
    match status {
        ActivityStatus::Planned => "planerad",
        ActivityStatus::Completed => "genomförd",
        ActivityStatus::Cancelled => "inställd",
    }
}

pub(crate) fn amendment_name(kind: AmendmentKind) -> &'static str {
    match kind {
        AmendmentKind::Correction => "Rättelse",
        AmendmentKind::Retraction => "Återkallelse",
    }
}

pub(crate) fn target_phrase(target: Target) -> String {
    match target {
        Target::PerYear(n) => format!("minst {n} per år"),
        Target::Continuous => "löpande arbete".to_owned(),
        Target::Once => "en gång under perioden".to_owned(),
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

/// A date range as Swedish prose: "2017-03-14" (a day), "juli 2017" (a whole
/// month), "januari–november 2017" (whole months), "hela 2017",
/// "1–15 november 2017", "20 november 2017 – 5 januari 2018".
pub(crate) fn dates(dates: Dates) -> String {
    let (from, to) = (dates.from, dates.to);
    if from == to {
        return from.format("%Y-%m-%d").to_string();
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
        }
    }

    #[test]
    fn dates_read_as_swedish_prose() {
        for (from, to, prose) in [
            ("2017-03-14", "2017-03-14", "2017-03-14"),
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
    fn facts_say_several_without_inventing_a_number() {
        let total = |sum, several| FactTotal { sum, several };
        assert_eq!(fact_phrase("talks", &total(4, 0)), "4 samtal");
        assert_eq!(
            fact_phrase("controls", &total(0, 2)),
            "flertalet kontroller"
        );
        assert_eq!(
            fact_phrase("checked", &total(40, 1)),
            "40 kontrollerade och därutöver flertalet"
        );
        assert_eq!(fact_phrase("stolen_bikes", &total(3, 0)), "3 stolen bikes");
    }

    #[test]
    fn kinds_and_lists_in_swedish() {
        assert_eq!(kind_title("serious_talk"), "Allvarssamtal");
        assert_eq!(kind_name("night_walk"), "night_walk");
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
