//! "Ny indikator" through the router: a coordinator defines an indicator of
//! a focus area once (a resend says "Redan registrerat"), and then its
//! values can be recorded; refusals are shown at their fields in Swedish
//! with the log unchanged: no name, a baseline that is no number, no
//! direction, a personnummer in the source, a focus area that does not
//! exist, and a second indicator of the same name; a reporter is refused. An
//! indicator may be defined without a target value.

use axum::http::StatusCode;

use crate::app::*;

const PATH: &str = "/registrera/ny-indikator";

/// The form as drawn for `cookie`, filled in for the seed's 2018 agreement's
/// focus area "Trafikmiljön".
async fn filled_form(app: &App, cookie: &str) -> Vec<(String, String)> {
    let page = app.get(PATH, cookie).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text);
    let link = format!("{AGREEMENT}/trafikmiljon");
    assert!(
        page.text.contains(&format!("value=\"{link}\"")),
        "{}",
        page.text
    );
    [
        ("csrf", hidden(&page.text, "csrf").as_str()),
        ("event", hidden(&page.text, "event").as_str()),
        ("link", link.as_str()),
        ("name", "Andel som känner sig trygga i centrum på kvällen"),
        ("unit", "procent"),
        ("source", "Polisens trygghetsmätning"),
        ("baseline.year", "2016"),
        ("baseline.value", "64"),
        ("target", "75,5"),
        ("direction", "higher_is_better"),
    ]
    .iter()
    .map(|(n, v)| (n.to_string(), v.to_string()))
    .collect()
}

#[tokio::test]
async fn a_coordinator_defines_an_indicator_once_and_refusals_are_shown_at_their_fields() {
    let app = App::new().await;
    let cookie = app.coordinator().await;
    let good = filled_form(&app, &cookie).await;
    let before = app.log_length();
    // (what, the field changed, its value (None: left out), the field
    // refused, the start of its message)
    let cases = [
        ("no name", "name", None, "name", "Fyll i indikatorns namn"),
        (
            "a baseline that is no number",
            "baseline.value",
            Some("sextiofyra"),
            "baseline-value",
            "Ange ett tal",
        ),
        (
            "no direction",
            "direction",
            None,
            "direction",
            "Välj om ett högre eller ett lägre",
        ),
        (
            "a personnummer in the source",
            "source",
            Some("Samtal med 19811218-9876"),
            "source",
            "Det här innehåller något som liknar ett personnummer",
        ),
        (
            "a focus area that does not exist",
            "link",
            Some(&format!("{AGREEMENT}/finns-inte")),
            "link",
            "Välj ett fokusområde eller löfte i listan",
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
    let answer = app.records_once(PATH, &cookie, &pairs(&good)).await;
    // The answer leads on to a commitment with the indicator as its target,
    // the form waiting until the view has the indicator.
    let defined = before + 1;
    let link = format!("/registrera/atagande?min_position={defined}");
    assert!(
        answer.text.contains(&format!(
            "<a href=\"{link}\">Ange indikatorn som mål för ett åtagande</a>"
        )),
        "{}",
        answer.text
    );
    let had = format!("/registrera/atagande?min_position={before}");
    let drawn = app.get(&had, &cookie).await;
    assert_eq!(drawn.status, StatusCode::OK, "a position the view has");
    // This app's view does not follow the log: not yet, in Swedish.
    let not_yet = app.get(&link, &cookie).await;
    assert_eq!(not_yet.status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(not_yet.text.contains("Sammanställningen har inte hunnit"));
    // A second indicator of the same name, in a new form, is refused.
    let second = filled_form(&app, &cookie).await;
    let answer = app.post(PATH, Some(&cookie), &pairs(&second)).await;
    assert_eq!(
        answer.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        answer.text
    );
    assert_refused_at(
        &answer,
        "the same name again",
        "name",
        "Medborgarlöftet har redan en indikator",
    );
    assert_eq!(app.log_length(), before + 1);
}

#[tokio::test]
async fn a_reporter_may_not_define_an_indicator() {
    let app = App::new().await;
    let coordinators = filled_form(&app, &app.coordinator().await).await;
    let reporter = app.sign_in(&app.police("polis-4711")).await;
    let csrf = hidden(&app.get("/registrera", &reporter).await.text, "csrf");
    let form = with(&coordinators, "csrf", Some(&csrf));
    let before = app.log_length();
    let answer = app.post(PATH, Some(&reporter), &pairs(&form)).await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN, "{}", answer.text);
    assert!(
        answer.text.contains("Din nyckel får inte registrera"),
        "{}",
        answer.text
    );
    assert_eq!(app.log_length(), before);
}

/// A published follow-up may give no target value: the indicator is defined
/// without one, and its series is still shown.
#[tokio::test]
async fn an_indicator_may_be_defined_without_a_target_value() {
    let app = App::new().await;
    let cookie = app.coordinator().await;
    let form = with(&filled_form(&app, &cookie).await, "target", None);
    let page = app.get(PATH, &cookie).await;
    assert!(page.text.contains("Målvärde (frivilligt)"), "{}", page.text);
    let before = app.log_length();
    let answer = app.post(PATH, Some(&cookie), &pairs(&form)).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
    assert_eq!(app.log_length(), before + 1);
}
