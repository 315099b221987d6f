//! `GET /agreements/{id}/follow-up/{year}.excel.csv` (and `…/t2.excel.csv`,
//! `…/period.excel.csv`): the follow-up as Excel with Swedish settings opens
//! it with a double-click, beside the plain CSV that stays as it is for
//! machines. UTF-8 with a byte-order mark (without one Excel reads å, ä and ö
//! as Windows-1252), `;` between cells (Swedish Excel's list separator, as `,`
//! is its decimal sign) and numbers with a decimal comma.
//!
//! One file, two sections on its one sheet: "Mål och utfall", one row per
//! commitment, first, so a year without activities still gives its targets;
//! then "Aktiviteter", one row per activity, each counted fact in a numeric
//! column of its own. One file rather than two, because a coordinator gets
//! the whole follow-up from one link and one double-click, and the targets sit
//! above the work that answers them; a CSV holds one sheet only, so two tables
//! in one file means two sections. Text cells keep the CSV's formula guard.

use std::collections::BTreeMap;

use trygglogg_projections::follow_up::{CommitmentFollowUp, FactTotal, FollowUp, Outcome, Target};

use axum::response::Response;

use crate::csv::{
    activity_cells, attachment, commitment_cells, every_activity, inert, ACTIVITY_HEADER,
    COMMITMENT_HEADER,
};
use crate::{words, PageError};

/// The byte-order mark that tells Excel the file is UTF-8.
const BOM: &str = "\u{feff}";

/// The section of targets and outcomes: its title, then its header.
pub(crate) const TARGETS_TITLE: &str = "Mål och utfall";
/// The section of activities: its title, then its header.
pub(crate) const ACTIVITIES_TITLE: &str = "Aktiviteter";

/// The numeric columns of a commitment's row, after its text ones.
const COMMITMENT_NUMBERS: [&str; 8] = [
    "målvärde",
    "utfallsvärde",
    "genomförda",
    "påbörjade",
    "planerade",
    "inställda",
    "timmar",
    "kostnad_sek",
];

/// A count as Excel reads a number.
fn count(n: impl Into<u64>) -> String {
    n.into().to_string()
}

/// The commitment's target as a number: the tertial's share in a tertial, an
/// indicator's target value; none for continuous work or a one-off.
fn target_number(view: &FollowUp, c: &CommitmentFollowUp) -> String {
    match c.scope_target.as_ref().unwrap_or(&c.target) {
        Target::PerYear(n) | Target::FactSum { at_least: n, .. } => count(*n),
        Target::Indicator(key) => view
            .indicator_series
            .iter()
            .find(|s| s.definition.key == *key)
            .and_then(|s| s.definition.target)
            .map(words::number)
            .unwrap_or_default(),
        Target::Continuous | Target::Once => String::new(),
    }
}

/// The outcome as a number, in the target's terms; a sum that holds an "at
/// least" is its lower bound, as the `utfall` column says in words.
fn outcome_number(outcome: &Outcome) -> String {
    match outcome {
        Outcome::Activities { completed } => count(*completed),
        Outcome::FactSum { total, .. } => fact_number(total),
        Outcome::Indicator { value, .. } => value.map(words::number).unwrap_or_default(),
    }
}

/// A fact's number; empty where the source said only "several" (a number
/// invented there would falsify the follow-up; the `fakta` column says it).
fn fact_number(total: &FactTotal) -> String {
    if total.sum == 0 && total.at_least == 0 && total.several > 0 {
        String::new()
    } else {
        count(total.sum)
    }
}

fn commitment_row(view: &FollowUp, focus: &str, c: &CommitmentFollowUp) -> Vec<String> {
    let [target, outcome, rest @ ..] = commitment_cells(view, Some(c));
    let progress = &c.progress;
    let texts = [focus.to_owned(), c.title.clone(), target, outcome]
        .into_iter()
        .chain(rest)
        .map(|cell| inert(&cell).into_owned());
    let numbers = [
        target_number(view, c),
        outcome_number(&c.outcome),
        count(progress.counts.completed),
        count(progress.counts.started),
        count(progress.counts.planned),
        count(progress.counts.cancelled),
        progress.hours.map(count).unwrap_or_default(),
        progress.cost_sek.map(count).unwrap_or_default(),
    ];
    texts.chain(numbers).collect()
}

/// A writer after `bytes`: `;` between cells, CRLF after rows, and rows of
/// more than one width (a section's title is one cell).
fn excel_writer(bytes: Vec<u8>) -> csv::Writer<Vec<u8>> {
    csv::WriterBuilder::new()
        .delimiter(b';')
        .terminator(csv::Terminator::CRLF)
        .flexible(true)
        .from_writer(bytes)
}

/// The Excel CSV's bytes: the BOM, then both sections.
pub(crate) fn render(view: &FollowUp) -> Result<Vec<u8>, csv::Error> {
    let mut writer = excel_writer(BOM.as_bytes().to_vec());

    writer.write_record([TARGETS_TITLE])?;
    let [target, outcome, rest @ ..] = COMMITMENT_HEADER;
    writer.write_record(
        ["fokusområde", "löfte", target, outcome]
            .into_iter()
            .chain(rest)
            .chain(COMMITMENT_NUMBERS),
    )?;
    for focus in &view.focus_areas {
        for c in &focus.commitments {
            writer.write_record(commitment_row(view, &focus.name, c))?;
        }
    }

    // A blank line between the sections, which Excel shows as an empty row.
    let mut bytes = writer.into_inner().map_err(|e| e.into_error())?;
    bytes.extend_from_slice(b"\r\n");
    let mut writer = excel_writer(bytes);

    let activities = every_activity(view);
    // Every fact any activity counts, by its key, under its Swedish label.
    let facts: BTreeMap<&str, &str> = activities
        .iter()
        .flat_map(|placed| &placed.activity.facts.0)
        .map(|(key, total)| {
            let label = if total.label.is_empty() {
                key.as_str()
            } else {
                total.label.as_str()
            };
            (key.as_str(), label)
        })
        .collect();
    writer.write_record([ACTIVITIES_TITLE])?;
    writer.write_record(ACTIVITY_HEADER.into_iter().chain(facts.values().copied()))?;
    for placed in &activities {
        let texts = activity_cells(placed).map(|cell| inert(&cell).into_owned());
        let numbers = facts.keys().map(|key| {
            placed
                .activity
                .facts
                .0
                .get(*key)
                .map(fact_number)
                .unwrap_or_default()
        });
        writer.write_record(texts.into_iter().chain(numbers))?;
    }
    writer.into_inner().map_err(|e| e.into_error().into())
}

pub(crate) fn response(view: &FollowUp) -> Result<Response, PageError> {
    let bytes = render(view).map_err(|e| PageError::fault(format!("the Excel CSV: {e}")))?;
    Ok(attachment(view, "excel.csv", bytes))
}
