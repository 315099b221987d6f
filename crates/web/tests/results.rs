//! The result follow-up on the page and in the CSV: target, outcome, computed
//! status and assessed verdict side by side, flagged where they differ; an
//! indicator's series as a chart and a table; agreements linked both ways;
//! an earlier period written as the source gives it.

use axum::http::StatusCode;
use serde_json::{json, Value};

use crate::through_the_router::{app_with, assert_html, follow_up, get, NEW};

const LATER: &str = "5a1e0000-2020-4000-8000-000000000003";
const UNDATED: &str = "5a1e0000-2016-4000-8000-000000000004";

pub(crate) fn results() -> Vec<Value> {
    let measured = |period: Value, value: f64| {
        json!({"type": "indicator_measured", "data": {
            "indicator": "trygg-centrum", "value": value, "period": period}})
    };
    vec![
        json!({"stream": format!("agreement-{NEW}"), "events": [
            {"type": "indicator_defined", "data": {
                "key": "trygg-centrum", "name": "Andel trygga i centrum på kvällen",
                "unit": "procent", "source": "Polisens trygghetsmätning",
                "focus_area": "trafikmiljon", "baseline": {"year": 2016, "value": 60},
                "target": 70, "direction": "higher_is_better"}},
            {"type": "commitment_added", "data": {
                "key": "trygghet", "focus_area": "trafikmiljon", "title": "Tryggare centrum",
                "description": "Fler ska känna sig trygga i centrum på kvällen.",
                "responsible": ["Hagfors kommun", "Polisen"], "activity_kinds": [],
                "target": {"indicator": "trygg-centrum"}}},
            measured(json!({"from": "2017-01-01", "to": "2017-12-31"}), 58.0),
            measured(json!({"from": "2018-01-01", "to": "2018-12-31"}), 64.5),
            measured(json!({"from": "2019-01-01", "to": "2019-12-31"}), 71.0),
            {"type": "commitment_assessed", "data": {
                "commitment": "trafikkontroller", "year": 2018, "verdict": "met",
                "lessons": "Kontrollerna gjordes i linjearbetet men registrerades inte.",
                "continues": {"changed": "Kontrollerna registreras var för sig."}}}
        ]}),
        json!({"stream": format!("agreement-{LATER}"), "events": [
            {"type": "agreement_adopted", "data": {
                "title": "Medborgarlöften 2020–2021", "municipality": "Hagfors kommun",
                "parties": ["Hagfors kommun", "Polisen"],
                "period": {"first_year": 2020, "years": 2},
                "adopted": "2019-11-18", "adopted_by": "Kommunstyrelsen",
                "signatories": ["kommunstyrelsens ordförande", "lokalpolisområdeschef"],
                "other_parties": ["Bergslagens räddningstjänst"],
                "situation": "Lägesbilden visar oro för trafiken i centrum.",
                "follows": NEW, "focus_areas": []}}
        ]}),
        json!({"stream": format!("agreement-{UNDATED}"), "events": [
            {"type": "agreement_adopted", "data": {
                "title": "Äldre medborgarlöften", "municipality": "Hagfors kommun",
                "parties": ["Hagfors kommun", "Polisen"], "period": {"until_year": 2016},
                "focus_areas": []}}
        ]}),
    ]
}

