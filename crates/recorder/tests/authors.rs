//! Who records what: a reporter its own organisation's activities, an
//! auditor corrections and retractions only, and no correction hands an
//! activity to another organisation.

use crate::*;

#[tokio::test]
async fn a_reporter_records_only_its_own_organisations_activities() {
    let (_dir, recorder) = recorder_serving().await;
    let police_activity = activity_stream();
    let school_activity = activity_stream();
    let agreement = format!("agreement-{}", Uuid::new_v4());
    let school_planned = {
        let mut p = planned();
        p["data"]["responsible"] = json!(["Hagfors kommun/skola"]);
        p
    };
    recorder
        .record(
            &stream_named(&police_activity),
            &request(json!({"events": [planned()]})),
            &coordinator(),
            &context(),
        )
        .await
        .unwrap();
    recorder
        .record(
            &stream_named(&school_activity),
            &request(json!({"events": [school_planned]})),
            &coordinator(),
            &context(),
        )
        .await
        .unwrap();
    let adopt = json!({"events": [{"type": "agreement_adopted", "data": {
        "title": "Medborgarlöften 2018–2019", "municipality": "Hagfors kommun",
        "parties": ["Hagfors kommun", "Polisen"], "period": {"first_year": 2018, "years": 2},
        "focus_areas": [{"key": "trafikmiljo", "name": "Trafikmiljön"}]}}]});
    let cancel =
        || json!({"events": [{"type": "activity_cancelled", "data": {"reason": "Snöoväder."}}]});
    let new_activity = activity_stream();
    // (reporter's organisation, stream, request, allowed?)
    let cases = [
        ("Polisen", agreement.clone(), adopt.clone(), false),
        ("Polisen", school_activity.clone(), cancel(), false),
        ("Hagfors kommun", police_activity.clone(), cancel(), false),
        (
            "Polisen",
            new_activity.clone(),
            json!({"events": [{"type": "activity_planned", "data": {
            "title": "Skolbesök", "kind": "meeting", "planned": "2018-07-01",
            "places": ["Hagfors"], "responsible": ["Hagfors kommun/skola"]}}]}),
            false,
        ),
        ("Hagfors kommun", school_activity.clone(), cancel(), true),
        ("Polisen", police_activity.clone(), cancel(), true),
    ];
    for (organisation, stream, body, allowed) in cases {
        let result = recorder
            .record(
                &stream_named(&stream),
                &request(body),
                &reporter(organisation),
                &context(),
            )
            .await;
        match (allowed, result) {
            (true, Ok(_)) | (false, Err(RecordError::Forbidden(_))) => {}
            (allowed, other) => {
                panic!("{organisation} on {stream}: allowed={allowed}, got {other:?}")
            }
        }
    }
    assert!(
        recorder
            .store()
            .stream_version(&StreamName::parse(&agreement).unwrap())
            .unwrap()
            == 0
    );
}

#[tokio::test]
async fn an_auditor_records_corrections_and_retractions_only() {
    let (_dir, recorder) = recorder_serving().await;
    let stream = activity_stream();
    let done = recorder
        .record(
            &stream_named(&stream),
            &request(json!({"events": [completed("Kontroll.")]})),
            &coordinator(),
            &context(),
        )
        .await
        .unwrap();
    let auditor = Author {
        actor: "revisor".into(),
        organisation: "Hagfors kommun".into(),
        scope: Scope::Amendments,
        municipalities: Municipalities::Listed(
            vec![Municipality::parse("Hagfors kommun").unwrap()],
        ),
    };
    let new_work = request(json!({"events": [completed("Ny kontroll.")]}));
    let other = activity_stream();
    match recorder
        .record(&stream_named(&other), &new_work, &auditor, &context())
        .await
    {
        Err(RecordError::Forbidden(message)) => {
            assert!(message.contains("corrections and retractions"))
        }
        result => panic!("an auditor recorded new work: {result:?}"),
    }
    let correction = request(json!({"events": [{"type": "correction", "data": {
        "target": done.event_ids[0], "target_type": "activity_completed",
        "changes": {"places": ["Ekshärad"]}, "reason": "Fel ort angavs."}}]}));
    let recorded = recorder
        .record(&stream_named(&stream), &correction, &auditor, &context())
        .await
        .unwrap();
    assert_eq!(recorded.stream_version, 2);
}

#[tokio::test]
async fn a_reporter_cannot_hand_an_activity_to_another_organisation_by_correcting_it() {
    let (_dir, recorder) = recorder_serving().await;
    let stream = activity_stream();
    let police = reporter("Polisen");
    let done = recorder
        .record(
            &stream_named(&stream),
            &request(json!({"events": [completed("Kontroll.")]})),
            &police,
            &context(),
        )
        .await
        .unwrap();
    let hand_over = |to: &str| {
        request(json!({"events": [{"type": "correction", "data": {
        "target": done.event_ids[0], "target_type": "activity_completed",
        "changes": {"responsible": [to]}, "reason": "Fel ansvarig."}}]}))
    };
    match recorder
        .record(
            &stream_named(&stream),
            &hand_over("Hagfors kommun"),
            &police,
            &context(),
        )
        .await
    {
        Err(RecordError::Forbidden(_)) => {}
        other => panic!("a reporter handed its activity away: {other:?}"),
    }
    // A coordinator may; after that the activity is the kommun's, not Polisen's.
    recorder
        .record(
            &stream_named(&stream),
            &hand_over("Hagfors kommun"),
            &coordinator(),
            &context(),
        )
        .await
        .unwrap();
    let cancel = request(
        json!({"events": [{"type": "activity_cancelled", "data": {"reason": "Inställd."}}]}),
    );
    let refused = recorder
        .record(&stream_named(&stream), &cancel, &police, &context())
        .await;
    assert!(
        matches!(refused, Err(RecordError::Forbidden(_))),
        "{refused:?}"
    );
}
