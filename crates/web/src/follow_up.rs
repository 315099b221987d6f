//! `GET /agreements/{id}/follow-up/{year}` (and `…/{year}/t2`, `…/period`):
//! the follow-up of a year, a tertial or the whole period as the safety
//! council reads it, like the seed's "Uppföljning av tidigare löften": per
//! focus area and commitment what was done, where and when, the counts, the
//! target and the status; a chart; and the log position and hash it was built
//! from, so a printed copy can be checked against the log later.

use chrono::{DateTime, SecondsFormat, Utc};
use maud::{html, Markup};
use trygglogg_events::Tertial;
use trygglogg_projections::follow_up::{
    ActivityLine, ActivityStatus, CommitmentFollowUp, Counts, FocusAreaFollowUp, FollowUp,
    IndicatorRow, Outcome, Progress, Scope, Status,
};

use crate::about_checkpoint::ABOUT_CHECKPOINT_PATH;
use crate::about_log::ABOUT_LOG_PATH;
use crate::chart::{chart, MonthlyCounts};
use crate::layout::page;
use crate::{placed_activities, scope_path, words};
use crate::{recording_time, results};

/// The page. `years` are the agreement's follow-up years, for links between
/// them, their tertials and the whole period; `work_by`, for a page "as of" a
/// date, what had been done by then ([`crate::recording_time::work_by`]).
pub(crate) fn page_of(view: &FollowUp, years: &[i32], work_by: Option<&str>) -> Markup {
    let header = &view.agreement;
    let year = view.year;
    let scope = words::scope(view.scope, header);
    let path = scope_path(header.id, view.scope);
    // The API's paths are the page's under /api/v1.
    let api_path = format!("/api/v1{path}");
    let as_of_query = view.built_from.as_of.map(as_of_query).unwrap_or_default();
    let placed = placed_activities(view);
    let charted = || {
        placed
            .iter()
            .map(|p| p.activity)
            .chain(view.during_the_year.iter())
    };
    let charts: Vec<MonthlyCounts> = match view.scope {
        Scope::Period => (header.first_year..=header.last_year)
            .map(|year| MonthlyCounts::of(year, charted()))
            .collect(),
        _ => vec![MonthlyCounts::of(year, charted())],
    };
    let other_scopes = other_scopes(view, years);
    // Only the areas where something was done: the sentence says what has
    // been done, and an area with nothing is shown as such below.
    let areas: Vec<String> = view
        .focus_areas
        .iter()
        .filter(|f| has_completed_work(f))
        .map(|f| format!("”{}”", f.name))
        .collect();
    page(
        &format!("Uppföljning {scope} – {}", header.title),
        html! {
            h1 { "Uppföljning " (scope) }
            p.lead { strong { (header.title) } }
            p.muted {
                (header.municipality)
                " · Parter: " (words::and_list(&header.parties))
                " · Period: " (results::period(header))
                @if let Some(adopted) = header.adopted { " · Antaget " (words::dates(adopted)) }
            }
            @if let Some(description) = &header.description { p { (description) } }
            (results::context(header, &view.continuity))
            (as_of_box(view))
            @if let Some(work_by) = work_by { p.work-by { (work_by) } }
            div.tools {
                form method="get" action=(path) {
                    div {
                        label for="as_of" { "Visa som den såg ut den" }
                        input type="date" id="as_of" name="as_of"
                            value=(view.built_from.as_of.map(|t| words::local_date(t).to_string()).unwrap_or_default())
                            aria-describedby="as_of_hint";
                        p.hint id="as_of_hint" { (recording_time::AS_OF_HINT) }
                    }
                    button type="submit" { "Visa" }
                }
                nav aria-label="Samma uppföljning i andra format" {
                    ul {
                        li { a href=(format!("{path}.excel.csv{as_of_query}")) download { "Ladda ner för Excel" } }
                        li { a href=(format!("{path}.xlsx{as_of_query}")) download { "Som Excel-arbetsbok (.xlsx)" } }
                        li { a href=(format!("{path}.csv{as_of_query}")) download { "Ladda ner som CSV" } }
                        li { a href=(format!("{api_path}{as_of_query}")) { "Som JSON (API)" } }
                        @for (other, label) in &other_scopes {
                            li { a href=(scope_path(header.id, *other)) { "Uppföljning " (label) } }
                        }
                    }
                }
            }
            p.lead {
                "Under " (scope) ": " (counts_sentence(view.totals)) "."
                @if view.totals.completed > 0 && !areas.is_empty() {
                    " Följande har gjorts inom " (if areas.len() == 1 { "området " } else { "områdena " })
                    (words::and_list(&areas)) "."
                }
            }
            (summary_table(view))
            @for focus in &view.focus_areas { (focus_area(focus, view)) }
            @if !view.unattached.is_empty() {
                section aria-labelledby="ovrigt" {
                    h2 id="ovrigt" { "Övriga aktiviteter" }
                    p { "Aktiviteter av parterna som inte hör till något av löftets fokusområden." }
                    (activity_list(&view.unattached))
                }
            }
            @if !view.during_the_year.is_empty() {
                section aria-labelledby="under-aret" {
                    h2 id="under-aret" { "Under året " (year) }
                    p {
                        "Arbete som källan bara daterar till året. Det hör inte till någon "
                        "enskild tertial och räknas därför inte ovan; det räknas i årets och "
                        "hela periodens uppföljning."
                    }
                    (activity_list(&view.during_the_year))
                }
            }
            section aria-labelledby="per-manad" {
                h2 id="per-manad" { "Genomförda aktiviteter per månad" }
                @for counts in &charts { (chart(counts)) }
            }
            @if !view.indicator_series.is_empty() { (results::indicator_series(year, &view.indicator_series)) }
            @if view.indicators.iter().any(|i| i.key.is_none()) { (indicators(&scope, &view.indicators)) }
            @if !view.reviews.is_empty() {
                section aria-labelledby="radet" {
                    h2 id="radet" { "Uppföljning i Trygghetsrådet" }
                    @for review in &view.reviews {
                        p {
                            "Uppföljningen gjordes i " (review.body) ", " (words::dates(review.reviewed)) "."
                            @if let Some(summary) = &review.summary { " " (summary) }
                        }
                        p.muted { "Underlag: " (review.minutes) }
                    }
                }
            }
            @if !view.amendments.is_empty() {
                section aria-labelledby="rattelser" {
                    h2 id="rattelser" { "Rättelser och återkallelser" }
                    p { "Loggen ändras aldrig i efterhand; ett fel rättas med en ny händelse som pekar på den gamla." }
                    ul {
                        @for amendment in &view.amendments {
                            li {
                                strong { (words::amendment_name(amendment.kind)) }
                                ", registrerad " (words::instant(amendment.recorded))
                                " (registrering nr " (amendment.position) " i "
                                a href=(ABOUT_LOG_PATH) { "loggen" } "): " (amendment.reason)
                            }
                        }
                    }
                }
            }
        },
    )
}

