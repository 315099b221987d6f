//! "Trygghetsrådets uppföljning" through the router: a coordinator records
//! the council's review of a year once (a resend says "Redan registrerat");
//! a missing body, a review dated in the future and a year outside the
//! agreement are refused at their fields in Swedish; a second review of the
//! same year is refused at the year, pointing to a correction; a reporter
//! is refused; a post without CSRF is refused.

use axum::http::StatusCode;
use trygglogg_test_support::router::Answer;
use trygglogg_tokens::{NewToken, Role};

use crate::app::*;

const PATH: &str = "/registrera/uppfoljning";

fn form(csrf: &str, event: &str, year: &str) -> Vec<(String, String)> {
    [
        ("csrf", csrf),
        ("event", event),
        ("agreement", AGREEMENT),
        ("year", year),
        ("reviewed", &format!("{year}-11-20")),
        ("body", "Trygghetsrådet"),
        ("minutes", "Protokoll Trygghetsrådet § 4"),
        ("summary", "Rådet gick igenom årets kontroller."),
    ]
    .iter()
    .map(|(n, v)| (n.to_string(), v.to_string()))
    .collect()
}

fn assert_refused_at(answer: &Answer, what: &str, field: &str, word: &str) {
    let at = answer
        .text
        .find(&format!("id=\"f-{field}-fel\""))
        .unwrap_or_else(|| panic!("{what}: no refusal at {field}: {}", answer.text));
    assert!(
        answer.text[at..].starts_with(&format!("id=\"f-{field}-fel\">{word}")),
        "{what}: {}",
        &answer.text[at..]
    );
}

async fn coordinator(app: &App) -> String {
    let token = app.token(NewToken::new(
        "samordnare",
        Role::Coordinator,
        "Hagfors kommun",
    ));
    app.sign_in(&token).await
}

#[tokio::test]
async fn a_coordinator_records_the_councils_review_once_per_year() {
    let app = App::new().await;
    let cookie = coordinator(&app).await;
    let page = app.get(PATH, &cookie).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text);
    assert!(
        page.text.contains("<option value=\"2019\""),
        "{}",
        page.text
    );
    let (csrf, event) = (hidden(&page.text, "csrf"), hidden(&page.text, "event"));
    let good = form(&csrf, &event, "2019");
    let before = app.log_length();
    // (what, the form, the field refused, the start of its message)
    let refused = [
        (
            "no body",
            with(&good, "body", None),
            "body",
            "Fyll i vem gick igenom uppföljningen",
        ),
        (
            "reviewed in the future",
            with(&good, "reviewed", Some("2999-01-01")),
            "reviewed",
            "Ange ett datum",
        ),
        (
            "a year outside the agreement",
            with(&good, "year", Some("2030")),
            "year",
            "Välj ett år inom medborgarlöftets period",
        ),
    ];
    for (what, form, field, word) in refused {
        let answer = app.post(PATH, Some(&cookie), &pairs(&form)).await;
        assert_eq!(
            answer.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{what}: {}",
            answer.text
        );
        assert_refused_at(&answer, what, field, word);
        assert!(
            answer.text.contains("Rådet gick igenom årets kontroller."),
            "{what}"
        );
        assert_eq!(app.log_length(), before, "{what}");
    }
    let nowhere = with(
        &good,
        "agreement",
        Some("5a1e0000-2099-4000-8000-000000000002"),
    );
    let answer = app.post(PATH, Some(&cookie), &pairs(&nowhere)).await;
    assert_eq!(
        answer.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        answer.text
    );
    assert!(
        answer
            .text
            .contains("Det medborgarlöftet finns inte. Välj ett i listan."),
        "{}",
        answer.text
    );
    assert_eq!(app.log_length(), before);
    let answer = app.post(PATH, Some(&cookie), &pairs(&good)).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
    assert!(
        answer.text.contains("<h1>Registrerat</h1>"),
        "{}",
        answer.text
    );
    let again = app.post(PATH, Some(&cookie), &pairs(&good)).await;
    assert!(
        again.text.contains("<h1>Redan registrerat</h1>"),
        "{}",
        again.text
    );
    assert_eq!(app.log_length(), before + 1);
    let page = app.get(PATH, &cookie).await;
    let second = form(&csrf, &hidden(&page.text, "event"), "2019");
    let answer = app.post(PATH, Some(&cookie), &pairs(&second)).await;
    assert_eq!(
        answer.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        answer.text
    );
    assert_refused_at(
        &answer,
        "a second review",
        "year",
        "Året är redan registrerat",
    );
    assert_eq!(app.log_length(), before + 1);
}

#[tokio::test]
async fn a_reporter_may_not_record_a_review_and_a_post_without_csrf_is_refused() {
    let app = App::new().await;
    let reporter = app.sign_in(&app.police("polis-4711")).await;
    let page = app.get(PATH, &reporter).await;
    let reporters = form(
        &hidden(&page.text, "csrf"),
        &hidden(&page.text, "event"),
        "2019",
    );
    let coordinator = coordinator(&app).await;
    let page = app.get(PATH, &coordinator).await;
    let no_csrf = with(
        &form("", &hidden(&page.text, "event"), "2019"),
        "csrf",
        None,
    );
    let before = app.log_length();
    // (what, cookie, form, a word of the Swedish page)
    let cases = [
        (
            "a reporter",
            &reporter,
            reporters,
            "Din nyckel får inte registrera",
        ),
        ("no CSRF token", &coordinator, no_csrf, "<html lang=\"sv\">"),
    ];
    for (what, cookie, form, word) in cases {
        let answer = app.post(PATH, Some(cookie), &pairs(&form)).await;
        assert_eq!(
            answer.status,
            StatusCode::FORBIDDEN,
            "{what}: {}",
            answer.text
        );
        assert!(answer.text.contains(word), "{what}: {}", answer.text);
        assert_eq!(app.log_length(), before, "{what}");
    }
}
