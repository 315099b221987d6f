//! `trygglogg verify`: recompute the hash chain and report its head.

use std::fs::File;
use std::io::BufReader;
use std::path::Path;

use trygglogg_store::{verify_export, Verification};

use super::StoreDir;
use crate::failure::{Context, Failure};
use crate::progress;

pub fn run(data: &StoreDir, export: Option<&Path>) -> Result<(), Failure> {
    let (what, verification) = match export {
        Some(file) => {
            let doing = format_args!("cannot read {}", file.display()).to_string();
            let reader = BufReader::new(File::open(file).context(&doing)?);
            let bar = progress::events(None, "verifying");
            let verification = verify_export(reader, |n| bar.set_position(n)).context(&doing)?;
            bar.finish_and_clear();
            (file.display().to_string(), verification)
        }
        None => {
            let store = data.open_existing()?;
            let bar = progress::events(Some(store.head().position), "verifying");
            let verification = store
                .verify(|n| bar.set_position(n))
                .context("cannot read the store")?;
            bar.finish_and_clear();
            (data.path().display().to_string(), verification)
        }
    };
    match verification {
        Verification::Intact { head } => {
            println!(
                "ok: {what} holds an intact chain of {} events; head position {}, hash {}",
                head.position, head.position, head.hash
            );
            Ok(())
        }
        Verification::Broken(broken) => Err(Failure::Broken(format!("{what}: {broken}"))),
    }
}
