//! Corrections and retractions apply; "as of" shows what the view showed then.

use serde_json::json;
use trygglogg_projections::follow_up::{Audience, Counts, Status};
use trygglogg_projections::Projections;
use uuid::Uuid;

use crate::helpers::{agreement, agreement_with_target, author, control, open, record};
use trygglogg_test_support::record_history;

#[tokio::test]
async fn corrections_and_retractions_change_the_view_and_as_of_shows_the_past() {
    let (dir, recorder) = open();
    let agreement = agreement(&recorder).await;
    let police = author("polis-1", "Polisen");
    let (a, b) = (Uuid::new_v4(), Uuid::new_v4());
    let first = record(
        &recorder,
        &format!("activity-{a}"),
        json!([control(agreement, "2018-03-01", 40, "Hagfors centrum")]),
        &police,
    )
    .await;
    record(
        &recorder,
        &format!("activity-{b}"),
        json!([control(agreement, "2018-04-01", 10, "Ekshärad")]),
        &police,
    )
    .await;
    let store = recorder.store().clone();
    let projections = Projections::open(store.clone(), dir.path().join("views")).unwrap();
    let before_amendments = store.head().recorded.unwrap();
    let both = projections
        .follow_up(agreement, 2018, Audience::Public)
        .unwrap()
        .unwrap();
    assert_eq!(
        both.focus_areas[0].commitments[0].progress.counts.completed,
        2
    );

    let correction = json!([{"type": "correction", "data": {
        "target": first.event_ids[0], "target_type": "activity_completed",
        "changes": {"places": ["Sunnemo"]}, "reason": "Fel ort angavs."}}]);
    record(
        &recorder,
        &format!("activity-{a}"),
        correction,
        &author("revisor", "Hagfors kommun"),
    )
    .await;
    let after_correction = store.head().recorded.unwrap();
    let retraction = json!([{"type": "retraction", "data": {"target": first.event_ids[0], "reason": "Dubbelregistrerad."}}]);
    record(&recorder, &format!("activity-{a}"), retraction, &police).await;

    // Reopening catches up from the checkpoint written by the first open.
    let projections = Projections::open(store.clone(), dir.path().join("views")).unwrap();
    let commitment = |view: &trygglogg_projections::follow_up::FollowUp| {
        view.focus_areas[0].commitments[0].clone()
    };

    // Now: the retracted activity counts nowhere; the other one still does.
    let now = projections
        .follow_up(agreement, 2018, Audience::Internal)
        .unwrap()
        .unwrap();
    let c = commitment(&now);
    assert_eq!(c.progress.counts.completed, 1);
    assert_eq!(c.progress.facts.0["checked"].sum, 10);
    assert_eq!(c.status, Status::Partly);
    assert_eq!(now.amendments.len(), 2, "both amendments changed 2018");
    assert!(now.amendments[0].recorded_by.as_deref() == Some("revisor (Hagfors kommun)"));

    // As of just after the correction: counted, at the corrected place.
    let then = projections
        .follow_up_as_of(agreement, 2018, after_correction, Audience::Public)
        .unwrap()
        .unwrap();
    let c = commitment(&then);
    assert_eq!(c.progress.counts.completed, 2);
    assert_eq!(c.progress.facts.0["checked"].sum, 50);
    assert_eq!(c.progress.activities[0].places, ["Sunnemo"]);
    assert_eq!(then.built_from.as_of, Some(after_correction));
    assert_eq!(then.amendments.len(), 1);

    // As of before any amendment: as first recorded.
    let earlier = projections
        .follow_up_as_of(agreement, 2018, before_amendments, Audience::Public)
        .unwrap()
        .unwrap();
    assert_eq!(
        commitment(&earlier).progress.activities[0].places,
        ["Hagfors centrum"]
    );
    assert!(earlier.amendments.is_empty());
    assert!(earlier.built_from.position < then.built_from.position);

    // Before the agreement existed there is nothing to show.
    let genesis = chrono::DateTime::UNIX_EPOCH;
    assert!(projections
        .follow_up_as_of(agreement, 2018, genesis, Audience::Public)
        .unwrap()
        .is_none());
}

#[tokio::test]
async fn status_follows_the_target() {
    let (dir, recorder) = open();
    let agreement = agreement(&recorder).await;
    let police = author("polis-1", "Polisen");
    let projections =
        Projections::open(recorder.store().clone(), dir.path().join("views")).unwrap();
    let status = |p: &Projections| {
        p.follow_up(agreement, 2018, Audience::Public)
            .unwrap()
            .unwrap()
            .focus_areas[0]
            .commitments[0]
            .status
    };
    assert_eq!(status(&projections), Status::NotStarted);
    tokio::spawn(projections.clone().follow());
    // (completed so far, expected status) with a target of 3 a year
    for (n, expected) in [
        (1, Status::Partly),
        (2, Status::Partly),
        (3, Status::Achieved),
    ] {
        let date = format!("2018-05-0{n}");
        record(
            &recorder,
            &format!("activity-{}", Uuid::new_v4()),
            json!([control(agreement, &date, 5, "Hagfors")]),
            &police,
        )
        .await;
        wait_until_applied(&projections).await;
        assert_eq!(status(&projections), expected, "after {n}");
    }
    // 2019 is another year: nothing there yet.
    let next = projections
        .follow_up(agreement, 2019, Audience::Public)
        .unwrap()
        .unwrap();
    assert_eq!(
        next.focus_areas[0].commitments[0].status,
        Status::NotStarted
    );
}

