//! `trygglogg rebuild`: every view folded anew from the log.

use trygglogg_projections::Projections;

use super::serve::projections_dir;
use super::StoreDir;
use crate::failure::{Context, Failure};
use crate::progress;

pub fn run(data: &StoreDir) -> Result<(), Failure> {
    let store = data.open_existing()?;
    let bar = progress::events(Some(store.head().position), "rebuilding");
    let stats = Projections::rebuild(&store, projections_dir(data.path()), |n| {
        bar.set_position(n)
    })
    .context("cannot rebuild the follow-up")?;
    bar.finish_and_clear();
    eprintln!(
        "rebuilt the follow-up from {} events in {:.1} s",
        stats.events,
        stats.elapsed.as_secs_f64()
    );
    Ok(())
}
