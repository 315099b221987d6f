//! "Nytt medborgarlöfte" through the router: a coordinator records an
//! agreement with two focus areas and three commitments in one append (a
//! resend says "Redan registrerat"), and its follow-up lists the
//! commitments; no title, five years, a personnummer in the description and
//! a commitment without a title are refused at their inputs with the log
//! unchanged; a reporter, a post without CSRF and an agreement of a
//! municipality the token does not serve are refused. A second agreement
//! continues the first (`follows`), names its signatories by role and has
//! a fact-sum target ("minst 25 kontroller"), shown in its follow-up.

use axum::http::StatusCode;
use trygglogg_test_support::router::Answer;

use crate::app::*;

const PATH: &str = "/registrera/medborgarlofte";

/// Every value of the hidden field `name` in a page.
fn hidden_all(page: &str, name: &str) -> Vec<String> {
    let at = format!("name=\"{name}\" value=\"");
    page.match_indices(&at)
        .map(|(start, _)| {
            let rest = &page[start + at.len()..];
            rest.split('"').next().unwrap().to_owned()
        })
        .collect()
}

/// The form as drawn for `cookie`, filled in: two focus areas (rows 0 and
/// 2, row 1 left empty) and three commitments.
async fn filled_form(app: &App, cookie: &str) -> Vec<(String, String)> {
    let page = app.get(PATH, cookie).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text);
    // An indicator target is set under "Nytt åtagande", once the
    // agreement and its indicator exist: each target says where.
    assert_eq!(
        page.text
            .matches("<a href=\"/registrera/atagande\">Nytt åtagande</a>, när medborgarlöftet")
            .count(),
        6,
        "{}",
        page.text
    );
    let mut form = vec![
        ("csrf".to_owned(), hidden(&page.text, "csrf")),
        ("agreement".to_owned(), hidden(&page.text, "agreement")),
    ];
    for id in hidden_all(&page.text, "event") {
        form.push(("event".to_owned(), id));
    }
    for (name, value) in [
        ("title", "Medborgarlöften 2018–2019 i Ekshärad"),
        ("municipality", "Hagfors kommun"),
        ("period.first_year", "2018"),
        ("period.years", "2"),
        ("adopted", "2017-11-20"),
        ("adopted_by", "Kommunstyrelsen"),
        ("description", "Löften om trafiken och skolvägen."),
        ("situation", "Oro för trafiken i centrum."),
        ("fa0.name", "Trafikmiljön"),
        ("fa0.c0.title", "Trafikkontroller"),
        ("fa0.c0.description", "Minst 20 trafikkontroller per år."),
        ("fa0.c0.responsible", "police"),
        ("fa0.c0.target", "per_year"),
        ("fa0.c0.per_year", "20"),
        ("fa0.c1.title", "Hastighetsskyltar"),
        ("fa0.c1.description", "Skyltar sätts upp vid skolan."),
        ("fa0.c1.responsible", "municipality"),
        ("fa0.c1.target", "once"),
        ("fa1.c0.target", "per_year"),
        ("fa1.c0.responsible", "police"),
        ("fa2.name", "Trygg skolväg"),
        ("fa2.c0.title", "Vuxna på skolvägen"),
        ("fa2.c0.description", "Nattvandring och vuxennärvaro."),
        ("fa2.c0.responsible", "municipality"),
        ("fa2.c0.responsible", "police"),
        ("fa2.c0.target", "continuous"),
    ] {
        form.push((name.to_owned(), value.to_owned()));
    }
    form
}

fn assert_refused_at(answer: &Answer, what: &str, input: &str, word: &str) {
    let id = format!("id=\"f-{input}-fel\"");
    let at = answer
        .text
        .find(&id)
        .unwrap_or_else(|| panic!("{what}: no refusal at {input}: {}", answer.text));
    assert!(
        answer.text[at..].contains(word) && answer.text[at..].find(word) < Some(id.len() + 300),
        "{what}: {}",
        &answer.text[at..]
    );
}

