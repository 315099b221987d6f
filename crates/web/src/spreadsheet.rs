//! The follow-up as a spreadsheet holds it, for the Excel CSV
//! ([`crate::excel_csv`]) and the workbook ([`crate::xlsx`]) alike: three
//! tables, "Mål och utfall" (one row per commitment, so a year without
//! activities still gives its targets), "Aktiviteter" (one row per
//! activity, each counted fact in a numeric column of its own) and
//! "Underlag" (what it was built from: the log position, the chain hash and
//! the signed checkpoint, so a saved file can be checked later). Numbers are
//! numbers here; each file writes them its own way.

use std::collections::BTreeMap;

use trygglogg_projections::follow_up::{CommitmentFollowUp, FactTotal, FollowUp, Outcome, Target};

use crate::about_checkpoint::ABOUT_CHECKPOINT_PATH;
use crate::csv::{
    activity_cells, commitment_cells, every_activity, ACTIVITY_HEADER, COMMITMENT_HEADER,
};
use crate::words;

/// The table of targets and outcomes, by its title.
pub(crate) const TARGETS_TITLE: &str = "Mål och utfall";
/// The table of activities, by its title.
pub(crate) const ACTIVITIES_TITLE: &str = "Aktiviteter";
/// The table of what the follow-up was built from, by its title.
pub(crate) const SOURCE_TITLE: &str = "Underlag";

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

/// One cell: text as written, a number, or nothing.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Cell {
    Text(String),
    Number(f64),
    Empty,
}

impl Cell {
    fn count(n: impl Into<u64>) -> Cell {
        // Counts, hours and kronor are far below 2^53, so exact as f64.
        Cell::Number(n.into() as f64)
    }

    fn maybe(value: Option<f64>) -> Cell {
        value.map_or(Cell::Empty, Cell::Number)
    }
}

/// A titled table: its header, then its rows.
pub(crate) struct Table {
    pub title: &'static str,
    pub header: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

/// The commitment's target as a number: the tertial's share in a tertial, an
/// indicator's target value; none for continuous work or a one-off.
fn target_number(view: &FollowUp, c: &CommitmentFollowUp) -> Cell {
    match c.scope_target.as_ref().unwrap_or(&c.target) {
        Target::PerYear(n) | Target::FactSum { at_least: n, .. } => Cell::count(*n),
        Target::Indicator(key) => Cell::maybe(
            view.indicator_series
                .iter()
                .find(|s| s.definition.key == *key)
                .and_then(|s| s.definition.target),
        ),
        Target::Continuous | Target::Once => Cell::Empty,
    }
}

/// The outcome as a number, in the target's terms; a sum that holds an "at
/// least" is its lower bound, as the `utfall` column says in words.
fn outcome_number(outcome: &Outcome) -> Cell {
    match outcome {
        Outcome::Activities { completed } => Cell::count(*completed),
        Outcome::FactSum { total, .. } => fact_number(total),
        Outcome::Indicator { value, .. } => Cell::maybe(*value),
    }
}

/// A fact's number; none where the source said only "several" (a number
/// invented there would falsify the follow-up; the `fakta` column says it).
fn fact_number(total: &FactTotal) -> Cell {
    if total.sum == 0 && total.at_least == 0 && total.several > 0 {
        Cell::Empty
    } else {
        Cell::count(total.sum)
    }
}

fn text(cell: String) -> Cell {
    if cell.is_empty() {
        Cell::Empty
    } else {
        Cell::Text(cell)
    }
}

fn commitment_row(view: &FollowUp, focus: &str, c: &CommitmentFollowUp) -> Vec<Cell> {
    let [target, outcome, rest @ ..] = commitment_cells(view, Some(c));
    let progress = &c.progress;
    let texts = [focus.to_owned(), c.title.clone(), target, outcome]
        .into_iter()
        .chain(rest)
        .map(text);
    let numbers = [
        target_number(view, c),
        outcome_number(&c.outcome),
        Cell::count(progress.counts.completed),
        Cell::count(progress.counts.started),
        Cell::count(progress.counts.planned),
        Cell::count(progress.counts.cancelled),
        progress.hours.map_or(Cell::Empty, Cell::count),
        progress.cost_sek.map_or(Cell::Empty, Cell::count),
    ];
    texts.chain(numbers).collect()
}

/// The targets and outcomes, one row per commitment.
pub(crate) fn targets(view: &FollowUp) -> Table {
    let [target, outcome, rest @ ..] = COMMITMENT_HEADER;
    let header = ["fokusområde", "löfte", target, outcome]
        .into_iter()
        .chain(rest)
        .chain(COMMITMENT_NUMBERS)
        .map(str::to_owned)
        .collect();
    let rows = view
        .focus_areas
        .iter()
        .flat_map(|focus| {
            focus
                .commitments
                .iter()
                .map(|c| commitment_row(view, &focus.name, c))
        })
        .collect();
    Table {
        title: TARGETS_TITLE,
        header,
        rows,
    }
}

/// The activities, one row each, a column for every fact any of them counts.
pub(crate) fn activities(view: &FollowUp) -> Table {
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
    let header = ACTIVITY_HEADER
        .into_iter()
        .chain(facts.values().copied())
        .map(str::to_owned)
        .collect();
    let rows = activities
        .iter()
        .map(|placed| {
            let numbers = facts.keys().map(|key| {
                placed
                    .activity
                    .facts
                    .0
                    .get(*key)
                    .map_or(Cell::Empty, fact_number)
            });
            activity_cells(placed)
                .into_iter()
                .map(text)
                .chain(numbers)
                .collect()
        })
        .collect();
    Table {
        title: ACTIVITIES_TITLE,
        header,
        rows,
    }
}

/// What the follow-up was built from, one fact a row: enough to check a
/// saved file against the log, and the signed checkpoint to keep with it.
pub(crate) fn source(view: &FollowUp) -> Table {
    let built = &view.built_from;
    let mut rows = vec![
        vec![
            text("sammanställd ur registreringar".to_owned()),
            Cell::count(built.position),
        ],
        vec![
            text("kontrollsumma för loggen".to_owned()),
            text(built.hash.clone()),
        ],
    ];
    if let Some(as_of) = built.as_of {
        rows.push(vec![
            text("som uppföljningen såg ut".to_owned()),
            text(format!("{} (svensk tid)", words::instant(as_of))),
        ]);
    }
    if let Some(checkpoint) = &built.checkpoint {
        rows.extend([
            vec![
                text("signerad kontrollpunkt".to_owned()),
                text(checkpoint.note.clone()),
            ],
            vec![
                text("kontrollpunktens rot (hex)".to_owned()),
                text(checkpoint.root_hash.clone()),
            ],
            vec![
                text("nyckelns fingeravtryck".to_owned()),
                text(checkpoint.fingerprint.clone()),
            ],
            vec![
                text("offentlig nyckel".to_owned()),
                text(checkpoint.key.clone()),
            ],
        ]);
    }
    rows.push(vec![
        text("så kontrollerar du".to_owned()),
        text(format!("se {ABOUT_CHECKPOINT_PATH} på webbplatsen")),
    ]);
    Table {
        title: SOURCE_TITLE,
        header: vec!["uppgift".to_owned(), "värde".to_owned()],
        rows,
    }
}