pub async fn wait_until_applied(projections: &Projections) {
    let head = projections.store().head().position;
    for _ in 0..500 {
        if projections.applied() >= head {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    panic!("the projection did not catch up with position {head}");
}

#[tokio::test]
async fn the_public_never_sees_a_note_even_through_a_correction() {
    let (dir, recorder) = open();
    let agreement = agreement(&recorder).await;
    let police = author("polis-1", "Polisen");
    let stream = format!("activity-{}", Uuid::new_v4());
    let done = record(
        &recorder,
        &stream,
        json!([control(agreement, "2018-03-01", 4, "Hagfors")]),
        &police,
    )
    .await;
    let fix = json!([{"type": "correction", "data": {"target": done.event_ids[0],
        "target_type": "activity_completed", "changes": {"note": "Hemlig uppgift."}, "reason": "Ny anteckning."}}]);
    record(&recorder, &stream, fix, &police).await;
    let projections =
        Projections::open(recorder.store().clone(), dir.path().join("views")).unwrap();
    let public = serde_json::to_string(
        &projections
            .follow_up(agreement, 2018, Audience::Public)
            .unwrap()
            .unwrap(),
    )
    .unwrap();
    let internal = serde_json::to_string(
        &projections
            .follow_up(agreement, 2018, Audience::Internal)
            .unwrap()
            .unwrap(),
    )
    .unwrap();
    assert!(internal.contains("Hemlig uppgift."));
    assert!(
        !public.contains("Hemlig")
            && !public.contains("Intern anteckning")
            && !public.contains("polis-1"),
        "{public}"
    );
    assert!(
        public.contains("Ny anteckning."),
        "the amendment itself is public: {public}"
    );
}

#[tokio::test]
async fn unlinked_work_counts_for_its_municipality_only() {
    let (dir, recorder) = open();
    let agreement = agreement(&recorder).await;
    let coordinator = author("samordnare", "Hagfors kommun");
    let unlinked = |responsible: &str| {
        json!([{"type": "activity_completed", "data": {
        "kind": "serious_talk", "facts": {"talks": 2}, "occurred": "2018-04-04",
        "places": ["Hagfors"], "responsible": [responsible], "summary": "Två allvarssamtal."}}])
    };
    // Recorded before serves was required: history reads as it stands.
    record_history(
        &recorder,
        &format!("activity-{}", Uuid::new_v4()),
        unlinked("Hagfors kommun/socialtjänst"),
        &coordinator,
    )
    .await;
    // Recorded before serves was required: history reads as it stands.
    record_history(
        &recorder,
        &format!("activity-{}", Uuid::new_v4()),
        unlinked("Polisen"),
        &coordinator,
    )
    .await;
    // Recorded before serves was required: history reads as it stands.
    record_history(
        &recorder,
        &format!("activity-{}", Uuid::new_v4()),
        unlinked("Torsby kommun"),
        &coordinator,
    )
    .await;
    let projections =
        Projections::open(recorder.store().clone(), dir.path().join("views")).unwrap();
    let view = projections
        .follow_up(agreement, 2018, Audience::Public)
        .unwrap()
        .unwrap();
    let responsible: Vec<&str> = view
        .unattached
        .iter()
        .map(|a| a.responsible[0].as_str())
        .collect();
    assert_eq!(responsible, ["Hagfors kommun/socialtjänst"]);
}

#[tokio::test]
async fn a_one_off_done_once_stays_achieved_in_later_years() {
    let (dir, recorder) = open();
    let id = agreement_with_target(&recorder, json!("once")).await;
    let projections =
        Projections::open(recorder.store().clone(), dir.path().join("views")).unwrap();
    tokio::spawn(projections.clone().follow());
    let status = |year| {
        projections
            .follow_up(id, year, Audience::Public)
            .unwrap()
            .unwrap()
            .focus_areas[0]
            .commitments[0]
            .status
    };
    assert_eq!(
        (status(2018), status(2019)),
        (Status::NotStarted, Status::NotStarted)
    );
    let police = author("polis-1", "Polisen");
    let done = json!([control(id, "2018-09-01", 5, "Hagfors")]);
    record(
        &recorder,
        &format!("activity-{}", Uuid::new_v4()),
        done,
        &police,
    )
    .await;
    wait_until_applied(&projections).await;
    assert_eq!(
        (status(2018), status(2019)),
        (Status::Achieved, Status::Achieved)
    );
}

#[tokio::test]
async fn a_correction_that_moves_an_activity_shows_in_the_year_it_left() {
    let (dir, recorder) = open();
    let agreement = agreement(&recorder).await;
    let police = author("polis-1", "Polisen");
    let moved = format!("activity-{}", Uuid::new_v4());
    let done = record(
        &recorder,
        &moved,
        json!([control(agreement, "2018-03-01", 40, "Hagfors")]),
        &police,
    )
    .await;
    record(
        &recorder,
        &format!("activity-{}", Uuid::new_v4()),
        json!([control(agreement, "2018-04-01", 10, "Ekshärad")]),
        &police,
    )
    .await;
    // A checkpoint from before the corrections: the reopened view follows
    // the moves incrementally, the one in a fresh directory rebuilds.
    Projections::open(recorder.store().clone(), dir.path().join("views")).unwrap();
    let correct = |changes: serde_json::Value, reason: &str| {
        json!([{"type": "correction", "data": {"target": done.event_ids[0],
            "target_type": "activity_completed", "changes": changes, "reason": reason}}])
    };
    // (the correction; then per year 2018 and 2019: completed activities and
    // which of the corrections so far it lists, by their number)
    let steps = [
        (
            json!({"occurred": "2019-02-01"}),
            "Fel år.",
            [(1, vec![0]), (1, vec![0])],
        ),
        // Made while the activity was in 2019: 2018 does not list it.
        (
            json!({"places": ["Sunnemo"]}),
            "Fel ort.",
            [(1, vec![0]), (1, vec![0, 1])],
        ),
        // Back in 2018: both moves changed both years.
        (
            json!({"occurred": "2018-05-01"}),
            "Ändå rätt år.",
            [(2, vec![0, 2]), (0, vec![0, 1, 2])],
        ),
    ];
    let mut corrections = Vec::new();
    for (changes, reason, expected) in steps {
        let recorded = record(&recorder, &moved, correct(changes, reason), &police).await;
        corrections.push(recorded.positions[0]);
        for views in ["views", "rebuilt"] {
            let _ = std::fs::remove_dir_all(dir.path().join("rebuilt"));
            let projections =
                Projections::open(recorder.store().clone(), dir.path().join(views)).unwrap();
            for (year, (completed, listed)) in [2018, 2019].into_iter().zip(&expected) {
                let listed: Vec<u64> = listed.iter().map(|&n| corrections[n]).collect();
                let (counts, amendments) = counts_and_amendments(&projections, agreement, year);
                assert_eq!(
                    (counts.completed, amendments),
                    (*completed, listed),
                    "{views}, {year}, after {reason}"
                );
            }
        }
    }
}

/// A year's public follow-up, as far as moves show: its counts, and the log
/// positions of the amendments it lists.
fn counts_and_amendments(
    projections: &Projections,
    agreement: Uuid,
    year: i32,
) -> (Counts, Vec<u64>) {
    let view = projections
        .follow_up(agreement, year, Audience::Public)
        .unwrap()
        .unwrap();
    let listed = view.amendments.iter().map(|a| a.position).collect();
    (view.totals, listed)
}

#[tokio::test]
async fn a_correction_stays_in_the_year_it_was_made_in_after_a_reschedule() {
    let (dir, recorder) = open();
    let agreement = agreement(&recorder).await;
    let police = author("polis-1", "Polisen");
    let stream = format!("activity-{}", Uuid::new_v4());
    let plan = record(
        &recorder,
        &stream,
        json!([{"type": "activity_planned", "data": {
        "title": "Kontroll", "kind": "traffic_control", "planned": "2018-12-15",
        "serves": {"agreement": agreement, "focus_area": "trafikmiljo", "commitment": "kontroller"},
        "places": ["Hagfors"], "responsible": ["Polisen"]}}]),
        &police,
    )
    .await;
    let correction = record(
        &recorder,
        &stream,
        json!([{"type": "correction", "data": {
        "target": plan.event_ids[0], "target_type": "activity_planned",
        "changes": {"places": ["Sunnemo"]}, "reason": "Fel ort."}}]),
        &police,
    )
    .await;
    record(
        &recorder,
        &stream,
        json!([{"type": "activity_rescheduled", "data": {
        "planned": "2019-01-15", "reason": "Snö."}}]),
        &police,
    )
    .await;
    let projections =
        Projections::open(recorder.store().clone(), dir.path().join("views")).unwrap();
    let (in_2018, listed_2018) = counts_and_amendments(&projections, agreement, 2018);
    let (in_2019, listed_2019) = counts_and_amendments(&projections, agreement, 2019);
    assert_eq!((in_2018.planned, in_2019.planned), (0, 1));
    assert_eq!(
        listed_2018,
        [correction.positions[0]],
        "made while the plan was in 2018"
    );
    assert!(listed_2019.is_empty(), "it changed nothing in 2019");
}
