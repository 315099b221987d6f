//! The newtypes: each refuses what it must and accepts what it should.

use crate::common::date;
use trygglogg_events::{
    ActivityKind, Count, DateRange, Department, Key, Municipality, Party, PlaceName, Summary,
    Title, Year,
};

#[test]
fn parties() {
    let hagfors = || Municipality::parse("Hagfors kommun").unwrap();
    let accepted = [
        ("Polisen", Party::Police),
        ("Hagfors kommun", Party::Municipality(hagfors())),
        (
            "Hagfors kommun/socialtjänst",
            Party::Department {
                municipality: hagfors(),
                department: Department::SocialServices,
            },
        ),
        (
            "Malung-Sälens kommun",
            Party::Municipality(Municipality::parse("Malung-Sälens kommun").unwrap()),
        ),
        (
            "Upplands Väsby kommun/skola",
            Party::Department {
                municipality: Municipality::parse("Upplands Väsby kommun").unwrap(),
                department: Department::School,
            },
        ),
    ];
    for (raw, expected) in accepted {
        let party = Party::parse(raw).unwrap_or_else(|e| panic!("{raw}: {e}"));
        assert_eq!(party, expected);
        assert_eq!(party.to_string(), raw, "displays as written");
    }
    let refused = [
        "polisen",
        "Polis",
        "Hagfors",
        "hagfors kommun",
        "Hagfors kommun/ekonomi",
        "Hagfors kommun/",
        " kommun",
        "Hagfors  kommun",
        "Hagfors kommun/skola/rektor",
        "Hagfors7 kommun",
        "",
    ];
    for raw in refused {
        let error = Party::parse(raw).unwrap_err();
        assert!(error.expected.contains("Polisen"), "{raw}: {error}");
    }
}

#[test]
fn departments_act_for_their_municipality() {
    let parties = [Party::Police, Party::parse("Hagfors kommun").unwrap()];
    assert!(Party::parse("Hagfors kommun/skola")
        .unwrap()
        .acts_for(&parties));
    assert!(Party::Police.acts_for(&parties));
    assert!(!Party::parse("Munkfors kommun").unwrap().acts_for(&parties));
    assert!(!Party::parse("Munkfors kommun/skola")
        .unwrap()
        .acts_for(&parties));
}

#[test]
fn place_names() {
    assert_eq!(
        PlaceName::parse("  Ekshärad ").unwrap().as_str(),
        "Ekshärad"
    );
    let empty = PlaceName::parse("   ").unwrap_err();
    assert_eq!(
        empty.to_string(),
        "must not be empty; give the locality, e.g. \"Hagfors centrum\""
    );
    assert!(PlaceName::parse("Hagfors\ncentrum")
        .unwrap_err()
        .problem
        .contains("single line"));
    assert!(PlaceName::parse(&"x".repeat(101)).is_err());
    assert!(PlaceName::parse(&"x".repeat(100)).is_ok());
}

#[test]
fn text_caps_and_control_characters() {
    let cases: &[(&str, bool)] = &[
        ("Trafikkontroller", true),
        ("Två rader\när okej i en sammanfattning", true),
        ("klocka\u{7}", false),
        ("   ", false),
    ];
    for (text, ok) in cases {
        assert_eq!(Summary::parse(text).is_ok(), *ok, "{text:?}");
    }
    assert!(Title::parse("Två\nrader").is_err());
    assert!(
        Title::parse(&"å".repeat(200)).is_ok(),
        "counts characters, not bytes"
    );
    let long = Title::parse(&"å".repeat(201)).unwrap_err();
    assert!(long.problem.contains("201 characters"), "{long}");
}

#[test]
fn counts_years_keys_and_kinds() {
    assert_eq!(Count::parse(0).unwrap().get(), 0);
    assert!(Count::parse(-1).unwrap_err().problem.contains("negative"));
    assert!(Count::parse(1_000_001).is_err());
    assert!(Year::parse(1999).is_err());
    assert!(Year::parse(2101).is_err());
    assert_eq!(Year::parse(2017).unwrap().get(), 2017);
    for ok in ["trafikmiljo", "andt-arbete", "2018-a"] {
        assert!(Key::parse(ok).is_ok(), "{ok}");
    }
    for bad in [
        "",
        "Trafik",
        "-a",
        "trafik miljö",
        "trafikmiljö",
        &"a".repeat(65),
        "640823-3234",
        "196408233234",
        "elev-701063-2391",
    ] {
        assert!(Key::parse(bad).is_err(), "{bad}");
    }
    assert!(
        Key::parse("2017-11-07").is_ok(),
        "a date is no identity number"
    );
    assert_eq!(
        ActivityKind::parse("serious_talk").unwrap(),
        ActivityKind::SeriousTalk
    );
    let custom = ActivityKind::parse("night_walk").unwrap();
    assert!(matches!(custom, ActivityKind::Other(_)));
    assert_eq!(custom.as_str(), "night_walk");
    for bad in ["Night walk", "x", "night-walk", "_walk", "nattvandring!"] {
        assert!(ActivityKind::parse(bad).is_err(), "{bad}");
    }
}

#[test]
fn date_ranges() {
    let may = DateRange::parse(date(2017, 5, 1), date(2017, 5, 31)).unwrap();
    assert_eq!(
        (may.from(), may.to()),
        (date(2017, 5, 1), date(2017, 5, 31))
    );
    assert!(
        DateRange::parse(date(2017, 5, 1), date(2017, 5, 1)).is_ok(),
        "one day"
    );
    let backwards = DateRange::parse(date(2017, 5, 31), date(2017, 5, 1)).unwrap_err();
    assert!(
        backwards.problem.contains("before it starts"),
        "{backwards}"
    );
    assert!(
        DateRange::parse(date(2016, 1, 1), date(2018, 1, 2)).is_err(),
        "too long"
    );
}
