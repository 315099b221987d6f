//! "Trygghetsrådets uppföljning" through the router: a coordinator records
//! the council's review of a year once (a resend says "Redan registrerat");
//! a missing body, a review dated in the future and a year outside the
//! agreement are refused at their fields in Swedish; a second review of the
//! same year is refused at the year, pointing to a correction. What every
//! agreement-event form refuses alike is in `agreement_events.rs`.

use axum::http::StatusCode;

use crate::app::*;

pub const PATH: &str = "/registrera/uppfoljning";

/// The form filled in, for the year and verdict given.
pub fn form(csrf: &str, event: &str, year: &str) -> Vec<(String, String)> {
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

#[tokio::test]
async fn a_coordinator_records_the_councils_review_once_per_year() {
    let app = App::new().await;
    let cookie = app.coordinator().await;
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
    app.records_once(PATH, &cookie, &pairs(&good)).await;
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