#[tokio::test]
async fn a_coordinator_records_an_agreement_with_its_commitments_once() {
    let app = App::new().await;
    let cookie = app.coordinator().await;
    let good = filled_form(&app, &cookie).await;
    let before = app.log_length();
    let answer = app.post(PATH, Some(&cookie), &pairs(&good)).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
    assert!(
        answer.text.contains("<h1>Registrerat</h1>"),
        "{}",
        answer.text
    );
    assert_eq!(app.log_length(), before + 4);
    let again = app.post(PATH, Some(&cookie), &pairs(&good)).await;
    assert_eq!(again.status, StatusCode::OK, "{}", again.text);
    assert!(
        again.text.contains("<h1>Redan registrerat</h1>"),
        "{}",
        again.text
    );
    assert_eq!(app.log_length(), before + 4);
    // The page links to the new agreement's follow-up for its first year.
    let link = again
        .text
        .split("href=\"")
        .map(|rest| rest.split('"').next().unwrap())
        .find(|href| href.contains(&good[1].1))
        .unwrap_or_else(|| panic!("no link to the follow-up: {}", again.text))
        .to_owned();
    assert!(link.contains("2018"), "{link}");
    let position = app.log_length();
    assert!(
        link.ends_with(&format!("?min_position={position}")),
        "{link}"
    );
    // The test's app has no live follower of the log: the link is read where
    // one has caught up.
    let follow_up = app.caught_up().get(&link, "").await;
    assert_eq!(follow_up.status, StatusCode::OK, "{}", follow_up.text);
    for commitment in [
        "Trafikkontroller",
        "Hastighetsskyltar",
        "Vuxna på skolvägen",
        "Trygg skolväg",
    ] {
        assert!(
            follow_up.text.contains(commitment),
            "{commitment}: {}",
            follow_up.text
        );
    }
}

#[tokio::test]
async fn refusals_are_shown_at_their_inputs_and_nothing_is_recorded() {
    let app = App::new().await;
    let cookie = app.coordinator().await;
    let good = filled_form(&app, &cookie).await;
    let before = app.log_length();
    // (what, the input changed, its value (None: left out), the input
    // refused, a word of its message)
    let cases = [
        ("no title", "title", None, "title", "Fyll i rubrik"),
        (
            "five years",
            "period.years",
            Some("5"),
            "period-years",
            "mellan 1 och 4 år",
        ),
        (
            "a personnummer in the description",
            "description",
            Some("Ring 19811218-9876 om trafiken."),
            "description",
            "personnummer",
        ),
        (
            "the second commitment without a title",
            "fa0.c1.title",
            None,
            "fa0-c1-title",
            "Fyll i löftets rubrik",
        ),
        (
            "a commitment in the last focus area without a title",
            "fa2.c0.title",
            None,
            "fa2-c0-title",
            "Fyll i löftets rubrik",
        ),
        (
            "two focus areas of the same name",
            "fa2.name",
            Some("Trafikmiljön"),
            "fa2-name",
            "inte heta likadant",
        ),
        (
            "two commitments of the same title",
            "fa0.c1.title",
            Some("Trafikkontroller"),
            "fa0-c1-title",
            "inte heta likadant",
        ),
        (
            "a fact-sum target without its fact",
            "fa0.c0.target",
            Some("fact_sum"),
            "fa0-c0-target",
            "Välj utfallet som räknas",
        ),
        (
            "a personnummer as a signatory",
            "signatories",
            Some("19811218-9876"),
            "signatories",
            "personnummer",
        ),
        (
            "an agreement continued that does not exist",
            "follows",
            Some("00000000-0000-4000-8000-0000000000aa"),
            "follows",
            "Välj ett medborgarlöfte i listan",
        ),
        (
            "a target a year without a number",
            "fa0.c0.per_year",
            Some("många"),
            "fa0-c0-target",
            "heltal",
        ),
    ];
    for (what, name, value, input, word) in cases {
        let form = with(&good, name, value);
        let answer = app.post(PATH, Some(&cookie), &pairs(&form)).await;
        assert_eq!(
            answer.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{what}: {}",
            answer.text
        );
        assert_refused_at(&answer, what, input, word);
        assert!(answer.text.contains("Ingenting har registrerats"), "{what}");
        // What was typed is kept.
        assert!(
            answer.text.contains("Nattvandring och vuxennärvaro."),
            "{what}"
        );
        assert_eq!(app.log_length(), before, "{what}");
    }
}

