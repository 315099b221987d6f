//! What each known kind records (v3 of `activity_completed`), with its Swedish
//! labels; custom kinds and facts with theirs; quantities as the source gives
//! them. Table-driven: one row per rule, refusals with the field named.

use crate::common::{parse, valid, with};
use serde_json::{json, Value};
use trygglogg_events::{
    fact_label, kind_label, kind_plural, known_kinds, ActivityReport, DomainEvent, EventType,
    FactValue, LabelledFact, Measure, Quantity, KNOWN_ACTIVITY_KINDS,
};

fn completed(kind: &str, facts: Value) -> Value {
    let data = with(valid(EventType::ActivityCompleted), "/kind", json!(kind));
    with(data, "/facts", facts)
}

fn report_of(data: &Value) -> ActivityReport {
    match parse("activity_completed", data) {
        Ok(DomainEvent::ActivityCompleted(c)) => c.report,
        other => panic!("{data}: {other:?}"),
    }
}

fn count(n: u32) -> FactValue {
    FactValue::Count(Quantity::Exactly(
        trygglogg_events::Count::parse(n.into()).unwrap(),
    ))
}

fn fact(name: &str, label: &str, value: FactValue) -> LabelledFact {
    LabelledFact {
        name: name.into(),
        label: label.into(),
        one: None,
        value,
    }
}

fn words(items: &[&str]) -> FactValue {
    FactValue::Words(items.iter().map(|s| (*s).to_owned()).collect())
}

#[test]
fn each_kinds_outcomes_are_read_with_their_swedish_labels() {
    let cases: Vec<(&str, Value, Vec<LabelledFact>)> = vec![
        (
            "traffic_control",
            json!({"focus": ["speed", "sobriety"], "controls": {"at_least": 30}, "checked": 212,
                   "reports": {"drunk_driving": 2, "unlicensed_driving": 1, "speeding": 9},
                   "vehicles_seized": 1, "camera": true}),
            vec![
                fact("focus", "inriktning", words(&["hastighet", "nykterhet"])),
                fact(
                    "controls",
                    "kontroller",
                    FactValue::Count(Quantity::AtLeast(
                        trygglogg_events::Count::parse(30).unwrap(),
                    )),
                ),
                fact("checked", "kontrollerade förare", count(212)),
                fact(
                    "reports.drunk_driving",
                    "rapporter om rattfylleri",
                    count(2),
                ),
                fact(
                    "reports.unlicensed_driving",
                    "rapporter om olovlig körning",
                    count(1),
                ),
                fact(
                    "reports.speeding",
                    "rapporter om hastighetsöverträdelse",
                    count(9),
                ),
                fact("vehicles_seized", "omhändertagna fordon", count(1)),
                fact("camera", "med fartkamera", words(&["ja"])),
            ],
        ),
        (
            "traffic_control",
            json!({"focus": ["speed"], "camera": 3, "reported": "several"}),
            vec![
                fact("focus", "inriktning", words(&["hastighet"])),
                fact("reported", "rapporter", FactValue::Count(Quantity::Several)),
                fact("camera", "med fartkamera", count(3)),
            ],
        ),
        // Operations (trafikinsatser) apart from controls; no focus where the
        // source names none (ej angivet).
        (
            "traffic_control",
            json!({"basis": "targeted", "operations": 57, "controls": 1}),
            vec![
                fact("basis", "grund", words(&["riktad insats"])),
                fact("operations", "trafikinsatser", count(57)),
                fact("controls", "kontroller", count(1)),
            ],
        ),
        (
            "licensing_inspection",
            json!({"premises_inspected": 12, "remarks": 3, "sanctions_proposed": 1}),
            vec![
                fact(
                    "premises_inspected",
                    "inspekterade serveringsställen",
                    count(12),
                ),
                fact("remarks", "anmärkningar", count(3)),
                fact("sanctions_proposed", "föreslagna sanktioner", count(1)),
            ],
        ),
        (
            "test_purchase",
            json!({"products": ["beer", "e_cigarettes"], "attempts": 10, "sales_refused": 7, "sales_made": 3}),
            vec![
                fact("products", "varor", words(&["öl", "e-cigaretter"])),
                fact("attempts", "köpförsök", count(10)),
                fact("sales_refused", "nekade köp", count(7)),
                fact("sales_made", "genomförda köp", count(3)),
            ],
        ),
        (
            "serious_talk",
            json!({"talks": 4}),
            vec![fact("talks", "samtal", count(4))],
        ),
        (
            "coordination_meeting",
            json!({"organisations": ["Polisen", "Hagfors kommun/skola"], "meetings": 6,
                   "participants": {"Polisen": 2, "Hagfors kommun/skola": 5}}),
            vec![
                fact(
                    "organisations",
                    "organisationer",
                    words(&["Polisen", "Hagfors kommun/skola"]),
                ),
                fact("meetings", "möten", count(6)),
                fact(
                    "participants.Hagfors kommun/skola",
                    "deltagare från Hagfors kommun/skola",
                    count(5),
                ),
                fact("participants.Polisen", "deltagare från Polisen", count(2)),
            ],
        ),
        // Any organisation by its name, beside the parties.
        (
            "coordination_meeting",
            json!({"organisations": ["Polisen", "Hagforshem AB", "Räddningstjänsten Östra Värmland"],
                   "participants": {"Hagforshem AB": 1, "Räddningstjänsten Östra Värmland": 3}}),
            vec![
                fact(
                    "organisations",
                    "organisationer",
                    words(&[
                        "Polisen",
                        "Hagforshem AB",
                        "Räddningstjänsten Östra Värmland",
                    ]),
                ),
                fact(
                    "participants.Hagforshem AB",
                    "deltagare från Hagforshem AB",
                    count(1),
                ),
                fact(
                    "participants.Räddningstjänsten Östra Värmland",
                    "deltagare från Räddningstjänsten Östra Värmland",
                    count(3),
                ),
            ],
        ),
        (
            "information_material",
            json!({"material": "Tonårsparlören", "audience": "vårdnadshavare", "publisher": "IQ"}),
            vec![
                fact("material", "material", words(&["Tonårsparlören"])),
                fact("audience", "målgrupp", words(&["vårdnadshavare"])),
                fact("publisher", "utgivare", words(&["IQ"])),
            ],
        ),
    ];
    for (kind, facts, expected) in cases {
        let report = report_of(&completed(kind, facts.clone()));
        assert_eq!(report.labelled_facts(), expected, "{kind}: {facts}");
    }
}

