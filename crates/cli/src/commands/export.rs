//! `trygglogg export`: the log as JSON Lines, exactly as stored.

use std::io::BufWriter;
use std::path::Path;

use super::StoreDir;
use crate::failure::{Context, Failure};
use crate::progress;

pub fn run(data: &StoreDir, out: Option<&Path>) -> Result<(), Failure> {
    let store = data.open_existing()?;
    let bar = progress::events(Some(store.head().position), "exporting");
    let exported = match out {
        None => {
            let stdout = std::io::stdout().lock();
            store
                .export(&mut BufWriter::new(stdout), |n| bar.set_position(n))
                .context("cannot write the export to standard output")?
        }
        Some(path) => trygglogg_atomic_file::replace_with(path, |file| {
            store.export(file, |n| bar.set_position(n))
        })
        .context(format!("cannot write {}", path.display()))?,
    };
    bar.finish_and_clear();
    if let Some(path) = out {
        eprintln!("exported {exported} events to {}", path.display());
    }
    Ok(())
}
