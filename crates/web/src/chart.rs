//! The chart of completed activities per month and kind: a stacked bar per
//! month, and one apart for work dated only to the year ("under året", never
//! put in a month), drawn as SVG on the server (no JavaScript), with a legend
//! and the same numbers as a table for screen readers. Pure: counts in,
//! markup out. On a phone the page shows the same chart with its bars lying
//! down instead ([`rows`]), so that nothing scrolls sideways.

mod rows;

use std::collections::BTreeMap;

use chrono::Datelike;
use maud::{html, Markup};
use trygglogg_events::Precision;
use trygglogg_projections::follow_up::{ActivityLine, ActivityStatus};

use crate::words::{self, MONTHS};

/// Colours that stay apart for most colour vision (Okabe–Ito, with its orange
/// and sky blue darkened to reach 3:1 against white, as WCAG asks of graphics,
/// and its pale yellow moved to the end, then more); used in legend order,
/// again from the start if there are more kinds. The last two are pale: only
/// a year with more than ten kinds reaches them.
const PALETTE: [&str; 12] = [
    "#0072B2", "#C18500", "#009E73", "#CC79A7", "#499AC8", "#D55E00", "#6A3D9A", "#000000",
    "#8C6D31", "#929292", "#B2DF8A", "#F0E442",
];

const WIDTH: u32 = 600;
const HEIGHT: u32 = 300;
const LEFT: u32 = 56;
const RIGHT: u32 = 12;
const TOP: u32 = 16;
const BOTTOM: u32 = 56;

/// The bars: twelve months, then the year's work that has no month.
const SLOTS: usize = 13;
/// The slot of work dated only to the year.
const DURING_THE_YEAR: usize = 12;

/// A slot's name: the month's, or "under året".
fn slot_name(slot: usize) -> &'static str {
    MONTHS.get(slot).copied().unwrap_or("under året")
}

/// Completed activities of one year, by kind and the month they started in
/// (slot 0–11), or, dated only to the year, in slot 12.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct MonthlyCounts {
    pub year: i32,
    pub by_kind: BTreeMap<String, [u32; SLOTS]>,
    /// A custom kind's plural, where its activities give one (the catalogue
    /// gives the known kinds').
    pub plurals: BTreeMap<String, String>,
}

impl MonthlyCounts {
    /// Counts the completed activities among `activities` that started in
    /// `year`; planned and cancelled ones are not drawn.
    pub fn of<'a>(year: i32, activities: impl IntoIterator<Item = &'a ActivityLine>) -> Self {
        let mut counts = MonthlyCounts {
            year,
            ..MonthlyCounts::default()
        };
        for activity in activities {
            let start = activity.dates.from;
            if activity.status == ActivityStatus::Completed && start.year() == year {
                let slot = match activity.dates.precision {
                    Precision::Year => DURING_THE_YEAR,
                    _ => start.month0() as usize,
                };
                let kind = kind_key(activity);
                counts.by_kind.entry(kind.to_owned()).or_default()[slot] += 1;
                if let Some(plural) = &activity.kind_plural {
                    counts.plurals.insert(kind.to_owned(), plural.clone());
                }
            }
        }
        counts
    }

    /// "3 trafikkontroller", "Båtsamverkan (2)": `n` activities of `kind`.
    fn count_of(&self, kind: &str, n: u32) -> String {
        words::kind_count(kind, n, self.plurals.get(kind).map(String::as_str))
    }

    fn month_total(&self, month: usize) -> u32 {
        self.by_kind.values().map(|months| months[month]).sum()
    }

    pub fn total(&self) -> u32 {
        (0..SLOTS).map(|m| self.month_total(m)).sum()
    }

    /// Kinds in legend order: by their Swedish names.
    fn kinds(&self) -> Vec<(&str, &[u32; SLOTS])> {
        let mut kinds: Vec<_> = self
            .by_kind
            .iter()
            .map(|(kind, months)| (kind.as_str(), months))
            .collect();
        kinds.sort_by_key(|(kind, _)| words::kind_name(kind).into_owned());
        kinds
    }
}