/// Whether any activity of the area (of a commitment or of the area alone)
/// was completed in the scope.
fn has_completed_work(focus: &FocusAreaFollowUp) -> bool {
    focus
        .commitments
        .iter()
        .map(|commitment| &commitment.progress)
        .chain([&focus.without_commitment])
        .any(|progress| progress.counts.completed > 0)
}

/// The other follow-ups to link to, with their names: the other years, the
/// tertials of this page's year, and the whole period.
fn other_scopes(view: &FollowUp, years: &[i32]) -> Vec<(Scope, String)> {
    let year = match view.scope {
        Scope::Year { year } | Scope::Tertial { year, .. } => Some(year),
        Scope::Period => None,
    };
    let years = years.iter().map(|&year| Scope::Year { year });
    let tertials = year.into_iter().flat_map(|year| {
        Tertial::ALL
            .into_iter()
            .map(move |tertial| Scope::Tertial { year, tertial })
    });
    years
        .chain(tertials)
        .chain([Scope::Period])
        .filter(|scope| *scope != view.scope)
        .map(|scope| (scope, words::scope(scope, &view.agreement)))
        .collect()
}

/// `?as_of=<the instant>`, for the links to the same view in other formats.
fn as_of_query(at: DateTime<Utc>) -> String {
    let query = form_urlencoded::Serializer::new(String::new())
        .append_pair("as_of", &at.to_rfc3339_opts(SecondsFormat::AutoSi, true))
        .finish();
    format!("?{query}")
}