#[tokio::test]
async fn the_page_shows_the_verdict_beside_the_status_and_the_series() {
    let app = app_with(&results()).await;
    let page = get(&app, &follow_up(NEW, 2018), None).await;
    assert_html(&page, StatusCode::OK);
    let html = &page.text;
    // Target, outcome, computed status and verdict, side by side.
    for column in ["Mål", "Utfall", "Beräknad status", "Bedömning"] {
        assert!(
            html.contains(&format!(r#"<th scope="col">{column}</th>"#)),
            "{column}"
        );
    }
    assert!(html.contains(r#"<span class="status status-not_started">Ej påbörjat</span>"#));
    assert!(
        html.contains("Uppfyllt <strong class=\"differs\">(avviker från beräknad status)</strong>")
    );
    assert!(html.contains("Kontrollerna gjordes i linjearbetet men registrerades inte."));
    assert!(html.contains("Ja, ändrat: Kontrollerna registreras var för sig."));
    // A commitment on the indicator: its target value, this year's value, and
    // "partly" as it moved the right way without reaching the target.
    assert!(html.contains(
        "<td data-label=\"Mål\">Andel trygga i centrum på kvällen: 70 procent eller högre</td>\
         <td data-label=\"Utfall\">64,5 procent</td>"
    ));
    assert!(html.contains(r#"<span class="status status-partly">Delvis</span>"#));
    // The series up to 2018: the baseline and two measurements, the change
    // from the baseline, whether it goes the right way.
    assert!(
        html.contains("<h3 id=\"indikator-trygg-centrum\">Andel trygga i centrum på kvällen</h3>")
    );
    assert!(html.contains("Utgångsvärde 2016"));
    assert!(
        html.contains("<td class=\"num\">\u{2212}2</td>"),
        "58 is 2 below 60"
    );
    assert!(html.contains("<td class=\"num\">+4,5</td>"));
    assert!(!html.contains("71 procent"), "2019 is not in 2018's series");
    assert!(html.contains("<desc id=\"indikator-trygg-centrum-diagram-desc\">Utgångsvärde och mätningar: 2016: 60; 2017: 58; 2018: 64,5. Målvärde 70.</desc>"));
    // 2019 shows the whole series, with the target reached.
    let next = get(&app, &follow_up(NEW, 2019), None).await;
    assert!(next.text.contains("<td class=\"num\">+11</td>"));
    assert!(next.text.contains("Ja, målet nått"));
    assert!(next.text.contains("Ej bedömt"), "2019 is not assessed");
}

#[tokio::test]
async fn agreements_are_linked_both_ways_and_periods_said_as_the_source_says() {
    let app = app_with(&results()).await;
    let earlier = get(&app, &follow_up(NEW, 2019), None).await;
    assert!(earlier.text.contains(&format!(
        r#"<dt>Fortsätts av</dt><dd><a href="{}">Medborgarlöften 2020–2021</a></dd>"#,
        follow_up(LATER, 2020)
    )));
    let later = get(&app, &follow_up(LATER, 2020), None).await;
    assert_html(&later, StatusCode::OK);
    assert!(later.text.contains(&format!(
        r#"<dt>Fortsätter</dt><dd><a href="{}">Medborgarlöften Hagfors kommun och Polisen 2018–2019</a></dd>"#,
        follow_up(NEW, 2019)
    )));
    // The body, then the date as the page writes dates.
    assert!(later
        .text
        .contains("<dt>Antaget av</dt><dd>Kommunstyrelsen, "));
    assert!(later
        .text
        .contains("kommunstyrelsens ordförande och lokalpolisområdeschef"));
    assert!(later
        .text
        .contains("<dt>Övriga parter</dt><dd>Bergslagens räddningstjänst</dd>"));
    assert!(later.text.contains(
        "<summary>Lägesbilden som löftet bygger på</summary>\
         <p>Lägesbilden visar oro för trafiken i centrum.</p>"
    ));
    let index = get(&app, "/", None).await;
    assert!(
        index.text.contains("Period: tidigare år – 2016"),
        "{}",
        index.text
    );
    assert!(!index.text.contains("Period: 2016 "));
}

#[tokio::test]
async fn the_csv_carries_target_outcome_status_and_verdict() {
    let app = app_with(&results()).await;
    let page = get(&app, &format!("{}.csv", follow_up(NEW, 2018)), None).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text);
    let mut reader = csv::Reader::from_reader(page.text.as_bytes());
    let header = reader.headers().unwrap().clone();
    let column = |name: &str| header.iter().position(|h| h == name).expect(name);
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert!(rows.iter().all(|row| row.len() == header.len()));
    // A commitment without activities still has its row.
    let controls = rows
        .iter()
        .find(|row| &row[column("löfte")] == "Trafikkontroller")
        .expect("the commitment's row");
    assert_eq!(&controls[column("aktivitet_id")], "");
    assert_eq!(&controls[column("mål")], "löpande arbete");
    assert_eq!(&controls[column("utfall")], "0 genomförda");
    assert_eq!(&controls[column("beräknad_status")], "Ej påbörjat");
    assert_eq!(&controls[column("bedömning")], "Uppfyllt");
    assert_eq!(&controls[column("bedömning_avviker")], "ja");
    assert_eq!(
        &controls[column("fortsätter")],
        "Ja, ändrat: Kontrollerna registreras var för sig."
    );
}
