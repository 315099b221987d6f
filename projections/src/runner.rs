//! Keeps the follow-up current: loads the checkpoint, catches up from it,
//! follows the log live, and checkpoints as it goes.

use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, RwLock, RwLockReadGuard};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use tokio::sync::watch;
use trygglogg_store::{Direction, Store, StoreError};
use uuid::Uuid;

use crate::follow_up::{Audience, FollowUp, FollowUpState, Scope};
use crate::{checkpoint, ProjectionError, StoreHistory};

/// Events between two progress reports while catching up or rebuilding.
const PROGRESS_EVERY: u64 = 1024;
/// Most "as of" folds at once. Each reads the log from its first event, so
/// without a bound anyone could keep the machine busy; on two cores, two.
const AS_OF_FOLDS: usize = 2;
/// How often a live follower writes its checkpoint, at most.
const CHECKPOINT_EVERY: Duration = Duration::from_secs(5);
/// How long a live follower waits before reading again when the log could
/// not be read (its writer reopening it after a failed write).
const READ_AGAIN_AFTER: Duration = Duration::from_secs(1);

/// A handle to the live projections. Cheap to clone.
#[derive(Clone)]
pub struct Projections {
    inner: Arc<Inner>,
}

struct Inner {
    store: Store,
    dir: PathBuf,
    state: RwLock<FollowUpState>,
    /// The position `state` has reached, told after each event applied, for
    /// readers waiting to read their own writes ([`Projections::reached`]).
    applied: watch::Sender<u64>,
    /// "As of" folds running now.
    as_of_folds: AtomicUsize,
}

/// Counts one running "as of" fold for as long as it lives.
struct Running<'a>(&'a AtomicUsize);

impl Drop for Running<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

/// What a rebuild did.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RebuildStats {
    pub events: u64,
    pub elapsed: Duration,
}

impl Projections {
    /// Loads the checkpoint in `dir` (if it still matches the log), catches up
    /// with the log, and saves the checkpoint. Call [`Projections::follow`] to
    /// stay current afterwards.
    pub fn open(store: Store, dir: impl AsRef<Path>) -> Result<Projections, ProjectionError> {
        Projections::open_with(store, checkpoint::Reading::start(dir))
    }

    /// As [`Projections::open`], with the checkpoint already being read (a
    /// server starts reading it before it opens the log).
    pub fn open_with(
        store: Store,
        checkpoint: checkpoint::Reading,
    ) -> Result<Projections, ProjectionError> {
        let dir = checkpoint.dir().to_path_buf();
        let mut state = checkpoint_of(&store, &dir, checkpoint.finish())?;
        let before = state.position;
        catch_up(&store, &mut state, None, |_| {})?;
        if state.position != before {
            checkpoint::save(&dir, &state)?;
        }
        Ok(Projections {
            inner: Arc::new(Inner {
                store,
                dir,
                applied: watch::channel(state.position).0,
                state: RwLock::new(state),
                as_of_folds: AtomicUsize::new(0),
            }),
        })
    }

    /// Rebuilds the follow-up from the first event, ignoring any checkpoint,
    /// and saves the result as the new checkpoint.
    pub fn rebuild(
        store: &Store,
        dir: impl AsRef<Path>,
        progress: impl FnMut(u64),
    ) -> Result<RebuildStats, ProjectionError> {
        let started = Instant::now();
        let state = build(store, None, progress)?;
        checkpoint::save(dir.as_ref(), &state)?;
        Ok(RebuildStats {
            events: state.position,
            elapsed: started.elapsed(),
        })
    }

