//! No personal identity number gets in, in any spelling and in any stored string;
//! nothing ordinary is refused on the way; text that would mislead its reader is
//! refused.

use crate::common::{parse, valid, with};
use serde_json::{json, Value};
use trygglogg_events::{
    decode, find_identity_number, redact_identity_numbers, EventType, FieldError, PlaceName,
    Summary, Title,
};

/// A completed activity of a kind this build does not know, with generic facts.
fn custom() -> Value {
    let data = with(
        valid(EventType::ActivityCompleted),
        "/kind",
        json!("night_walk"),
    );
    with(
        data,
        "/facts",
        json!({"counts": {"walkers": 12}, "texts": {"route": "Centrum"}}),
    )
}

/// Where a spelling is put: an event's data with the value at a pointer, and the
/// path the refusal must name.
struct Field {
    event_type: EventType,
    base: fn() -> Value,
    pointer: &'static str,
    path: &'static str,
}

const fn field(
    event_type: EventType,
    base: fn() -> Value,
    pointer: &'static str,
    path: &'static str,
) -> Field {
    Field {
        event_type,
        base,
        pointer,
        path,
    }
}

fn completed() -> Value {
    valid(EventType::ActivityCompleted)
}

fn adopted() -> Value {
    valid(EventType::AgreementAdopted)
}

fn planned() -> Value {
    valid(EventType::ActivityPlanned)
}

const SUMMARY: Field = field(
    EventType::ActivityCompleted,
    completed,
    "/summary",
    "data.summary",
);
const NOTE: Field = field(
    EventType::ActivityCompleted,
    completed,
    "/note",
    "data.note",
);
const TITLE: Field = field(EventType::AgreementAdopted, adopted, "/title", "data.title");
const PLANNED_TITLE: Field = field(EventType::ActivityPlanned, planned, "/title", "data.title");
const KIND: Field = field(EventType::ActivityCompleted, custom, "/kind", "data.kind");
const FACT_TEXT: Field = field(
    EventType::ActivityCompleted,
    custom,
    "/facts/texts/route",
    "data.facts.texts.route",
);
const FOCUS_KEY: Field = field(
    EventType::FocusAreaAdded,
    || valid(EventType::FocusAreaAdded),
    "/key",
    "data.key",
);
const CANCEL_REASON: Field = field(
    EventType::ActivityCancelled,
    || valid(EventType::ActivityCancelled),
    "/reason",
    "data.reason",
);

