//! The checkpoints `serve` makes by itself: one of the log's head at least
//! every `every` (a minute by default) while the log grows, none while it
//! does not, so that the latest checkpoint is never more than a minute
//! behind the log and an idle log does not fill the list of kept ones.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use tokio::time::MissedTickBehavior;
use trygglogg_checkpoints::Checkpointer;
use trygglogg_store::Store;

/// How often `serve` looks whether the log grew, by default.
pub const CHECKPOINT_EVERY: Duration = Duration::from_secs(60);

/// Signs a checkpoint of the durable head every `every` when the log grew
/// since the last one, until `stop` resolves. A failure to sign is logged
/// and tried again at the next tick: it costs the auditors a checkpoint,
/// never the server.
pub async fn checkpoint_while_growing(
    store: Store,
    checkpoints: Arc<Checkpointer>,
    every: Duration,
    stop: impl Future<Output = ()>,
) {
    let mut ticks = tokio::time::interval(every);
    ticks.set_missed_tick_behavior(MissedTickBehavior::Delay);
    let mut signed = checkpoints.latest().map_or(0, |kept| kept.tree_size);
    tokio::pin!(stop);
    loop {
        tokio::select! {
            () = &mut stop => return,
            _ = ticks.tick() => {}
        }
        let head = store.head().position;
        if head == signed {
            continue;
        }
        let signer = checkpoints.clone();
        match tokio::task::spawn_blocking(move || signer.at(head)).await {
            Ok(Ok(kept)) => {
                tracing::debug!(tree_size = kept.tree_size, "signed a checkpoint");
                signed = head;
            }
            Ok(Err(error)) => tracing::warn!(%error, "cannot sign a checkpoint; trying again"),
            Err(error) => tracing::warn!(%error, "the signing stopped; trying again"),
        }
    }
}
