//! Progress bars on a terminal, silence elsewhere (pipes, CI, cron).

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressStyle};

/// A bar counting events up to `total`, or a counter when the total is unknown.
pub fn events(total: Option<u64>, message: &'static str) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let (bar, template) = match total {
        Some(total) => (
            ProgressBar::new(total),
            "{msg} [{bar:40}] {pos}/{len} events ({per_sec}, {eta})",
        ),
        None => (ProgressBar::no_length(), "{msg} {pos} events ({per_sec})"),
    };
    let style = ProgressStyle::with_template(template)
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .progress_chars("=> ");
    bar.set_style(style);
    bar.set_message(message);
    bar
}