/// What the page was built from: enough to check a printed copy against the
/// log.
fn as_of_box(view: &FollowUp) -> Markup {
    let built = &view.built_from;
    html! {
        section.asof aria-label="Underlag" {
            @if let Some(as_of) = built.as_of {
                p {
                    strong { "Som uppföljningen såg ut " (words::instant(as_of)) " (svensk tid)." }
                    " "
                    a.no-print href=(scope_path(view.agreement.id, view.scope)) { "Visa som den ser ut nu" }
                }
            }
            p {
                @match built.position {
                    0 => { "Sammanställd ur en tom logg" }
                    1 => { "Sammanställd ur den första registreringen i loggen" }
                    n => { "Sammanställd ur de " strong { (n) } " första registreringarna i loggen" }
                }
                @if let Some(recorded) = built.recorded {
                    ", den senaste registrerad "
                    time datetime=(recorded.to_rfc3339_opts(SecondsFormat::Micros, true)) { (words::instant(recorded)) }
                    " (svensk tid)"
                }
                "."
            }
            p {
                "Kontrollsumma för loggen: " code.hash { (built.hash) } " "
                a.no-print href=(ABOUT_LOG_PATH) { "Vad registreringarna och kontrollsumman betyder" }
            }
            @if let Some(checkpoint) = &built.checkpoint {
                p {
                    "Signerad kontrollpunkt för "
                    @match checkpoint.tree_size {
                        1 => { "den första registreringen" }
                        n => { "de " (n) " första registreringarna" }
                    }
                    ", underskriven med loggens nyckel. Spara hela texten om ni godkänner uppföljningen:"
                }
                pre.note { (checkpoint.note) }
                p { "Loggens nyckel har fingeravtrycket " code.hash { (checkpoint.fingerprint) } "." }
            }
            p.no-print {
                a href=(ABOUT_CHECKPOINT_PATH) { "Så kontrollerar du själv att uppföljningen stämmer" }
            }
        }
    }
}

fn counts_sentence(counts: Counts) -> String {
    // "1 planerad", "2 planerade".
    let count = |n: u32, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let mut parts = vec![count(
        counts.completed,
        "genomförd aktivitet",
        "genomförda aktiviteter",
    )];
    if counts.started > 0 {
        parts.push(format!("{} pågår", counts.started));
    }
    if counts.planned > 0 {
        parts.push(count(counts.planned, "planerad", "planerade"));
    }
    if counts.cancelled > 0 {
        parts.push(count(counts.cancelled, "inställd", "inställda"));
    }
    words::and_list(&parts)
}

fn status_class(status: Status) -> &'static str {
    match status {
        Status::Achieved => "status status-achieved",
        Status::Partly => "status status-partly",
        Status::NotStarted => "status status-not_started",
        Status::ContinuousOngoing => "status status-continuous_ongoing",
        Status::NotAchieved => "status status-not_achieved",
        Status::NotMeasured => "status status-not_measured",
        Status::NoTargetValue => "status status-no_target_value",
        Status::JudgedForYear => "status status-judged_for_year",
    }
}

