//! The live follow-ups, kept while the view stands where they were built:
//! the one cache of a follow-up. Everyone reads the same few follow-ups, and
//! between two recorded events each reads the same one, which is given again
//! rather than read from the log anew. The JSON API sends its JSON (written
//! the first time it is asked for, then the same bytes); the site renders its
//! view. It knows the live view (a `Projections`), not `AppState`, which
//! holds it.
//!
//! Each follow-up names the signed checkpoint of the tree of exactly the log
//! positions it was built from (`built_from.checkpoint`), asked for once per
//! built follow-up (kept or signed and kept by the `Checkpointer`), never per
//! request.

use std::sync::{Arc, OnceLock};

use axum::body::Bytes;
use chrono::{DateTime, Utc};
use tokio::task::JoinError;
use trygglogg_checkpoints::{CheckpointError, Checkpointer};
use trygglogg_projections::follow_up::{Audience, CheckpointNamed, FollowUp, Scope};
use trygglogg_projections::{ProjectionError, Projections};
use uuid::Uuid;

/// Most follow-ups kept; when full, the coldest makes room.
const KEPT: usize = 64;

/// Which follow-up: the agreement, the scope (a year, a tertial, the
/// period), and who reads.
type Key = (Uuid, Scope, Audience);

/// A follow-up as built, with its JSON once it was asked for.
pub struct BuiltFollowUp {
    view: FollowUp,
    json: OnceLock<Bytes>,
}

impl BuiltFollowUp {
    fn new(view: FollowUp) -> Arc<BuiltFollowUp> {
        Arc::new(BuiltFollowUp {
            view,
            json: OnceLock::new(),
        })
    }

    pub fn view(&self) -> &FollowUp {
        &self.view
    }

    /// The view as JSON, written once.
    pub fn json(&self) -> Result<Bytes, serde_json::Error> {
        if let Some(json) = self.json.get() {
            return Ok(json.clone());
        }
        let json = Bytes::from(serde_json::to_vec(&self.view)?);
        Ok(self.json.get_or_init(|| json).clone())
    }
}

/// Why a follow-up could not be had.
#[derive(Debug)]
pub enum FollowUpError {
    /// The fold or the log refused (busy, unreadable, undecodable).
    Projection(ProjectionError),
    /// The blocking task that read it ended without an answer.
    Stopped(JoinError),
    /// Its checkpoint could not be had (the tree unreadable, the list of
    /// kept checkpoints unwritable).
    Checkpoint(CheckpointError),
}

/// The signed checkpoint of the log's first `tree_size` positions, as a
/// follow-up names it: the kept one, or one signed and kept now.
pub fn named_checkpoint(
    checkpoints: &Checkpointer,
    tree_size: u64,
) -> Result<CheckpointNamed, CheckpointError> {
    let kept = checkpoints.at(tree_size)?;
    let key = crate::store_tree::signer(checkpoints, &kept);
    Ok(CheckpointNamed {
        tree_size: kept.tree_size,
        root_hash: kept.root,
        note: kept.note,
        key: key.to_string(),
        fingerprint: key.fingerprint().to_string(),
    })
}

/// The follow-ups of the live view (`AppState::follow_ups`).
pub struct FollowUps {
    projections: Projections,
    checkpoints: Arc<Checkpointer>,
    /// Each with the log position it was built at (`view.built_from`).
    live: quick_cache::sync::Cache<Key, Arc<BuiltFollowUp>>,
}

impl FollowUps {
    pub(crate) fn new(projections: Projections, checkpoints: Arc<Checkpointer>) -> FollowUps {
        FollowUps {
            projections,
            checkpoints,
            live: quick_cache::sync::Cache::new(KEPT),
        }
    }

    /// The follow-up for `key` if it was built at `position`.
    fn get(&self, key: &Key, position: u64) -> Option<Arc<BuiltFollowUp>> {
        self.live
            .get(key)
            .filter(|built| built.view.built_from.position == position)
    }

    fn put(&self, key: Key, built: Arc<BuiltFollowUp>) {
        self.live.insert(key, built);
    }

