//! One module per subcommand.

pub mod export;
pub mod export_remote;
pub mod first_steps;
pub mod import;
pub mod import_remote;
pub mod key;
pub mod proof;
pub mod rebuild;
pub mod remote;
pub mod restore;
pub mod serve;
pub mod token;
pub mod verify;
pub mod verify_remote;

use std::path::{Path, PathBuf};

use trygglogg_store::{Store, StoreOptions};

use crate::failure::{Context, Failure};
use crate::server_pid;

/// Where the event store is, and how to open it.
pub struct StoreDir {
    path: PathBuf,
    options: StoreOptions,
    /// The command can work through a running server instead (`--server`),
    /// so a refusal while one holds the store says so.
    through_server: bool,
}

impl StoreDir {
    pub fn new(path: PathBuf, options: StoreOptions) -> Self {
        StoreDir {
            path,
            options,
            through_server: false,
        }
    }

    /// For a command that also takes `--server URL`.
    pub fn or_through_server(self) -> Self {
        StoreDir {
            through_server: true,
            ..self
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Opens the store, creating it if there is none; refuses at once while
    /// a server holds it, rather than waiting for its lock.
    pub fn open(&self) -> Result<Store, Failure> {
        refuse_beside_server(
            &self.path,
            if self.through_server {
                ", or use --server URL"
            } else {
                ""
            },
        )?;
        self.open_for_serving()
    }

    /// Opens the store for `serve`, which waits for the lock: a restarted
    /// server may start while the old one is still letting go (its pid file
    /// goes first). A server still serving is named at once.
    pub fn open_for_serving(&self) -> Result<Store, Failure> {
        if let Some(pid) = server_pid::holder(&self.path) {
            return Err(Failure::Failed(format!(
                "the server (pid {pid}) is already serving {}",
                self.path.display()
            )));
        }
        Store::open_with(&self.path, self.options).context(format_args!(
            "cannot open the store in {}",
            self.path.display()
        ))
    }

    /// Opens an existing store; refuses to create one where a reader expected
    /// data.
    pub fn open_existing(&self) -> Result<Store, Failure> {
        if !self.path.join("db").is_file() {
            return Err(Failure::Failed(format!(
                "no event store in {}; pass --data DIR or set TRYGGLOGG_DATA",
                self.path.display()
            )));
        }
        self.open()
    }
}

/// Refuses at once while a server holds `data`: for the commands that need
/// it to themselves. `alternative` follows "stop it first".
pub fn refuse_beside_server(data: &Path, alternative: &str) -> Result<(), Failure> {
    match server_pid::holder(data) {
        Some(pid) => Err(Failure::Failed(format!(
            "the server (pid {pid}) is using {}: stop it first{alternative}",
            data.display()
        ))),
        None => Ok(()),
    }
}
