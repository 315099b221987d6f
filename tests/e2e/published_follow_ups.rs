//! Issue 15, "How it is checked": real, published follow-ups of medborgarlöften
//! of two other municipalities than the demo's Hagfors, recorded through the
//! HTTP API only, as their coordinators and a police reporter would, from
//! their own published numbers; then read back as the public reads them
//! (JSON, page, CSV). Every number here is quoted, with its URL, in
//! `fixtures/strangnas-2019.md` and `fixtures/toreboda-2018.md`.

use serde_json::{json, Value};
use uuid::Uuid;

use crate::requests::{activity_stream, agreement_stream, body};
use crate::server::Server;

/// An event of `type` with `data`, and an id of its own.
pub(crate) fn event(kind: &str, data: Value) -> Value {
    json!({"id": Uuid::new_v4(), "type": kind, "data": data})
}

/// What serves the commitment `commitment` under `focus_area` of `agreement`.
fn serving(agreement: Uuid, focus_area: &str, commitment: &str) -> Value {
    json!({"agreement": agreement, "focus_area": focus_area, "commitment": commitment})
}

/// Appends `events` to `stream` as `token` and expects them recorded; the
/// log position of the last one.
pub(crate) fn record(server: &Server, stream: &str, token: &str, events: Vec<Value>) -> u64 {
    let answer = server.append(stream, token, &body(None, events));
    assert_eq!(answer.status, 201, "{stream}: {}", answer.text);
    let positions = answer.body["positions"].as_array().unwrap();
    positions.last().and_then(Value::as_u64).unwrap()
}

/// Each completed activity in a stream of its own, as a reporter records them.
fn record_activities(server: &Server, token: &str, activities: Vec<Value>) -> u64 {
    activities
        .into_iter()
        .map(|done| record(server, &activity_stream(), token, vec![done]))
        .max()
        .unwrap()
}

/// The commitment `key` of a follow-up's JSON.
fn commitment<'a>(follow_up: &'a Value, key: &str) -> &'a Value {
    follow_up["focus_areas"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|area| area["commitments"].as_array().unwrap())
        .find(|c| c["key"] == key)
        .unwrap_or_else(|| panic!("no commitment {key} in {follow_up}"))
}

/// Strängnäs 2019: the agreement as polisen.se published it, its commitments
/// with the targets it gave (fixtures/strangnas-2019.md). Source:
/// <https://polisen.se/om-polisen/medborgarloften/strangnas/>, "Medborgarlöfte 2019".
fn strangnas_agreement() -> Vec<Value> {
    let adopted = event(
        "agreement_adopted",
        json!({
        "title": "Medborgarlöfte 2019", "municipality": "Strängnäs kommun",
        "parties": ["Strängnäs kommun", "Polisen"],
        "period": {"first_year": 2019, "years": 1},
        "adopted": "2019-02",
        "situation": "Relativt sett är Strängnäs kommun en trygg och säker kommun att bo och vistas i, men i de dialoger vi haft med medborgarna och utifrån den brottstatistik som finns är det några brottsstyper som skapar otrygghet hos medborgarna.",
        "focus_areas": [
            {"key": "inbrott", "name": "Färre båt- och bostadsinbrott"},
            {"key": "trafikmiljon", "name": "Tryggheten och säkerheten inom trafikmiljön"},
            {"key": "trygghet", "name": "Trygghetsvandringar"}
        ]}),
    );
    let commitment = |key: &str,
                      area: &str,
                      title: &str,
                      description: &str,
                      kinds: Value,
                      responsible: Value,
                      target: Value| {
        event(
            "commitment_added",
            json!({"key": key, "focus_area": area, "title": title, "description": description,
                   "responsible": responsible, "activity_kinds": kinds, "target": target}),
        )
    };
    let both = json!(["Polisen", "Strängnäs kommun"]);
    vec![
        adopted,
        commitment(
            "grannsamverkan", "inbrott", "Nya grannsamverkansområden",
            "Vi kommer under året etablera minst åtta stycken nya grannsamverkansområden i Strängnäs kommun.",
            json!(["grannsamverkan"]), both.clone(),
            json!({"fact": "omraden", "at_least": 8}),
        ),
        commitment(
            "batsamverkan", "inbrott", "Nya båtsamverkansområden",
            "Vi kommer att etablera två nya båtsamverkansområden under året.",
            json!(["batsamverkan"]), both.clone(),
            json!({"fact": "omraden", "at_least": 2}),
        ),
        commitment(
            "trafikkontroller", "trafikmiljon", "Trafikkontroller",
            "Polisen kommer genomföra trafikkontroller under året i kommunens samtliga kommundelar med inriktning på nykterhet, hastighet och beteende kontroller i trafiken.",
            json!(["traffic_control"]), json!(["Polisen"]), json!("continuous"),
        ),
        commitment(
            "mopeder", "trafikmiljon", "Insatser mot trimmade mopeder",
            "Polisen kommer under året genomföra minst två stycken riktade insatser mot trimmade mopeder och A-traktorer.",
            json!(["targeted_operation"]), json!(["Polisen"]), json!({"per_year": 2}),
        ),
        commitment(
            "trygghetsvandringar", "trygghet", "Trygghetsvandringar",
            "Strängnäs kommun kommer tillsammans med polisen att genomföra minst fyra stycken trygghetsvandringar under året, bland annat i och kring Strängnäs resecentrum och Läggesta station.",
            json!(["safety_walk"]), both, json!({"per_year": 4}),
        ),
    ]
}

