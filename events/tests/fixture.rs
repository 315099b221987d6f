//! The Hagfors 2017 seed (events/fixtures/hagfors-2017.jsonl): every line validates,
//! every stream folds without a rule violation, and the facts of the press release
//! come out.

use crate::common::ctx;
use std::collections::BTreeMap;
use trygglogg_events::{
    decode, encode, ActivityReport, DomainEvent, ImportLine, Quantity, RecordedDomainEvent,
    StreamCategory, StreamName, StreamState, Target,
};
use uuid::Uuid;

struct Loaded {
    streams: BTreeMap<String, (StreamName, StreamState, Vec<DomainEvent>)>,
    ids: Vec<Uuid>,
}

fn load() -> Loaded {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/hagfors-2017.jsonl");
    let text = std::fs::read_to_string(path).expect("fixture exists");
    let mut loaded = Loaded {
        streams: BTreeMap::new(),
        ids: Vec::new(),
    };
    let mut position = 0;
    for (n, line) in text.lines().enumerate() {
        let line: ImportLine =
            serde_json::from_str(line).unwrap_or_else(|e| panic!("line {}: {e}", n + 1));
        let (stream, events) = line
            .validate(&ctx())
            .unwrap_or_else(|e| panic!("line {}:\n{e}", n + 1));
        let (_, state, domain_events) = loaded
            .streams
            .entry(stream.to_string())
            .or_insert_with(|| (stream, StreamState::default(), Vec::new()));
        state
            .check_batch(&stream, &events)
            .unwrap_or_else(|v| panic!("line {}: {v}", n + 1));
        for validated in events {
            let id = validated
                .id
                .unwrap_or_else(|| panic!("line {}: fixed ids", n + 1));
            // Stored and read back, as the store would.
            let encoded = encode(&validated.event);
            let event = decode(encoded.event_type, encoded.schema_version, &encoded.data).unwrap();
            assert_eq!(event, validated.event);
            position += 1;
            state.apply(&RecordedDomainEvent {
                id,
                version: state.version() + 1,
                position,
                event: event.clone(),
            });
            domain_events.push(event);
            loaded.ids.push(id);
        }
    }
    loaded
}

fn completed(loaded: &Loaded) -> Vec<&trygglogg_events::ActivityCompleted> {
    loaded
        .streams
        .values()
        .flat_map(|(_, _, events)| events)
        .filter_map(|e| match e {
            DomainEvent::ActivityCompleted(c) => Some(c),
            _ => None,
        })
        .collect()
}

#[test]
fn every_line_validates_and_folds() {
    let loaded = load();
    let mut ids = loaded.ids.clone();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), loaded.ids.len(), "event ids are unique");
    let count = |category| {
        loaded
            .streams
            .values()
            .filter(|(name, _, _)| name.category() == category)
            .count()
    };
    assert_eq!(
        count(StreamCategory::Agreement),
        2,
        "the earlier and the new agreement"
    );
    assert_eq!(count(StreamCategory::Activity), 14);
}

#[test]
fn the_seed_facts_come_out() {
    let loaded = load();
    let completed = completed(&loaded);
    assert_eq!(
        completed.len(),
        13,
        "twelve follow-up activities and the inspection"
    );

    let talks: Vec<Quantity> = completed
        .iter()
        .filter_map(|c| match &c.report {
            ActivityReport::SeriousTalk(facts) => Some(facts.talks),
            _ => None,
        })
        .collect();
    assert_eq!(
        talks,
        vec![Quantity::Exactly(
            trygglogg_events::Count::parse(4).unwrap()
        )]
    );

    let inspection = completed
        .iter()
        .find(|c| matches!(c.report, ActivityReport::LicensingInspection(_)))
        .expect("the November inspection");
    let places: Vec<&str> = inspection.places.iter().map(|p| p.as_str()).collect();
    assert_eq!(places, ["Hagfors", "Ekshärad"]);

    let test_purchase = completed
        .iter()
        .find(|c| matches!(c.report, ActivityReport::TestPurchase(_)))
        .expect("test purchases");
    assert_eq!(
        test_purchase.occurred.end().to_string(),
        "2017-07-31",
        "latest in July 2017"
    );

    let planned: Vec<_> = loaded
        .streams
        .values()
        .flat_map(|(_, _, events)| events)
        .filter(|e| matches!(e, DomainEvent::ActivityPlanned(_)))
        .collect();
    assert_eq!(planned.len(), 1, "the six-week operation, in progress");
}

#[test]
fn the_new_agreement_has_two_focus_areas_and_six_commitments() {
    let loaded = load();
    let (_, _, events) = loaded
        .streams
        .values()
        .find(|(_, _, events)| {
            events.iter().any(|e| {
                matches!(e, DomainEvent::AgreementAdopted(a) if a.period.first_year.get() == 2018)
            })
        })
        .expect("the new agreement");
    let DomainEvent::AgreementAdopted(adopted) = &events[0] else {
        panic!("starts with the adoption")
    };
    assert_eq!(adopted.focus_areas.len(), 2);
    assert_eq!(adopted.period.years(), 2);
    let commitments: Vec<_> = events
        .iter()
        .filter_map(|e| match e {
            DomainEvent::CommitmentAdded(c) => Some(c),
            _ => None,
        })
        .collect();
    assert_eq!(commitments.len(), 6);
    let per_area = |key: &str| {
        commitments
            .iter()
            .filter(|c| c.focus_area.as_str() == key)
            .count()
    };
    assert_eq!(
        (per_area("trafikmiljon"), per_area("alkohol-och-droger")),
        (2, 4)
    );
    assert!(
        commitments
            .iter()
            .all(|c| !matches!(c.target, Target::PerYear(_))),
        "the seed promises no numbers"
    );
}

#[test]
fn the_earlier_agreement_was_followed_up_for_2017() {
    let loaded = load();
    let reviews: Vec<_> = loaded
        .streams
        .values()
        .flat_map(|(_, _, events)| events)
        .filter_map(|e| match e {
            DomainEvent::FollowUpReviewed(r) => Some(r),
            _ => None,
        })
        .collect();
    assert_eq!(reviews.len(), 1);
    assert_eq!(reviews[0].year.get(), 2017);
    assert_eq!(reviews[0].body.as_str(), "Trygghetsrådet");
}
