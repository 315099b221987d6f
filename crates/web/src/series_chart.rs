//! An indicator's series as a small line chart: the baseline, each
//! measurement, and the target as a dashed line; SVG drawn on the server (no
//! JavaScript), labelled for screen readers, with the same numbers in the
//! table beside it. Pure: a series in, markup out.

use maud::{html, Markup};
use trygglogg_projections::follow_up::IndicatorSeries;

use crate::words;

const WIDTH: f64 = 360.0;
const HEIGHT: f64 = 180.0;
const LEFT: f64 = 48.0;
const RIGHT: f64 = 16.0;
const TOP: f64 = 14.0;
const BOTTOM: f64 = 34.0;

/// (label, value) of the baseline and each measurement, in order.
fn points(series: &IndicatorSeries) -> Vec<(String, f64)> {
    let definition = &series.definition;
    std::iter::once((definition.baseline_year.to_string(), definition.baseline))
        .chain(
            series
                .points
                .iter()
                .map(|p| (p.period.year().to_string(), p.value)),
        )
        .collect()
}

/// Coordinates with at most one decimal.
fn fmt(value: f64) -> String {
    format!("{:.1}", (value * 10.0).round() / 10.0)
}

pub(crate) fn series_chart(series: &IndicatorSeries, id: &str) -> Markup {
    let definition = &series.definition;
    let points = points(series);
    let values = points.iter().map(|(_, v)| *v).chain(definition.target);
    let (low, high) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
        (lo.min(v), hi.max(v))
    });
    // Some room above and below, and a span even for a flat series.
    let pad = ((high - low) * 0.15).max(1.0);
    let (low, high) = (low - pad, high + pad);
    let plot_width = WIDTH - LEFT - RIGHT;
    let plot_height = HEIGHT - TOP - BOTTOM;
    let x = |i: usize| {
        let n = points.len().max(2) - 1;
        LEFT + plot_width * i as f64 / n as f64
    };
    let y = |v: f64| TOP + plot_height * (1.0 - (v - low) / (high - low));
    let path: Vec<String> = points
        .iter()
        .enumerate()
        .map(|(i, (_, v))| format!("{},{}", fmt(x(i)), fmt(y(*v))))
        .collect();
    let description: Vec<String> = points
        .iter()
        .map(|(label, v)| format!("{label}: {}", words::number(*v)))
        .collect();
    html! {
        div.plot.small {
            svg xmlns="http://www.w3.org/2000/svg" viewBox=(format!("0 0 {WIDTH} {HEIGHT}"))
                role="img" aria-labelledby=(format!("{id}-title {id}-desc")) {
                title id=(format!("{id}-title")) { (definition.name) " (" (definition.unit) ")" }
                desc id=(format!("{id}-desc")) {
                    "Utgångsvärde och mätningar: " (description.join("; "))
                    ". " (words::target_value(definition)) "."
                }
                line x1=(fmt(LEFT)) x2=(fmt(WIDTH - RIGHT)) y1=(fmt(HEIGHT - BOTTOM))
                    y2=(fmt(HEIGHT - BOTTOM)) stroke="#1b1f24" stroke-width="1" {}
                @if let Some(target) = definition.target {
                    line x1=(fmt(LEFT)) x2=(fmt(WIDTH - RIGHT)) y1=(fmt(y(target)))
                        y2=(fmt(y(target))) stroke="#1d6b35" stroke-width="1.5"
                        stroke-dasharray="6 4" {}
                    text x=(fmt(LEFT - 6.0)) y=(fmt(y(target) + 4.0)) text-anchor="end"
                        font-size="12" fill="#1d6b35" { "mål" }
                }
                polyline points=(path.join(" ")) fill="none" stroke="#0072B2" stroke-width="2" {}
                @for (i, (label, value)) in points.iter().enumerate() {
                    circle cx=(fmt(x(i))) cy=(fmt(y(*value))) r="4" fill="#0072B2" {
                        title { (label) ": " (words::number(*value)) " " (definition.unit) }
                    }
                    text x=(fmt(x(i))) y=(fmt(HEIGHT - BOTTOM + 18.0)) text-anchor="middle"
                        font-size="12" fill="#1b1f24" { (label) }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use trygglogg_events::Precision;
    use trygglogg_projections::follow_up::{Dates, Direction, IndicatorDefinition, SeriesPoint};

    fn series(values: &[(i32, f64)]) -> IndicatorSeries {
        IndicatorSeries {
            definition: IndicatorDefinition {
                key: "trygg".into(),
                name: "Andel trygga".into(),
                unit: "procent".into(),
                source: "Polisens trygghetsmätning".into(),
                focus_area: "centrum".into(),
                commitment: None,
                baseline_year: 2016,
                baseline: 60.0,
                target: Some(75.0),
                direction: Direction::HigherIsBetter,
                description: None,
            },
            points: values
                .iter()
                .map(|&(year, value)| SeriesPoint {
                    period: Dates {
                        from: NaiveDate::from_ymd_opt(year, 1, 1).unwrap(),
                        to: NaiveDate::from_ymd_opt(year, 12, 31).unwrap(),
                        precision: Precision::Year,
                    },
                    value,
                    change_from_baseline: value - 60.0,
                    right_way: value > 60.0,
                    reaches_target: Some(value >= 75.0),
                })
                .collect(),
        }
    }

    #[test]
    fn draws_the_baseline_every_measurement_and_the_target() {
        let svg = series_chart(&series(&[(2017, 62.5), (2018, 70.0)]), "i-trygg").into_string();
        assert_eq!(svg.matches("<circle").count(), 3, "baseline and two points");
        assert!(svg.contains("stroke-dasharray"), "the target line");
        assert!(svg.contains("2016: 60; 2017: 62,5; 2018: 70"), "{svg}");
        assert!(svg.contains(r#"role="img""#));
        assert!(!svg.contains("<script"));
    }

    #[test]
    fn a_series_of_the_baseline_alone_is_still_drawn() {
        let svg = series_chart(&series(&[]), "i-trygg").into_string();
        assert_eq!(svg.matches("<circle").count(), 1);
        assert!(!svg.contains("NaN"));
    }

    /// A published series may state no target value: no target line, and
    /// the description says so.
    #[test]
    fn a_series_without_a_target_value_draws_no_target_line() {
        let mut without = series(&[(2017, 62.5)]);
        without.definition.target = None;
        let svg = series_chart(&without, "i-trygg").into_string();
        assert!(!svg.contains("stroke-dasharray"), "{svg}");
        assert!(!svg.contains(">mål<"), "{svg}");
        assert!(
            svg.contains("2016: 60; 2017: 62,5. Inget målvärde angivet."),
            "{svg}"
        );
        assert!(!svg.contains("NaN"));
    }
}