    /// The follow-up of `agreement` for `scope` and `audience`, as it stands
    /// now or as it stood at `as_of`; `None` if there was no such agreement
    /// (then), or the scope lies outside its period. One as it stands now is
    /// kept until the view moves on.
    pub async fn follow_up(
        &self,
        agreement: Uuid,
        scope: Scope,
        as_of: Option<DateTime<Utc>>,
        audience: Audience,
    ) -> Result<Option<Arc<BuiltFollowUp>>, FollowUpError> {
        let key = (agreement, scope, audience);
        let live = as_of.is_none();
        if live {
            if let Some(built) = self.get(&key, self.projections.applied()) {
                return Ok(Some(built));
            }
        }
        // The activities' texts, and any earlier state, are read from disk,
        // and a new checkpoint is synced to disk: off the async workers.
        let projections = self.projections.clone();
        let checkpoints = self.checkpoints.clone();
        let view = tokio::task::spawn_blocking(move || {
            let view = projections.view(agreement, scope, as_of, audience);
            let Some(mut view) = view.map_err(FollowUpError::Projection)? else {
                return Ok(None);
            };
            let checkpoint = named_checkpoint(&checkpoints, view.built_from.position);
            view.built_from.checkpoint = Some(checkpoint.map_err(FollowUpError::Checkpoint)?);
            Ok(Some(view))
        })
        .await
        .map_err(FollowUpError::Stopped)??;
        Ok(view.map(|view| {
            let built = BuiltFollowUp::new(view);
            if live {
                self.put(key, built.clone());
            }
            built
        }))
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use serde_json::json;
    use trygglogg_checkpoints::SignedCheckpoint;
    use trygglogg_events::{ImportLine, ValidationContext};
    use trygglogg_recorder::{parse_stream, today_in_sweden, Author, Recorder};
    use trygglogg_store::Store;

    use super::*;

    const AGREEMENT: &str = "5a1e0000-2030-4000-8000-000000000001";

    async fn record(recorder: &Recorder, line: serde_json::Value) {
        let line: ImportLine = serde_json::from_value(line).unwrap();
        let author = Author::operator("seed.importer", "Hagfors kommun");
        let context = ValidationContext::new(today_in_sweden());
        recorder
            .record(
                &parse_stream(&line.stream).unwrap(),
                &line.append_request(),
                &author,
                &context,
            )
            .await
            .unwrap();
    }

    #[tokio::test]
    async fn the_cache_gives_back_what_was_put_and_stays_within_its_bound() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path().join("store")).unwrap();
        let projections = Projections::open(store.clone(), dir.path().join("views")).unwrap();
        let recorder = Recorder::new(store.clone());
        record(&recorder, json!({"stream": format!("agreement-{AGREEMENT}"), "events": [
            {"type": "agreement_adopted", "data": {
                "title": "Medborgarlöften 2025", "municipality": "Hagfors kommun",
                "parties": ["Hagfors kommun", "Polisen"], "period": {"first_year": 2025, "years": 1},
                "focus_areas": [{"key": "trafik", "name": "Trafikmiljön"}]}}]}))
        .await;
        let view = projections
            .view(
                AGREEMENT.parse().unwrap(),
                Scope::from(2025),
                Some(Utc::now()),
                Audience::Public,
            )
            .unwrap()
            .unwrap();
        let position = view.built_from.position;
        let built = BuiltFollowUp::new(view);
        let checkpoints = crate::open_checkpoints(&store, dir.path(), None).unwrap();
        let follow_ups = FollowUps::new(projections, checkpoints);
        let year = Scope::from(2025);
        let key = |n: u128| (Uuid::from_u128(n), year, Audience::Public);

        follow_ups.put(key(0), built.clone());
        let hit = follow_ups.get(&key(0), position).expect("a hit");
        assert!(Arc::ptr_eq(&hit, &built), "the one put");
        assert!(
            follow_ups.get(&key(0), position + 1).is_none(),
            "built elsewhere"
        );
        assert!(follow_ups.get(&key(1), position).is_none(), "never put");

