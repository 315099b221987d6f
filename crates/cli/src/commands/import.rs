//! `trygglogg import FILE`: append requests from JSON Lines, validated exactly as
//! the HTTP API validates them.

use std::path::Path;

use trygglogg_events::ValidationContext;
use trygglogg_recorder::{import_lines, today_in_sweden, Author, Imported, Recorder};

use super::StoreDir;
use crate::failure::{Context, Failure};
use crate::progress;

/// The actor and organisation recorded for imported events unless the
/// operator says otherwise. The demo imports with them too, so that the demo
/// and a plain import of the seed record identical events (same ids, same
/// content) and either may follow the other.
pub const DEFAULT_ACTOR: &str = "import";
pub const DEFAULT_ORGANISATION: &str = "Trygglogg";

pub fn run(data: &StoreDir, file: &Path, author: &Author) -> Result<(), Failure> {
    let text =
        std::fs::read_to_string(file).context(format_args!("cannot read {}", file.display()))?;
    let store = data.open()?;
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
    let bar = progress::lines(import_lines(text).count() as u64, "importing");
    let context = ValidationContext::new(today_in_sweden());
    let imported = recorder
        .import(text, author, &context, |_| bar.inc(1))
        .await
        .map_err(|refused| {
            Failure::Failed(format!(
                "{}:{}: {}",
                file.display(),
                refused.line,
                refused.reason
            ))
        })?;
    bar.finish_and_clear();
    Ok(imported)
}
