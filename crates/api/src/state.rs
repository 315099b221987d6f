//! What every handler shares.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::watch;
use trygglogg_checkpoints::Checkpointer;
use trygglogg_projections::Projections;
use trygglogg_recorder::Recorder;
use trygglogg_store::Store;

use trygglogg_tokens::Tokens;

use crate::auth::FailedAuthentications;
use crate::follow_ups::FollowUps;
use crate::limits::VERIFY_WAIT;
use crate::metrics::Metrics;
use crate::verify_runs::VerifyRuns;

/// The application's shared state: cheap to clone (handles and `Arc`s). Add a
/// field here for anything new the handlers need.
#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    /// The one way to append: validation, stream rules, then the store.
    pub recorder: Recorder,
    /// The views, kept current by their follower (see `trygglogg serve`).
    pub projections: Projections,
    pub tokens: Arc<Tokens>,
    /// Refused tokens per client address, to hold up guessing.
    pub failed_authentications: Arc<FailedAuthentications>,
    /// Also the hook for projection lag: `state.metrics.set_projection_lag(..)`.
    pub metrics: Arc<Metrics>,
    /// The follow-ups now or "as of"; the live ones kept while the view
    /// stands where they were built, each with its signed checkpoint.
    pub follow_ups: Arc<FollowUps>,
    /// The key and the kept checkpoints of the log's Merkle tree.
    pub checkpoints: Arc<Checkpointer>,
    /// The one walk of the whole log that `/audit/verify` runs at a time.
    pub(crate) verify_runs: Arc<VerifyRuns>,
    /// How long a verify request waits for that walk before it answers
    /// how far the walk has come.
    pub verify_wait: Duration,
    shutdown: Arc<watch::Sender<bool>>,
}

impl AppState {
    pub fn new(
        store: Store,
        projections: Projections,
        tokens: Tokens,
        checkpoints: Arc<Checkpointer>,
    ) -> Self {
        AppState {
            recorder: Recorder::new(store.clone()),
            store,
            follow_ups: Arc::new(FollowUps::new(projections.clone(), checkpoints.clone())),
            checkpoints,
            projections,
            tokens: Arc::new(tokens),
            failed_authentications: Arc::default(),
            metrics: Arc::new(Metrics::default()),
            verify_runs: Arc::default(),
            verify_wait: VERIFY_WAIT,
            shutdown: Arc::new(watch::channel(false).0),
        }
    }

    /// Tells long-lived responses (event subscriptions) to end, so that a
    /// graceful shutdown does not wait for them forever.
    pub fn begin_shutdown(&self) {
        self.shutdown.send_replace(true);
    }

    /// Resolves once [`AppState::begin_shutdown`] was called.
    pub fn shutting_down(&self) -> impl std::future::Future<Output = ()> + Send + 'static {
        let mut receiver = self.shutdown.subscribe();
        async move {
            // An error means the sender is gone: nothing can start a shutdown
            // any more, so wait forever, as if none had begun.
            if receiver.wait_for(|down| *down).await.is_err() {
                std::future::pending::<()>().await;
            }
        }
    }
}
