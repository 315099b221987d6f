//! Detection of personnummer and samordningsnummer in free text.

use crate::common::{parse, valid, with};
use serde_json::json;
use trygglogg_events::{find_identity_number, EventType, IdentityNumberKind, Summary};

use IdentityNumberKind::{Personnummer as P, Samordningsnummer as S};

#[test]
fn finds_valid_numbers_and_passes_ordinary_numbers() {
    let cases: &[(&str, Option<IdentityNumberKind>)] = &[
        // Valid personnummer in every written form.
        ("640823-3234", Some(P)),
        ("6408233234", Some(P)),
        ("19640823-3234", Some(P)),
        ("196408233234", Some(P)),
        ("640823+3234", Some(P)),
        ("640823–3234", Some(P)), // en dash from a word processor
        ("Samtal med 640823-3234 idag", Some(P)),
        ("nr:640823-3234.", Some(P)),
        // Samordningsnummer: day + 60.
        ("701063-2391", Some(S)),
        ("7010632391", Some(S)),
        ("19701063-2391", Some(S)),
        ("197010632391", Some(S)),
        ("701063+2391", Some(S)),
        // Wrong check digit.
        ("640823-3235", None),
        ("6408233230", None),
        ("196408233231", None),
        ("701063-2392", None),
        // Invalid dates with a valid Luhn digit would still be refused as dates.
        ("641323-3237", None),
        ("640832-3233", None),
        ("640892-3230", None),
        // A 12-digit form with an impossible century.
        ("216408233234", None),
        // Phone numbers, dates, amounts, counts.
        ("0563–185 00", None),
        ("0563-18500", None),
        ("070-123 45 67", None),
        ("0701234567", None),
        ("2017-11-07", None),
        ("20171107", None),
        ("1 250 000 kr", None),
        ("Kostnad 12500 kr, 40 fordon, 3 rapporter", None),
        ("Dalavägen 10, 683 80 Hagfors", None),
        // Organisation number (month + 20): not a person.
        ("212000-1835", None),
        // Embedded in a longer run of digits: not a match.
        ("1964082332341", None),
        ("96408233234", None),
        ("00196408233234", None),
        ("640823-32345", None),
        ("1640823-3234", None),
        ("", None),
    ];
    for (text, expected) in cases {
        let found = find_identity_number(text).map(|m| m.kind);
        assert_eq!(found, *expected, "text {text:?}");
    }
}

#[test]
fn reports_where_the_number_is_in_characters() {
    let found = find_identity_number("Åsa: 640823-3234").expect("found");
    assert_eq!((found.start, found.end), (5, 16));
}

#[test]
fn free_text_refuses_numbers_and_names_the_field() {
    let error = Summary::parse("Samtal med 640823-3234").unwrap_err();
    assert!(error.problem.contains("personnummer"), "{error}");
    assert!(
        !error.to_string().contains("640823"),
        "must not echo the number: {error}"
    );

    let data = with(
        valid(EventType::ActivityCompleted),
        "/summary",
        json!("Samtal med 701063-2391"),
    );
    let data = with(data, "/note", json!("Gäller 196408233234"));
    let errors = parse("activity_completed", &data).unwrap_err();
    assert_eq!(errors.paths(), vec!["data.summary", "data.note"]);
    assert!(errors.errors[0].problem.contains("samordningsnummer"));
}

#[test]
fn every_free_text_field_is_checked() {
    let cases = [
        (EventType::AgreementAdopted, "/title", "data.title"),
        (
            EventType::AgreementAdopted,
            "/focus_areas/0/name",
            "data.focus_areas[0].name",
        ),
        (
            EventType::CommitmentAdded,
            "/description",
            "data.description",
        ),
        (EventType::ActivityPlanned, "/places/0", "data.places[0]"),
        (EventType::IndicatorDefined, "/source", "data.source"),
        (EventType::CommitmentAssessed, "/lessons", "data.lessons"),
        (EventType::ActivityCancelled, "/reason", "data.reason"),
        (EventType::FollowUpReviewed, "/minutes", "data.minutes"),
    ];
    for (event_type, pointer, path) in cases {
        let data = if pointer.ends_with("/0") || pointer.contains("/0/") {
            let mut data = valid(event_type);
            *data.pointer_mut(pointer).expect("exists") = json!("640823-3234");
            data
        } else {
            with(valid(event_type), pointer, json!("Se 640823-3234"))
        };
        let errors = parse(event_type.as_str(), &data).unwrap_err();
        assert_eq!(errors.paths(), vec![path], "{event_type:?} {pointer}");
    }
}