#[test]
fn outcomes_refused_name_the_field() {
    let cases: Vec<(&str, Value, &str)> = vec![
        (
            "traffic_control",
            json!({"focus": ["speed"], "reports": {"speeding": 2}, "reported": 2}),
            "data.facts.reported",
        ),
        (
            "traffic_control",
            json!({"focus": ["speed"], "reports": {"rattfylleri": 2}}),
            "data.facts.reports.rattfylleri",
        ),
        (
            "traffic_control",
            json!({"focus": ["speed"], "reports": {"speeding": -1}}),
            "data.facts.reports.speeding",
        ),
        (
            "traffic_control",
            json!({"focus": ["speed"], "camera": "yes"}),
            "data.facts.camera",
        ),
        (
            "traffic_control",
            json!({"focus": ["speed"], "controls": {"at_least": -3}}),
            "data.facts.controls.at_least",
        ),
        (
            "traffic_control",
            json!({"focus": ["speed"], "controls": {"about": 30}}),
            "data.facts.controls",
        ),
        (
            "test_purchase",
            json!({"products": ["beer"], "outlets_tested": 3}),
            "data.facts.outlets_tested",
        ),
        (
            "licensing_inspection",
            json!({"premises_visited": 3}),
            "data.facts.premises_visited",
        ),
        (
            "coordination_meeting",
            json!({"organisations": ["Polisen"], "participants": {"Hagfors kommun": 3}}),
            "data.facts.participants.Hagfors kommun",
        ),
        (
            "coordination_meeting",
            json!({"organisations": ["Polisen"], "participants": {"Anna Svensson": 1}}),
            "data.facts.participants.Anna Svensson",
        ),
        (
            "traffic_control",
            json!({"focus": [], "operations": 2}),
            "data.facts.focus",
        ),
        (
            "traffic_control",
            json!({"operations": -2}),
            "data.facts.operations",
        ),
        (
            "coordination_meeting",
            json!({"organisations": ["Polisen", "Ring 19811218-9876"]}),
            "data.facts.organisations[1]",
        ),
        (
            "coordination_meeting",
            json!({"organisations": [""]}),
            "data.facts.organisations[0]",
        ),
        (
            "coordination_meeting",
            json!({"organisations": ["Polisen"], "participants": {"Polisen": 1, " Polisen": 2}}),
            "data.facts.participants.Polisen",
        ),
        (
            "night_walk",
            json!({"counts": {"walks": 2}, "labels": {"route": "Rutt"}}),
            "data.facts.labels.route",
        ),
        (
            "night_walk",
            json!({"counts": {"utan_körkort": 2}}),
            "data.facts.counts.utan_körkort",
        ),
        // A singular only for a count that has its label.
        (
            "night_walk",
            json!({"counts": {"walks": 2}, "singular_labels": {"walks": "vandring"}}),
            "data.facts.singular_labels.walks",
        ),
        (
            "night_walk",
            json!({"texts": {"route": "Centrum"}, "labels": {"route": "rutt"},
                   "singular_labels": {"route": "rutt"}}),
            "data.facts.singular_labels.route",
        ),
        (
            "night_walk",
            json!({"counts": {"walks": 2}, "labels": {"walks": "vandringar"},
                   "singular_labels": {"walks": "Ring 19811218-9876"}}),
            "data.facts.singular_labels.walks",
        ),
    ];
    for (kind, facts, path) in cases {
        let data = completed(kind, facts.clone());
        let errors = parse("activity_completed", &data).unwrap_err();
        assert_eq!(errors.paths(), vec![path], "{kind}: {facts}");
    }
}

