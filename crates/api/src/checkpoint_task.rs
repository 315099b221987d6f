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

#[cfg(test)]
mod tests {
    use std::time::Instant;

    use trygglogg_test_support::{adopt_agreement, recorder};

    use super::*;

    /// Waits (at most 10 s) until `done`, polling.
    async fn until(what: &str, mut done: impl FnMut() -> bool) {
        let deadline = Instant::now() + Duration::from_secs(10);
        while !done() {
            assert!(Instant::now() < deadline, "never: {what}");
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }

    #[tokio::test]
    async fn one_checkpoint_per_growth_none_while_idle_and_it_stops_when_told() {
        let (dir, recorder) = recorder();
        let store = recorder.store().clone();
        let checkpoints = crate::open_checkpoints(&store, dir.path(), None).unwrap();
        let kept = |checkpoints: &Checkpointer| -> Vec<u64> {
            checkpoints
                .list(0, 100)
                .iter()
                .map(|kept| kept.tree_size)
                .collect()
        };
        adopt_agreement(&recorder).await;
        assert!(kept(&checkpoints).is_empty());

        let every = Duration::from_millis(20);
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let task = tokio::spawn(checkpoint_while_growing(
            store.clone(),
            checkpoints.clone(),
            every,
            async {
                let _ = stopped.await;
            },
        ));
        until("the log's head is signed", || kept(&checkpoints) == [2]).await;
        // Idle: many ticks, no new checkpoint.
        tokio::time::sleep(every * 15).await;
        assert_eq!(kept(&checkpoints), [2], "none while the log does not grow");

        trygglogg_test_support::record(
            &recorder,
            "activity-ac710000-2018-4000-8000-000000000001",
            serde_json::json!([{"type": "activity_completed", "data": {
                "kind": "traffic_control", "facts": {"controls": 1},
                "serves": trygglogg_test_support::serves(),
                "occurred": "2018-05-05", "places": ["Hagfors"], "responsible": ["Polisen"],
                "summary": "Hastighetskontroll."}}]),
            &trygglogg_test_support::author("polis", "Polisen"),
        )
        .await
        .unwrap();
        until("the new head is signed", || kept(&checkpoints) == [2, 3]).await;
        let latest = checkpoints.latest().unwrap();
        assert_eq!(latest.root, store.tree_root(3).unwrap().to_hex());

        stop.send(()).unwrap();
        tokio::time::timeout(Duration::from_secs(10), task)
            .await
            .expect("it stops when told")
            .unwrap();
    }
}
