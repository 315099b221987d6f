//! Recording a file of import lines (JSON Lines: one append request and its
//! stream per line), as `trygglogg import` and `serve --demo` do: every line
//! through the same path as an HTTP append.

use trygglogg_events::{
    json_with_unique_keys, redact_identity_numbers, AppendRequest, ImportLine, JsonRefused,
    ValidationContext,
};

use crate::{parse_stream, Author, Recorded, Recorder};

/// What an import did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Imported {
    pub lines: u64,
    /// Events appended now.
    pub recorded: u64,
    /// Events that were already in the log with the same content.
    pub already_there: u64,
}

/// The line an import stopped at (from 1), and why.
#[derive(Debug, thiserror::Error)]
#[error("line {line}: {reason}")]
pub struct ImportRefused {
    pub line: usize,
    pub reason: String,
}

/// The lines of `text` that hold something, numbered from 1.
pub fn import_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(index, line)| (index + 1, line))
}

/// One import line, read as an HTTP body is: a key given twice is refused, and
/// nothing quoted from the line repeats an identity number. (`import
/// --server` reads its lines with it too, to cut them into batches.)
pub fn read_import_line(json: &str) -> Result<ImportLine, String> {
    let value = json_with_unique_keys(json.as_bytes()).map_err(|e| match e {
        JsonRefused::Syntax(_) => format!("not an import line: {e}"),
        JsonRefused::DuplicateKey { .. } => format!("ambiguous: {e}; give each key once"),
    })?;
    serde_json::from_value(value).map_err(|e| {
        format!(
            "not an import line: {}",
            redact_identity_numbers(&e.to_string())
        )
    })
}

impl Recorder {
    /// Records every line of `text` in order and stops at the first refused
    /// one. Lines before it stay recorded; once the file is fixed, a new
    /// import skips them (their ids are fixed) and goes on. `each` is told
    /// of every line recorded.
    pub async fn import(
        &self,
        text: &str,
        author: &Author,
        context: &ValidationContext,
        mut each: impl FnMut(&Recorded),
    ) -> Result<Imported, ImportRefused> {
        let mut imported = Imported::default();
        for (line, json) in import_lines(text) {
            let refused = |reason: String| ImportRefused { line, reason };
            let ImportLine {
                stream,
                expected_version,
                events,
            } = read_import_line(json).map_err(refused)?;
            let stream = parse_stream(&stream).map_err(|e| refused(e.to_string()))?;
            let request = AppendRequest {
                expected_version,
                events,
            };
            let recorded = self
                .record(&stream, &request, author, context)
                .await
                .map_err(|e| refused(e.to_string()))?;
            let events = recorded.positions.len() as u64;
            if recorded.replayed {
                imported.already_there += events;
            } else {
                imported.recorded += events;
            }
            imported.lines += 1;
            each(&recorded);
        }
        Ok(imported)
    }
}
