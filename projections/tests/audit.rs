//! The audit trail: filters, paging, and the links of every amendment.

use serde_json::json;
use trygglogg_events::StreamName;
use trygglogg_projections::audit::{trail, AuditQuery};
use trygglogg_projections::follow_up::AmendmentKind;
use uuid::Uuid;

use crate::helpers::{agreement, author, control, open, record};

#[tokio::test]
async fn the_trail_filters_pages_and_links_amendments() {
    let (_dir, recorder) = open();
    let agreement = agreement(&recorder).await;
    let police = author("polis-1", "Polisen");
    let auditor = author("revisor", "Hagfors kommun");
    let activity = format!("activity-{}", Uuid::new_v4());
    let done = record(
        &recorder,
        &activity,
        json!([control(agreement, "2018-03-01", 40, "Hagfors")]),
        &police,
    )
    .await;
    for n in 0..5 {
        record(
            &recorder,
            &format!("activity-{}", Uuid::new_v4()),
            json!([control(agreement, "2018-03-02", n, "Hagfors")]),
            &police,
        )
        .await;
    }
    let between = recorder.store().head().recorded.unwrap();
    let fix = record(
        &recorder,
        &activity,
        json!([{"type": "correction", "data": {
        "target": done.event_ids[0], "target_type": "activity_completed",
        "changes": {"places": ["Ekshärad"]}, "reason": "Fel ort."}}]),
        &auditor,
    )
    .await;
    let store = recorder.store().clone();
    let query = |q: AuditQuery| {
        trail(
            &store,
            &AuditQuery {
                limit: q.limit.max(100),
                ..q
            },
        )
        .unwrap()
    };

    // One stream: the completion and its correction, linked both ways.
    let stream = query(AuditQuery {
        stream: Some(StreamName::parse(&activity).unwrap()),
        ..Default::default()
    });
    assert_eq!(stream.entries.len(), 2);
    assert_eq!(stream.entries[0].amended_by.len(), 1);
    assert_eq!(stream.entries[0].amended_by[0].id, fix.event_ids[0]);
    assert_eq!(
        stream.entries[0].amended_by[0].kind,
        Some(AmendmentKind::Correction)
    );
    let link = stream.entries[1].amends.as_ref().unwrap();
    assert_eq!(
        (link.id, link.position),
        (done.event_ids[0], Some(done.positions[0]))
    );
    assert_eq!(
        stream.entries[0].occurred.unwrap().from.to_string(),
        "2018-03-01"
    );
    assert!(stream.next_after.is_none());
    // The JSON's fields in their order: the event's head, then the rest.
    let first = &stream.entries[0];
    let json = serde_json::to_string(first).unwrap();
    let head = format!(
        r#"{{"position":{},"stream":"{activity}","version":1,"id":"{}","type":"activity_completed","occurred":{{"#,
        done.positions[0], done.event_ids[0]
    );
    assert!(json.starts_with(&head), "{json}");
    let rest = [
        "recorded",
        "actor",
        "organisation",
        "hash",
        "data",
        "amends",
        "amended_by",
    ];
    let at = |key: &str| json.find(&format!(r#","{key}":"#)).unwrap();
    assert!(rest.windows(2).all(|w| at(w[0]) < at(w[1])), "{json}");

    // (filter, expected number of entries)
    let cases = [
        (
            AuditQuery {
                actor: Some("polis-1".into()),
                ..Default::default()
            },
            6,
        ),
        (
            AuditQuery {
                organisation: Some("Hagfors kommun".into()),
                ..Default::default()
            },
            3,
        ),
        (
            AuditQuery {
                event_type: Some("correction".into()),
                ..Default::default()
            },
            1,
        ),
        (
            AuditQuery {
                event_type: Some("activity_completed".into()),
                actor: Some("revisor".into()),
                ..Default::default()
            },
            0,
        ),
        (
            AuditQuery {
                recorded_from: Some(between),
                ..Default::default()
            },
            2,
        ),
        (
            AuditQuery {
                recorded_to: Some(between),
                ..Default::default()
            },
            8,
        ),
    ];
    for (filter, expected) in cases {
        let page = query(filter.clone());
        assert_eq!(page.entries.len(), expected, "{filter:?}");
    }

    // Paging: three at a time, continuing from the cursor, covers the log once.
    let mut seen = Vec::new();
    let mut after = 0;
    loop {
        let page = trail(
            &store,
            &AuditQuery {
                after,
                limit: 3,
                ..Default::default()
            },
        )
        .unwrap();
        seen.extend(page.entries.iter().map(|e| e.head.position));
        match page.next_after {
            Some(next) => after = next,
            None => break,
        }
    }
    assert_eq!(seen, (1..=store.head().position).collect::<Vec<_>>());
}
