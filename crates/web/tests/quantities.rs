//! Counts as the source gives them, through the router: each count of the
//! activity form is a number with "exakt", "minst" or "flera"; what is
//! chosen is recorded as the catalogue's quantity, drawn again after a
//! refusal and shown back in the correction form, and "flera" with a
//! number is refused at its field.

use axum::body::Body;
use axum::http::header::AUTHORIZATION;
use axum::http::{Request, StatusCode};
use serde_json::json;
use trygglogg_tokens::{NewToken, Role};

use crate::app::*;

/// The radio button that reads count `fact` as `word`, checked.
fn chosen(fact: &str, word: &str) -> String {
    format!("name=\"facts.{fact}.antal\" value=\"{word}\" checked")
}

#[tokio::test]
async fn counts_are_exact_at_least_or_several_as_chosen_and_shown_back() {
    let app = App::new().await;
    let cookie = app.sign_in(&app.police("polis-4711")).await;
    let drawn = drawn_form(&app, &cookie).await;
    let page = app
        .get(
            &details_path(SERVES, "traffic_control", "genomford"),
            &cookie,
        )
        .await;
    assert!(
        page.text.contains(&chosen("controls", "exakt")),
        "{}",
        page.text
    );
    let form = with(
        &with(
            &with(
                &with(&drawn, "facts.controls", Some("30")),
                "facts.controls.antal",
                Some("minst"),
            ),
            "facts.checked",
            None,
        ),
        "facts.checked.antal",
        Some("flera"),
    );
    // "Flera" with a number is refused at its field, the choices kept.
    let bad = with(
        &with(&form, "facts.vehicles_seized", Some("3")),
        "facts.vehicles_seized.antal",
        Some("flera"),
    );
    let before = app.log_length();
    let answer = app
        .post("/registrera/uppgifter", Some(&cookie), &pairs(&bad))
        .await;
    assert_eq!(
        answer.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        answer.text
    );
    assert_refused_at(
        &answer,
        "flera with a number",
        "facts-vehicles_seized",
        "Ange ett heltal",
    );
    for shown in [
        chosen("controls", "minst"),
        chosen("checked", "flera"),
        "value=\"30\"".to_owned(),
    ] {
        assert!(answer.text.contains(&shown), "{shown}: {}", answer.text);
    }
    assert_eq!(app.log_length(), before);
    let answer = app
        .post("/registrera/uppgifter", Some(&cookie), &pairs(&form))
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
    assert_eq!(app.log_length(), before + 1);
    // Recorded as the catalogue's quantities, as an auditor reads them.
    let stream = form.iter().find(|(n, _)| n == "stream").unwrap().1.clone();
    let auditor = app.token(NewToken::new("revisor", Role::Auditor, "Hagfors kommun"));
    let recorded = app
        .send(
            Request::get(format!("/api/v1/streams/activity-{stream}"))
                .header(AUTHORIZATION, format!("Bearer {auditor}"))
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    let facts = &recorded.body["events"][0]["data"]["facts"];
    assert_eq!(
        facts["controls"],
        json!({"at_least": 30}),
        "{}",
        recorded.text
    );
    assert_eq!(facts["checked"], json!("several"), "{}", recorded.text);
    // The correction form shows them as they were chosen, and sending it
    // back unchanged changes nothing.
    let path = format!("/mina-registreringar/{stream}/ratta");
    let page = app.get(&path, &cookie).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text);
    for shown in [
        chosen("controls", "minst"),
        chosen("checked", "flera"),
        "value=\"30\"".to_owned(),
    ] {
        assert!(page.text.contains(&shown), "{shown}: {}", page.text);
    }
    let unchanged: Vec<(String, String)> = ["csrf", "event"]
        .iter()
        .map(|name| (name.to_string(), hidden(&page.text, name)))
        .chain(
            form.iter()
                .filter(|(n, _)| {
                    !["csrf", "event", "serves", "kind", "status", "stream"].contains(&n.as_str())
                })
                .cloned(),
        )
        .chain([("reason".to_owned(), "Inget ändras.".to_owned())])
        .collect();
    let answer = app.post(&path, Some(&cookie), &pairs(&unchanged)).await;
    assert_eq!(
        answer.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        answer.text
    );
    assert!(
        answer.text.contains("Ändra minst en uppgift"),
        "{}",
        answer.text
    );
    assert_eq!(app.log_length(), before + 1);
}
