//! One module per subcommand.

pub mod export;
pub mod import;
pub mod rebuild;
pub mod restore;
pub mod serve;
pub mod token;
pub mod verify;

use std::path::Path;

use trygglogg_store::Store;

use crate::failure::{Context, Failure};

/// Opens an existing store; refuses to create one where a reader expected data.
pub fn open_existing(data: &Path) -> Result<Store, Failure> {
    if !data.join("db").is_file() {
        return Err(Failure::Failed(format!(
            "no event store in {}; pass --data DIR or set TRYGGLOGG_DATA",
            data.display()
        )));
    }
    Store::open(data).context(format_args!("cannot open the store in {}", data.display()))
}
