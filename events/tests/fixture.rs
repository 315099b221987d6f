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
    assert_eq!(count(StreamCategory::Activity), 12);
}

#[test]
fn the_seed_facts_come_out() {
    let loaded = load();
    let completed = completed(&loaded);
    assert_eq!(
        completed.len(),
        11,
        "ten follow-up activities and the inspection"
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

    // The six-week operation is under way ("pågår just nu"), six weeks long;
    // nothing is merely planned.
    let events = || loaded.streams.values().flat_map(|(_, _, events)| events);
    let started: Vec<_> = events()
        .filter_map(|e| match e {
            DomainEvent::ActivityStarted(started) => Some(started),
            _ => None,
        })
        .collect();
    assert_eq!(started.len(), 1, "the six-week operation, in progress");
    assert!(matches!(
        started[0].expected_length,
        Some(trygglogg_events::ExpectedLength::Weeks(weeks)) if weeks.get() == 6
    ));
    assert!(!events().any(|e| matches!(e, DomainEvent::ActivityPlanned(_))));
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
fn the_earlier_agreement_ran_in_earlier_years_and_no_review_is_invented() {
    let loaded = load();
    let events = |stream: &str| &loaded.streams[stream].2;
    let DomainEvent::AgreementAdopted(earlier) =
        &events("agreement-5a1e0000-2017-4000-8000-000000000001")[0]
    else {
        panic!("the earlier agreement starts with its adoption")
    };
    // "tidigare år": the first year is not known, only that it ran up to 2017.
    assert!(earlier.period.start_unknown());
    assert_eq!(earlier.period.first_year.get(), 2017);
    assert_eq!(earlier.adopted, None, "the seed does not say when");
    // The seed says follow-ups are made yearly in Trygghetsrådet, not that one
    // was held in November 2017: that is in the description, not a review event.
    let description = earlier.description.as_ref().expect("described");
    assert!(description
        .as_str()
        .contains("följs årligen upp i Trygghetsrådet"));
    let reviews = loaded
        .streams
        .values()
        .flat_map(|(_, _, events)| events)
        .filter(|e| matches!(e, DomainEvent::FollowUpReviewed(_)))
        .count();
    assert_eq!(reviews, 0);
}

#[test]
fn the_new_agreement_was_agreed_in_november_2017_by_no_named_body() {
    let loaded = load();
    let DomainEvent::AgreementAdopted(new) =
        &loaded.streams["agreement-5a1e0000-2018-4000-8000-000000000002"].2[0]
    else {
        panic!("the new agreement starts with its adoption")
    };
    // "enats om" in the November 2017 press release: the month, no day.
    assert_eq!(
        new.adopted.map(|a| a.to_string()).as_deref(),
        Some("2017-11")
    );
    // "Fortsatt samarbete", "Vi fortsätter nu inom samma områden".
    assert_eq!(
        new.follows.map(|f| f.to_string()).as_deref(),
        Some("5a1e0000-2017-4000-8000-000000000001")
    );
    // The release names neither the adopting body nor who signed.
    assert_eq!(new.adopted_by, None);
    assert!(new.signatories.is_empty());
    assert!(new.other_parties.is_empty());
}

/// Each activity's date as the seed gives it: the year for work "during the
/// year", "hittills" or with no date at all (never 1 January), the month where
/// the seed names one, early November as a range.
#[test]
fn every_activity_is_dated_as_precisely_as_the_seed() {
    let cases = [
        (
            1,
            "2017",
            "hastighet, centrum och yttre områden: sker kontinuerligt",
        ),
        (
            3,
            "2017",
            "nykterhet, centrum och yttre områden: sker kontinuerligt",
        ),
        (5, "2017", "trafikbeteende: sker regelbundet"),
        (6, "2017-07", "köpkontroller: senast i juli 2017"),
        (7, "2017-05", "Tonårsparlören: i maj"),
        (8, "2017", "Tänk om: no date"),
        (9, "2017-03", "drogpolicy: klar mars 2017"),
        (10, "2017", "mötesforum: vid flertal tillfällen"),
        (11, "2017", "anmälningsrutiner: no date"),
        (12, "2017", "allvarssamtal: hittills"),
        (
            13,
            "2017-09-21–2017-11-30",
            "sex veckor lång insats: pågår just nu, started on one of these days",
        ),
        (
            14,
            "2017-11-01–2017-11-15",
            "alkoholinspektion: under början av november",
        ),
    ];
    let loaded = load();
    for (n, expected, words) in cases {
        let stream = format!("activity-ac710000-2017-4000-8000-{n:012}");
        let date = match &loaded.streams[&stream].2[0] {
            DomainEvent::ActivityCompleted(c) => c.occurred,
            DomainEvent::ActivityStarted(s) => s.started,
            other => panic!("{stream} starts with {other:?}"),
        };
        assert_eq!(date.to_string(), expected, "{words}");
    }
}

#[test]
fn the_traffic_work_is_several_controls_never_a_number() {
    let loaded = load();
    let controls: Vec<Option<Quantity>> = completed(&loaded)
        .iter()
        .filter_map(|c| match &c.report {
            ActivityReport::TrafficControl(facts) => Some(facts.controls),
            _ => None,
        })
        .collect();
    // Speed and sobriety, each in the centre and the outer areas ("Flertalet
    // övervakningar … såväl i Hagfors centrum som i yttre områden": one body
    // of work with two places), and the behaviour monitoring ("regelbundet").
    assert_eq!(controls, vec![Some(Quantity::Several); 3]);
}
