//! "Nytt åtagande" through the router: a coordinator adds a commitment
//! whose target is a defined indicator to the seed's 2018 agreement, once
//! (a resend says "Redan registrerat"), and its follow-up shows the
//! indicator's target beside its value; refusals are shown at their inputs
//! in Swedish with the log unchanged; a reporter is refused the form.

use axum::http::StatusCode;
use trygglogg_tokens::{NewToken, Role};

use crate::app::*;

const PATH: &str = "/registrera/atagande";

/// The indicator the agreement defines, and its value in 2019.
const DEFINED: &str = r#"{"stream": "agreement-5a1e0000-2018-4000-8000-000000000002", "expected_version": null, "events": [{"type": "indicator_defined", "data": {"key": "trygg-centrum", "name": "Andel som känner sig trygga i centrum på kvällen", "unit": "procent", "source": "Polisens trygghetsmätning", "focus_area": "trafikmiljon", "baseline": {"year": 2016, "value": 60}, "target": 70, "direction": "higher_is_better"}}, {"type": "indicator_measured", "data": {"indicator": "trygg-centrum", "value": 72.5, "period": {"from": "2019-01-01", "to": "2019-12-31"}}}]}"#;

/// The form as drawn for `cookie`, filled in with a commitment of the
/// focus area "Trafikmiljön" whose target is the indicator.
async fn filled_form(app: &App, cookie: &str) -> Vec<(String, String)> {
    let page = app.get(PATH, cookie).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text);
    let focus = format!("{AGREEMENT}/trafikmiljon");
    for offered in [
        format!("<option value=\"{focus}\">Trafikmiljön</option>"),
        "<option value=\"trygg-centrum\">Andel som känner sig trygga i centrum på kvällen</option>"
            .to_owned(),
        "type=\"radio\" name=\"c.target\" value=\"indicator\"".to_owned(),
    ] {
        assert!(page.text.contains(&offered), "{offered}: {}", page.text);
    }
    [
        ("csrf", hidden(&page.text, "csrf").as_str()),
        ("event", hidden(&page.text, "event").as_str()),
        ("focus_area", focus.as_str()),
        ("c.title", "Tryggare centrum på kvällen"),
        (
            "c.description",
            "Fler känner sig trygga i centrum på kvällen.",
        ),
        ("c.responsible", "municipality"),
        ("c.target", "indicator"),
        ("c.indicator", "trygg-centrum"),
    ]
    .iter()
    .map(|(n, v)| (n.to_string(), v.to_string()))
    .collect()
}

#[tokio::test]
async fn a_commitment_with_an_indicator_target_is_recorded_once_and_refusals_are_at_their_inputs() {
    let app = App::with_imports(&[DEFINED]).await;
    let cookie = app
        .sign_in(&app.token(NewToken::new(
            "samordnare",
            Role::Coordinator,
            "Hagfors kommun",
        )))
        .await;
    let good = filled_form(&app, &cookie).await;
    let before = app.log_length();
    // (what, the input changed, its value (None: left out), the input
    // refused, the start of its message)
    let cases = [
        (
            "no title",
            "c.title",
            None,
            "c-title",
            "Fyll i löftets rubrik",
        ),
        (
            "the title of a commitment the agreement has",
            "c.title",
            Some("Trafikkontroller"),
            "c-title",
            "Medborgarlöftet har redan ett åtagande med den rubriken",
        ),
        (
            "a personnummer in the description",
            "c.description",
            Some("Samtal med 19811218-9876"),
            "c-description",
            "Det här innehåller något som liknar ett personnummer",
        ),
        (
            "no party responsible",
            "c.responsible",
            None,
            "c-responsible",
            "Kryssa i minst en part",
        ),
        (
            "an indicator the agreement does not define",
            "c.indicator",
            Some("finns-inte"),
            "c-target",
            "Välj en av indikatorerna",
        ),
        (
            "a per-year target with no number",
            "c.target",
            Some("per_year"),
            "c-target",
            "Välj ett mål. ”Minst … per år” behöver ett heltal",
        ),
        (
            "a focus area the agreement does not have",
            "focus_area",
            Some(&format!("{AGREEMENT}/finns-inte")),
            "focus_area",
            "Välj ett fokusområde i listan",
        ),
        (
            "an agreement that does not exist",
            "focus_area",
            Some("5a1e0000-2099-4000-8000-000000000009/trafikmiljon"),
            "focus_area",
            "Välj ett fokusområde i listan",
        ),
    ];
    for (what, name, value, field, word) in cases {
        let form = with(&good, name, value);
        let answer = app.post(PATH, Some(&cookie), &pairs(&form)).await;
        assert_eq!(
            answer.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{what}: {}",
            answer.text
        );
        assert_refused_at(&answer, what, field, word);
        assert!(answer.text.contains("Ingenting har registrerats"), "{what}");
        assert_eq!(app.log_length(), before, "{what}");
    }
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
    // The test's app has no live follower of the log: the follow-up as of
    // today is folded from the log itself.
    let today = trygglogg_recorder::today_in_sweden();
    let link = format!("/agreements/{AGREEMENT}/follow-up/2019");
    assert!(again.text.contains(&link), "{}", again.text);
    let follow_up = app.get(&format!("{link}?as_of={today}"), &cookie).await;
    assert_eq!(follow_up.status, StatusCode::OK, "{}", follow_up.text);
    let at = follow_up
        .text
        .find("Tryggare centrum på kvällen")
        .unwrap_or_else(|| panic!("the commitment is not shown: {}", follow_up.text));
    let row = &follow_up.text[at..];
    let row = &row[..row.find("</tr>").unwrap_or(row.len())];
    for shown in [
        "Andel som känner sig trygga i centrum på kvällen: 70 procent eller högre",
        "72,5 procent",
    ] {
        assert!(row.contains(shown), "{shown}: {row}");
    }
}

#[tokio::test]
async fn a_reporter_may_not_add_a_commitment() {
    let app = App::new().await;
    let reporter = app.sign_in(&app.police("polis-4711")).await;
    let page = app.get(PATH, &reporter).await;
    assert_eq!(page.status, StatusCode::FORBIDDEN, "{}", page.text);
    assert!(
        page.text
            .contains("som inte registrerar medborgarlöften eller deras åtaganden"),
        "{}",
        page.text
    );
    let csrf = hidden(&app.get("/registrera", &reporter).await.text, "csrf");
    let form = [
        ("csrf", csrf.as_str()),
        ("event", "0190a000-0000-7000-8000-000000000001"),
        (
            "focus_area",
            "5a1e0000-2018-4000-8000-000000000002/trafikmiljon",
        ),
        ("c.title", "Tryggare centrum"),
        ("c.responsible", "police"),
        ("c.target", "continuous"),
    ];
    let before = app.log_length();
    let answer = app.post(PATH, Some(&reporter), &form).await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN, "{}", answer.text);
    assert_eq!(app.log_length(), before);
}
