//! `GET /agreements/{id}/follow-up/{year}.csv` (and `…/t2.csv`, `…/period.csv`):
//! the follow-up's activities, one row each, for a spreadsheet, with their
//! commitment's target, outcome, computed status and assessment beside them; a
//! commitment without activities in the scope gets a row of its own, so none is
//! left out; a tertial's work of the whole year follows, as on the page. The
//! same public view as the page, in the same words. Every row ends with the
//! signed checkpoint the follow-up was built from (its tree size, root and
//! key), the same in each, so that the file names it and stays one table; the
//! signed note itself is on the page, in the JSON and in the Excel files.

use std::borrow::Cow;

use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use trygglogg_projections::follow_up::{CommitmentFollowUp, FollowUp, Scope};

use crate::{placed_activities, words, PageError, Placed};

/// The activity's own columns; the commitment's 8 follow them.
pub(crate) const ACTIVITY_COLUMNS: usize = 17;

/// The activity's columns, in order.
pub(crate) const ACTIVITY_HEADER: [&str; ACTIVITY_COLUMNS] = [
    "fokusområde",
    "löfte",
    "aktivitet_id",
    "slag",
    "slag_id",
    "status",
    "från",
    "till",
    "när",
    "platser",
    "ansvariga",
    "beskrivning",
    "fakta",
    "kategorier",
    "timmar",
    "kostnad_sek",
    "sker_kontinuerligt",
];

/// The commitment's columns, in order, after the activity's.
pub(crate) const COMMITMENT_HEADER: [&str; 8] = [
    "mål",
    "utfall",
    "beräknad_status",
    "bedömning",
    "bedömning_avviker",
    "orsak_till_avvikelse",
    "lärdomar",
    "fortsätter",
];

/// The commitment's columns: target, outcome, computed status, the assessment.
pub(crate) fn commitment_cells(
    view: &FollowUp,
    commitment: Option<&CommitmentFollowUp>,
) -> [String; 8] {
    let Some(c) = commitment else {
        return Default::default();
    };
    let assessment = c.assessment.as_ref();
    [
        words::commitment_target(c, &view.indicator_series),
        words::outcome_phrase(&c.outcome, &view.indicator_series),
        words::status_name(c.status).to_owned(),
        assessment
            .map(|a| words::verdict_name(a.verdict).to_owned())
            .unwrap_or_default(),
        if c.assessment_differs { "ja" } else { "nej" }.to_owned(),
        assessment
            .and_then(|a| a.deviation.clone())
            .unwrap_or_default(),
        assessment
            .and_then(|a| a.lessons.clone())
            .unwrap_or_default(),
        assessment
            .map(|a| words::continues_phrase(&a.continues))
            .unwrap_or_default(),
    ]
}

/// The checkpoint's columns, last in every row.
const CHECKPOINT_HEADER: [&str; 3] = [
    "kontrollpunkt_storlek",
    "kontrollpunkt_rot",
    "kontrollpunkt_nyckel",
];

/// The checkpoint's columns: empty for a follow-up built without one.
fn checkpoint_cells(view: &FollowUp) -> [String; 3] {
    view.built_from
        .checkpoint
        .as_ref()
        .map(|c| {
            [
                c.tree_size.to_string(),
                c.root_hash.clone(),
                c.fingerprint.clone(),
            ]
        })
        .unwrap_or_default()
}

fn write_row(
    writer: &mut csv::Writer<Vec<u8>>,
    cells: &[String; ACTIVITY_COLUMNS],
    commitment: &[String; 8],
    checkpoint: &[String; 3],
) -> Result<(), csv::Error> {
    let cells: Vec<Cow<'_, str>> = cells
        .iter()
        .chain(commitment)
        .chain(checkpoint)
        .map(String::as_str)
        .map(inert)
        .collect();
    writer.write_record(cells.iter().map(|cell| cell.as_bytes()))
}

/// Every activity of the follow-up in the page's order, then a tertial's
/// work dated only to its year ("under året"), as on the page: counted in no
/// tertial, so with no commitment.
pub(crate) fn every_activity(view: &FollowUp) -> Vec<Placed<'_>> {
    let apart = view.during_the_year.iter().map(|activity| Placed {
        focus_area: None,
        commitment: None,
        activity,
    });
    placed_activities(view).into_iter().chain(apart).collect()
}

/// The activity's own cells, in the order of [`ACTIVITY_HEADER`].
pub(crate) fn activity_cells(placed: &Placed<'_>) -> [String; ACTIVITY_COLUMNS] {
    let activity = placed.activity;
    let mut description = activity
        .summary
        .clone()
        .or_else(|| activity.title.clone())
        .unwrap_or_default();
    if let Some(reason) = &activity.cancel_reason {
        description = format!("{description} Orsak till inställning: {reason}")
            .trim()
            .to_owned();
    }
    [
        placed.focus_area.unwrap_or("").to_owned(),
        placed
            .commitment
            .map_or_else(String::new, |c| c.title.clone()),
        activity.id.to_string(),
        activity.kind_label.clone(),
        activity.kind.clone(),
        words::activity_status_name(activity.status).to_owned(),
        activity.dates.from.to_string(),
        activity.dates.to.to_string(),
        words::dates(activity.dates),
        activity.places.join("; "),
        activity.responsible.join("; "),
        description,
        words::facts_phrase(&activity.facts).unwrap_or_default(),
        words::categories_phrase(&activity.categories).unwrap_or_default(),
        activity.hours.map(|h| h.to_string()).unwrap_or_default(),
        activity.cost_sek.map(|c| c.to_string()).unwrap_or_default(),
        if activity.continues { "ja" } else { "nej" }.to_owned(),
    ]
}

