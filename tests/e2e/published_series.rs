//! Issue 15, "How it is checked": a real indicator series. Trelleborgs
//! kommun and lokalpolisområde Trelleborg's medborgarlöften for 2020 and
//! 2021, with Polisens trygghetsmätning's total index of the local police
//! area as published year by year, recorded through the HTTP API as the
//! coordinator would; then read back as the public reads it. The source
//! states no target value, so none is recorded. Every number is quoted, with
//! its URL, in `fixtures/trelleborg-2020-2021.md`.

use serde_json::{json, Value};

use crate::published_follow_ups::{event, read_follow_up, record};
use crate::requests::agreement_stream;
use crate::server::Server;

/// The agreement, its indicator and the two measurements within its period
/// (fixtures/trelleborg-2020-2021.md).
fn trelleborg() -> Vec<Value> {
    let measured = |year: &str, value: f64| {
        event(
            "indicator_measured",
            json!({"indicator": "totalindex", "value": value, "period": year}),
        )
    };
    vec![
        event(
            "agreement_adopted",
            json!({
                "title": "Medborgarlöften i Trelleborg 2020-2021",
                "municipality": "Trelleborgs kommun",
                "parties": ["Trelleborgs kommun", "Polisen"],
                "period": {"first_year": 2020, "years": 2},
                "situation": "Polisens och kommunens gemensamma lägesbild tar sin utgångspunkt i polisens brottsstatistik, den senaste trygghetsmätningen, medborgardialoger, medarbetardialoger samt kontakt med lokala aktörer i Trelleborgs kommun.",
                "focus_areas": [{"key": "centrum",
                    "name": "Buskörningar, ungdomsgäng och tillgång på narkotika i Trelleborgs centrum"}]}),
        ),
        event(
            "indicator_defined",
            json!({"key": "totalindex", "name": "Totalindex för lokalpolisområde Trelleborg",
                   "unit": "index", "source": "Polisens trygghetsmätning",
                   "focus_area": "centrum", "baseline": {"year": 2019, "value": 1.78},
                   "direction": "lower_is_better",
                   "description": "Indexsiffror mellan 0 och 6, där 0 indikerar närmast obefintligt problem och 6 alarmerande påtagligt problem. Lokalpolisområdet omfattar Svedala, Trelleborg och Vellinge."}),
        ),
        measured("2020", 1.69),
        measured("2021", 1.53),
    ]
}

#[test]
fn trelleborg_2020_2021_shows_its_trygghetsindex_as_a_series_without_a_target() {
    let server = Server::start();
    let coordinator = server.token("coordinator", "Trelleborgs kommun", "samordnare-trelleborg");
    let (agreement, stream) = agreement_stream();
    let last = record(&server, &stream, &coordinator, trelleborg());

    // 2021: the whole series up to the year, each against the 2019 baseline.
    let (json, page, csv) = read_follow_up(&server, agreement, 2021, last);
    let series = &json["indicator_series"];
    assert_eq!(series.as_array().map(Vec::len), Some(1), "{json}");
    let series = &series[0];
    assert_eq!(series["key"], "totalindex");
    assert_eq!(series["baseline_year"], 2019);
    assert_eq!(series["baseline"], 1.78);
    assert_eq!(series["direction"], "lower_is_better");
    assert!(series["target"].is_null(), "no target value: {series}");
    let year = |y: i32| json!({"from": format!("{y}-01-01"), "to": format!("{y}-12-31"), "precision": "year"});
    assert_eq!(
        series["points"],
        json!([
            {"period": year(2020), "value": 1.69, "change_from_baseline": -0.09, "right_way": true},
            {"period": year(2021), "value": 1.53, "change_from_baseline": -0.25, "right_way": true},
        ])
    );

    // The page: the series as a table, and that no target value is stated.
    let section = &page[page
        .find("id=\"indikator-totalindex\"")
        .expect("the series' section")..];
    let table = &section[section.find("<table>").expect("the series' table")..];
    let table = &table[..table.find("</table>").unwrap()];
    let cells: Vec<&str> = table
        .split(['<', '>'])
        .enumerate()
        .filter(|(i, text)| i % 2 == 0 && !text.trim().is_empty())
        .map(|(_, text)| text.trim())
        .collect();
    assert_eq!(
        cells,
        [
            "Totalindex för lokalpolisområde Trelleborg, mätningar till och med 2021",
            "Period",
            "Värde",
            "Förändring från utgångsvärdet",
            "Rätt riktning",
            "Utgångsvärde 2019",
            "1,78 index",
            "–",
            "–",
            "under 2020",
            "1,69 index",
            "\u{2212}0,09",
            "Ja",
            "under 2021",
            "1,53 index",
            "\u{2212}0,25",
            "Ja",
        ]
    );
    assert!(
        page.contains("Mål: inget målvärde angivet (lägre är bättre)"),
        "{page}"
    );
    assert!(page.contains("; inget målvärde angivet."), "{page}");
    assert!(page.contains("2019: 1,78; 2020: 1,69; 2021: 1,53. Inget målvärde angivet."));
    // The CSV lists activities and commitments; this follow-up has neither,
    // so only its header (indicators have no rows in it).
    assert_eq!(csv.lines().count(), 1, "{csv}");

    // 2020's page shows the series up to 2020 only.
    let (json, _, _) = read_follow_up(&server, agreement, 2020, last);
    let points = json["indicator_series"][0]["points"].as_array().unwrap();
    assert_eq!(points.len(), 1);
    assert_eq!(points[0]["value"], 1.69);
}
