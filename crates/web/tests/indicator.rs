//! "Registrera indikatorvärde" through the router: a coordinator records a
//! defined indicator's value once; a value that is no number and a missing
//! indicator are refused at their fields in Swedish. The indicator is chosen
//! among the defined ones by name; with none defined, the page says where to
//! define one. What every agreement-event form refuses alike is in
//! `agreement_events.rs`.

use axum::http::StatusCode;

use crate::app::*;

pub const PATH: &str = "/registrera/indikator";

/// The indicator the agreement defines, whose values the form records.
pub const DEFINED: &str = r#"{"stream": "agreement-5a1e0000-2018-4000-8000-000000000002", "expected_version": null, "events": [{"type": "indicator_defined", "data": {"key": "trygg-centrum", "name": "Andel som känner sig trygga i centrum på kvällen", "unit": "procent", "source": "Polisens trygghetsmätning", "focus_area": "trafikmiljon", "baseline": {"year": 2016, "value": 60}, "target": 70, "direction": "higher_is_better"}}]}"#;

pub fn form(
    csrf: &str,
    event: &str,
    value: &str,
    indicator: Option<&str>,
) -> Vec<(String, String)> {
    let mut form: Vec<(String, String)> = [
        ("csrf", csrf),
        ("event", event),
        ("agreement", AGREEMENT),
        ("value", value),
        ("period", "2018-06-01"),
        ("period.to", "2018-06-30"),
    ]
    .iter()
    .map(|(n, v)| (n.to_string(), v.to_string()))
    .collect();
    if let Some(indicator) = indicator {
        form.push(("indicator".to_owned(), indicator.to_owned()));
    }
    form
}

#[tokio::test]
async fn a_coordinator_records_an_indicators_value_once() {
    let app = App::with_imports(&[DEFINED]).await;
    let cookie = app.coordinator().await;
    let page = app.get(PATH, &cookie).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text);
    assert!(page.text.contains("inputmode=\"decimal\""));
    assert!(
        page.text.contains(
            "<option value=\"trygg-centrum\">Andel som känner sig trygga i centrum på kvällen</option>"
        ),
        "the defined indicator is not offered by name: {}",
        page.text
    );
    let (csrf, event) = (hidden(&page.text, "csrf"), hidden(&page.text, "event"));
    let before = app.log_length();
    // (what, value, indicator, the field refused, a word of its message)
    let refused = [
        (
            "no number",
            "sjuttio",
            Some("trygg-centrum"),
            "value",
            "Ange ett tal",
        ),
        (
            "no indicator",
            "71,5",
            None,
            "indicator",
            "Välj en av indikatorerna",
        ),
        (
            "an indicator the agreement does not define",
            "71,5",
            Some("okand-indikator"),
            "indicator",
            "Välj en av indikatorerna",
        ),
    ];
    for (what, value, indicator, field, word) in refused {
        let answer = app
            .post(
                PATH,
                Some(&cookie),
                &pairs(&form(&csrf, &event, value, indicator)),
            )
            .await;
        assert_eq!(
            answer.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{what}: {}",
            answer.text
        );
        let at = answer
            .text
            .find(&format!("id=\"f-{field}-fel\""))
            .unwrap_or_else(|| panic!("{what}: {}", answer.text));
        assert!(
            answer.text[at..].starts_with(&format!("id=\"f-{field}-fel\">{word}")),
            "{what}"
        );
        assert_eq!(app.log_length(), before, "{what}");
    }
    let good = form(&csrf, &event, "71,5", Some("trygg-centrum"));
    app.records_once(PATH, &cookie, &pairs(&good)).await;
}

#[tokio::test]
async fn with_no_indicator_defined_the_page_says_where_to_define_one() {
    let app = App::new().await;
    let cookie = app.coordinator().await;
    let page = app.get(PATH, &cookie).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text);
    assert!(
        page.text.contains("har några indikatorer ännu")
            && page.text.contains("href=\"/registrera/ny-indikator\""),
        "{}",
        page.text
    );
    assert!(!page.text.contains("<select id=\"f-indicator\""));
}