/// Every spelling of 640823-3234 (personnummer) and 701063-2391 (samordningsnummer)
/// that a reader would still read as the number, in the field it is put in.
fn spellings() -> Vec<(&'static str, Field, Value)> {
    let places = |place: &str| json!([place]);
    vec![
        // Spaces and dashes instead of the dash.
        ("a space", SUMMARY, json!("Samtal med 640823 3234.")),
        ("12 digits and a space", SUMMARY, json!("19640823 3234")),
        ("12 digits", NOTE, json!("Gäller 196408233234")),
        ("10 digits", TITLE, json!("Ärende 6408233234")),
        ("+ for 100 years or more", SUMMARY, json!("640823+3234")),
        ("spaces around the dash", SUMMARY, json!("640823 - 3234")),
        ("an en dash and spaces", NOTE, json!("640823 – 3234")),
        ("a minus sign", SUMMARY, json!("640823−3234")),
        ("a non-breaking space", SUMMARY, json!("640823\u{00A0}3234")),
        ("a narrow no-break space", NOTE, json!("640823\u{202F}3234")),
        ("a tab", SUMMARY, json!("640823\t3234")),
        ("several spaces", CANCEL_REASON, json!("640823   3234")),
        // Invisible characters inside.
        ("a soft hyphen", SUMMARY, json!("640823\u{00AD}3234")),
        (
            "a soft hyphen and a dash",
            NOTE,
            json!("640823-\u{00AD}3234"),
        ),
        (
            "a soft hyphen in the date",
            TITLE,
            json!("6408\u{00AD}23-3234"),
        ),
        ("a zero-width space", SUMMARY, json!("640823\u{200B}3234")),
        (
            "zero-width spaces throughout",
            NOTE,
            json!("64\u{200B}08\u{200B}23\u{200B}32\u{200B}34"),
        ),
        ("a zero-width joiner", SUMMARY, json!("640823\u{200D}-3234")),
        (
            "a zero-width non-joiner",
            TITLE,
            json!("640823\u{200C}3234"),
        ),
        (
            "word joiners",
            SUMMARY,
            json!("640823\u{2060}-\u{2060}3234"),
        ),
        ("a byte order mark", NOTE, json!("\u{FEFF}6408233234")),
        (
            "combining low lines",
            SUMMARY,
            json!("6\u{0332}4\u{0332}0823-3234"),
        ),
        // Line breaks inside.
        (
            "a line break for the dash",
            SUMMARY,
            json!("Samtal med 640823\n3234"),
        ),
        ("a dash and a line break", NOTE, json!("640823-\n3234")),
        ("a line break in the date", SUMMARY, json!("6408\n23-3234")),
        ("a line separator", NOTE, json!("640823\u{2028}3234")),
        // Other widths and scripts.
        ("fullwidth", SUMMARY, json!("６４０８２３－３２３４")),
        ("fullwidth, 10 digits", TITLE, json!("６４０８２３３２３４")),
        ("Arabic-Indic", SUMMARY, json!("٦٤٠٨٢٣-٣٢٣٤")),
        ("Extended Arabic-Indic", NOTE, json!("۶۴۰۸۲۳-۳۲۳۴")),
        ("Devanagari", SUMMARY, json!("६४०८२३-३२३४")),
        ("mixed scripts", TITLE, json!("64٠8２3-3２٣4")),
        ("mathematical bold", SUMMARY, json!("𝟔𝟒𝟎𝟖𝟐𝟑-𝟑𝟐𝟑𝟒")),
        (
            "fullwidth with a zero-width space",
            PLANNED_TITLE,
            json!("６４０８２３\u{200B}３２３４"),
        ),
        // Samordningsnummer: day + 60.
        (
            "samordningsnummer with a space",
            SUMMARY,
            json!("701063 2391"),
        ),
        (
            "samordningsnummer with a soft hyphen",
            NOTE,
            json!("701063\u{00AD}2391"),
        ),
        (
            "samordningsnummer in Arabic-Indic",
            SUMMARY,
            json!("٧٠١٠٦٣-٢٣٩١"),
        ),
        (
            "samordningsnummer, 12 digits and a space",
            TITLE,
            json!("19701063 2391"),
        ),
        (
            "samordningsnummer, fullwidth",
            SUMMARY,
            json!("７０１０６３２３９１"),
        ),
        // Identifiers, places, generic facts.
        ("a kind", KIND, json!("pn_6408233234")),
        ("a kind, grouped", KIND, json!("pn_640823_3234")),
        (
            "a kind with a samordningsnummer",
            KIND,
            json!("sn_7010632391"),
        ),
        ("a key", FOCUS_KEY, json!("pn-6408233234")),
        ("a key, grouped", FOCUS_KEY, json!("x-640823-3234")),
        ("a generic fact's text", FACT_TEXT, json!("640823 3234")),
        (
            "a place",
            field(
                EventType::ActivityCompleted,
                completed,
                "/places",
                "data.places[0]",
            ),
            places("Dalavägen 640823 3234"),
        ),
        (
            "a party",
            field(
                EventType::ActivityCompleted,
                completed,
                "/responsible",
                "data.responsible[0]",
            ),
            json!(["640823-3234 kommun"]),
        ),
        (
            "a focus area's name",
            field(
                EventType::AgreementAdopted,
                adopted,
                "/focus_areas",
                "data.focus_areas[0].name",
            ),
            json!([{"key": "trafik", "name": "640823\u{00AD}3234"}]),
        ),
    ]
}

#[test]
fn every_spelling_is_refused_naming_the_field_and_never_echoing_the_number() {
    let spellings = spellings();
    assert!(spellings.len() >= 40, "{} spellings", spellings.len());
    for (spelling, field, value) in spellings {
        let data = with((field.base)(), field.pointer, value.clone());
        let errors = parse(field.event_type.as_str(), &data)
            .expect_err(spelling)
            .errors;
        assert_eq!(
            errors.iter().map(|e| e.path.as_str()).collect::<Vec<_>>(),
            vec![field.path],
            "{spelling}: {errors:?}"
        );
        let message = message(&errors[0]);
        assert!(
            message.contains("personnummer") || message.contains("samordningsnummer"),
            "{spelling}: {message}"
        );
        assert_not_echoed(spelling, &message, &value);
    }
}