    /// Follows the log from where the view stands, applying every new event as
    /// it becomes durable. Runs until the store closes, an event cannot be
    /// decoded or the log's files are found damaged (which is logged; the
    /// view then stops advancing, which the lag metric shows, and damage
    /// turns `/healthz` degraded). A log that cannot be read for a while is
    /// read again.
    pub async fn follow(self) {
        let mut history = StoreHistory::new(self.inner.store.clone());
        let mut saved = (Instant::now(), self.applied());
        'subscribe: loop {
            let mut subscription = self.inner.store.subscribe(self.applied());
            while let Some(next) = subscription.next().await {
                // Whatever the event needs from the log is read first; the
                // write lock is held only to apply it.
                let applied = next.map_err(ProjectionError::from).and_then(|record| {
                    let event = record.as_stored();
                    history.prefetch(&event)?;
                    self.write().apply(&event, &mut history)
                });
                match applied {
                    Ok(()) => {}
                    // A failed read changed nothing (`apply` reads before it
                    // changes the state): go on from the last event applied.
                    // A full disk fails reads too (sled writes as it reads),
                    // until space is freed.
                    Err(ProjectionError::Store(
                        error @ (StoreError::Reopening
                        | StoreError::Engine(_)
                        | StoreError::Io(_)
                        | StoreError::Unwritable { .. }),
                    )) => {
                        tracing::warn!(%error, "the follow-up reads the log again in a moment");
                        tokio::time::sleep(READ_AGAIN_AFTER).await;
                        continue 'subscribe;
                    }
                    Err(error) => {
                        tracing::error!(%error, "the follow-up stopped following the log");
                        return;
                    }
                }
                let position = self.applied();
                self.inner.applied.send_replace(position);
                if saved.0.elapsed() >= CHECKPOINT_EVERY && position != saved.1 {
                    self.save_checkpoint();
                    saved = (Instant::now(), position);
                }
            }
            break;
        }
        self.save_checkpoint();
    }

    /// Writes the checkpoint now (also done every few seconds while following).
    pub fn save_checkpoint(&self) {
        // Encoded under the read lock rather than from a copy of the state:
        // the bytes are about half the index's size, a copy all of it again.
        let bytes = checkpoint::encode(&self.read());
        let saved = bytes.and_then(|bytes| checkpoint::save_encoded(&self.inner.dir, &bytes));
        if let Err(error) = saved {
            tracing::warn!(%error, "the follow-up checkpoint could not be saved");
        }
    }

    /// The last log position the live view includes.
    pub fn applied(&self) -> u64 {
        self.read().position
    }

    /// Waits until the live view includes log position `position`, for at
    /// most `within`, without polling: the follower tells each position it
    /// reaches. `Err` with the position reached if it did not get there in
    /// time. The caller checks that `position` exists (is at most the
    /// log's head): a position never written is never reached.
    pub async fn reached(&self, position: u64, within: Duration) -> Result<(), u64> {
        let mut applied = self.inner.applied.subscribe();
        let reached = applied.wait_for(|applied| *applied >= position);
        // The sender lives as long as `self`: only the timeout ends it early.
        let reached = matches!(tokio::time::timeout(within, reached).await, Ok(Ok(_)));
        if reached {
            Ok(())
        } else {
            Err(self.applied())
        }
    }

    /// The live view's state, for reading. Hold it briefly.
    pub fn read(&self) -> RwLockReadGuard<'_, FollowUpState> {
        // A panic while holding the lock cannot leave the state half-applied in
        // a way readers must not see: `apply` writes fields only at its end.
        self.inner.state.read().unwrap_or_else(|e| e.into_inner())
    }

    fn write(&self) -> std::sync::RwLockWriteGuard<'_, FollowUpState> {
        self.inner.state.write().unwrap_or_else(|e| e.into_inner())
    }

    pub fn store(&self) -> &Store {
        &self.inner.store
    }

    /// The follow-up as it stands now. The activities of the year are chosen
    /// under the lock; their texts are read from the log after it is let go.
    /// Not kept: whoever serves it keeps it while the view stands at its
    /// `built_from.position` (the HTTP API's `follow_ups.rs`).
    pub fn follow_up(
        &self,
        agreement: Uuid,
        scope: impl Into<Scope>,
        audience: Audience,
    ) -> Result<Option<FollowUp>, ProjectionError> {
        let Some(selection) = self.read().select(agreement, scope) else {
            return Ok(None);
        };
        selection.read(&self.inner.store, audience).map(Some)
    }

    /// The follow-up now, or as it stood at `as_of` if given. Reads the log:
    /// call it where blocking is fine.
    pub fn view(
        &self,
        agreement: Uuid,
        scope: impl Into<Scope>,
        as_of: Option<DateTime<Utc>>,
        audience: Audience,
    ) -> Result<Option<FollowUp>, ProjectionError> {
        match as_of {
            None => self.follow_up(agreement, scope, audience),
            Some(as_of) => self.follow_up_as_of(agreement, scope, as_of, audience),
        }
    }

    /// The follow-up as it stood at `as_of`: built from exactly the events
    /// recorded up to that instant. At most two are built at once; beyond
    /// that the answer is [`ProjectionError::Busy`].
    pub fn follow_up_as_of(
        &self,
        agreement: Uuid,
        scope: impl Into<Scope>,
        as_of: DateTime<Utc>,
        audience: Audience,
    ) -> Result<Option<FollowUp>, ProjectionError> {
        let running = self.inner.as_of_folds.fetch_add(1, Ordering::SeqCst);
        let _running = Running(&self.inner.as_of_folds);
        if running >= AS_OF_FOLDS {
            return Err(ProjectionError::Busy { running });
        }
        let state = build(&self.inner.store, Some(as_of), |_| {})?;
        let view = state.follow_up(&self.inner.store, agreement, scope, audience)?;
        Ok(view.map(|mut view| {
            view.built_from.as_of = Some(as_of);
            view
        }))
    }
}

/// The follow-up folded from the first event of the log (up to those recorded
/// at `until`, if given).
pub fn build(
    store: &Store,
    until: Option<DateTime<Utc>>,
    progress: impl FnMut(u64),
) -> Result<FollowUpState, ProjectionError> {
    let mut state = FollowUpState::default();
    catch_up(store, &mut state, until, progress)?;
    Ok(state)
}