#[test]
fn custom_kinds_and_facts_take_swedish_labels() {
    let data = with(
        completed(
            "riktad_trafikinsats",
            json!({"counts": {"utan_korkort": 3, "kontroller": {"at_least": 30}},
                   "texts": {"inriktning": "Hastighet och nykterhet"},
                   "labels": {"utan_korkort": "körde utan körkort"}}),
        ),
        "/kind_label",
        json!("Riktad trafikinsats i ytterområdena"),
    );
    let report = report_of(&data);
    assert_eq!(report.kind_label(), "Riktad trafikinsats i ytterområdena");
    let labels: Vec<(String, String)> = report
        .labelled_facts()
        .into_iter()
        .map(|f| (f.name, f.label))
        .collect();
    assert_eq!(
        labels,
        [
            ("kontroller", "kontroller"),
            ("utan_korkort", "körde utan körkort"),
            ("inriktning", "inriktning"),
        ]
        .map(|(n, l)| (n.to_owned(), l.to_owned()))
    );
    // Without a label, the key reads as words, never as raw `Riktad_trafikinsats`.
    let plain = report_of(&completed("riktad_trafikinsats", json!({})));
    assert_eq!(plain.kind_label(), "riktad trafikinsats");
    // A known kind has the catalogue's name, and takes no label of its own.
    let known = with(
        valid(EventType::ActivityCompleted),
        "/kind_label",
        json!("Fartkontroll"),
    );
    let errors = parse("activity_completed", &known).unwrap_err();
    assert_eq!(errors.paths(), vec!["data.kind_label"]);
    // A label is a text: no personnummer in it.
    let person = with(data, "/kind_label", json!("Insats mot 19640823-3234"));
    let errors = parse("activity_completed", &person).unwrap_err();
    assert_eq!(errors.paths(), vec!["data.kind_label"]);
}

