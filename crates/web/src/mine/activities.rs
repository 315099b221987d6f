//! The activities an organisation recorded, newest first, each as it now
//! stands: read from the log (the events its organisation recorded), each
//! stream folded by the domain's own rules (`StreamState` for corrections
//! and retractions, `Placed::after` for the status), as every view does.

use serde_json::Value;
use trygglogg_events::{
    encode, DomainEvent, EventType, Placed, StreamCategory, StreamName, StreamState,
};
use trygglogg_projections::follow_up::ActivityStatus;
use trygglogg_projections::LogEvent;
use trygglogg_store::{Direction, Store, StoreError};
use uuid::Uuid;

use std::collections::hash_map::{Entry, HashMap};

use crate::record::agreement_correction::{agreement_state, correction_path, current_in};

/// Activities shown at most; the log read backwards at most this far.
const SHOWN: usize = 50;
const SCANNED: usize = 10_000;
const PAGE: usize = 500;

/// One activity as it now stands.
#[derive(Debug, Clone)]
pub(crate) struct Activity {
    pub stream: Uuid,
    /// The event that says what was done or planned, as corrected: the
    /// completion if there is one, otherwise the plan.
    pub main_id: Uuid,
    pub main_type: EventType,
    /// Its data, as corrected.
    pub data: Value,
    pub status: ActivityStatus,
    /// Retracted as a whole (its first event): it counts nowhere.
    pub void: bool,
    /// The first event, which a retraction of the whole activity targets.
    pub first_id: Uuid,
    /// What it serves: agreement, focus area, commitment.
    pub serves: Option<(Uuid, String, Option<String>)>,
}

/// An event in an agreement's own stream, as it now stands, that a form
/// recorded and corrects.
#[derive(Debug, Clone)]
pub(crate) struct AgreementEntry {
    pub agreement: Uuid,
    pub event: Uuid,
    pub event_type: EventType,
    /// Its data, as corrected.
    pub data: Value,
}

/// What `organisation` recorded, newest first: its activities, and the
/// events in agreements' own streams that a form corrects.
pub(crate) fn recorded_by(
    store: &Store,
    organisation: &str,
) -> Result<(Vec<Activity>, Vec<AgreementEntry>), String> {
    let mut streams: Vec<Uuid> = Vec::new();
    let mut agreement_events: Vec<(Uuid, Uuid)> = Vec::new();
    let mut before = store.head().position;
    let mut scanned = 0;
    while before > 0 && scanned < SCANNED && streams.len() < SHOWN {
        let page = store
            .read_all(before, Direction::Backward, PAGE)
            .map_err(|e| e.to_string())?;
        let Some(last) = page.last() else { break };
        before = last.position.saturating_sub(1);
        scanned += page.len();
        for recorded in &page {
            let event = LogEvent::decode(recorded).map_err(|e| e.to_string())?;
            if event.organisation != organisation {
                continue;
            }
            let id = event.stream.id();
            match event.stream.category() {
                StreamCategory::Agreement => {
                    let corrected_by_a_form =
                        correction_path(event.event.event_type(), id, event.id).is_some();
                    if corrected_by_a_form && agreement_events.len() < SHOWN {
                        agreement_events.push((id, event.id));
                    }
                }
                StreamCategory::Activity => {
                    if !streams.contains(&id) {
                        streams.push(id);
                    }
                }
            }
        }
    }
    streams.truncate(SHOWN);
    let mut activities = Vec::new();
    for id in streams {
        if let Some(activity) = activity(store, id).map_err(|e| e.to_string())? {
            activities.push(activity);
        }
    }
    let mut entries = Vec::new();
    // Each agreement's stream is read and folded once, however many of its
    // events are listed.
    let mut folded: HashMap<Uuid, Option<StreamState>> = HashMap::new();
    for (agreement, event) in agreement_events {
        let state = match folded.entry(agreement) {
            Entry::Occupied(known) => known.into_mut(),
            Entry::Vacant(new) => {
                new.insert(agreement_state(store, agreement).map_err(|e| e.to_string())?)
            }
        };
        // Retracted, it is no longer there to correct.
        if let Some((event_type, data)) = state.as_ref().and_then(|s| current_in(s, event)) {
            entries.push(AgreementEntry {
                agreement,
                event,
                event_type,
                data,
            });
        }
    }
    Ok((activities, entries))
}

/// The activity of stream `activity-<id>`, folded.
pub(crate) fn activity(store: &Store, id: Uuid) -> Result<Option<Activity>, StoreError> {
    let name = StreamName::new(StreamCategory::Activity, id);
    let Some(history) = stream_history(store, &name)? else {
        return Ok(None);
    };
    let Some(first) = history.first() else {
        return Ok(None);
    };
    let mut state = StreamState::default();
    for event in &history {
        state.apply(&event.as_domain());
    }
    let current: Vec<(Uuid, &DomainEvent)> = history
        .iter()
        .filter(|e| e.event.event_type().is_correctable() && !state.is_retracted(e.id))
        .filter_map(|e| Some((e.id, state.current(e.id)?)))
        .collect();
    let mut placed = Placed::default();
    for (_, event) in &current {
        if let Some(change) = event.placing() {
            placed = placed.after(&change);
        }
    }
    let void = state.is_retracted(first.id);
    // A void activity is shown as it was first recorded.
    let main = if void {
        Some((first.id, &first.event))
    } else {
        current.iter().rev().copied().find(|(_, e)| {
            matches!(
                e,
                DomainEvent::ActivityCompleted(_)
                    | DomainEvent::ActivityStarted(_)
                    | DomainEvent::ActivityPlanned(_)
            )
        })
    };
    let Some((main_id, main)) = main else {
        return Ok(None);
    };
    let encoded = encode(main);
    Ok(Some(Activity {
        stream: id,
        main_id,
        main_type: main.event_type(),
        data: encoded.data,
        status: placed.status.into(),
        void,
        first_id: first.id,
        serves: placed.serves.map(|s| {
            (
                s.agreement,
                s.focus_area.to_string(),
                s.commitment.as_ref().map(ToString::to_string),
            )
        }),
    }))
}

/// Every event of `stream`, read in pages; `None` (logged) if one cannot be
/// read, so that the list shows what it can rather than failing whole.
pub(crate) fn stream_history(
    store: &Store,
    stream: &StreamName,
) -> Result<Option<Vec<LogEvent>>, StoreError> {
    let mut history = Vec::new();
    let mut from = 1;
    loop {
        let page = store.read_stream(stream, from, Direction::Forward, PAGE)?;
        if page.is_empty() {
            return Ok(Some(history));
        }
        from += page.len() as u64;
        for recorded in &page {
            match LogEvent::decode(recorded) {
                Ok(event) => history.push(event),
                Err(error) => {
                    tracing::error!(%error, %stream, "an event of the stream cannot be read");
                    return Ok(None);
                }
            }
        }
    }
}
