//! "Registrera indikatorvärde" through the router: a coordinator records an
//! indicator's value once; a value that is no number and a missing unit are
//! refused at their fields in Swedish; a reporter is refused.

use axum::http::StatusCode;
use trygglogg_tokens::{NewToken, Role};

use crate::app::*;

const PATH: &str = "/registrera/indikator";

fn form(csrf: &str, event: &str, value: &str, unit: Option<&str>) -> Vec<(String, String)> {
    let mut form: Vec<(String, String)> = [
        ("csrf", csrf),
        ("event", event),
        ("agreement", AGREEMENT),
        (
            "indicator",
            "Andel som känner sig trygga i centrum på kvällen",
        ),
        ("value", value),
        ("period", "2018-06-01"),
        ("period.to", "2018-06-30"),
        ("source", "Polisens trygghetsmätning 2018"),
    ]
    .iter()
    .map(|(n, v)| (n.to_string(), v.to_string()))
    .collect();
    if let Some(unit) = unit {
        form.push(("unit".to_owned(), unit.to_owned()));
    }
    form
}

#[tokio::test]
async fn a_coordinator_records_an_indicators_value_once() {
    let app = App::new().await;
    let coordinator = app.token(NewToken::new(
        "samordnare",
        Role::Coordinator,
        "Hagfors kommun",
    ));
    let cookie = app.sign_in(&coordinator).await;
    let page = app.get(PATH, &cookie).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text);
    assert!(page.text.contains("inputmode=\"decimal\""));
    let (csrf, event) = (hidden(&page.text, "csrf"), hidden(&page.text, "event"));
    let before = app.log_length();
    // (what, value, unit, the field refused, a word of its message)
    let refused = [
        (
            "no number",
            "sjuttio",
            Some("procent"),
            "value",
            "Ange ett tal",
        ),
        ("no unit", "71,5", None, "unit", "Fyll i"),
    ];
    for (what, value, unit, field, word) in refused {
        let answer = app
            .post(
                PATH,
                Some(&cookie),
                &pairs(&form(&csrf, &event, value, unit)),
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
    let good = form(&csrf, &event, "71,5", Some("procent"));
    let answer = app.post(PATH, Some(&cookie), &pairs(&good)).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
    assert!(answer.text.contains("<h1>Registrerat</h1>"));
    let again = app.post(PATH, Some(&cookie), &pairs(&good)).await;
    assert!(
        again.text.contains("<h1>Redan registrerat</h1>"),
        "{}",
        again.text
    );
    assert_eq!(app.log_length(), before + 1);
}

#[tokio::test]
async fn a_reporter_may_not_record_an_indicator() {
    let app = App::new().await;
    let cookie = app.sign_in(&app.police("polis-4711")).await;
    let page = app.get(PATH, &cookie).await;
    let form = form(
        &hidden(&page.text, "csrf"),
        &hidden(&page.text, "event"),
        "71,5",
        Some("procent"),
    );
    let before = app.log_length();
    let answer = app.post(PATH, Some(&cookie), &pairs(&form)).await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN, "{}", answer.text);
    assert!(
        answer.text.contains("Din nyckel får inte registrera"),
        "{}",
        answer.text
    );
    assert_eq!(app.log_length(), before);
}