/// Strängnäs 2019: what the published follow-up says was done, each as one
/// completed activity (the trygghetsvandringar four), dated "2019": the
/// source gives no month. Source:
/// <https://www.strangnas.se/arkiv/nyheter/nyheter/2020-01-28-uppfoljning-av-medborgarloftet-2019>.
fn strangnas_outcomes(agreement: Uuid) -> Vec<Value> {
    let both = json!(["Polisen", "Strängnäs kommun"]);
    let done = |serves: Value, kind: &str, extra: Value, responsible: &Value, summary: &str| {
        let mut data = json!({"kind": kind, "serves": serves, "occurred": "2019",
            "places": ["Strängnäs kommun"], "responsible": responsible, "summary": summary});
        for (field, value) in extra.as_object().unwrap() {
            data[field] = value.clone();
        }
        event("activity_completed", data)
    };
    let mut outcomes = vec![
        done(
            serving(agreement, "inbrott", "grannsamverkan"),
            "grannsamverkan",
            json!({"kind_label": "Grannsamverkan",
                   "facts": {"counts": {"omraden": 20}, "labels": {"omraden": "nya grannsamverkansområden"}}}),
            &both,
            "20 nya grannsamverkansområden har startats upp i kommunen.",
        ),
        done(
            serving(agreement, "inbrott", "batsamverkan"),
            "batsamverkan",
            json!({"kind_label": "Båtsamverkan",
                   "facts": {"counts": {"omraden": 3}, "labels": {"omraden": "nya båtsamverkansområden"}}}),
            &both,
            "3 nya båtsamverkansområden har startats upp i kommunen.",
        ),
        done(
            serving(agreement, "trafikmiljon", "trafikkontroller"),
            "traffic_control",
            json!({"facts": {"focus": ["sobriety", "speed", "behaviour"], "controls": 303}}),
            &json!(["Polisen"]),
            "303 trafikkontroller genomfördes i Strängnäs kommun.",
        ),
        done(
            serving(agreement, "trafikmiljon", "mopeder"),
            "targeted_operation",
            json!({"facts": {"theme": "Trimmade mopeder"}}),
            &json!(["Polisen"]),
            "Mopedinsats genomförd i Strängnäs.",
        ),
    ];
    for _ in 0..4 {
        outcomes.push(done(
            serving(agreement, "trygghet", "trygghetsvandringar"),
            "safety_walk",
            json!({}),
            &both,
            "Trygghetsvandring i kommunen, en av 4 stycken som har genomförts under 2019.",
        ));
    }
    outcomes
}

