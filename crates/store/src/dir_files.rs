//! The files the store keeps in its data directory beside sled's own: named
//! here, apart from the code that writes them, because opening the store
//! (`engine.rs`) must know them too.

/// The file that says a restore into this directory has not finished
/// (`export.rs`); the store will not open while it is there.
pub(crate) const RESTORE_MARKER: &str = "RESTORE-IN-PROGRESS";

/// The file written to see whether the data directory takes writes again
/// (`writer/recovery.rs`); left only by a process that died while probing.
pub(crate) const PROBE_FILE: &str = "write-probe";
