//! Agreements folded once and kept. Every append of an activity is checked
//! against the agreement it serves (its parties, focus areas, commitments
//! and period); folding the agreement's whole stream again for each append
//! was about a quarter of the server's CPU under load. A fold is kept with
//! the version it was folded at and used again while the stream is still at
//! that version: events are never rewritten, so the same version is the
//! same events, and a new event (an amendment, a correction) is folded in
//! by the next check that finds the version moved.

use std::sync::Arc;

use quick_cache::sync::Cache;
use trygglogg_events::{StreamCategory, StreamName, StreamState};
use uuid::Uuid;

use crate::folded::{fold, Streams};
use crate::RecordError;

/// Agreements kept: more than a country's municipalities have in force at
/// once; a kept one is a few kilobytes.
const KEPT: usize = 1024;

/// The folded agreements a recorder (or the load harness's peer) keeps
/// between requests.
pub struct FoldedAgreements {
    kept: Cache<Uuid, (u64, Arc<StreamState>)>,
}

impl Default for FoldedAgreements {
    fn default() -> Self {
        FoldedAgreements {
            kept: Cache::new(KEPT),
        }
    }
}

impl FoldedAgreements {
    /// Agreement `id` as `streams` hold it now: the kept fold if the stream
    /// has not moved since, else folded again (and kept).
    pub(crate) fn folded(
        &self,
        streams: &impl Streams,
        id: Uuid,
    ) -> Result<Arc<StreamState>, RecordError> {
        let stream = StreamName::new(StreamCategory::Agreement, id);
        let version = streams.version(&stream)?;
        if let Some((kept, state)) = self.kept.get(&id) {
            if kept == version {
                return Ok(state);
            }
        }
        // Folded at the version it reads, which may be later than the one
        // just asked: kept under its own.
        let folded = fold(streams, &stream)?;
        let state = Arc::new(folded.state);
        self.kept.insert(id, (folded.version, state.clone()));
        Ok(state)
    }
}

#[cfg(test)]
mod tests {
    use std::cell::Cell;

    use serde_json::json;
    use trygglogg_events::RecordedDomainEvent;
    use trygglogg_store::Store;
    use trygglogg_test_support::{adopt_agreement, author, record, recorder, AGREEMENT};

    use super::*;

    /// The store, counting the streams folded from it.
    struct Counting<'a>(&'a Store, Cell<usize>);

    impl Streams for Counting<'_> {
        fn each_event(
            &self,
            stream: &StreamName,
            apply: &mut dyn FnMut(&RecordedDomainEvent),
        ) -> Result<(), RecordError> {
            self.1.set(self.1.get() + 1);
            self.0.each_event(stream, apply)
        }

        fn version(&self, stream: &StreamName) -> Result<u64, RecordError> {
            self.0.version(stream)
        }
    }

    #[tokio::test]
    async fn an_agreement_is_folded_again_only_once_its_stream_has_moved() {
        let (_dir, recorder) = recorder();
        adopt_agreement(&recorder).await;
        let streams = Counting(recorder.store(), Cell::new(0));
        let kept = FoldedAgreements::default();
        let id = Uuid::parse_str(AGREEMENT).unwrap();
        let years = |state: &StreamState| state.agreement_period().unwrap().last_year();
        let first = kept.folded(&streams, id).unwrap();
        let again = kept.folded(&streams, id).unwrap();
        assert_eq!((streams.1.get(), years(&again)), (1, 2019));
        assert!(Arc::ptr_eq(&first, &again), "the kept fold is used again");
        let adopted = recorder
            .store()
            .read_stream(
                &StreamName::new(StreamCategory::Agreement, id),
                1,
                trygglogg_store::Direction::Forward,
                1,
            )
            .unwrap()[0]
            .id;
        let longer = json!([{"type": "correction", "data": {
            "target": adopted, "target_type": "agreement_adopted",
            "changes": {"period": {"first_year": 2018, "years": 3}},
            "reason": "Förlängt ett år."}}]);
        let coordinator = author("samordnare", "Hagfors kommun");
        record(
            &recorder,
            &format!("agreement-{AGREEMENT}"),
            longer,
            &coordinator,
        )
        .await
        .unwrap();
        let moved = kept.folded(&streams, id).unwrap();
        assert_eq!((streams.1.get(), years(&moved)), (2, 2020));
    }
}