/// The checkpoint `read` from `dir` if it is sound and belongs to this log,
/// else the empty state (to be folded from the first event), with a warning saying
/// why. A log that cannot be read at the checkpoint's position is an error:
/// start-up reads the log from there to the head, and must be able to.
fn checkpoint_of(
    store: &Store,
    dir: &Path,
    read: checkpoint::Read,
) -> Result<FollowUpState, ProjectionError> {
    let refused = match read.state {
        Ok(state) => match belongs_to(&state, store)? {
            None => {
                tracing::info!(
                    position = state.position,
                    took = ?read.took,
                    "the follow-up's checkpoint is read"
                );
                return Ok(state);
            }
            Some(why) => why,
        },
        Err(checkpoint::Refused::Missing) => {
            tracing::info!("no follow-up checkpoint: the follow-up is built from the log");
            return Ok(FollowUpState::default());
        }
        Err(refused) => refused.to_string(),
    };
    tracing::warn!(
        checkpoint = %checkpoint::path(dir).display(),
        "{refused}; the follow-up is rebuilt from the log"
    );
    Ok(FollowUpState::default())
}

/// A checkpoint belongs to this log when the log holds its position with the
/// same hash; after a restore of another log it does not. `None` if it
/// belongs, else why not.
fn belongs_to(state: &FollowUpState, store: &Store) -> Result<Option<String>, StoreError> {
    if state.position == 0 {
        return Ok(None);
    }
    let head = store.head().position;
    if state.position > head {
        return Ok(Some(format!(
            "the checkpoint was built to position {}, past the log's head {head}",
            state.position
        )));
    }
    let event = store
        .read_all(state.position, Direction::Forward, 1)
        .map_err(|error| error.at(state.position))?;
    Ok(match event.first() {
        Some(event) if event.position == state.position && event.hash == state.hash => None,
        Some(event) if event.position == state.position => Some(format!(
            "the checkpoint's hash at position {} is {}, the log's is {}",
            state.position, state.hash, event.hash
        )),
        _ => Some(format!(
            "the log holds no event at the checkpoint's position {}",
            state.position
        )),
    })
}

/// Applies every durable event after `state.position` (recorded up to
/// `until`, if given).
fn catch_up(
    store: &Store,
    state: &mut FollowUpState,
    until: Option<DateTime<Utc>>,
    mut progress: impl FnMut(u64),
) -> Result<(), ProjectionError> {
    let mut history = StoreHistory::new(store.clone());
    store.scan(state.position + 1, |event| {
        if until.is_some_and(|until| event.recorded > until) {
            return Ok(ControlFlow::Break(()));
        }
        state.apply(&event, &mut history)?;
        if state.position.is_multiple_of(PROGRESS_EVERY) {
            progress(state.position);
        }
        Ok::<_, ProjectionError>(ControlFlow::Continue(()))
    })?;
    progress(state.position);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn at_most_two_as_of_folds_run_at_once() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path().join("log")).unwrap();
        let projections = Projections::open(store, dir.path().join("views")).unwrap();
        let (agreement, instant) = (Uuid::new_v4(), Utc::now());
        let ask = || projections.follow_up_as_of(agreement, 2018, instant, Audience::Public);
        assert!(matches!(ask(), Ok(None)), "one at a time is answered");
        // Two folds are running (taken here by hand, as two requests would).
        projections
            .inner
            .as_of_folds
            .store(AS_OF_FOLDS, Ordering::SeqCst);
        assert!(matches!(ask(), Err(ProjectionError::Busy { running: 2 })));
        projections
            .inner
            .as_of_folds
            .store(AS_OF_FOLDS - 1, Ordering::SeqCst);
        assert!(
            matches!(ask(), Ok(None)),
            "a third is answered once one ends"
        );
        assert_eq!(
            projections.inner.as_of_folds.load(Ordering::SeqCst),
            AS_OF_FOLDS - 1
        );
    }

    #[tokio::test]
    async fn a_reader_waits_for_the_view_to_reach_its_position_and_no_longer_than_it_said() {
        let (dir, recorder) = trygglogg_test_support::recorder();
        let projections =
            Projections::open(recorder.store().clone(), dir.path().join("views")).unwrap();
        trygglogg_test_support::adopt_agreement(&recorder).await;
        assert_eq!(recorder.store().head().position, 2);

        // Not followed yet: the view stays at 0, and the wait ends with it.
        let waited = Instant::now();
        let held_back = projections.reached(2, Duration::from_millis(200)).await;
        assert_eq!(held_back, Err(0));
        assert!(waited.elapsed() >= Duration::from_millis(200));
        assert_eq!(projections.reached(0, Duration::ZERO).await, Ok(()));

        // A reader already waiting is told once the follower gets there.
        let waiting = tokio::spawn({
            let projections = projections.clone();
            async move { projections.reached(2, Duration::from_secs(10)).await }
        });
        tokio::spawn(projections.clone().follow());
        assert_eq!(waiting.await.unwrap(), Ok(()));
        assert!(projections.applied() >= 2);
        assert_eq!(projections.reached(1, Duration::ZERO).await, Ok(()));
    }
}