/// Töreboda 2018: the agreement, its one commitment, what Polisen did and
/// the coordinator's verdict (fixtures/toreboda-2018.md). Source:
/// <https://polisen.se/om-polisen/medborgarloften/toreboda/uppfoljning-medborgarlofte-toreboda/>.
fn toreboda(agreement: Uuid) -> (Vec<Value>, Vec<Value>, Value) {
    let setup = vec![
        event(
            "agreement_adopted",
            json!({
                "title": "Medborgarlöfte Töreboda 2018", "municipality": "Töreboda kommun",
                "parties": ["Töreboda kommun", "Polisen"],
                "period": {"first_year": 2018, "years": 1},
                "focus_areas": [{"key": "trafiken", "name": "Trafiken"}]}),
        ),
        event(
            "commitment_added",
            json!({"key": "trafikinsatser", "focus_area": "trafiken",
                   "title": "Riktade trafikinsatser",
                   "description": "Riktade trafikinsatser. Löftets ordalydelse för 2018 återges inte i den publicerade uppföljningen.",
                   "responsible": ["Polisen"], "activity_kinds": ["traffic_control"],
                   "target": "continuous"}),
        ),
    ];
    let outcomes = vec![
        event(
            "activity_completed",
            json!({"kind": "traffic_control",
                   "facts": {"basis": "targeted", "operations": 57,
                             "reports": {"drunk_driving": 16, "drugged_driving": 17, "unlicensed_driving": 49},
                             "vehicles_seized": 11},
                   "serves": serving(agreement, "trafiken", "trafikinsatser"),
                   "occurred": "2018", "places": ["Töreboda kommun"], "responsible": ["Polisen"],
                   "summary": "Genomfört 57 riktade trafikinsatser."}),
        ),
        event(
            "activity_completed",
            json!({"kind": "drogpaverkan", "kind_label": "Rapporterade för drogpåverkan",
                   "facts": {"counts": {"personer": 55},
                             "labels": {"personer": "personer som varit påverkade av droger"}},
                   "serves": {"agreement": agreement, "focus_area": "trafiken"},
                   "occurred": "2018", "places": ["Töreboda kommun"], "responsible": ["Polisen"],
                   "summary": "Rapporterat 55 personer som varit påverkade av droger."}),
        ),
    ];
    let verdict = event(
        "commitment_assessed",
        json!({"commitment": "trafikinsatser", "year": 2018, "verdict": "met"}),
    );
    (setup, outcomes, verdict)
}

/// The row of the page's table "Måluppfyllelse" for the commitment `title`.
fn table_row<'a>(page: &'a str, title: &str) -> &'a str {
    let header = format!("<th scope=\"row\">{title}</th>");
    let at = page
        .find(&header)
        .unwrap_or_else(|| panic!("no row for {title} in the page:\n{page}"));
    let start = page[..at].rfind("<tr>").unwrap();
    let end = at + page[at..].find("</tr>").unwrap();
    &page[start..end]
}

/// The CSV's line of the activity whose summary is `summary`.
fn csv_line<'a>(csv: &'a str, summary: &str) -> &'a str {
    csv.lines()
        .find(|line| line.contains(summary))
        .unwrap_or_else(|| panic!("no line for {summary:?} in the CSV:\n{csv}"))
}

/// The follow-up of `year` as JSON (once it holds `last`), page and CSV,
/// each answered 200 to the public.
pub(crate) fn read_follow_up(
    server: &Server,
    agreement: Uuid,
    year: i32,
    last: u64,
) -> (Value, String, String) {
    let json = server.wait_for_follow_up(
        &format!("/api/v1/agreements/{agreement}/follow-up/{year}"),
        last,
    );
    let page = server.get(&format!("/agreements/{agreement}/follow-up/{year}"), None);
    assert_eq!(page.status, 200, "{}", page.text);
    assert!(
        page.content_type.starts_with("text/html"),
        "{}",
        page.content_type
    );
    let csv = server.get(
        &format!("/agreements/{agreement}/follow-up/{year}.csv"),
        None,
    );
    assert_eq!(csv.status, 200, "{}", csv.text);
    assert!(
        csv.content_type.starts_with("text/csv"),
        "{}",
        csv.content_type
    );
    (json.body, page.text, csv.text)
}

/// Its agreement's period is the one year the source gives: the years before
/// and after have no follow-up (404, in JSON and as a page).
fn assert_only_year(server: &Server, agreement: Uuid, year: i32) {
    for other in [year - 1, year + 1] {
        let json = server.get(
            &format!("/api/v1/agreements/{agreement}/follow-up/{other}"),
            None,
        );
        json.assert_problem(404, &format!("the follow-up of {other}"));
        let page = server.get(&format!("/agreements/{agreement}/follow-up/{other}"), None);
        assert_eq!(page.status, 404, "{other}: {}", page.text);
    }
}

