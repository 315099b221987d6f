//! Progress bars on a terminal, silence elsewhere (pipes, CI, cron).

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressState, ProgressStyle};

/// A bar counting events up to `total`, or a counter when the total is unknown.
pub fn events(total: Option<u64>, message: &'static str) -> ProgressBar {
    counter(total, message, "events")
}

/// A bar counting the lines of a file up to `total` (an import's line may
/// hold several events, or none new).
pub fn lines(total: u64, message: &'static str) -> ProgressBar {
    counter(Some(total), message, "lines")
}

fn counter(total: Option<u64>, message: &'static str, unit: &'static str) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let (bar, template) = match total {
        Some(total) => (
            ProgressBar::new(total),
            format!("{{msg}} [{{bar:40}}] {{pos}}/{{len}} {unit} ({{rate}}, {{eta}})"),
        ),
        None => (
            ProgressBar::no_length(),
            format!("{{msg}} {{pos}} {unit} ({{rate}})"),
        ),
    };
    let style = ProgressStyle::with_template(&template)
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .with_key(
            "rate",
            move |state: &ProgressState, out: &mut dyn std::fmt::Write| {
                let _ = out.write_str(&rate(state.per_sec(), unit));
            },
        )
        .progress_chars("=> ");
    bar.set_style(style);
    bar.set_message(message);
    bar
}

/// Whole units a second, with a thin space between thousands: indicatif's own
/// `{per_sec}` shows "1,880.0710/s", four decimals nobody reads.
fn rate(per_sec: f64, unit: &str) -> String {
    let whole = if per_sec.is_finite() && per_sec > 0.0 {
        per_sec.round() as u64
    } else {
        0
    };
    let digits = whole.to_string();
    let mut grouped = String::new();
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push('\u{2009}');
        }
        grouped.push(digit);
    }
    format!("{grouped} {unit}/s")
}

#[cfg(test)]
mod tests {
    use super::rate;

    #[test]
    fn the_rate_is_whole_units_a_second() {
        // (per second, shown)
        let cases = [
            (1880.071, "1\u{2009}880 events/s"),
            (0.4, "0 events/s"),
            (0.6, "1 events/s"),
            (999.5, "1\u{2009}000 events/s"),
            (12.0, "12 events/s"),
            (1_234_567.0, "1\u{2009}234\u{2009}567 events/s"),
            (f64::NAN, "0 events/s"),
            (f64::INFINITY, "0 events/s"),
            (-3.0, "0 events/s"),
        ];
        for (per_sec, shown) in cases {
            assert_eq!(rate(per_sec, "events"), shown, "{per_sec}");
        }
    }
}
