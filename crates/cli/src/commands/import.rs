//! `trygglogg import FILE`: append requests from JSON Lines, validated exactly as
//! the HTTP API validates them.

use std::path::Path;

use trygglogg_events::{ImportLine, ValidationContext};
use trygglogg_recorder::{today_in_sweden, Author, Recorder};
use trygglogg_store::Store;

use crate::failure::{Context, Failure};
use crate::progress;

/// The actor and organisation recorded for imported events unless the
/// operator says otherwise. The demo imports with them too, so that the demo
/// and a plain import of the seed record identical events (same ids, same
/// content) and either may follow the other.
pub const DEFAULT_ACTOR: &str = "import";
pub const DEFAULT_ORGANISATION: &str = "Trygglogg";

/// What an import did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Imported {
    pub lines: u64,
    /// Events appended now.
    pub recorded: u64,
    /// Events that were already in the log with the same content.
    pub already_there: u64,
}

pub fn run(data: &Path, file: &Path, author: &Author) -> Result<(), Failure> {
    let text =
        std::fs::read_to_string(file).context(format_args!("cannot read {}", file.display()))?;
    let store =
        Store::open(data).context(format_args!("cannot open the store in {}", data.display()))?;
    let runtime = tokio::runtime::Runtime::new().context("cannot start the runtime")?;
    let recorder = Recorder::new(store);
    let imported = runtime.block_on(import(&recorder, &text, file, author))?;
    eprintln!(
        "imported {}: {} lines, {} events recorded, {} already there",
        file.display(),
        imported.lines,
        imported.recorded,
        imported.already_there
    );
    Ok(())
}

/// Imports every line in order and stops at the first refused one, naming its
/// line and field. Lines before it stay recorded; once the file is fixed, a new
/// import skips them (fixed ids) and goes on.
pub async fn import(
    recorder: &Recorder,
    text: &str,
    file: &Path,
    author: &Author,
) -> Result<Imported, Failure> {
    let lines: Vec<(usize, &str)> = text
        .lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .collect();
    let bar = progress::events(Some(lines.len() as u64), "importing");
    let context = ValidationContext::new(today_in_sweden());
    let mut imported = Imported::default();
    for (index, line) in lines {
        let at = format!("{}:{}", file.display(), index + 1);
        let request: ImportLine = serde_json::from_str(line)
            .map_err(|e| Failure::Failed(format!("{at}: not an import line: {e}")))?;
        let recorded = recorder
            .record(&request.stream, &request.append_request(), author, &context)
            .await
            .map_err(|e| Failure::Failed(format!("{at}: {e}")))?;
        let events = recorded.positions.len() as u64;
        if recorded.replayed {
            imported.already_there += events;
        } else {
            imported.recorded += events;
        }
        imported.lines += 1;
        bar.inc(1);
    }
    bar.finish_and_clear();
    Ok(imported)
}