/// How an activity's kind is counted and named: a known kind by its key
/// (the catalogue gives its name and plural); a custom kind by its own
/// label, with å, ä and ö, never its ASCII key.
pub(crate) fn kind_key(activity: &ActivityLine) -> &str {
    let known = trygglogg_events::kind_label(&activity.kind).is_some();
    if known || activity.kind_label.is_empty() {
        &activity.kind
    } else {
        &activity.kind_label
    }
}

/// The step between gridlines: 1, 2 or 5 times a power of ten, so that at
/// most five lines reach above `max`.
fn step(max: u32) -> u32 {
    let mut power = 1u32;
    loop {
        for factor in [1, 2, 5] {
            let step = factor * power;
            if max.div_ceil(step) <= 5 {
                return step;
            }
        }
        power = power.saturating_mul(10);
    }
}

/// The figure: the SVG, its legend, and a table of the same counts that only
/// screen readers read.
pub(crate) fn chart(counts: &MonthlyCounts) -> Markup {
    let kinds = counts.kinds();
    let max = (0..SLOTS).map(|m| counts.month_total(m)).max().unwrap_or(0);
    let step = step(max.max(1));
    let top = max.max(1).div_ceil(step) * step;
    let plot_height = HEIGHT - TOP - BOTTOM;
    let plot_width = WIDTH - LEFT - RIGHT;
    let slot = plot_width as f64 / SLOTS as f64;
    let bar = slot * 0.62;
    let y = |value: u32| TOP as f64 + plot_height as f64 * (1.0 - value as f64 / top as f64);
    let title = format!("Genomförda aktiviteter per månad och slag {}", counts.year);
    let description = description(counts, &kinds);
    // One chart per year on a period's page: ids of their own.
    let (title_id, desc_id) = (
        format!("chart-title-{}", counts.year),
        format!("chart-desc-{}", counts.year),
    );
    html! {
        figure.chart {
            // The page's stylesheet shows one of the two: columns on a wide
            // screen, rows on a phone.
            div.plot {
            svg.columns xmlns="http://www.w3.org/2000/svg" viewBox=(format!("0 0 {WIDTH} {HEIGHT}"))
                role="img" aria-labelledby=(format!("{title_id} {desc_id}")) {
                title id=(title_id) { (title) }
                desc id=(desc_id) { (description) }
                // Gridlines and their values.
                @for value in (0..=top).step_by(step as usize) {
                    line x1=(LEFT) x2=(WIDTH - RIGHT) y1=(fmt(y(value))) y2=(fmt(y(value)))
                        stroke=(if value == 0 { "#1b1f24" } else { "#d7dee5" }) stroke-width="1" {}
                    text x=(LEFT - 8) y=(fmt(y(value) + 4.0)) text-anchor="end" font-size="14"
                        fill="#1b1f24" { (value) }
                }
                // One stacked bar per month, and one for the year's undated work.
                @for month in 0..SLOTS {
                    @let x = LEFT as f64 + slot * month as f64 + (slot - bar) / 2.0;
                    @for (index, kind, n, below) in segments(&kinds, month) {
                        rect x=(fmt(x)) y=(fmt(y(below + n))) width=(fmt(bar))
                            height=(fmt(y(below) - y(below + n))) fill=(colour(index)) {
                            title { (slot_name(month)) ": " (counts.count_of(kind, n)) }
                        }
                    }
                    text x=(fmt(LEFT as f64 + slot * (month as f64 + 0.5))) y=(HEIGHT - BOTTOM + 18)
                        text-anchor="middle" font-size="14" fill="#1b1f24" { (slot_label(month)) }
                }
                @if counts.total() == 0 {
                    text x=(LEFT + plot_width / 2) y=(TOP + plot_height / 2) text-anchor="middle"
                        font-size="16" fill="#4a5561" { "Inga genomförda aktiviteter detta år" }
                }
                text x=(LEFT + plot_width / 2) y=(HEIGHT - 12) text-anchor="middle" font-size="14"
                    fill="#1b1f24" { "Månad då aktiviteten började, " (counts.year) }
                text x="14" y=(TOP + plot_height / 2) text-anchor="middle" font-size="14" fill="#1b1f24"
                    transform=(format!("rotate(-90 14 {})", TOP + plot_height / 2)) {
                    "Antal genomförda aktiviteter"
                }
            }
            (rows::rows(counts, &title, &description))
            }
            @if !kinds.is_empty() {
                ul.legend aria-hidden="true" {
                    @for (index, (kind, _)) in kinds.iter().enumerate() {
                        li {
                            svg viewBox="0 0 10 10" {
                                rect width="10" height="10" fill=(colour(index)) {}
                            }
                            (words::kind_title(kind))
                        }
                    }
                }
            }
            figcaption {
                "Genomförda aktiviteter per månad, efter slag. En aktivitet som pågått under flera "
                "månader räknas i den månad den började; en som bara är daterad till året står "
                "för sig, under året, och räknas inte i någon månad."
            }
            (table(counts, &kinds))
        }
    }
}

