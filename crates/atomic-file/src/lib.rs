//! Replacing a file atomically: a crash (of the process, or of the machine
//! once the call has returned) leaves either the old file or the new one,
//! whole, never a part of either.
//!
//! The new contents go to `<path>.partial` beside the file, which is synced,
//! renamed over the file (`rename` replaces a name in one step), and then
//! the directory is synced, so that the rename itself survives a power loss.
//! A write that fails leaves the old file as it was and removes the partial
//! one.

use std::fmt;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

/// The step of a replacement that failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Creating the partial file beside the target.
    Create,
    /// Writing the new contents into it.
    Write,
    /// Making the partial file durable.
    Sync,
    /// Renaming it over the target.
    Rename,
    /// Making the rename durable.
    SyncDirectory,
}

impl Step {
    /// What was being done, to be followed by the file's path: "cannot
    /// {step} {path}".
    pub fn as_str(self) -> &'static str {
        match self {
            Step::Create | Step::Write => "write",
            Step::Sync => "sync",
            Step::Rename => "replace",
            Step::SyncDirectory => "sync the directory of",
        }
    }
}

/// Why a replacement failed. In every case the file at the path is as it
/// was before, except after [`Step::SyncDirectory`]: the new file is then in
/// place, but a power loss may still bring the old one back.
#[derive(Debug)]
pub enum Error<E> {
    /// The caller's `write` failed.
    Writing(E),
    /// A step of the file system failed.
    Io { step: Step, source: std::io::Error },
}

impl<E: fmt::Display> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Writing(error) => error.fmt(f),
            // The caller names the file, and the step if it wants to.
            Error::Io { source, .. } => source.fmt(f),
        }
    }
}

impl<E: fmt::Debug + fmt::Display> std::error::Error for Error<E> {}

/// For callers whose own errors are I/O errors: the step is dropped.
impl From<Error<std::io::Error>> for std::io::Error {
    fn from(error: Error<std::io::Error>) -> Self {
        match error {
            Error::Writing(source) | Error::Io { source, .. } => source,
        }
    }
}

/// The partial file that [`replace_with`] writes before renaming it to `path`.
pub fn partial_path(path: &Path) -> PathBuf {
    let mut partial = path.as_os_str().to_owned();
    partial.push(".partial");
    PathBuf::from(partial)
}

/// Replaces the file at `path` with `bytes`.
pub fn replace(path: &Path, bytes: &[u8]) -> Result<(), Error<std::io::Error>> {
    replace_with(path, |file| file.write_all(bytes))
}

/// Replaces the file at `path` with what `write` writes, and returns what
/// `write` returns. The directory must exist.
pub fn replace_with<T, E>(
    path: &Path,
    write: impl FnOnce(&mut BufWriter<File>) -> Result<T, E>,
) -> Result<T, Error<E>> {
    let partial = partial_path(path);
    let written = write_durably(&partial, write).and_then(|value| {
        std::fs::rename(&partial, path).map_err(io(Step::Rename))?;
        Ok(value)
    });
    let value = match written {
        Ok(value) => value,
        Err(error) => {
            // Nothing of it was renamed into place: the old file stands.
            let _ = std::fs::remove_file(&partial);
            return Err(error);
        }
    };
    // A bare file name is in the current directory.
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    File::open(dir)
        .and_then(|dir| dir.sync_all())
        .map_err(io(Step::SyncDirectory))?;
    Ok(value)
}

/// Writes `partial` and makes it durable.
fn write_durably<T, E>(
    partial: &Path,
    write: impl FnOnce(&mut BufWriter<File>) -> Result<T, E>,
) -> Result<T, Error<E>> {
    let mut out = BufWriter::new(File::create(partial).map_err(io(Step::Create))?);
    let value = write(&mut out).map_err(Error::Writing)?;
    let file = out
        .into_inner()
        .map_err(|error| io(Step::Write)(error.into_error()))?;
    file.sync_all().map_err(io(Step::Sync))?;
    Ok(value)
}

fn io<E>(step: Step) -> impl Fn(std::io::Error) -> Error<E> {
    move |source| Error::Io { step, source }
}
