//! An activity under way (`activity_started`) shows as "pågår" until it is
//! completed or cancelled; "as of" shows it as it stood.

use serde_json::json;
use trygglogg_projections::follow_up::{ActivityStatus, Audience, ExpectedLength, FollowUp};
use trygglogg_projections::Projections;
use uuid::Uuid;

use crate::helpers::{agreement, author, open, record};

#[tokio::test]
async fn under_way_until_completed_and_as_of_shows_it_under_way() {
    let (dir, recorder) = open();
    let agreement = agreement(&recorder).await;
    let police = author("polis-1", "Polisen");
    let stream = format!("activity-{}", Uuid::new_v4());
    let started = record(
        &recorder,
        &stream,
        json!([{"type": "activity_started", "data": {
            "title": "Insats mot ungdomar och narkotika", "kind": "targeted_operation",
            "serves": {"agreement": agreement, "focus_area": "trafikmiljo"},
            "started": "2018-11-06", "expected_length": {"weeks": 6},
            "places": ["Hagfors kommun"], "responsible": ["Polisen"]}}]),
        &police,
    )
    .await;
    let store = recorder.store().clone();
    let under_way = store.head().recorded.unwrap();
    let projections = Projections::open(store.clone(), dir.path().join("views")).unwrap();
    let view = |view: &FollowUp| view.focus_areas[0].without_commitment.clone();

    let now = projections
        .follow_up(agreement, 2018, Audience::Public)
        .unwrap()
        .unwrap();
    let progress = view(&now);
    assert_eq!(progress.counts.started, 1);
    assert_eq!(progress.counts.completed, 0);
    let line = &progress.activities[0];
    assert_eq!(line.status, ActivityStatus::Started);
    assert_eq!(line.kind_label, "riktad insats");
    assert_eq!(
        line.title.as_deref(),
        Some("Insats mot ungdomar och narkotika")
    );
    assert_eq!(line.expected_length, Some(ExpectedLength::Weeks(6)));
    assert_eq!(line.dates.from.to_string(), "2018-11-06");

    // A correction of the start's date moves it, as it moves a completion.
    record(
        &recorder,
        &stream,
        json!([{"type": "correction", "data": {"target": started.event_ids[0],
            "target_type": "activity_started", "changes": {"started": "2018-11-13"},
            "reason": "Fel startdatum."}}]),
        &police,
    )
    .await;
    record(
        &recorder,
        &stream,
        json!([{"type": "activity_completed", "data": {
            "kind": "targeted_operation", "facts": {"theme": "ungdomar och narkotika", "duration_weeks": 6},
            "occurred": {"from": "2018-11-13", "to": "2018-12-21"},
            "places": ["Hagfors kommun"], "responsible": ["Polisen"],
            "summary": "Sex veckors insats genomförd."}}]),
        &police,
    )
    .await;
    let projections = Projections::open(store.clone(), dir.path().join("views")).unwrap();
    let done = projections
        .follow_up(agreement, 2018, Audience::Public)
        .unwrap()
        .unwrap();
    let progress = view(&done);
    assert_eq!((progress.counts.started, progress.counts.completed), (0, 1));
    assert_eq!(progress.activities[0].status, ActivityStatus::Completed);
    assert_eq!(progress.activities[0].dates.from.to_string(), "2018-11-13");

    let then = projections
        .follow_up_as_of(agreement, 2018, under_way, Audience::Public)
        .unwrap()
        .unwrap();
    assert_eq!(view(&then).counts.started, 1, "as of the start: under way");
    assert_eq!(
        view(&then).activities[0].dates.from.to_string(),
        "2018-11-06"
    );
}

#[tokio::test]
async fn a_planned_activity_started_then_cancelled_is_cancelled() {
    let (dir, recorder) = open();
    let agreement = agreement(&recorder).await;
    let police = author("polis-1", "Polisen");
    let stream = format!("activity-{}", Uuid::new_v4());
    for event in [
        json!({"type": "activity_planned", "data": {
            "title": "Trygghetsvandring", "kind": "safety_walk", "planned": "2018-05-01",
            "serves": {"agreement": agreement, "focus_area": "trafikmiljo"},
            "places": ["Ekshärad"], "responsible": ["Polisen"]}}),
        json!({"type": "activity_started", "data": {"started": "2018-05-02"}}),
    ] {
        record(&recorder, &stream, json!([event]), &police).await;
    }
    let projections =
        Projections::open(recorder.store().clone(), dir.path().join("views")).unwrap();
    let status = |projections: &Projections| {
        let view = projections
            .follow_up(agreement, 2018, Audience::Public)
            .unwrap()
            .unwrap();
        let line = view.focus_areas[0].without_commitment.activities[0].clone();
        (line.status, line.dates.from.to_string(), line.places)
    };
    assert_eq!(
        status(&projections),
        (
            ActivityStatus::Started,
            "2018-05-02".into(),
            vec!["Ekshärad".to_owned()]
        )
    );
    record(
        &recorder,
        &stream,
        json!([{"type": "activity_cancelled", "data": {"reason": "Avbröts på grund av sjukdom."}}]),
        &police,
    )
    .await;
    let projections =
        Projections::open(recorder.store().clone(), dir.path().join("views")).unwrap();
    assert_eq!(status(&projections).0, ActivityStatus::Cancelled);
}