/// Every commitment that has no activity in the scope, with its focus area:
/// each gets a row of its own, so none is left out.
fn commitments_without_activities(
    view: &FollowUp,
) -> impl Iterator<Item = (&str, &CommitmentFollowUp)> {
    view.focus_areas.iter().flat_map(|focus| {
        focus
            .commitments
            .iter()
            .filter(|c| c.progress.activities.is_empty())
            .map(|c| (focus.name.as_str(), c))
    })
}

/// The CSV text: a header row and one row per activity.
pub(crate) fn render(view: &FollowUp) -> Result<String, csv::Error> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(
        ACTIVITY_HEADER
            .iter()
            .chain(&COMMITMENT_HEADER)
            .chain(&CHECKPOINT_HEADER),
    )?;
    let checkpoint = checkpoint_cells(view);
    for placed in every_activity(view) {
        write_row(
            &mut writer,
            &activity_cells(&placed),
            &commitment_cells(view, placed.commitment),
            &checkpoint,
        )?;
    }
    for (focus, commitment) in commitments_without_activities(view) {
        let mut cells: [String; ACTIVITY_COLUMNS] = Default::default();
        cells[0] = focus.to_owned();
        cells[1].clone_from(&commitment.title);
        write_row(
            &mut writer,
            &cells,
            &commitment_cells(view, Some(commitment)),
            &checkpoint,
        )?;
    }
    let bytes = writer.into_inner().map_err(|e| e.into_error())?;
    // Every field was a `&str`, so this is UTF-8 already.
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// A cell as a spreadsheet will not run it: text that begins with `=`, `+`,
/// `-`, `@`, a tab or a carriage return gets a `'` in front, as OWASP's
/// advice on CSV injection has it, so `=HYPERLINK(…)` stays text. A cell
/// that is a plain number (`-3`, `+2.5`) is left alone: a spreadsheet reads
/// it as that number, never as a formula, and our own hours and amounts
/// stay numbers.
pub(crate) fn inert(cell: &str) -> Cow<'_, str> {
    let starts_a_formula = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if starts_a_formula && !is_plain_number(cell) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// An optional sign, digits, and at most one decimal point among them.
fn is_plain_number(cell: &str) -> bool {
    let unsigned = cell.strip_prefix(['-', '+']).unwrap_or(cell);
    let (whole, fraction) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    !whole.is_empty()
        && whole.bytes().all(|b| b.is_ascii_digit())
        && fraction.bytes().all(|b| b.is_ascii_digit())
}

/// Both CSV files' media type.
pub(crate) const CSV: &str = "text/csv; charset=utf-8";

pub(crate) fn response(view: &FollowUp) -> Result<Response, PageError> {
    let text = render(view).map_err(|e| PageError::fault(format!("the CSV: {e}")))?;
    Ok(attachment(view, "csv", CSV, text.into_bytes()))
}

/// The follow-up's file to download, named by its scope and agreement:
/// `uppfoljning-2018-t2-{id}.{extension}`.
pub(crate) fn attachment(
    view: &FollowUp,
    extension: &str,
    content_type: &'static str,
    body: Vec<u8>,
) -> Response {
    let scope = match view.scope {
        Scope::Year { year } => year.to_string(),
        Scope::Tertial { year, tertial } => format!("{year}-{}", tertial.as_str()),
        Scope::Period => "period".to_owned(),
    };
    let file = format!(
        "attachment; filename=\"uppfoljning-{scope}-{}.{extension}\"",
        view.agreement.id
    );
    (
        [
            (CONTENT_TYPE, content_type.to_owned()),
            (CONTENT_DISPOSITION, file),
        ],
        body,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_that_would_start_a_formula_are_made_text() {
        for (cell, written) in [
            (
                r#"=HYPERLINK("http://evil.example","x")"#,
                r#"'=HYPERLINK("http://evil.example","x")"#,
            ),
            ("+46 563 185 00", "'+46 563 185 00"),
            ("-3 grader", "'-3 grader"),
            ("-3+A1", "'-3+A1"),
            ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
            ("\t=1+1", "'\t=1+1"),
            ("\r=1+1", "'\r=1+1"),
            ("-", "'-"),
            ("-.5", "'-.5"),
            ("1e5", "1e5"),
            // Plain numbers stay numbers.
            ("-3", "-3"),
            ("+2.5", "+2.5"),
            ("12", "12"),
            // Anything else is as it was.
            (
                "Trygghetsvandring i Ekshärad centrum.",
                "Trygghetsvandring i Ekshärad centrum.",
            ),
            ("2017-09-14", "2017-09-14"),
            ("", ""),
            (" =1+1", " =1+1"),
        ] {
            assert_eq!(inert(cell), written, "{cell:?}");
        }
    }
}