        for n in 1..=(3 * KEPT as u128) {
            follow_ups.put(key(n), built.clone());
            assert!(
                follow_ups.live.len() <= KEPT,
                "{} kept",
                follow_ups.live.len()
            );
        }
    }

    #[tokio::test]
    async fn a_live_follow_up_is_kept_until_the_view_moves_on_and_as_of_ones_never() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path().join("store")).unwrap();
        let projections = Projections::open(store.clone(), dir.path().join("views")).unwrap();
        let recorder = Recorder::new(store.clone());
        let checkpoints = crate::open_checkpoints(&store, dir.path(), None).unwrap();
        let follow_ups = FollowUps::new(projections.clone(), checkpoints.clone());
        tokio::spawn(projections.clone().follow());
        record(&recorder, json!({"stream": format!("agreement-{AGREEMENT}"), "events": [
            {"type": "agreement_adopted", "data": {
                "title": "Medborgarlöften 2025", "municipality": "Hagfors kommun",
                "parties": ["Hagfors kommun", "Polisen"], "period": {"first_year": 2025, "years": 1},
                "focus_areas": [{"key": "trafik", "name": "Trafikmiljön"}]}}]}))
        .await;
        let applied = |position: u64| {
            let projections = projections.clone();
            async move {
                for _ in 0..400 {
                    if projections.applied() >= position {
                        return;
                    }
                    tokio::time::sleep(Duration::from_millis(25)).await;
                }
                panic!("the view never reached position {position}");
            }
        };
        applied(1).await;
        let id: Uuid = AGREEMENT.parse().unwrap();
        let year = Scope::from(2025);
        let live = |audience| follow_ups.follow_up(id, year, None, audience);

        let first = live(Audience::Public).await.unwrap().unwrap();
        let again = live(Audience::Public).await.unwrap().unwrap();
        assert!(Arc::ptr_eq(&first, &again), "kept while nothing changed");
        // It names the checkpoint of exactly the positions it was built
        // from, signed with the log's key, and kept.
        let names_its_checkpoint = |view: &FollowUp| {
            let named = view.built_from.checkpoint.clone().expect("a checkpoint");
            let size = view.built_from.position;
            assert_eq!(named.tree_size, size);
            assert_eq!(named.root_hash, store.tree_root(size).unwrap().to_hex());
            let key = checkpoints.public_key();
            let signed = SignedCheckpoint::open(&named.note, key).expect("signed by the key");
            assert_eq!(signed.tree_size(), size);
            assert_eq!(signed.root_hex(), named.root_hash);
            assert_eq!(named.key, key.to_string());
            assert_eq!(named.fingerprint, key.fingerprint().to_string());
            assert_eq!(checkpoints.list(size, 1)[0].note, named.note, "kept");
        };
        names_its_checkpoint(first.view());
        assert!(
            String::from_utf8_lossy(&first.json().unwrap())
                .contains("\"checkpoint\":{\"tree_size\":1,"),
            "in the JSON"
        );
        let json = first.json().unwrap();
        assert_eq!(json, serde_json::to_vec(first.view()).unwrap());
        assert_eq!(
            json.as_ptr(),
            again.json().unwrap().as_ptr(),
            "written once"
        );
        let internal = live(Audience::Internal).await.unwrap().unwrap();
        assert!(!Arc::ptr_eq(&first, &internal), "kept per audience");
        let tertial = Scope::Tertial {
            year: 2025,
            tertial: trygglogg_events::Tertial::T2,
        };
        for scope in [tertial, Scope::Period] {
            let other = follow_ups.follow_up(id, scope, None, Audience::Public);
            let other = other.await.unwrap().unwrap();
            assert!(!Arc::ptr_eq(&first, &other), "kept per scope: {scope:?}");
            assert_eq!(other.view().scope, scope);
        }
        let outside = follow_ups.follow_up(id, Scope::from(2026), None, Audience::Public);
        assert!(outside.await.unwrap().is_none(), "outside the period");

        let as_of = Some(Utc::now());
        let earlier = follow_ups.follow_up(id, year, as_of, Audience::Public);
        let earlier = earlier.await.unwrap().unwrap();
        assert!(
            !Arc::ptr_eq(&first, &earlier),
            "as of an instant: built anew"
        );
        assert_eq!(earlier.view().built_from.as_of, as_of);
        let still = live(Audience::Public).await.unwrap().unwrap();
        assert!(
            Arc::ptr_eq(&first, &still),
            "and the live one is still kept"
        );

        record(
            &recorder,
            json!({"stream": "activity-ac710000-2030-4000-8000-000000000001", "events": [
            {"type": "activity_completed", "data": {
                "kind": "traffic_control", "facts": {"focus": ["speed"], "checked": 5},
                "serves": {"agreement": AGREEMENT, "focus_area": "trafik"},
                "occurred": "2025-05-05", "places": ["Hagfors"], "responsible": ["Hagfors kommun"],
                "summary": "Hastighetskontroll."}}]}),
        )
        .await;
        applied(2).await;
        let moved_on = live(Audience::Public).await.unwrap().unwrap();
        assert!(
            !Arc::ptr_eq(&first, &moved_on),
            "built anew once the log moved on"
        );
        assert_eq!(moved_on.view().built_from.position, 2);
        names_its_checkpoint(moved_on.view());
        names_its_checkpoint(earlier.view());
        assert_eq!(moved_on.view().totals.completed, 1);

        let unknown = follow_ups.follow_up(Uuid::nil(), year, None, Audience::Public);
        assert!(unknown.await.unwrap().is_none());
    }
}
