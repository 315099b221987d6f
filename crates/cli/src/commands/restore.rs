//! `trygglogg restore FILE`: an empty store rebuilt from a verified export.

use std::path::Path;

use trygglogg_store::RestoreError;

use super::StoreDir;
use crate::failure::{Context, Failure};
use crate::progress;

pub fn run(data: &StoreDir, file: &Path) -> Result<(), Failure> {
    if !file.is_file() {
        return Err(Failure::Failed(format!(
            "cannot restore: {} is not a file",
            file.display()
        )));
    }
    let store = data.open()?;
    let runtime = tokio::runtime::Runtime::new().context("cannot start the runtime")?;
    // The bar appears with the first restored event: a restore refused (a
    // store that is not empty, an export that does not verify) says only why.
    let mut bar = None;
    let restored = runtime.block_on(store.restore(file, |n| {
        bar.get_or_insert_with(|| progress::events(None, "restoring"))
            .set_position(n)
    }));
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    match restored {
        Ok(head) => {
            eprintln!(
                "restored {} events into {}; head hash {}",
                head.position,
                data.path().display(),
                head.hash
            );
            Ok(())
        }
        Err(RestoreError::Broken(broken)) => Err(Failure::Broken(format!(
            "refused to restore {}: {broken}",
            file.display()
        ))),
        Err(error) => Err(Failure::Failed(format!(
            "cannot restore {}: {error}",
            file.display()
        ))),
    }
}
