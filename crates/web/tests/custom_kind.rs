//! "Annat slag" through the router: a kind of the officer's own, with its
//! Swedish name and counts, is recorded as the catalogue's custom kind with
//! generic facts and labels, read in the follow-up with its singular after
//! 1; each refusal is shown at the row typed, in Swedish, with the log
//! unchanged and what was typed kept; a resend records once.

use axum::http::StatusCode;

use crate::app::*;

const CUSTOM: &str = "annat-slag";

/// A completed "Riktad trafikinsats" as the form would post it: one
/// operation (with its singular) and at least 40 drivers checked.
async fn custom_form(app: &App, cookie: &str) -> Vec<(String, String)> {
    let page = app
        .get(&details_path(SERVES, CUSTOM, "genomford"), cookie)
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text);
    assert!(page.text.contains("Genomförd: Annat slag"), "{}", page.text);
    let mut form: Vec<(String, String)> = ["csrf", "serves", "kind", "status", "event", "stream"]
        .iter()
        .map(|name| (name.to_string(), hidden(&page.text, name)))
        .collect();
    for (name, value) in [
        ("kind_label", "Riktad trafikinsats"),
        ("kind_plural", "riktade trafikinsatser"),
        ("occurred", "2019-05-14"),
        ("places", "Dalavägen"),
        ("custom.0.label", "riktade trafikinsatser"),
        ("custom.0.singular", "riktad trafikinsats"),
        ("custom.0.count", "1"),
        ("custom.1.label", "kontrollerade förare"),
        ("custom.1.count", "40"),
        ("custom.1.count.antal", "minst"),
        ("summary", "Riktad insats mot hastighet på Dalavägen."),
    ] {
        form.push((name.to_owned(), value.to_owned()));
    }
    form
}

#[tokio::test]
async fn a_kind_of_ones_own_is_recorded_once_and_read_in_swedish_in_the_follow_up() {
    let app = App::new().await;
    let cookie = app.sign_in(&app.police("polis-4711")).await;
    let choice = app.get("/registrera", &cookie).await;
    assert!(
        choice.text.contains(&format!("value=\"{CUSTOM}\"")) && choice.text.contains("Annat slag"),
        "{}",
        choice.text
    );
    let form = custom_form(&app, &cookie).await;
    let before = app.log_length();
    let answer = app
        .post("/registrera/uppgifter", Some(&cookie), &pairs(&form))
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
    assert!(answer.text.contains("Aktiviteten är registrerad"));
    assert_eq!(app.log_length(), before + 1);
    let data = app.last_data();
    assert_eq!(data["kind_label"], "Riktad trafikinsats");
    assert_eq!(data["kind_plural"], "riktade trafikinsatser");
    // A resend (a double tap, a dropped connection) records once.
    let again = app
        .post("/registrera/uppgifter", Some(&cookie), &pairs(&form))
        .await;
    assert_eq!(again.status, StatusCode::OK, "{}", again.text);
    assert!(again.text.contains("redan registrerad"), "{}", again.text);
    assert_eq!(app.log_length(), before + 1);
    // The follow-up names the kind and its counts by their Swedish labels,
    // the singular after 1.
    let link = answer
        .text
        .split("href=\"")
        .find(|part| part.contains("Se den i uppföljningen"))
        .and_then(|part| part.split('"').next())
        .unwrap_or_else(|| panic!("no link to the follow-up: {}", answer.text))
        .to_owned();
    let follow_up = app.caught_up().get(&link, "").await;
    assert_eq!(follow_up.status, StatusCode::OK, "{}", follow_up.text);
    for shown in [
        "Riktad trafikinsats",
        "1 riktad trafikinsats",
        "minst 40 kontrollerade förare",
    ] {
        assert!(
            follow_up.text.contains(shown),
            "{shown}: {}",
            follow_up.text
        );
    }
    assert!(!follow_up.text.contains("1 riktade trafikinsatser"));
    // "Mina registreringar" offers its correction, titled by the kind's name.
    let stream = hidden_of(&form, "stream");
    let page = app
        .get(&format!("/mina-registreringar/{stream}/ratta"), &cookie)
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text);
    assert!(
        page.text.contains("<h1>Rätta: Riktad trafikinsats"),
        "{}",
        page.text
    );
}

fn hidden_of(form: &[(String, String)], name: &str) -> String {
    form.iter().find(|(n, _)| n == name).unwrap().1.clone()
}

/// What is changed in the form (`None`: left blank), the field refused,
/// the start of its message and a value kept.
type Case = (
    &'static str,
    &'static [(&'static str, Option<&'static str>)],
    &'static str,
    &'static str,
    &'static str,
);

#[tokio::test]
async fn refusals_are_shown_at_the_row_typed_with_the_log_unchanged() {
    let app = App::new().await;
    let cookie = app.sign_in(&app.police("polis-4711")).await;
    let form = custom_form(&app, &cookie).await;
    let cases: [Case; 8] = [
        (
            "a personnummer in a label",
            &[("custom.1.label", Some("förare 19121212-1212"))],
            "custom-1-label",
            "Det här innehåller något som liknar ett personnummer",
            "value=\"förare 19121212-1212\"",
        ),
        (
            "a personnummer in the kind's name",
            &[("kind_label", Some("Insats 19121212-1212"))],
            "kind_label",
            "Det här innehåller något som liknar ett personnummer",
            "value=\"Insats 19121212-1212\"",
        ),
        (
            "a label without a count",
            &[("custom.1.count", None), ("custom.1.count.antal", None)],
            "custom-1-count",
            "Ange hur många ”kontrollerade förare”",
            "value=\"kontrollerade förare\"",
        ),
        (
            "a bad count",
            &[("custom.0.count", Some("tre"))],
            "custom-0-count",
            "Ange ett heltal",
            "value=\"tre\"",
        ),
        (
            "a count without a label",
            &[("custom.2.count", Some("5"))],
            "custom-2-label",
            "Skriv vad som räknades",
            "value=\"5\"",
        ),
        (
            "a kind without a name",
            &[("kind_label", None)],
            "kind_label",
            "Skriv vad slaget heter",
            "value=\"riktad trafikinsats\"",
        ),
        (
            "a name that makes no key",
            &[("kind_label", Some("§ 4"))],
            "kind_label",
            "Namnet ska börja med en bokstav",
            "value=\"§ 4\"",
        ),
        (
            "two rows that count one thing",
            &[
                ("custom.2.label", Some("Riktade trafikinsatser")),
                ("custom.2.count", Some("2")),
            ],
            "custom-2-label",
            "En annan rad räknar redan samma sak",
            "value=\"Riktade trafikinsatser\"",
        ),
    ];
    for (what, changes, field, message, kept) in cases {
        let posted = changes.iter().fold(form.clone(), |form, (name, value)| {
            with(&form, name, *value)
        });
        let before = app.log_length();
        let answer = app
            .post("/registrera/uppgifter", Some(&cookie), &pairs(&posted))
            .await;
        assert_eq!(
            answer.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{what}: {}",
            answer.text
        );
        assert_refused_at(&answer, what, field, message);
        assert!(
            answer.text.contains(kept),
            "{what}: {kept}: {}",
            answer.text
        );
        assert_eq!(app.log_length(), before, "{what}");
    }
}
