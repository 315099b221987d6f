//! `GET /agreements/{id}/follow-up/{year}.excel.csv` (and `…/t2.excel.csv`,
//! `…/period.excel.csv`): the follow-up as Excel with Swedish settings opens
//! it with a double-click, beside the plain CSV that stays as it is for
//! machines. UTF-8 with a byte-order mark (without one Excel reads å, ä and ö
//! as Windows-1252), `;` between cells (Swedish Excel's list separator, as `,`
//! is its decimal sign) and numbers with a decimal comma.
//!
//! One file, the three tables of [`crate::spreadsheet`] as sections on its
//! one sheet, each under its title, a blank row between: the targets and
//! outcomes first, then the activities, then what it was built from (the
//! signed checkpoint). One file rather than two, because a
//! coordinator gets the whole follow-up from one link and one double-click,
//! and the targets sit above the work that answers them; a CSV holds one
//! sheet only (the workbook, `.xlsx`, has a sheet for each). Text cells keep
//! the CSV's formula guard.

use axum::response::Response;
use trygglogg_projections::follow_up::FollowUp;

use crate::csv::{attachment, inert, CSV};
use crate::spreadsheet::{activities, source, targets, Cell, Table};
use crate::{words, PageError};

/// The byte-order mark that tells Excel the file is UTF-8.
const BOM: &str = "\u{feff}";

/// A writer after `bytes`: `;` between cells, CRLF after rows, and rows of
/// more than one width (a section's title is one cell).
fn excel_writer(bytes: Vec<u8>) -> csv::Writer<Vec<u8>> {
    csv::WriterBuilder::new()
        .delimiter(b';')
        .terminator(csv::Terminator::CRLF)
        .flexible(true)
        .from_writer(bytes)
}

/// A cell as Swedish Excel reads it: a number with a decimal comma, text
/// that never starts a formula.
fn written(cell: &Cell) -> String {
    match cell {
        Cell::Text(text) => inert(text).into_owned(),
        Cell::Number(n) => words::number(*n),
        Cell::Empty => String::new(),
    }
}

/// `table` after `bytes`: its title, its header, its rows.
fn section(bytes: Vec<u8>, table: &Table) -> Result<Vec<u8>, csv::Error> {
    let mut writer = excel_writer(bytes);
    writer.write_record([table.title])?;
    writer.write_record(&table.header)?;
    for row in &table.rows {
        writer.write_record(row.iter().map(written))?;
    }
    writer.into_inner().map_err(|e| e.into_error().into())
}

/// The Excel CSV's bytes: the BOM, then the sections.
pub(crate) fn render(view: &FollowUp) -> Result<Vec<u8>, csv::Error> {
    let mut bytes = section(BOM.as_bytes().to_vec(), &targets(view))?;
    for table in [activities(view), source(view)] {
        // A blank line between the sections, which Excel shows as an empty row.
        bytes.extend_from_slice(b"\r\n");
        bytes = section(bytes, &table)?;
    }
    Ok(bytes)
}

pub(crate) fn response(view: &FollowUp) -> Result<Response, PageError> {
    let bytes = render(view).map_err(|e| PageError::fault(format!("the Excel CSV: {e}")))?;
    Ok(attachment(view, "excel.csv", CSV, bytes))
}
