//! Generated logs of a realistic mix, shared by the projections' rebuild
//! benchmark and `trygglogg-load generate` (the rebuild-vs-SQL comparison), so
//! both measure the same shape of log.
//!
//! The mix per activity stream: 40 % completed unplanned, 30 % planned then
//! completed, 5 % planned then cancelled, 5 % planned, rescheduled, completed,
//! 10 % completed then corrected, 5 % completed then retracted, 5 % planned
//! and still open; 50 agreements of 2 focus areas and 6 commitments each.
//! Every event goes through the domain's parser and encoder, as the recorder
//! would store it.

use std::path::Path;
use std::time::Instant;

use serde_json::{json, Value};
use trygglogg_events::{encode, parse_event, EventMetadata, StreamName, ValidationContext};
use trygglogg_store::{ExpectedVersion, NewEvent, Store};
use uuid::Uuid;

const AGREEMENTS: usize = 50;

/// The log at `dir`, generated with `events` events if it is not there yet.
pub async fn generated_log(dir: &Path, events: u64) -> Store {
    let store = Store::open(dir).expect("open store");
    if store.head().position >= events {
        return store;
    }
    assert_eq!(
        store.head().position,
        0,
        "a partly generated log at {}; delete it",
        dir.display()
    );
    let started = Instant::now();
    let agreements: Vec<Uuid> = (0..AGREEMENTS).map(|_| Uuid::new_v4()).collect();
    for &agreement in &agreements {
        append(
            &store,
            &format!("agreement-{agreement}"),
            agreement_events(agreement),
        )
        .await;
    }
    let mut tasks = Vec::new();
    let per_task = events / 32;
    for task in 0..32u64 {
        let (store, agreements) = (store.clone(), agreements.clone());
        tasks.push(tokio::spawn(async move {
            let mut written = 0;
            let mut n = task;
            while written < per_task {
                let agreement = agreements[(n as usize) % agreements.len()];
                let stream = format!("activity-{}", Uuid::new_v4());
                let events = activity_events(agreement, n);
                written += events.len() as u64;
                append(&store, &stream, events).await;
                n += 32;
            }
        }));
    }
    for task in tasks {
        task.await.expect("generator task");
    }
    eprintln!(
        "generated {} events in {:.0} s",
        store.head().position,
        started.elapsed().as_secs_f64()
    );
    store
}

type Event = (Uuid, String, Value);

fn event(event_type: &str, data: Value) -> Event {
    (Uuid::now_v7(), event_type.into(), data)
}

async fn append(store: &Store, stream: &str, events: Vec<Event>) {
    let context =
        ValidationContext::new(chrono::NaiveDate::from_ymd_opt(2020, 12, 31).expect("date"));
    let new: Vec<NewEvent> = events
        .into_iter()
        .map(|(id, event_type, data)| {
            let event = parse_event(&event_type, None, &data, &context)
                .unwrap_or_else(|e| panic!("{event_type}: {e}"));
            let encoded = encode(&event);
            let metadata = EventMetadata::for_event(&encoded, "bench", "Polisen");
            NewEvent {
                id,
                event_type: encoded.event_type.into(),
                data: encoded.raw_data(),
                metadata: metadata.raw(),
            }
        })
        .collect();
    let name = StreamName::parse(stream).expect("stream name");
    store
        .append(name, ExpectedVersion::NoStream, new)
        .await
        .expect("append");
}

fn agreement_events(id: Uuid) -> Vec<Event> {
    let mut events = vec![event(
        "agreement_adopted",
        json!({"title": format!("Medborgarlöften {id}"), "municipality": "Hagfors kommun",
            "parties": ["Hagfors kommun", "Polisen"], "period": {"first_year": 2018, "years": 2},
            "focus_areas": [{"key": "trafik", "name": "Trafikmiljön"}, {"key": "droger", "name": "Alkohol och droger"}]}),
    )];
    for (k, focus, kind) in [
        ("k1", "trafik", "traffic_control"),
        ("k2", "trafik", "traffic_environment_review"),
        ("k3", "trafik", "traffic_control"),
        ("k4", "droger", "test_purchase"),
        ("k5", "droger", "serious_talk"),
        ("k6", "droger", "licensing_inspection"),
    ] {
        events.push(event(
            "commitment_added",
            json!({"key": k, "focus_area": focus, "title": format!("Löfte {k}"),
                "description": "Ett löfte i medborgarlöftet.", "responsible": ["Polisen"],
                "activity_kinds": [kind], "target": {"per_year": 20}}),
        ));
    }
    events
}

/// One activity stream's events; `n` picks the shape and the details.
fn activity_events(agreement: Uuid, n: u64) -> Vec<Event> {
    let month = n % 12 + 1;
    let day = n % 28 + 1;
    let date = format!("{}-{month:02}-{day:02}", 2018 + n % 2);
    let serves = json!({"agreement": agreement, "focus_area": "trafik", "commitment": "k1"});
    let planned = event(
        "activity_planned",
        json!({"title": "Hastighetskontroll", "kind": "traffic_control", "serves": serves,
            "planned": date, "places": ["Hagfors centrum"], "responsible": ["Polisen"]}),
    );
    let completed = event(
        "activity_completed",
        json!({"kind": "traffic_control", "serves": serves,
            "facts": {"focus": ["speed", "sobriety"], "basis": "targeted", "controls": 1, "checked": n % 80, "reported": n % 5},
            "occurred": date, "places": ["Hagfors centrum"], "responsible": ["Polisen"], "hours": 4,
            "summary": "Hastighets- och nykterhetskontroll på Dalavägen under eftermiddagen."}),
    );
    let reason = json!({"reason": "Personalbrist på grund av annan insats."});
    let target = completed.0;
    match n % 20 {
        0..=7 => vec![completed],
        8..=13 => vec![planned, completed],
        14 => vec![planned, event("activity_cancelled", reason)],
        15 => vec![
            planned,
            event(
                "activity_rescheduled",
                json!({"planned": date, "reason": "Flyttad efter snöoväder."}),
            ),
            completed,
        ],
        16 | 17 => vec![
            completed,
            event(
                "correction",
                json!({"target": target, "target_type": "activity_completed",
                "changes": {"places": ["Ekshärad"]}, "reason": "Fel ort angavs."}),
            ),
        ],
        18 => vec![
            completed,
            event(
                "retraction",
                json!({"target": target, "reason": "Registrerades två gånger."}),
            ),
        ],
        _ => vec![planned],
    }
}
