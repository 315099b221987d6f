//! One verification of the log at a time, shared by everyone who asks for
//! it. A walk of a large log outlasts a request (about 230 s at 10M events,
//! where a request is answered within 30 s): a request waits for the walk a
//! while and otherwise answers how far it has come. Whoever asks next joins
//! the same walk, or is given its outcome once it has finished, instead of
//! starting another: each walk reads the whole store and holds 8 bytes an
//! event while it runs.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use tokio::sync::watch;
use trygglogg_store::{Store, Verification};

use crate::problem::ProblemKind;
use crate::Problem;

/// How long an outcome nobody has been given yet is kept for the next one
/// to ask; an older one is stale, and a new walk starts.
const UNCLAIMED_KEPT: Duration = Duration::from_secs(10 * 60);

type Outcome = Result<Verification, Problem>;

/// What a request is answered: the walk's outcome, or how far it has come.
pub enum Asked {
    Finished(Outcome),
    Running {
        /// Checked so far, counted as the walk counts (reaching `of` when done).
        checked: u64,
        /// The head position the walk checks up to.
        of: u64,
        started: DateTime<Utc>,
    },
}

/// The walk now running, or finished and not yet given to anyone.
#[derive(Default)]
pub struct VerifyRuns {
    current: Mutex<Option<Arc<Run>>>,
}

struct Run {
    checked: AtomicU64,
    of: u64,
    started: DateTime<Utc>,
    outcome: watch::Sender<Option<(Outcome, Instant)>>,
}

impl VerifyRuns {
    /// The outcome of a walk of `store`, waiting up to `wait` for it: a
    /// walk already running is joined, one finished recently and not yet
    /// given to anyone is answered at once, else a new one starts.
    pub async fn ask(&self, store: &Store, wait: Duration) -> Asked {
        let run = self.join_or_start(store);
        let mut outcome = run.outcome.subscribe();
        // Cloned out, so that the channel is not held while `forget` locks.
        let given = |finished: &Option<(Outcome, Instant)>| {
            finished.as_ref().map(|(outcome, _)| outcome.clone())
        };
        let finished = if wait.is_zero() {
            given(&outcome.borrow())
        } else {
            match tokio::time::timeout(wait, outcome.wait_for(Option::is_some)).await {
                Ok(Ok(finished)) => given(&finished),
                _ => None,
            }
        };
        if let Some(outcome) = finished {
            // Given: whoever asks next is answered by a walk of their own.
            self.forget(&run);
            return Asked::Finished(outcome);
        }
        Asked::Running {
            checked: run.checked.load(Ordering::Relaxed),
            of: run.of,
            started: run.started,
        }
    }

    fn join_or_start(&self, store: &Store) -> Arc<Run> {
        let mut current = self.current.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(run) = current.as_ref() {
            let stale = match &*run.outcome.borrow() {
                Some((_, finished)) => finished.elapsed() > UNCLAIMED_KEPT,
                None => false,
            };
            if !stale {
                return run.clone();
            }
        }
        let run = Arc::new(Run {
            checked: AtomicU64::new(0),
            of: store.head().position,
            started: Utc::now(),
            outcome: watch::channel(None).0,
        });
        *current = Some(run.clone());
        let (walking, store) = (run.clone(), store.clone());
        tokio::spawn(async move {
            // The walk reads the whole log: keep it off the async workers.
            let walk = tokio::task::spawn_blocking({
                let walking = walking.clone();
                move || store.verify(|n| walking.checked.store(n, Ordering::Relaxed))
            });
            let outcome = match walk.await {
                Ok(verified) => verified.map_err(|e| Problem::storage(&e)),
                Err(stopped) => Err(Problem::new(
                    ProblemKind::Internal,
                    format!("the verification stopped: {stopped}"),
                )),
            };
            walking
                .outcome
                .send_replace(Some((outcome, Instant::now())));
        });
        run
    }

    /// Lets the next request start a walk of its own, unless one already has.
    fn forget(&self, run: &Arc<Run>) {
        let mut current = self.current.lock().unwrap_or_else(|e| e.into_inner());
        if current.as_ref().is_some_and(|now| Arc::ptr_eq(now, run)) {
            *current = None;
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use trygglogg_test_support::{adopt_agreement, author, record, recorder};

    use super::*;

    fn started(asked: &Asked) -> DateTime<Utc> {
        match asked {
            Asked::Running { started, .. } => *started,
            Asked::Finished(outcome) => panic!("finished already: {outcome:?}"),
        }
    }

    fn intact_up_to(asked: Asked) -> u64 {
        match asked {
            Asked::Finished(Ok(Verification::Intact { head })) => head.position,
            Asked::Finished(other) => panic!("not intact: {other:?}"),
            Asked::Running { .. } => panic!("still running"),
        }
    }

    // An `ask` that does not wait does not await either, so the walk it
    // starts (a task on the test's one thread) has not begun when it answers.
    #[tokio::test]
    async fn one_walk_is_shared_and_its_outcome_given_once() {
        let (_dir, recorder) = recorder();
        adopt_agreement(&recorder).await;
        let store = recorder.store();
        let runs = VerifyRuns::default();
        let first = runs.ask(store, Duration::ZERO).await;
        let second = runs.ask(store, Duration::ZERO).await;
        assert_eq!(
            started(&first),
            started(&second),
            "the second joins the first"
        );
        match first {
            Asked::Running { checked, of, .. } => assert_eq!((checked, of), (0, 2)),
            Asked::Finished(_) => unreachable!(),
        }
        let waited = runs.ask(store, Duration::from_secs(30)).await;
        assert_eq!(intact_up_to(waited), 2, "the shared walk's outcome");
        // Given once: the next request starts a walk of its own, to the new head.
        let who = author("samordnare", "Hagfors kommun");
        let assessed = json!([{"type": "commitment_assessed", "data": {
            "commitment": "kontroller", "year": 2018, "verdict": "met", "continues": "yes"}}]);
        let agreement = format!("agreement-{}", trygglogg_test_support::AGREEMENT);
        record(&recorder, &agreement, assessed, &who).await.unwrap();
        let next = runs.ask(store, Duration::ZERO).await;
        assert_ne!(started(&next), started(&second));
        loop {
            tokio::time::sleep(Duration::from_millis(20)).await;
            let running = runs.current.lock().unwrap().clone().unwrap();
            if running.outcome.borrow().is_some() {
                break;
            }
        }
        // Finished with nobody waiting: the next request is given it at once.
        let given = runs.ask(store, Duration::ZERO).await;
        assert_eq!(intact_up_to(given), 3);
        assert!(runs.current.lock().unwrap().is_none());
    }
}
