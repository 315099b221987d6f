//! One module per subcommand.

pub mod export;
pub mod first_steps;
pub mod import;
pub mod rebuild;
pub mod restore;
pub mod serve;
pub mod token;
pub mod verify;

use std::path::{Path, PathBuf};

use trygglogg_store::{Store, StoreOptions};

use crate::failure::{Context, Failure};

/// Where the event store is, and how to open it.
pub struct StoreDir {
    path: PathBuf,
    options: StoreOptions,
}

impl StoreDir {
    pub fn new(path: PathBuf, options: StoreOptions) -> Self {
        StoreDir { path, options }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Opens the store, creating it if there is none.
    pub fn open(&self) -> Result<Store, Failure> {
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
