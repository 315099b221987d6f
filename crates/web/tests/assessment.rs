//! "Bedöm ett löfte" through the router: a coordinator assesses a commitment
//! for a year once (a resend says "Redan registrerat"); a missing reason for
//! a deviation and a change without saying what it becomes are refused at
//! their fields in Swedish ("ej angivet" leaves whether it continues out); a second assessment of the same commitment and
//! year is refused at the commitment, saying a correction is the way. What
//! every agreement-event form refuses alike is in `agreement_events.rs`.

use axum::http::StatusCode;

use crate::app::*;

pub const PATH: &str = "/registrera/bedomning";
const COMMITMENT: &str = "5a1e0000-2018-4000-8000-000000000002/trafikkontroller";

/// The form filled in, for the year and verdict given.
pub fn form(csrf: &str, event: &str, year: &str, verdict: &str) -> Vec<(String, String)> {
    [
        ("csrf", csrf),
        ("event", event),
        ("commitment", COMMITMENT),
        ("year", year),
        ("verdict", verdict),
        ("deviation", "Vakans i lokalpolisområdet under våren."),
        ("lessons", "Planera kontrollerna tidigare på året."),
        ("continues", "changed"),
        ("continues.changed", "Minst 15 kontroller per år."),
    ]
    .iter()
    .map(|(n, v)| (n.to_string(), v.to_string()))
    .collect()
}

#[tokio::test]
async fn a_coordinator_assesses_a_commitment_once_per_year() {
    let app = App::new().await;
    let cookie = app.coordinator().await;
    let page = app.get(PATH, &cookie).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text);
    // The commitment by its title, not a typed key; the verdict in Swedish.
    assert!(page.text.contains(&format!("value=\"{COMMITMENT}\"")));
    assert!(page.text.contains(">Trafikkontroller</option>"));
    assert!(page.text.contains(" Delvis uppfyllt</label>"));
    // Whether it continues is "ej angivet" until the coordinator says.
    assert!(
        page.text
            .contains("value=\"not_stated\" checked> Ej angivet</label>"),
        "{}",
        page.text
    );
    let (csrf, event) = (hidden(&page.text, "csrf"), hidden(&page.text, "event"));
    let good = form(&csrf, &event, "2019", "partly_met");
    let before = app.log_length();
    // (what, the form, the field refused, the start of its message)
    let refused = [
        (
            "partly met without a reason",
            with(&good, "deviation", None),
            "deviation",
            "Fyll i skäl till avvikelsen",
        ),
        (
            "changed, without saying how",
            with(&good, "continues.changed", None),
            "continues",
            "Välj ja, nej, ändras eller ej angivet",
        ),
        (
            "a year outside the agreement",
            with(&good, "year", Some("2030")),
            "year",
            "Välj ett år inom medborgarlöftets period",
        ),
        (
            "a commitment the agreement lacks",
            with(
                &good,
                "commitment",
                Some(&format!("{AGREEMENT}/finns-inte")),
            ),
            "commitment",
            "Välj ett löfte i listan",
        ),
        (
            "an agreement that does not exist",
            with(
                &good,
                "commitment",
                Some("5a1e0000-2099-4000-8000-000000000002/trafikkontroller"),
            ),
            "commitment",
            "Välj ett löfte i listan",
        ),
        (
            "no verdict",
            with(&good, "verdict", None),
            "verdict",
            "Välj ett av alternativen",
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
        assert!(answer.text.contains("Ingenting har registrerats"), "{what}");
        // What was typed is kept.
        assert!(
            answer
                .text
                .contains("Planera kontrollerna tidigare på året."),
            "{what}"
        );
        assert_eq!(app.log_length(), before, "{what}");
    }
    // Two refusals: the focus goes to the first on the page, the deviation,
    // though the catalogue finds the personnummer in the lessons first.
    let two = with(
        &with(&good, "deviation", None),
        "lessons",
        Some("Ring 19811218-9876."),
    );
    let answer = app.post(PATH, Some(&cookie), &pairs(&two)).await;
    assert_refused_at(
        &answer,
        "two refusals",
        "lessons",
        "Det här innehåller något som liknar ett personnummer",
    );
    let focused = answer
        .text
        .find(" autofocus")
        .expect("a field has the focus");
    let deviation = answer
        .text
        .find("id=\"f-deviation\"")
        .expect("the deviation field");
    let lessons = answer
        .text
        .find("id=\"f-lessons\"")
        .expect("the lessons field");
    assert!(deviation < focused && focused < lessons, "{}", answer.text);
    assert_eq!(answer.text.matches(" autofocus").count(), 1);
    assert_eq!(app.log_length(), before);
    app.records_once(PATH, &cookie, &pairs(&good)).await;
    // A second opinion on the same commitment and year, from a new form.
    let page = app.get(PATH, &cookie).await;
    let second = form(&csrf, &hidden(&page.text, "event"), "2019", "met");
    let answer = app.post(PATH, Some(&cookie), &pairs(&second)).await;
    assert_eq!(
        answer.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        answer.text
    );
    assert_refused_at(
        &answer,
        "a second assessment",
        "commitment",
        "Löftet är redan bedömt",
    );
    assert!(answer.text.contains("en rättelse"), "{}", answer.text);
    assert_eq!(app.log_length(), before + 1);
}
