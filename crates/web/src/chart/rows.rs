//! The same chart for a phone: the bars lie down, one row per month from
//! the top of the page, and "under året" last, so that the thirteen fit a
//! narrow screen with their labels at a readable size instead of scrolling
//! sideways. The page shows one of the two by its width (CSS, no
//! JavaScript); the numbers, colours and words are the same.

use maud::{html, Markup};

use super::{colour, fmt, segments, slot_label, slot_name, step, MonthlyCounts, SLOTS};

/// Drawn about as wide as a phone's text column (366 px at 390), so that a
/// unit here is about a pixel there and 13 stays 13.
const WIDTH: u32 = 340;
const LEFT: u32 = 40;
const RIGHT: u32 = 14;
/// The scale's values above the rows.
const TOP: u32 = 22;
const ROW: u32 = 22;
/// The axis' caption below the rows.
const BOTTOM: u32 = 34;
const HEIGHT: u32 = TOP + ROW * SLOTS as u32 + BOTTOM;
const FONT: &str = "13";

/// The phone's rendering of `counts`; its title and description are the
/// wide one's, under ids of its own.
pub(super) fn rows(counts: &MonthlyCounts, title: &str, description: &str) -> Markup {
    let kinds = counts.kinds();
    let max = (0..SLOTS).map(|m| counts.month_total(m)).max().unwrap_or(0);
    let step = step(max.max(1));
    let top = max.max(1).div_ceil(step) * step;
    let plot_width = (WIDTH - LEFT - RIGHT) as f64;
    let x = |value: u32| LEFT as f64 + plot_width * value as f64 / top as f64;
    let bar = ROW as f64 * 0.64;
    let (title_id, desc_id) = (
        format!("chart-rows-title-{}", counts.year),
        format!("chart-rows-desc-{}", counts.year),
    );
    let bottom = TOP + ROW * SLOTS as u32;
    html! {
        svg.rows xmlns="http://www.w3.org/2000/svg" viewBox=(format!("0 0 {WIDTH} {HEIGHT}"))
            role="img" aria-labelledby=(format!("{title_id} {desc_id}")) {
            title id=(title_id) { (title) }
            desc id=(desc_id) { (description) }
            // Gridlines down the rows, their values above them.
            @for value in (0..=top).step_by(step as usize) {
                line x1=(fmt(x(value))) x2=(fmt(x(value))) y1=(TOP) y2=(bottom)
                    stroke=(if value == 0 { "#1b1f24" } else { "#d7dee5" }) stroke-width="1" {}
                text x=(fmt(x(value))) y=(TOP - 7) text-anchor="middle" font-size=(FONT)
                    fill="#1b1f24" { (value) }
            }
            @for month in 0..SLOTS {
                @let y = (TOP + ROW * month as u32) as f64 + (ROW as f64 - bar) / 2.0;
                text x=(LEFT - 6) y=(fmt(y + bar / 2.0 + 4.5)) text-anchor="end" font-size=(FONT)
                    fill="#1b1f24" { (slot_label(month)) }
                @for (index, kind, n, below) in segments(&kinds, month) {
                    rect x=(fmt(x(below))) y=(fmt(y)) width=(fmt(x(below + n) - x(below)))
                        height=(fmt(bar)) fill=(colour(index)) {
                        title { (slot_name(month)) ": " (counts.count_of(kind, n)) }
                    }
                }
            }
            @if counts.total() == 0 {
                text x=(LEFT + (WIDTH - LEFT - RIGHT) / 2) y=(TOP + ROW * 6) text-anchor="middle"
                    font-size="14" fill="#4a5561" { "Inga genomförda aktiviteter detta år" }
            }
            text x=(WIDTH / 2) y=(HEIGHT - 12) text-anchor="middle" font-size=(FONT) fill="#1b1f24" {
                "Antal per månad då aktiviteten började, " (counts.year)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn counts() -> MonthlyCounts {
        let mut by_kind = BTreeMap::new();
        let mut traffic = [0; SLOTS];
        traffic[0] = 2;
        traffic[super::super::DURING_THE_YEAR] = 1;
        let mut talks = [0; SLOTS];
        talks[0] = 1;
        by_kind.insert("traffic_control".to_owned(), traffic);
        by_kind.insert("serious_talk".to_owned(), talks);
        MonthlyCounts {
            year: 2017,
            by_kind,
            ..MonthlyCounts::default()
        }
    }

    /// Thirteen rows, one per month and "året" last, each bar as long as its
    /// month's total: January's 1 + 2 reach the scale's top at 3.
    #[test]
    fn a_row_per_month_and_one_for_the_year_with_bars_to_scale() {
        let svg = rows(&counts(), "T", "D").into_string();
        let labels: Vec<&str> = svg
            .split("text-anchor=\"end\" font-size=\"13\" fill=\"#1b1f24\">")
            .skip(1)
            .map(|rest| &rest[..rest.find('<').unwrap()])
            .collect();
        assert_eq!(labels.len(), SLOTS, "{svg}");
        assert_eq!(labels[0], "jan");
        assert_eq!(labels[11], "dec");
        assert_eq!(labels[12], "året");
        // January: 1 talk, then 2 controls, from the axis (x = 40) to the
        // scale's top at 3 (x = 326), a third and two thirds of the way.
        assert!(svg.contains(r#"<rect x="40" y="26" width="95.3""#), "{svg}");
        assert!(
            svg.contains(r#"<rect x="135.3" y="26" width="190.7""#),
            "{svg}"
        );
        assert!(
            svg.contains("<title>januari: 2 trafikkontroller</title>"),
            "{svg}"
        );
        assert!(
            svg.contains("<title>under året: 1 trafikkontroll</title>"),
            "{svg}"
        );
        let right_end = fmt(LEFT as f64 + (WIDTH - LEFT - RIGHT) as f64);
        assert!(
            svg.contains(&format!(r#"x1="{right_end}" x2="{right_end}""#)),
            "the top gridline at 3: {svg}"
        );
        assert_eq!(svg.matches("<rect").count(), 3);
        assert!(svg.contains(r#"<title id="chart-rows-title-2017">T</title>"#));
        assert!(svg.contains(r#"<desc id="chart-rows-desc-2017">D</desc>"#));
    }

    /// Every text is drawn at 13 units or more in a box about as wide as a
    /// phone's column, so it stays legible (at 390 px, about 14 px; the
    /// browser test `phone_chart` measures it).
    #[test]
    fn its_text_stays_legible_at_phone_width() {
        let svg = rows(&counts(), "T", "D").into_string();
        for size in svg.split("font-size=\"").skip(1) {
            let size: u32 = size[..size.find('"').unwrap()].parse().unwrap();
            assert!(size >= 13, "{size}");
        }
    }
}
