//! Reading an export (`trygglogg export`: one `{"hash","record"}` line per
//! event) as the records the tree's leaves are.

use std::io::BufRead;

use serde::Deserialize;
use serde_json::value::RawValue;

use crate::check::CheckError;

#[derive(Deserialize)]
struct ExportLine<'a> {
    #[serde(borrow)]
    record: &'a RawValue,
}

/// The stored bytes of each record of an export, in order; a line that is
/// not an export line is unusable input.
pub fn export_records(export: impl BufRead) -> impl Iterator<Item = Result<Vec<u8>, CheckError>> {
    export.lines().zip(1u64..).map(|(line, at)| {
        let line =
            line.map_err(|e| CheckError::Unusable(format!("cannot read the export: {e}")))?;
        let parsed: ExportLine = serde_json::from_str(&line).map_err(|e| {
            CheckError::Unusable(format!(
                "line {at} of the export is not an export line ({e})"
            ))
        })?;
        Ok(parsed.record.get().as_bytes().to_vec())
    })
}