/// A custom kind may give its Swedish plural beside its label; it is kept
/// (and written back) as given, refused for a known kind or with a
/// personnummer, and optional, so events without one stay valid.
#[test]
fn a_custom_kind_may_give_its_plural() {
    let data = with(
        with(
            completed("riktad_trafikinsats", json!({})),
            "/kind_label",
            json!("Riktad trafikinsats"),
        ),
        "/kind_plural",
        json!("riktade trafikinsatser"),
    );
    let report = report_of(&data);
    assert_eq!(
        report.custom_plural().map(|p| p.as_str()),
        Some("riktade trafikinsatser")
    );
    let written = serde_json::to_value(&report).unwrap();
    assert_eq!(written["kind_plural"], "riktade trafikinsatser");
    let without = report_of(&completed("riktad_trafikinsats", json!({})));
    assert_eq!(without.custom_plural(), None);
    assert!(serde_json::to_value(&without)
        .unwrap()
        .get("kind_plural")
        .is_none());
    for (data, path) in [
        (
            with(
                valid(EventType::ActivityCompleted),
                "/kind_plural",
                json!("fartkontroller"),
            ),
            "data.kind_plural",
        ),
        (
            with(
                data.clone(),
                "/kind_plural",
                json!("Insatser mot 19640823-3234"),
            ),
            "data.kind_plural",
        ),
    ] {
        let errors = parse("activity_completed", &data).unwrap_err();
        assert_eq!(errors.paths(), vec![path], "{data}");
    }
}

/// A custom count's singular label (å, ä and ö allowed) rides beside its
/// plural, for the follow-up to use after 1.
#[test]
fn a_custom_count_gives_its_singular_label() {
    let report = report_of(&completed(
        "riktad_insats",
        json!({"counts": {"insatser": 1, "personer": 2},
               "labels": {"insatser": "riktade trafikinsatser", "personer": "personer"},
               "singular_labels": {"insatser": "riktad trafikinsats"}}),
    ));
    let labels: Vec<(String, String, Option<String>)> = report
        .labelled_facts()
        .into_iter()
        .map(|f| (f.name, f.label, f.one))
        .collect();
    assert_eq!(
        labels,
        [
            (
                "insatser".to_owned(),
                "riktade trafikinsatser".to_owned(),
                Some("riktad trafikinsats".to_owned())
            ),
            ("personer".to_owned(), "personer".to_owned(), None),
        ]
    );
}

#[test]
fn a_custom_kinds_plan_takes_its_label_too() {
    let plan = with(
        valid(EventType::ActivityPlanned),
        "/kind",
        json!("riktad_trafikinsats"),
    );
    let plan = with(plan, "/kind_label", json!("Riktad trafikinsats"));
    let Ok(DomainEvent::ActivityPlanned(planned)) = parse("activity_planned", &plan) else {
        panic!("refused")
    };
    assert_eq!(planned.kind_label.unwrap().as_str(), "Riktad trafikinsats");
    let known = with(
        valid(EventType::ActivityPlanned),
        "/kind_label",
        json!("Fartkontroll"),
    );
    let errors = parse("activity_planned", &known).unwrap_err();
    assert_eq!(errors.paths(), vec!["data.kind_label"]);
}

/// The table of labels covers every known kind and exactly the fields each
/// kind's facts have in the JSON Schema, so no fact goes unlabelled.
#[test]
fn every_known_kind_and_fact_has_a_swedish_label() {
    let kinds = known_kinds();
    assert_eq!(kinds.len(), KNOWN_ACTIVITY_KINDS.len());
    let schema =
        serde_json::to_value(trygglogg_events::data_schema(EventType::ActivityCompleted)).unwrap();
    let variants = find_one_of(&schema).expect("the report's oneOf");
    for (kind, known) in kinds.iter().zip(KNOWN_ACTIVITY_KINDS.iter()) {
        assert_eq!(kind.kind, known.as_str());
        assert_eq!(kind_label(kind.kind), Some(kind.label));
        assert!(!kind.label.is_empty() && kind.label == kind.label.to_lowercase());
        assert_eq!(kind_plural(kind.kind), Some(kind.plural));
        assert!(!kind.plural.is_empty() && kind.plural == kind.plural.to_lowercase());
        let variant = variants
            .iter()
            .find(|v| v["properties"]["kind"]["const"] == kind.kind)
            .unwrap_or_else(|| panic!("no schema for {}", kind.kind));
        let facts = resolve(&schema, &variant["properties"]["facts"]);
        let mut in_schema: Vec<&str> = facts["properties"]
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        let mut labelled: Vec<&str> = kind.facts.iter().map(|f| f.name).collect();
        in_schema.sort_unstable();
        labelled.sort_unstable();
        assert_eq!(labelled, in_schema, "{}", kind.kind);
        for fact in kind.facts {
            if let Measure::CountsBy(parts) = fact.measure {
                for part in parts {
                    let name = format!("{}.{}", fact.name, part.name);
                    assert_eq!(fact_label(&name).as_deref(), Some(part.label), "{name}");
                }
            }
        }
    }
    assert_eq!(fact_label("talks").as_deref(), Some("samtal"));
    assert_eq!(
        fact_label("participants.Polisen").as_deref(),
        Some("deltagare från Polisen")
    );
    assert_eq!(fact_label("stolen_bikes"), None);
}