/// Production at a glance: per focus area and commitment, the target, the
/// counts and the status.
fn summary_table(view: &FollowUp) -> Markup {
    html! {
        div.table-wrap.wide {
            table.stack {
                caption { "Måluppfyllelse " (words::scope(view.scope, &view.agreement)) " per fokusområde och löfte" }
                thead {
                    tr {
                        th scope="col" { "Fokusområde" }
                        th scope="col" { "Löfte" }
                        th scope="col" { "Mål" }
                        th scope="col" { "Utfall" }
                        th.num scope="col" { "Genomförda" }
                        th.num scope="col" { "Pågår" }
                        th.num scope="col" { "Planerade" }
                        th.num scope="col" { "Inställda" }
                        th scope="col" { "Beräknad status" }
                        th scope="col" { "Bedömning" }
                    }
                }
                tbody {
                    @for focus in &view.focus_areas {
                        @for commitment in &focus.commitments {
                            tr {
                                td data-label="Fokusområde" { (focus.name) }
                                th scope="row" { (commitment.title) }
                                td data-label="Mål" { (words::commitment_target(commitment, &view.indicator_series)) }
                                td data-label="Utfall" { (words::outcome_phrase(&commitment.outcome, &view.indicator_series)) }
                                (count_cells(commitment.progress.counts))
                                td data-label="Beräknad status" { span class=(status_class(commitment.status)) { (words::status_name(commitment.status)) } }
                                td data-label="Bedömning" { (results::verdict_cell(commitment)) }
                            }
                        }
                        @if focus.commitments.is_empty() || !focus.without_commitment.activities.is_empty() {
                            tr {
                                td data-label="Fokusområde" { (focus.name) }
                                th scope="row" {
                                    @if focus.commitments.is_empty() { "Hela området" } @else { "Övrigt inom området" }
                                }
                                td data-label="Mål" { "–" }
                                td data-label="Utfall" { "–" }
                                (count_cells(focus.without_commitment.counts))
                                td data-label="Beräknad status" { "–" }
                                td data-label="Bedömning" { "–" }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn count_cells(counts: Counts) -> Markup {
    html! {
        td.num data-label="Genomförda" { (counts.completed) }
        td.num data-label="Pågår" { (counts.started) }
        td.num data-label="Planerade" { (counts.planned) }
        td.num data-label="Inställda" { (counts.cancelled) }
    }
}

fn focus_area(focus: &FocusAreaFollowUp, view: &FollowUp) -> Markup {
    let id = format!("omrade-{}", focus.key);
    html! {
        section aria-labelledby=(id) {
            h2 id=(id) { (focus.name) }
            @if let Some(description) = &focus.description { p { (description) } }
            @for commitment in &focus.commitments { (commitment_block(commitment, view)) }
            @if focus.commitments.is_empty() {
                (progress_facts(&focus.without_commitment, None, view))
                (activity_list(&focus.without_commitment.activities))
            } @else if !focus.without_commitment.activities.is_empty() {
                h3 { "Övrigt inom området" }
                (progress_facts(&focus.without_commitment, None, view))
                (activity_list(&focus.without_commitment.activities))
            }
        }
    }
}

fn commitment_block(commitment: &CommitmentFollowUp, view: &FollowUp) -> Markup {
    html! {
        h3 { (commitment.title) }
        @if commitment.description != commitment.title { p { (commitment.description) } }
        (progress_facts(&commitment.progress, Some(commitment), view))
        (activity_list(&commitment.progress.activities))
    }
}

/// The numbers of a commitment (or of a focus area's other work): who, the
/// target and status, the counts, the summed facts, hours and cost.
fn progress_facts(
    progress: &Progress,
    commitment: Option<&CommitmentFollowUp>,
    view: &FollowUp,
) -> Markup {
    html! {
        dl.facts {
            @if let Some(commitment) = commitment {
                @if !commitment.responsible.is_empty() {
                    dt { "Ansvariga" } dd { (words::and_list(&commitment.responsible)) }
                }
                dt { "Mål" } dd { (words::commitment_target(commitment, &view.indicator_series)) }
            }
            dt { "Utfall" } dd { (words::capitalised(&counts_sentence(progress.counts))) }
            @if let Some(facts) = words::facts_phrase(&progress.facts) {
                dt { "Sammanlagt" } dd { (words::capitalised(&facts)) }
            }
            @if let Some(categories) = words::categories_phrase(&progress.categories) {
                dt { "Kategorier" } dd { (words::capitalised(&categories)) }
            }
            @if let Some(hours) = progress.hours { dt { "Timmar" } dd { (hours) } }
            @if let Some(cost) = progress.cost_sek { dt { "Kostnad" } dd { (kronor(cost)) } }
            @if let Some(commitment) = commitment {
                // A count of activities is the line above; a fact's sum or an
                // indicator's value is said against the target here.
                @if !matches!(commitment.outcome, Outcome::Activities { .. }) {
                    dt { "Utfall mot målet" } dd { (words::outcome_phrase(&commitment.outcome, &view.indicator_series)) }
                }
                dt { "Beräknad status" }
                dd { span class=(status_class(commitment.status)) { (words::status_name(commitment.status)) } }
                (results::assessment(commitment))
            }
        }
    }
}

/// "12 500 kr".
fn kronor(amount: u64) -> String {
    let digits = amount.to_string();
    // The first group takes what is left over from whole groups of three.
    let first = match digits.len() % 3 {
        0 => 3,
        n => n,
    };
    let (head, tail) = digits.split_at(first.min(digits.len()));
    let mut grouped = head.to_owned();
    for group in tail.as_bytes().chunks(3) {
        grouped.push('\u{a0}');
        grouped.extend(group.iter().map(|&digit| char::from(digit)));
    }
    format!("{grouped}\u{a0}kr")
}

/// The activities as the seed lists them: what was done, then what kind,
/// when, where, by whom and how much.
fn activity_list(activities: &[ActivityLine]) -> Markup {
    html! {
        @if activities.is_empty() {
            p.muted { "Inga aktiviteter registrerade." }
        } @else {
            ul.activities {
                @for activity in activities { (activity_item(activity)) }
            }
        }
    }
}

fn activity_item(activity: &ActivityLine) -> Markup {
    let text = activity
        .summary
        .clone()
        .or_else(|| activity.title.clone())
        .unwrap_or_else(|| words::capitalised(&activity.kind_label));
    html! {
        li {
            p {
                @match activity.status {
                    ActivityStatus::Planned => strong { "Planerad: " },
                    ActivityStatus::Started => strong { "Pågår: " },
                    ActivityStatus::Cancelled => strong { "Inställd: " },
                    ActivityStatus::Completed => {},
                }
                (text)
            }
            p.meta {
                span.kind { (words::capitalised(&activity.kind_label)) }
                " · "
                // Work under way carries its start, not the days it ran.
                @if activity.status == ActivityStatus::Started { "startade " }
                time datetime=(activity.dates.from.to_string()) { (words::dates(activity.dates)) }
                @if !activity.places.is_empty() { " · " (words::and_list(&activity.places)) }
                @if !activity.responsible.is_empty() { " · Ansvarig: " (words::and_list(&activity.responsible)) }
                @if let Some(facts) = words::facts_phrase(&activity.facts) { " · " (facts) }
                @if let Some(words) = words::categories_phrase(&activity.categories) { " · " (words) }
                @if let Some(hours) = activity.hours { " · " (hours) " timmar" }
                @if let Some(cost) = activity.cost_sek { " · " (kronor(cost)) }
                @if activity.continues { " · sker kontinuerligt" }
                @if let Some(length) = activity.expected_length { " · beräknad längd " (words::length(length)) }
                @if let Some(reason) = &activity.cancel_reason { " · Orsak: " (reason) }
            }
        }
    }
}

fn indicators(scope: &str, indicators: &[IndicatorRow]) -> Markup {
    html! {
        section aria-labelledby="indikatorer" {
            h2 id="indikatorer" { "Indikatorer" }
            div.table-wrap {
                table {
                    caption { "Mätningar utan definierad indikator som berör " (scope) }
                    thead {
                        tr {
                            th scope="col" { "Indikator" }
                            th.num scope="col" { "Värde" }
                            th scope="col" { "Period" }
                            th scope="col" { "Källa" }
                        }
                    }
                    tbody {
                        @for indicator in indicators.iter().filter(|i| i.key.is_none()) {
                            tr {
                                th scope="row" { (indicator.indicator) }
                                td.num { (words::number(indicator.value)) " " (indicator.unit) }
                                td { (words::dates(indicator.period)) }
                                td { (indicator.source) }
                            }
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_in_swedish() {
        assert_eq!(kronor(12_500), "12\u{a0}500\u{a0}kr");
        assert_eq!(kronor(999), "999\u{a0}kr");
        assert_eq!(kronor(1_000_000), "1\u{a0}000\u{a0}000\u{a0}kr");
        assert_eq!(words::number(12.5), "12,5");
        assert_eq!(words::number(40.0), "40");
        assert_eq!(words::signed(-2.5), "\u{2212}2,5");
        assert_eq!(words::signed(3.0), "+3");
        assert_eq!(words::signed(0.0), "±0");
    }

    #[test]
    fn counts_read_as_a_sentence() {
        let counts = |completed, planned, cancelled| Counts {
            planned,
            started: 0,
            completed,
            cancelled,
        };
        assert_eq!(
            counts_sentence(counts(12, 1, 0)),
            "12 genomförda aktiviteter och 1 planerad"
        );
        assert_eq!(counts_sentence(counts(1, 0, 0)), "1 genomförd aktivitet");
        assert_eq!(
            counts_sentence(counts(0, 2, 1)),
            "0 genomförda aktiviteter, 2 planerade och 1 inställd"
        );
        let under_way = Counts {
            started: 1,
            ..counts(3, 1, 0)
        };
        assert_eq!(
            counts_sentence(under_way),
            "3 genomförda aktiviteter, 1 pågår och 1 planerad"
        );
    }
}