/// A month's non-empty segments, bottom up: (legend index, kind, count,
/// count below it).
fn segments<'a>(
    kinds: &[(&'a str, &[u32; SLOTS])],
    month: usize,
) -> Vec<(usize, &'a str, u32, u32)> {
    let mut below = 0;
    let mut segments = Vec::new();
    for (index, (kind, months)) in kinds.iter().enumerate() {
        let n = months[month];
        if n > 0 {
            segments.push((index, *kind, n, below));
            below += n;
        }
    }
    segments
}

/// A slot's label under its bar: the month's first three letters, or "året".
fn slot_label(slot: usize) -> &'static str {
    match MONTHS.get(slot) {
        Some(month) => &month[..3],
        None => "året",
    }
}

fn colour(index: usize) -> &'static str {
    PALETTE[index % PALETTE.len()]
}

/// Coordinates with at most one decimal.
fn fmt(value: f64) -> String {
    let rounded = (value * 10.0).round() / 10.0;
    if rounded.fract() == 0.0 {
        format!("{rounded:.0}")
    } else {
        format!("{rounded:.1}")
    }
}

/// What the chart shows, in words: the months that had any, busiest first.
fn description(counts: &MonthlyCounts, kinds: &[(&str, &[u32; SLOTS])]) -> String {
    if counts.total() == 0 {
        return format!("Inga genomförda aktiviteter {}.", counts.year);
    }
    let months: Vec<String> = (0..SLOTS)
        .filter(|&m| counts.month_total(m) > 0)
        .map(|m| {
            let parts: Vec<String> = kinds
                .iter()
                .filter(|(_, months)| months[m] > 0)
                .map(|(kind, months)| counts.count_of(kind, months[m]))
                .collect();
            format!("{}: {}", slot_name(m), parts.join(", "))
        })
        .collect();
    let total = match counts.total() {
        1 => "1 genomförd aktivitet".to_owned(),
        n => format!("{n} genomförda aktiviteter"),
    };
    format!("{total} {}. {}.", counts.year, months.join("; "))
}

