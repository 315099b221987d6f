//! `trygglogg export`: the log as JSON Lines, exactly as stored.

use std::fs::File;
use std::io::{BufWriter, Write};
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
        Some(path) => write_atomically(path, |file| store.export(file, |n| bar.set_position(n)))?,
    };
    bar.finish_and_clear();
    if let Some(path) = out {
        eprintln!("exported {exported} events to {}", path.display());
    }
    Ok(())
}

/// Writes to `<path>.partial`, syncs it and renames it over `path`, so a crash
/// never leaves a truncated backup under the real name.
fn write_atomically<T, E: std::fmt::Display>(
    path: &Path,
    write: impl FnOnce(&mut BufWriter<File>) -> Result<T, E>,
) -> Result<T, Failure> {
    let doing = format_args!("cannot write {}", path.display()).to_string();
    let mut partial = path.as_os_str().to_owned();
    partial.push(".partial");
    let partial = std::path::PathBuf::from(partial);
    let mut out = BufWriter::new(File::create(&partial).context(&doing)?);
    let value = write(&mut out).context(&doing)?;
    out.flush().context(&doing)?;
    let file = out
        .into_inner()
        .map_err(|e| e.into_error())
        .context(&doing)?;
    file.sync_all().context(&doing)?;
    std::fs::rename(&partial, path).context(&doing)?;
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        File::open(dir).and_then(|d| d.sync_all()).context(&doing)?;
    }
    Ok(value)
}
