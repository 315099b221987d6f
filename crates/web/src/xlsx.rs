//! `GET /agreements/{id}/follow-up/{year}.xlsx` (and `…/t2.xlsx`,
//! `…/period.xlsx`): the follow-up as an Excel workbook, the three tables of
//! [`crate::spreadsheet`] on a sheet each ("Mål och utfall", "Aktiviteter",
//! "Underlag"),
//! the header row bold and frozen. Numbers are stored as numbers, so they
//! read with the reader's own decimal sign; text is stored as text (a shared
//! string, never a formula), so a cell beginning with `=` needs no guard here.

use axum::response::Response;
use rust_xlsxwriter::{Format, Workbook, XlsxError};
use trygglogg_projections::follow_up::FollowUp;

use crate::csv::attachment;
use crate::spreadsheet::{activities, source, targets, Cell, Table};
use crate::PageError;

/// The workbook's media type.
const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// A row or column index as the sheet counts them; past its limits is an error.
fn index<T: TryFrom<usize>>(i: usize) -> Result<T, XlsxError> {
    T::try_from(i).map_err(|_| XlsxError::RowColumnLimitError)
}

fn add_sheet(workbook: &mut Workbook, table: &Table) -> Result<(), XlsxError> {
    let bold = Format::new().set_bold();
    let sheet = workbook.add_worksheet();
    sheet.set_name(table.title)?;
    for (column, name) in table.header.iter().enumerate() {
        sheet.write_string_with_format(0, index(column)?, name, &bold)?;
    }
    for (row, cells) in table.rows.iter().enumerate() {
        let row = index(row + 1)?;
        for (column, cell) in cells.iter().enumerate() {
            let column = index(column)?;
            match cell {
                Cell::Text(text) => sheet.write_string(row, column, text)?,
                Cell::Number(n) => sheet.write_number(row, column, *n)?,
                Cell::Empty => continue,
            };
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofit();
    Ok(())
}

/// The workbook's bytes.
pub(crate) fn render(view: &FollowUp) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    add_sheet(&mut workbook, &targets(view))?;
    add_sheet(&mut workbook, &activities(view))?;
    add_sheet(&mut workbook, &source(view))?;
    workbook.save_to_buffer()
}

pub(crate) fn response(view: &FollowUp) -> Result<Response, PageError> {
    let bytes = render(view).map_err(|e| PageError::fault(format!("the workbook: {e}")))?;
    Ok(attachment(view, "xlsx", XLSX, bytes))
}