/// A name (of a generic fact, or an unknown field) is part of the path: the path
/// names it with the number redacted.
#[test]
fn a_name_holding_a_number_is_named_redacted() {
    let cases = [
        (
            "/facts/counts",
            json!({"p6408233234": 3}),
            "data.facts.counts.p##########",
        ),
        (
            "/facts/texts",
            json!({"p_640823_3234": "x"}),
            "data.facts.texts.p_###########",
        ),
        (
            "/facts/counts",
            json!({"sn7010632391": 1}),
            "data.facts.counts.sn##########",
        ),
        ("/p6408233234", json!(1), "data.p##########"),
    ];
    for (pointer, value, path) in cases {
        let data = with(custom(), pointer, value.clone());
        let errors = parse("activity_completed", &data).unwrap_err().errors;
        let paths: Vec<&str> = errors.iter().map(|e| e.path.as_str()).collect();
        assert_eq!(paths, vec![path], "{pointer} {value}");
        assert_not_echoed(pointer, &message(&errors[0]), &value);
    }
}

/// Values refused for another reason (not a date, not a word, too large) are quoted
/// in the refusal, with any number redacted.
#[test]
fn refusals_that_quote_a_value_redact_numbers_in_it() {
    let cases = [
        (
            EventType::ActivityCompleted,
            "/occurred",
            json!("640823-3234"),
            "data.occurred",
        ),
        (
            EventType::ActivityCompleted,
            "/hours",
            json!(6408233234_i64),
            "data.hours",
        ),
        (
            EventType::ActivityCompleted,
            "/facts/basis",
            json!("٦٤٠٨٢٣-٣٢٣٤"),
            "data.facts.basis",
        ),
        (
            EventType::Retraction,
            "/target",
            json!("640823 3234"),
            "data.target",
        ),
        (
            EventType::FollowUpReviewed,
            "/year",
            json!(196408233234_i64),
            "data.year",
        ),
    ];
    for (event_type, pointer, value, path) in cases {
        let data = with(valid(event_type), pointer, value.clone());
        let errors = parse(event_type.as_str(), &data).unwrap_err().errors;
        assert_eq!(errors[0].path, path, "{errors:?}");
        assert_not_echoed(pointer, &message(&errors[0]), &value);
    }
    assert_eq!(
        redact_identity_numbers("Se 640823-3234 och 7010632391, tel 0563-185 00"),
        "Se ########### och ##########, tel 0563-185 00"
    );
}

fn message(error: &FieldError) -> String {
    format!("{}: {}; {}", error.path, error.problem, error.expected)
}

fn assert_not_echoed(case: &str, message: &str, value: &Value) {
    let sent = value.to_string();
    assert!(
        !message.contains(sent.trim_matches('"')),
        "{case}: {message}"
    );
    assert!(find_identity_number(message).is_none(), "{case}: {message}");
    for part in ["640823", "3234", "701063", "2391"] {
        assert!(!message.contains(part), "{case}: {message}");
    }
    assert!(
        !message
            .chars()
            .any(|c| c.is_numeric() && !c.is_ascii_digit()),
        "{case}: no digit of another script: {message}"
    );
}

/// The refusal says where the number is, in characters of the text as sent.
#[test]
fn positions_are_in_the_text_as_sent() {
    let cases = [
        ("Åsa: 640823-3234", (5, 16)),
        ("x ６４０８２３ ３２３４ y", (2, 13)),
        ("a\u{200B}640823\u{00AD}3234", (2, 13)),
        ("⑥④⓪⑧②③-③②③④", (0, 11)),
    ];
    for (text, span) in cases {
        let found = find_identity_number(text).expect(text);
        assert_eq!((found.start, found.end), span, "{text:?}");
    }
    let error = Summary::parse("Se 640823 3234").unwrap_err();
    assert!(error.problem.contains("characters 4–14"), "{error}");
}

