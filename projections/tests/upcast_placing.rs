//! An upcast that changes a placing field is seen by the follow-up index: a
//! log holding activities in schema version 1 is folded with an upcaster
//! that moves their dates a year on, and the index places them by the upcast
//! date, not the stored one (the real v1 → v2 upcasters change no placing
//! field, so a made-up one stands in for that step, through `with_upcasters`;
//! the later steps, such as activity_completed v2 → v3, stay the real ones).

use chrono::{Datelike, NaiveDate};
use serde_json::{json, Value};
use trygglogg_events::{with_upcasters, EventType, Upcaster};
use trygglogg_projections::build;
use trygglogg_projections::follow_up::{Audience, Counts};
use trygglogg_store::Store;
use uuid::Uuid;

use crate::helpers::{agreement, control, open};
use crate::rebuild::append_v1;

/// v1 → v2 as the real upcaster does it (`place` → `places`), and the date
/// that places the activity (`planned` or `occurred`) a year later.
fn a_year_later(mut data: Value) -> Result<Value, String> {
    let place = data
        .as_object_mut()
        .and_then(|fields| fields.remove("place"))
        .ok_or("no place")?;
    data["places"] = json!([place]);
    let field = if data.get("planned").is_some() {
        "planned"
    } else {
        "occurred"
    };
    let day: NaiveDate = data[field]
        .as_str()
        .ok_or("no date")?
        .parse()
        .map_err(|e| format!("{e}"))?;
    let later = day.with_year(day.year() + 1).ok_or("no such day")?;
    data[field] = json!(later.to_string());
    Ok(data)
}

static A_YEAR_LATER: [Upcaster; 2] = [
    Upcaster {
        event_type: EventType::ActivityPlanned,
        from_version: 1,
        upcast: a_year_later,
        changes_placing: true,
    },
    Upcaster {
        event_type: EventType::ActivityCompleted,
        from_version: 1,
        upcast: a_year_later,
        changes_placing: true,
    },
];

/// The totals of the agreement's follow-up in 2018 and in 2019, rebuilt from
/// the log by the index; the index must also agree with the domain's full
/// reading of every activity's stream.
fn totals_by_year(store: &Store, agreement: Uuid) -> [Counts; 2] {
    let state = build(store, None, |_| {}).unwrap();
    assert_eq!(state.disagreements(store).unwrap(), Vec::<Uuid>::new());
    [2018, 2019].map(|year| {
        let view = state.follow_up(store, agreement, year, Audience::Internal);
        view.unwrap().expect("the agreement's year").totals
    })
}

#[tokio::test]
async fn the_index_places_an_activity_by_its_upcast_date() {
    let (_dir, recorder) = open();
    let agreement = agreement(&recorder).await;
    let store = recorder.store();
    let plan = json!({"type": "activity_planned", "data": {
        "title": "Kontroll", "kind": "traffic_control", "planned": "2018-03-15",
        "serves": {"agreement": agreement, "focus_area": "trafikmiljo", "commitment": "kontroller"},
        "places": ["Hagfors"], "responsible": ["Polisen"]}});
    let stream = || format!("activity-{}", Uuid::new_v4());
    append_v1(store, &stream(), &plan).await;
    append_v1(
        store,
        &stream(),
        &control(agreement, "2018-06-10", 4, "Hagfors"),
    )
    .await;

    let none = Counts::default();
    let one_each = Counts {
        planned: 1,
        completed: 1,
        ..Counts::default()
    };
    assert_eq!(
        totals_by_year(store, agreement),
        [one_each, none],
        "as stored: in 2018"
    );
    assert_eq!(
        with_upcasters(&A_YEAR_LATER, || totals_by_year(store, agreement)),
        [none, one_each],
        "as upcast: in 2019"
    );
}