#[tokio::test]
async fn a_reporter_may_not_record_an_agreement_and_a_post_without_csrf_is_refused() {
    let app = App::new().await;
    let reporter = app.sign_in(&app.police("polis-4711")).await;
    let page = app.get(PATH, &reporter).await;
    assert_eq!(page.status, StatusCode::FORBIDDEN, "{}", page.text);
    let coordinator = app.coordinator().await;
    let good = filled_form(&app, &coordinator).await;
    // The reporter's own CSRF token, from a page the reporter may see.
    let reporters_csrf = hidden(&app.get("/registrera", &reporter).await.text, "csrf");
    let reporters = with(&good, "csrf", Some(&reporters_csrf));
    let no_csrf = with(&good, "csrf", None);
    let elsewhere = with(&good, "municipality", Some("Stockholms kommun"));
    let before = app.log_length();
    // (what, cookie, form, a word of the Swedish page)
    let cases = [
        (
            "a reporter",
            &reporter,
            reporters,
            "som inte registrerar medborgarlöften",
        ),
        ("no CSRF token", &coordinator, no_csrf, "<html lang=\"sv\">"),
        (
            "a municipality the token does not serve",
            &coordinator,
            elsewhere,
            "id=\"f-municipality-fel\">Din nyckel får inte registrera medborgarlöften i den kommunen",
        ),
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

/// `form` with each of `changes` made, as `with` makes one.
fn with_all(form: &[(String, String)], changes: &[(&str, Option<&str>)]) -> Vec<(String, String)> {
    changes.iter().fold(form.to_vec(), |form, (name, value)| {
        with(&form, name, *value)
    })
}

#[tokio::test]
async fn an_agreement_continues_another_with_signatories_and_a_fact_sum_target() {
    let app = App::new().await;
    let cookie = app.coordinator().await;
    // The seed's agreement for 2018–2019, offered to continue.
    let first_id = "5a1e0000-2018-4000-8000-000000000002";
    let second = filled_form(&app, &cookie).await;
    assert!(
        app.get(PATH, &cookie)
            .await
            .text
            .contains(&format!("<option value=\"{first_id}\">")),
        "the seed's agreement is not offered to continue"
    );
    let second = with_all(
        &second,
        &[
            ("title", Some("Medborgarlöften 2020–2021 i Ekshärad")),
            ("period.first_year", Some("2020")),
            ("adopted", Some("2019-11-20")),
            ("follows", Some(first_id)),
            ("signatories", Some("lokalpolisområdeschef")),
            ("fa0.c0.target", Some("fact_sum")),
            ("fa0.c0.per_year", None),
            ("fa0.c0.at_least", Some("25")),
            ("fa0.c0.fact", Some("traffic_control:controls")),
        ],
    );
    let before = app.log_length();
    // A fact-sum target's number that is no number, refused at the target.
    let many = with(&second, "fa0.c0.at_least", Some("många"));
    let answer = app.post(PATH, Some(&cookie), &pairs(&many)).await;
    assert_eq!(
        answer.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        answer.text
    );
    assert_refused_at(
        &answer,
        "no number",
        "fa0-c0-target",
        "heltal, till exempel 25",
    );
    assert_eq!(app.log_length(), before);
    let answer = app.post(PATH, Some(&cookie), &pairs(&second)).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
    assert_eq!(app.log_length(), before + 4);
    let today = trygglogg_recorder::today_in_sweden();
    let follow_up = app
        .get(
            &format!("/agreements/{}/follow-up/2020?as_of={today}", second[1].1),
            &cookie,
        )
        .await;
    assert_eq!(follow_up.status, StatusCode::OK, "{}", follow_up.text);
    for shown in [
        "minst 25 kontroller per år",
        "lokalpolisområdeschef",
        "Fortsätter",
    ] {
        assert!(
            follow_up.text.contains(shown),
            "{shown}: {}",
            follow_up.text
        );
    }
}