/// Dates, date ranges, times, phone numbers, amounts, counts in a row and
/// organisation numbers: text a follow-up is full of.
#[test]
fn ordinary_text_is_accepted() {
    let texts = [
        "Trafikkontroller 2017-05-12–2017-05-14 i Hagfors centrum.",
        "Perioden 2017-01-01 – 2017-12-31.",
        "Insats 20170512–20170514.",
        "Kl. 14.30–16.00, sedan 18:00-22:00.",
        "Ring 0563-185 00 vid frågor.",
        "Kommunpolisen nås på 070-123 45 67 och 0701234567.",
        "Kostnad 12 500 kr, varav 1 250 000 kr i år.",
        "4 samtal, 12 kontroller, 40 fordon, 3 rapporter.",
        "57 insatser: 16 alkohol, 17 droger, 49 utan körkort, 11 fordon.",
        "Organisationsnummer 212000-1777.",
        "Hagfors kommun 212000-1835 och Polisen 202100-0076.",
        "Dnr KS 2017/0345, SFS 2023:196.",
        "Postadress: Box 703, 683 80 Hagfors.",
        "Referens 1964082332341.",
        "Tertial 1 (jan–apr) 2018: 24 av 20 genomförda.",
        "Kontroller: 24\nRapporter: 3\n2017-05-12\n2017-05-14",
        "１２ kontroller i ٤ butiker.",
        "Ekshärad\u{00AD}vägen och Hagfors\u{200B}centrum.",
        "Vecka 12–14 och 33–35.",
        "Tonårsparlören skickades till 350 vårdnadshavare den 2017-11-07.",
        "Tidsperiod 2017-05-12 1430–1700.",
        "OCR 12345678901234, belopp 640 kr.",
        "Mätt 2016: 71,5 procent; 2017: 74,0 procent.",
    ];
    assert!(texts.len() >= 20);
    for text in texts {
        assert_eq!(find_identity_number(text), None, "{text:?}");
        assert!(Summary::parse(text).is_ok(), "{text:?}");
    }
    for line in texts.iter().filter(|t| !t.contains('\n')) {
        assert!(Title::parse(line).is_ok(), "{line:?}");
    }
}

#[test]
fn misleading_text_is_refused_naming_what_misleads() {
    let cases: [(&str, &str); 12] = [
        ("Kontroll \u{202A}x", "U+202A LEFT-TO-RIGHT EMBEDDING"),
        ("Kontroll \u{202B}x", "U+202B RIGHT-TO-LEFT EMBEDDING"),
        ("Kontroll \u{202C}x", "U+202C POP DIRECTIONAL FORMATTING"),
        ("Kontroll \u{202D}x", "U+202D LEFT-TO-RIGHT OVERRIDE"),
        (
            "Kontroll \u{202E}4323-328046",
            "U+202E RIGHT-TO-LEFT OVERRIDE",
        ),
        ("Kontroll \u{2066}x", "U+2066 LEFT-TO-RIGHT ISOLATE"),
        ("Kontroll \u{2067}x", "U+2067 RIGHT-TO-LEFT ISOLATE"),
        ("Kontroll \u{2068}x", "U+2068 FIRST STRONG ISOLATE"),
        ("Kontroll \u{2069}x", "U+2069 POP DIRECTIONAL ISOLATE"),
        ("\u{200B}", "only invisible characters"),
        (
            "\u{200B} \u{00AD}\u{FEFF}\u{2060}",
            "only invisible characters",
        ),
        ("\u{3164}\u{200D}", "only invisible characters"),
    ];
    for (text, named) in cases {
        for error in [
            Summary::parse(text).unwrap_err(),
            Title::parse(text).unwrap_err(),
            PlaceName::parse(text).unwrap_err(),
        ] {
            assert!(error.problem.contains(named), "{text:?}: {error}");
        }
    }
    for separator in ['\u{2028}', '\u{2029}'] {
        let text = format!("Rad ett{separator}rad två");
        let error = Title::parse(&text).unwrap_err();
        assert!(error.problem.contains("single line"), "{error}");
        assert!(
            error
                .problem
                .contains(&format!("U+{:04X}", u32::from(separator))),
            "{error}"
        );
        assert!(PlaceName::parse(&text).is_err());
        assert!(Summary::parse(&text).is_ok(), "a summary may span lines");
    }
    // Positions count in the text as sent; what trimming drops misleads no one.
    let error = Title::parse("  Kontroll \u{202E}x").unwrap_err();
    assert!(error.problem.contains("(character 12)"), "{error}");
    assert!(Title::parse("Kontroll\u{2028}").is_ok());
    // Through an event: the field is named.
    let data = with(completed(), "/summary", json!("Kontroll \u{202E}x"));
    let errors = parse("activity_completed", &data).unwrap_err();
    assert_eq!(errors.paths(), vec!["data.summary"]);
}

/// Stored events were checked by the rules of their day; a stricter rule must not
/// make them unreadable, or the follow-up they count in could no longer be built.
#[test]
fn stored_events_are_read_as_they_stand() {
    let data = with(
        with(custom(), "/summary", json!("Samtal 640823 3234")),
        "/kind",
        json!("pn_6408233234"),
    );
    assert!(parse("activity_completed", &data).is_err());
    let event = decode("activity_completed", 2, &data).expect("a stored event decodes");
    assert_eq!(event.event_type(), EventType::ActivityCompleted);
}
