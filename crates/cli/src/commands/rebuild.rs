//! `trygglogg rebuild`: every view folded anew from the log.

use std::path::Path;

use trygglogg_projections::Projections;

use super::serve::projections_dir;
use crate::failure::{Context, Failure};
use crate::progress;

pub fn run(data: &Path) -> Result<(), Failure> {
    let store = super::open_existing(data)?;
    let bar = progress::events(Some(store.head().position), "rebuilding");
    let stats = Projections::rebuild(&store, projections_dir(data), |n| bar.set_position(n))
        .context("cannot rebuild the follow-up")?;
    bar.finish_and_clear();
    eprintln!(
        "rebuilt the follow-up from {} events in {:.1} s",
        stats.events,
        stats.elapsed.as_secs_f64()
    );
    Ok(())
}
