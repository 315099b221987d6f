//! What the coordinator's forms for an agreement's own events (the
//! assessment, the council's review, an indicator's value) refuse alike,
//! through the router, each: a reporter's post, a post without CSRF, and a
//! post that chooses no agreement (or commitment), with nothing recorded.

use axum::http::StatusCode;

use crate::app::*;
use crate::{assessment, indicator, review};

/// (path, the form filled in with a CSRF token and an event id, the input
/// the target is chosen in)
type AgreementEventForm = (
    &'static str,
    fn(&str, &str) -> Vec<(String, String)>,
    &'static str,
);

const FORMS: [AgreementEventForm; 3] = [
    (
        assessment::PATH,
        |csrf, event| assessment::form(csrf, event, "2019", "partly_met"),
        "commitment",
    ),
    (
        review::PATH,
        |csrf, event| review::form(csrf, event, "2019"),
        "agreement",
    ),
    (
        indicator::PATH,
        |csrf, event| indicator::form(csrf, event, "71,5", Some("trygg-centrum")),
        "agreement",
    ),
];

#[tokio::test]
async fn a_reporter_and_a_post_without_csrf_are_refused_by_every_agreement_event_form() {
    let app = App::new().await;
    let reporter = app.sign_in(&app.police("polis-4711")).await;
    let coordinator = app.coordinator().await;
    let before = app.log_length();
    for (path, filled, _) in FORMS {
        let page = app.get(path, &reporter).await;
        let reporters = filled(&hidden(&page.text, "csrf"), &hidden(&page.text, "event"));
        let page = app.get(path, &coordinator).await;
        let no_csrf = with(&filled("", &hidden(&page.text, "event")), "csrf", None);
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
            let answer = app.post(path, Some(cookie), &pairs(&form)).await;
            assert_eq!(
                answer.status,
                StatusCode::FORBIDDEN,
                "{path}, {what}: {}",
                answer.text
            );
            assert!(
                answer.text.contains(word),
                "{path}, {what}: {}",
                answer.text
            );
            assert_eq!(app.log_length(), before, "{path}, {what}");
        }
    }
}

#[tokio::test]
async fn a_post_that_chooses_nothing_is_asked_to_choose_with_what_was_typed_kept() {
    let app = App::new().await;
    let cookie = app.coordinator().await;
    let before = app.log_length();
    for (path, filled, target) in FORMS {
        let page = app.get(path, &cookie).await;
        assert_eq!(page.status, StatusCode::OK, "{path}: {}", page.text);
        let form = filled(&hidden(&page.text, "csrf"), &hidden(&page.text, "event"));
        let unchosen = with(&form, target, None);
        let answer = app.post(path, Some(&cookie), &pairs(&unchosen)).await;
        assert_eq!(
            answer.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{path}: {}",
            answer.text
        );
        assert!(
            answer.text.contains("Ingenting har registrerats"),
            "{path}: {}",
            answer.text
        );
        // Said where the target is chosen, or above the form.
        let said = if target == "commitment" {
            "id=\"f-commitment-fel\">Välj ett löfte i listan."
        } else {
            "<p>Välj ett medborgarlöfte i listan.</p>"
        };
        assert!(answer.text.contains(said), "{path}: {}", answer.text);
        // What was typed in the form is drawn again.
        let (_, typed) = form
            .iter()
            .find(|(name, _)| ["lessons", "summary", "value"].contains(&name.as_str()))
            .expect("a typed value");
        assert!(
            answer.text.contains(typed.as_str()),
            "{path}: {}",
            answer.text
        );
        assert_eq!(app.log_length(), before, "{path}");
    }
}
