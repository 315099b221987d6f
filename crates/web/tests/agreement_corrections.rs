//! "Rätta" for an agreement's own events, through the router: an
//! assessment, a review and an indicator's value recorded by their forms are
//! listed under "Mina registreringar" with "Rätta"; the correction form
//! shows the current values with what the event is about fixed, needs a
//! reason and a change, refuses at the field, and records one `correction`
//! in the agreement's stream.

use axum::http::StatusCode;
use trygglogg_test_support::router::Answer;

use crate::app::*;
use crate::{assessment, indicator, review};

/// (form path, the form filled in, what the list says of it, a value the
/// correction form shows, the field changed and its new value)
type Case = (
    &'static str,
    fn(&str, &str) -> Vec<(String, String)>,
    &'static str,
    &'static str,
    (&'static str, &'static str),
);

const CASES: [Case; 3] = [
    (
        assessment::PATH,
        |csrf, event| assessment::form(csrf, event, "2019", "partly_met"),
        "Bedömning 2019: löftet ”trafikkontroller”",
        "name=\"verdict\" value=\"partly_met\" checked",
        ("verdict", "met"),
    ),
    (
        review::PATH,
        |csrf, event| review::form(csrf, event, "2019"),
        "Trygghetsrådets uppföljning 2019",
        "Protokoll Trygghetsrådet § 4",
        ("minutes", "Protokoll Trygghetsrådet § 5"),
    ),
    (
        indicator::PATH,
        |csrf, event| indicator::form(csrf, event, "71,5", Some("trygg-centrum")),
        "Indikatorvärde: ”trygg-centrum”, 71.5",
        "value=\"71.5\"",
        ("value", "72"),
    ),
];

/// The href of the list's "Rätta" for the entry that says `said`.
fn correction_href(list: &Answer, said: &str) -> String {
    let at = list
        .text
        .find(said)
        .unwrap_or_else(|| panic!("{said} not listed: {}", list.text));
    let rest = &list.text[at..];
    let href = rest.split("href=\"").nth(1).expect("a link");
    href.split('"').next().unwrap().to_owned()
}

#[tokio::test]
async fn an_agreements_own_events_are_corrected_from_mina_registreringar() {
    let app = App::with_imports(&[indicator::DEFINED]).await;
    let cookie = app.coordinator().await;
    for (path, filled, said, shown, (field, new)) in CASES {
        let page = app.get(path, &cookie).await;
        let form = filled(&hidden(&page.text, "csrf"), &hidden(&page.text, "event"));
        let recorded = app.post(path, Some(&cookie), &pairs(&form)).await;
        assert_eq!(recorded.status, StatusCode::OK, "{path}: {}", recorded.text);
        let list = app.get("/mina-registreringar", &cookie).await;
        let href = correction_href(&list, said);
        assert!(href.starts_with(path) && href.ends_with("/ratta"), "{href}");
        let page = app.get(&href, &cookie).await;
        assert_eq!(page.status, StatusCode::OK, "{href}: {}", page.text);
        assert!(page.text.contains(shown), "{path}: {shown}: {}", page.text);
        assert!(page.text.contains("<h1>Rätta "), "{path}: {}", page.text);
        // What the event is about is shown, not chosen.
        assert!(!page.text.contains("<select id=\"f-agreement\""), "{path}");
        assert!(!page.text.contains("<select id=\"f-commitment\""), "{path}");
        let correction = |changes: &[(&str, &str)]| -> Vec<(String, String)> {
            let mut form = form.clone();
            form.retain(|(n, _)| !["csrf", "event"].contains(&n.as_str()));
            form.push(("csrf".to_owned(), hidden(&page.text, "csrf")));
            form.push(("event".to_owned(), hidden(&page.text, "event")));
            changes
                .iter()
                .fold(form, |form, (name, value)| with(&form, name, Some(value)))
        };
        let before = app.log_length();
        // (what, the form, the field or words refused)
        let refused = [
            (
                "no reason",
                correction(&[(field, new)]),
                "id=\"f-reason-fel\"",
            ),
            (
                "nothing changed",
                correction(&[("reason", "Fel uppgift.")]),
                "Ändra minst en uppgift",
            ),
            (
                "a personnummer in the reason",
                correction(&[(field, new), ("reason", "Enligt 640823-3234")]),
                "id=\"f-reason-fel\">Det här innehåller något som liknar ett personnummer",
            ),
        ];
        for (what, form, word) in refused {
            let answer = app.post(&href, Some(&cookie), &pairs(&form)).await;
            assert_eq!(
                answer.status,
                StatusCode::UNPROCESSABLE_ENTITY,
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
        let good = correction(&[(field, new), ("reason", "Fel uppgift angavs.")]);
        let answer = app.post(&href, Some(&cookie), &pairs(&good)).await;
        assert_eq!(answer.status, StatusCode::OK, "{path}: {}", answer.text);
        assert!(answer.text.contains("Rättelsen är registrerad"), "{path}");
        let again = app.post(&href, Some(&cookie), &pairs(&good)).await;
        assert!(
            again.text.contains("Redan registrerad"),
            "{path}: {}",
            again.text
        );
        assert_eq!(app.log_length(), before + 1, "{path}");
        // The form now shows the corrected value.
        let page = app.get(&href, &cookie).await;
        let typed = app
            .post(
                &href,
                Some(&cookie),
                &pairs(&with(&good, "event", Some(&hidden(&page.text, "event")))),
            )
            .await;
        assert!(
            typed.text.contains("Ändra minst en uppgift"),
            "{path}: the correction is the current value: {}",
            typed.text
        );
    }
}

#[tokio::test]
async fn a_correction_of_an_event_that_is_not_there_is_not_found() {
    let app = App::new().await;
    let cookie = app.coordinator().await;
    for path in [
        format!(
            "{}/{AGREEMENT}/5a1e0000-2099-4000-8000-000000000009/ratta",
            review::PATH
        ),
        format!("{}/{AGREEMENT}/inte-ett-id/ratta", assessment::PATH),
    ] {
        let page = app.get(&path, &cookie).await;
        assert_eq!(page.status, StatusCode::NOT_FOUND, "{path}: {}", page.text);
        assert!(
            page.text.contains("Det finns ingen sådan registrering"),
            "{path}"
        );
    }
}