#[test]
fn strangnas_2019_shows_its_published_numbers_against_its_targets() {
    let server = Server::start();
    let coordinator = server.token("coordinator", "Strängnäs kommun", "samordnare-strangnas");
    let reporter = server.token_with(
        "reporter",
        "Polisen",
        "kommunpolis-strangnas",
        &["--for", "Strängnäs kommun"],
    );
    let (agreement, stream) = agreement_stream();
    record(&server, &stream, &coordinator, strangnas_agreement());
    let last = record_activities(&server, &reporter, strangnas_outcomes(agreement));
    let (json, page, csv) = read_follow_up(&server, agreement, 2019, last);

    // JSON: each target beside its published outcome and the computed status.
    assert_eq!(json["year"], 2019);
    assert_eq!(json["totals"]["completed"], 8, "{json}");
    let fact_sum = |fact: &str, label: &str, sum: u64| json!({"fact_sum": {"fact": fact, "total": {"label": label, "sum": sum}}});
    let activities = |completed: u64| json!({"activities": {"completed": completed}});
    let cases = [
        (
            "grannsamverkan",
            json!({"fact_sum": {"fact": "omraden", "at_least": 8}}),
            fact_sum("omraden", "nya grannsamverkansområden", 20),
            "achieved",
        ),
        (
            "batsamverkan",
            json!({"fact_sum": {"fact": "omraden", "at_least": 2}}),
            fact_sum("omraden", "nya båtsamverkansområden", 3),
            "achieved",
        ),
        (
            "trafikkontroller",
            json!("continuous"),
            activities(1),
            "continuous_ongoing",
        ),
        ("mopeder", json!({"per_year": 2}), activities(1), "partly"),
        (
            "trygghetsvandringar",
            json!({"per_year": 4}),
            activities(4),
            "achieved",
        ),
    ];
    for (key, target, outcome, status) in cases {
        let c = commitment(&json, key);
        assert_eq!(c["target"], target, "{key}");
        assert_eq!(c["outcome"], outcome, "{key}");
        assert_eq!(c["status"], status, "{key}");
        assert!(
            c["assessment"].is_null(),
            "{key}: the source gives no verdict"
        );
        for line in c["progress"]["activities"].as_array().unwrap() {
            assert_eq!(
                line["dates"],
                json!({"from": "2019-01-01", "to": "2019-12-31", "precision": "year"}),
                "{key}: the source gives the year only"
            );
        }
    }
    let controls = &commitment(&json, "trafikkontroller")["progress"]["facts"]["controls"];
    assert_eq!(controls, &json!({"label": "kontroller", "sum": 303}));

    // The page: the same outcomes and statuses, row by row, in Swedish.
    assert!(
        page.contains("Period: 2019 · Antaget februari 2019"),
        "{page}"
    );
    let rows = [
        (
            "Nya grannsamverkansområden",
            "20 nya grannsamverkansområden",
            "Uppfyllt",
        ),
        (
            "Nya båtsamverkansområden",
            "3 nya båtsamverkansområden",
            "Uppfyllt",
        ),
        ("Trafikkontroller", "1 genomförd", "Pågår löpande"),
        ("Insatser mot trimmade mopeder", "1 genomförd", "Delvis"),
        ("Trygghetsvandringar", "4 genomförda", "Uppfyllt"),
    ];
    for (title, outcome, status) in rows {
        let row = table_row(&page, title);
        assert!(
            row.contains(&format!("data-label=\"Utfall\">{outcome}</td>")),
            "{title}: {row}"
        );
        assert!(
            row.contains(&format!("\">{status}</span>")),
            "{title}: {row}"
        );
        assert!(
            row.contains("data-label=\"Bedömning\">Ej bedömt</td>"),
            "{title}: {row}"
        );
    }
    assert!(page.contains("303 kontroller"), "{page}");
    assert!(
        page.contains("minst 4 per år") && page.contains("minst 2 per år"),
        "{page}"
    );
    assert!(page.contains(">under 2019</time>"), "{page}");
    // A custom fact's target reads by its label, as the source says it.
    assert!(
        page.contains("minst 8 nya grannsamverkansområden per år"),
        "{page}"
    );

    // The CSV: one line per activity, with its commitment's target and outcome.
    let cases = [
        (
            "20 nya grannsamverkansområden har startats upp",
            "20 nya grannsamverkansområden,Uppfyllt",
        ),
        (
            "3 nya båtsamverkansområden har startats upp",
            "3 nya båtsamverkansområden,Uppfyllt",
        ),
        ("303 trafikkontroller genomfördes", ",303 kontroller,"),
        (
            "Mopedinsats genomförd",
            ",minst 2 per år,1 genomförd,Delvis,",
        ),
        (
            "Trygghetsvandring i kommunen",
            ",minst 4 per år,4 genomförda,Uppfyllt,",
        ),
    ];
    for (summary, columns) in cases {
        let line = csv_line(&csv, summary);
        assert!(line.contains(columns), "{summary}: {line}");
        assert!(
            line.contains(",2019-01-01,2019-12-31,under 2019,"),
            "{summary}: {line}"
        );
    }
    assert_eq!(
        csv.lines()
            .filter(|l| l.contains("Trygghetsvandring i kommunen"))
            .count(),
        4
    );
    assert_only_year(&server, agreement, 2019);
}