fn table(counts: &MonthlyCounts, kinds: &[(&str, &[u32; SLOTS])]) -> Markup {
    // The wrapper hides it: a table itself ignores `overflow`, and would
    // widen the page.
    html! {
        div.visually-hidden { table {
            caption { "Genomförda aktiviteter per månad och slag " (counts.year) }
            thead {
                tr {
                    th scope="col" { "Månad" }
                    @for (kind, _) in kinds { th scope="col" { (words::kind_title(kind)) } }
                    th scope="col" { "Totalt" }
                }
            }
            tbody {
                @for month in 0..SLOTS {
                    tr {
                        th scope="row" { (words::capitalised(slot_name(month))) }
                        @for (_, months) in kinds { td { (months[month]) } }
                        td { (counts.month_total(month)) }
                    }
                }
            }
        } }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use trygglogg_projections::follow_up::{Dates, FactTotals};
    use uuid::Uuid;

    fn activity(kind: &str, from: &str, status: ActivityStatus) -> ActivityLine {
        let from = from.parse().unwrap();
        ActivityLine {
            id: Uuid::nil(),
            status,
            kind: kind.into(),
            // As the follow-up gives it: a known kind's Swedish name.
            kind_label: trygglogg_events::kind_label(kind).unwrap_or(kind).into(),
            kind_plural: None,
            title: None,
            dates: Dates::day(from),
            places: vec![],
            responsible: vec![],
            summary: None,
            facts: FactTotals::default(),
            categories: Default::default(),
            hours: None,
            cost_sek: None,
            cancel_reason: None,
            continues: false,
            expected_length: None,
            note: None,
            recorded_by: None,
        }
    }

    /// A custom kind is drawn by its own label, with å, ä and ö, never its
    /// ASCII key.
    #[test]
    fn a_custom_kind_is_named_by_its_label() {
        let mut boats = activity("batsamverkan", "2019-06-01", ActivityStatus::Completed);
        boats.kind_label = "Båtsamverkan".into();
        let svg = chart(&MonthlyCounts::of(2019, [&boats])).into_string();
        assert!(
            svg.contains("1 genomförd aktivitet 2019. juni: 1 Båtsamverkan."),
            "{svg}"
        );
        assert!(!svg.contains("batsamverkan"), "{svg}");
    }

    /// Two of a custom kind: in its own plural where its activities give
    /// one, else its count in brackets, never an invented plural.
    #[test]
    fn two_of_a_custom_kind_read_in_its_plural_or_with_the_count_after() {
        let mut boats = activity("batsamverkan", "2019-06-01", ActivityStatus::Completed);
        boats.kind_label = "Båtsamverkan".into();
        let svg = chart(&MonthlyCounts::of(2019, [&boats, &boats])).into_string();
        assert!(svg.contains("juni: Båtsamverkan (2).</desc>"), "{svg}");
        assert!(
            svg.contains("<title>juni: Båtsamverkan (2)</title>"),
            "{svg}"
        );
        let mut insats = activity("riktad_insats", "2019-06-01", ActivityStatus::Completed);
        insats.kind_label = "Riktad trafikinsats".into();
        insats.kind_plural = Some("riktade trafikinsatser".into());
        let svg = chart(&MonthlyCounts::of(2019, [&insats, &insats])).into_string();
        assert!(
            svg.contains("juni: 2 riktade trafikinsatser.</desc>"),
            "{svg}"
        );
        assert!(!svg.contains("(2)"), "{svg}");
    }

    fn counts() -> MonthlyCounts {
        let activities = [
            activity("traffic_control", "2017-01-10", ActivityStatus::Completed),
            activity("traffic_control", "2017-01-20", ActivityStatus::Completed),
            activity("serious_talk", "2017-01-05", ActivityStatus::Completed),
            activity("test_purchase", "2017-07-01", ActivityStatus::Completed),
            activity("night_walk", "2017-11-03", ActivityStatus::Completed),
            activity("traffic_control", "2017-03-01", ActivityStatus::Planned),
            activity("traffic_control", "2017-04-01", ActivityStatus::Cancelled),
            activity("traffic_control", "2016-12-31", ActivityStatus::Completed),
        ];
        MonthlyCounts::of(2017, &activities)
    }

    #[test]
    fn counts_completed_activities_of_the_year_by_start_month_and_kind() {
        let counts = counts();
        assert_eq!(counts.total(), 5);
        assert_eq!(counts.by_kind["traffic_control"][0], 2);
        assert_eq!(counts.by_kind["serious_talk"][0], 1);
        assert_eq!(counts.by_kind["test_purchase"][6], 1);
        assert_eq!(counts.by_kind["night_walk"][10], 1);
        assert_eq!(counts.by_kind.len(), 4);
    }

    #[test]
    fn work_dated_only_to_the_year_is_drawn_apart_not_in_january() {
        let mut whole_year = activity("traffic_control", "2017-01-01", ActivityStatus::Completed);
        whole_year.dates = Dates {
            from: "2017-01-01".parse().unwrap(),
            to: "2017-12-31".parse().unwrap(),
            precision: Precision::Year,
        };
        let mut march = activity("traffic_control", "2017-03-01", ActivityStatus::Completed);
        march.dates = Dates {
            precision: Precision::Month,
            to: "2017-03-31".parse().unwrap(),
            ..march.dates
        };
        let counts = MonthlyCounts::of(2017, &[whole_year, march]);
        let slots = counts.by_kind["traffic_control"];
        assert_eq!(slots[0], 0, "not in January");
        assert_eq!(slots[2], 1, "March");
        assert_eq!(slots[DURING_THE_YEAR], 1, "under året");
        let svg = chart(&counts).into_string();
        assert!(
            svg.contains("<title>under året: 1 trafikkontroll</title>"),
            "{svg}"
        );
        assert!(svg.contains(">året</text>"));
        assert!(svg.contains("<th scope=\"row\">Under året</th>"));
        assert!(svg.contains("mars: 1 trafikkontroll; under året: 1 trafikkontroll."));
    }

    /// WCAG 2 contrast ratio of an `#RRGGBB` colour against white.
    fn contrast_on_white(colour: &str) -> f64 {
        let channel = |i: usize| {
            let c = u8::from_str_radix(&colour[i..i + 2], 16).unwrap() as f64 / 255.0;
            if c <= 0.03928 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        let luminance = 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
        1.05 / (luminance + 0.05)
    }

    /// Every bar colour up to the tenth kind stands out from the white page
    /// at 3:1 or more (the old orange and sky blue were about 2.3:1).
    #[test]
    fn bar_colours_reach_three_to_one_on_white() {
        assert!((contrast_on_white("#E69F00") - 2.25).abs() < 0.01);
        assert!((contrast_on_white("#000000") - 21.0).abs() < 0.01);
        for colour in &PALETTE[..10] {
            let ratio = contrast_on_white(colour);
            assert!(ratio >= 3.0, "{colour}: {ratio:.2}:1");
        }
    }

    #[test]
    fn gridlines_are_round_numbers() {
        assert_eq!(step(1), 1);
        assert_eq!(step(5), 1);
        assert_eq!(step(6), 2);
        assert_eq!(step(9), 2);
        assert_eq!(step(11), 5);
        assert_eq!(step(60), 20);
        assert_eq!(step(1000), 200);
    }

    #[test]
    fn the_svg_is_an_accessible_image_with_a_bar_per_kind_and_month() {
        let svg = chart(&counts()).into_string();
        assert!(svg.contains(r#"role="img""#));
        assert!(svg.contains(
            r#"<title id="chart-title-2017">Genomförda aktiviteter per månad och slag 2017</title>"#
        ));
        assert!(svg.contains("<desc id=\"chart-desc-2017\">5 genomförda aktiviteter 2017. januari: 1 allvarssamtal, 2 trafikkontroller; juli: 1 kontrollköp; november: 1 night walk.</desc>"));
        // Four non-empty segments: January has two kinds, July one, November
        // one; in the columns, and again in the phone's rows.
        let (columns, rows) = svg
            .split_once("<svg class=\"rows\"")
            .expect("both renderings");
        assert_eq!(columns.matches("<rect x=").count(), 4);
        assert_eq!(rows.matches("<rect x=").count(), 4);
        assert!(svg.contains("<title>januari: 2 trafikkontroller</title>"));
        for month in ["jan", "feb", "dec"] {
            assert!(svg.contains(&format!(">{month}</text>")), "{month}");
        }
        assert!(svg.contains("Antal genomförda aktiviteter"));
        // The legend, and the table for screen readers.
        assert!(svg.contains("Trafikkontroll</li>"));
        assert!(svg.contains("<caption>Genomförda aktiviteter per månad och slag 2017</caption>"));
        // SVG elements are closed, never left open as HTML void elements.
        assert_eq!(svg.matches("<rect").count(), svg.matches("</rect>").count());
        assert!(!svg.contains("<script"));
    }

    #[test]
    fn an_empty_year_still_draws_axes_and_says_so() {
        let svg = chart(&MonthlyCounts {
            year: 2019,
            ..MonthlyCounts::default()
        })
        .into_string();
        assert!(svg.contains("Inga genomförda aktiviteter detta år"));
        assert!(
            svg.contains("<desc id=\"chart-desc-2019\">Inga genomförda aktiviteter 2019.</desc>")
        );
        assert!(!svg.contains("class=\"legend\""));
    }

    #[test]
    fn bars_stack_to_the_month_total() {
        let svg = chart(&counts()).into_string();
        // January's two segments (1 + 2, the busiest month) reach from the
        // axis (y = 244) to the top gridline (y = 16).
        assert!(svg.contains(r#"y="16" width="#));
        assert!(svg.contains(r##"line x1="56" x2="588" y1="244" y2="244" stroke="#1b1f24""##));
    }
}