fn find_one_of(value: &Value) -> Option<&Vec<Value>> {
    match value {
        Value::Object(map) => map
            .get("oneOf")
            .and_then(Value::as_array)
            .filter(|v| {
                v.iter()
                    .any(|v| v["properties"]["kind"].get("const").is_some())
            })
            .or_else(|| map.values().find_map(find_one_of)),
        Value::Array(items) => items.iter().find_map(find_one_of),
        _ => None,
    }
}

fn resolve<'a>(root: &'a Value, schema: &'a Value) -> &'a Value {
    match schema.get("$ref").and_then(Value::as_str) {
        Some(reference) => root
            .pointer(reference.trim_start_matches('#'))
            .unwrap_or_else(|| panic!("{reference}")),
        None => schema,
    }
}

#[test]
fn a_start_is_refused_with_the_field_named() {
    let cases: Vec<(&str, Value, &str)> = vec![
        (
            "/expected_length",
            json!({"fortnights": 3}),
            "data.expected_length.fortnights",
        ),
        (
            "/expected_length",
            json!({"weeks": 200}),
            "data.expected_length.weeks",
        ),
        (
            "/expected_length",
            json!({"weeks": 6, "days": 2}),
            "data.expected_length",
        ),
        ("/expected_length", json!(6), "data.expected_length"),
        ("/started", json!("2999-01-01"), "data.started"),
        ("/kind", json!("traffic_control"), "data.kind_label"),
    ];
    for (pointer, value, path) in cases {
        let mut data = with(valid(EventType::ActivityStarted), pointer, value.clone());
        if pointer == "/kind" {
            data = with(data, "/kind_label", json!("Fartkontroll"));
        }
        let errors = parse("activity_started", &data).unwrap_err();
        assert_eq!(errors.paths(), vec![path], "{pointer}: {value}");
    }
    let accepted = with(
        valid(EventType::ActivityStarted),
        "/expected_length",
        json!({"days": 10}),
    );
    assert!(parse("activity_started", &accepted).is_ok());
}

/// A refused label does not hide the facts' refusals: all are named at once.
#[test]
fn a_refused_label_and_refused_facts_are_named_together() {
    let data = with(
        completed(
            "traffic_control",
            json!({"focus": ["speed"], "reports": {"rattfylleri": 2}, "controls": {"at_least": -1}}),
        ),
        "/kind_label",
        json!("Fartkontroll"),
    );
    let errors = parse("activity_completed", &data).unwrap_err();
    assert_eq!(
        errors.paths(),
        vec![
            "data.kind_label",
            "data.facts.controls.at_least",
            "data.facts.reports.rattfylleri",
        ]
    );
}

/// Each known kind's plural, as it follows any number but 1; a kind this
/// build does not know has none (its label stands for both).
#[test]
fn known_kinds_have_swedish_plurals() {
    for (kind, plural) in [
        ("traffic_control", Some("trafikkontroller")),
        ("licensing_inspection", Some("alkoholtillsyner")),
        ("targeted_operation", Some("riktade insatser")),
        ("serious_talk", Some("allvarssamtal")),
        ("coordination_meeting", Some("samverkansmöten")),
        ("safety_walk", Some("trygghetsvandringar")),
        ("nattvandring", None),
    ] {
        assert_eq!(kind_plural(kind), plural, "{kind}");
    }
}