#[test]
fn toreboda_2018_shows_reports_by_offence_and_the_verdict() {
    let server = Server::start();
    let coordinator = server.token("coordinator", "Töreboda kommun", "samordnare-toreboda");
    let reporter = server.token_with(
        "reporter",
        "Polisen",
        "kommunpolis-toreboda",
        &["--for", "Töreboda kommun"],
    );
    let (agreement, stream) = agreement_stream();
    let (setup, outcomes, verdict) = toreboda(agreement);
    record(&server, &stream, &coordinator, setup);
    record_activities(&server, &reporter, outcomes);
    let last = record(&server, &stream, &coordinator, vec![verdict]);
    let (json, page, csv) = read_follow_up(&server, agreement, 2018, last);

    // JSON: the published numbers as typed facts, and the verdict.
    assert_eq!(json["year"], 2018);
    let c = commitment(&json, "trafikinsatser");
    let fact = |label: &str, sum: u64| json!({"label": label, "sum": sum});
    assert_eq!(
        c["progress"]["facts"],
        json!({
            "operations": fact("trafikinsatser", 57),
            "reports.drunk_driving": fact("rapporter om rattfylleri", 16),
            "reports.drugged_driving": fact("rapporter om drograttfylleri", 17),
            "reports.unlicensed_driving": fact("rapporter om olovlig körning", 49),
            "vehicles_seized": fact("omhändertagna fordon", 11),
        })
    );
    assert_eq!(c["status"], "continuous_ongoing");
    assert_eq!(c["assessment"]["verdict"], "met");
    assert_eq!(c["assessment"]["year"], 2018);
    // The follow-up does not say whether the promise goes on: not stated.
    assert_eq!(c["assessment"]["continues"], "not_stated");
    // Nor which focus the controls had: none is invented.
    assert_eq!(
        c["progress"].get("categories"),
        Some(&json!({
            "basis": {"label": "grund", "values": ["riktad insats"]}
        }))
    );
    assert_eq!(c["assessment_differs"], false);
    let beside = &json["focus_areas"][0]["without_commitment"];
    assert_eq!(
        beside["facts"]["personer"],
        fact("personer som varit påverkade av droger", 55),
        "{json}"
    );

    // The page: the sums in Swedish, the verdict beside the computed status.
    let row = table_row(&page, "Riktade trafikinsatser");
    assert!(row.contains("\">Pågår löpande</span>"), "{row}");
    assert!(
        row.contains("data-label=\"Bedömning\">Uppfyllt</td>"),
        "{row}"
    );
    let sums = "57 trafikinsatser, 17 rapporter om drograttfylleri, 16 rapporter om rattfylleri, \
                49 rapporter om olovlig körning, 11 omhändertagna fordon";
    assert!(page.contains(sums), "{page}");
    assert!(
        page.contains("55 personer som varit påverkade av droger"),
        "{page}"
    );
    assert!(page.contains("Rapporterade för drogpåverkan"), "{page}");

    // The CSV: the sums, the verdict and that the promise continues.
    let line = csv_line(&csv, "Genomfört 57 riktade trafikinsatser.");
    assert!(line.contains(&format!("\"{sums}\"")), "{line}");
    assert!(
        line.contains(",löpande arbete,1 genomförd,Pågår löpande,Uppfyllt,nej,,,Ej angivet,"),
        "{line}"
    );
    let line = csv_line(&csv, "Rapporterat 55 personer");
    assert!(
        line.contains(",55 personer som varit påverkade av droger,"),
        "{line}"
    );
    assert_only_year(&server, agreement, 2018);
}
