//! The realistic mix of one activity stream and the agreement it serves:
//! one piece of code for both shapes.

use serde_json::{json, Value};
use uuid::Uuid;

use crate::ids::Seeded;
use crate::GeneratedEvent;

/// Where an agreement is and which years it covers.
pub(crate) struct AgreementSpec<'a> {
    pub title: String,
    pub municipality: &'a str,
    pub first_year: i32,
    pub years: u32,
}

/// An agreement's events: adopted with 2 focus areas, then 6 commitments.
pub(crate) fn agreement_events(ids: &mut Seeded, spec: &AgreementSpec) -> Vec<GeneratedEvent> {
    let municipality = spec.municipality;
    let mut events = vec![event(
        ids,
        "agreement_adopted",
        json!({"title": spec.title, "municipality": municipality,
            "parties": [municipality, "Polisen"],
            "period": {"first_year": spec.first_year, "years": spec.years},
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
            ids,
            "commitment_added",
            json!({"key": k, "focus_area": focus, "title": format!("Löfte {k}"),
                "description": "Ett löfte i medborgarlöftet.", "responsible": ["Polisen"],
                "activity_kinds": [kind], "target": {"per_year": 20}}),
        ));
    }
    events
}

/// What one activity stream is about.
pub(crate) struct ActivitySpec<'a> {
    pub agreement: Uuid,
    /// `YYYY-MM-DD`, planned and (if done) occurred.
    pub date: String,
    pub place: &'a str,
    /// Picks the stream's shape from the mix (`n % 20`) and its figures.
    pub n: u64,
}

/// One activity stream's events, in the mix of the crate's header.
pub(crate) fn activity_events(ids: &mut Seeded, spec: &ActivitySpec) -> Vec<GeneratedEvent> {
    let (n, date, place) = (spec.n, &spec.date, spec.place);
    let serves = json!({"agreement": spec.agreement, "focus_area": "trafik", "commitment": "k1"});
    let planned = || {
        json!({"title": "Hastighetskontroll", "kind": "traffic_control", "serves": serves,
            "planned": date, "places": [place], "responsible": ["Polisen"]})
    };
    let completed = || {
        json!({"kind": "traffic_control", "serves": serves,
            "facts": {"focus": ["speed", "sobriety"], "basis": "targeted", "controls": 1, "checked": n % 80, "reported": n % 5},
            "occurred": date, "places": [place], "responsible": ["Polisen"], "hours": 4,
            "summary": "Hastighets- och nykterhetskontroll på Dalavägen under eftermiddagen."})
    };
    let reason = json!({"reason": "Personalbrist på grund av annan insats."});
    let mut events = Vec::with_capacity(3);
    let mut push = |ids: &mut Seeded, event_type: &str, data: Value| {
        let made = event(ids, event_type, data);
        let id = made.id;
        events.push(made);
        id
    };
    match n % 20 {
        0..=7 => {
            push(ids, "activity_completed", completed());
        }
        8..=13 => {
            push(ids, "activity_planned", planned());
            push(ids, "activity_completed", completed());
        }
        14 => {
            push(ids, "activity_planned", planned());
            push(ids, "activity_cancelled", reason);
        }
        15 => {
            push(ids, "activity_planned", planned());
            let moved = json!({"planned": date, "reason": "Flyttad efter snöoväder."});
            push(ids, "activity_rescheduled", moved);
            push(ids, "activity_completed", completed());
        }
        16 | 17 => {
            let target = push(ids, "activity_completed", completed());
            push(
                ids,
                "correction",
                json!({"target": target, "target_type": "activity_completed",
                    "changes": {"places": ["Ekshärad"]}, "reason": "Fel ort angavs."}),
            );
        }
        18 => {
            let target = push(ids, "activity_completed", completed());
            push(
                ids,
                "retraction",
                json!({"target": target, "reason": "Registrerades två gånger."}),
            );
        }
        _ => {
            push(ids, "activity_planned", planned());
        }
    }
    events
}

fn event(ids: &mut Seeded, event_type: &str, data: Value) -> GeneratedEvent {
    GeneratedEvent {
        id: ids.uuid(),
        event_type: event_type.into(),
        data,
    }
}
