//! Signing in and "Registrera aktivitet" through the router, without a
//! browser: every refusal the API has for an activity is shown in Swedish
//! at its field, and leaves the log as it was; sessions end at sign-out and
//! when their token is revoked; a post without the CSRF token is refused.

use axum::body::Body;
use axum::http::header::{AUTHORIZATION, LOCATION, SET_COOKIE};
use axum::http::{Request, StatusCode};
use serde_json::json;
use trygglogg_recorder::today_in_sweden;
use trygglogg_tokens::{tokens_path, update, NewToken, Role};

use crate::app::*;

#[tokio::test]
async fn every_refusal_of_the_api_is_shown_in_swedish_at_its_field() {
    let app = App::new().await;
    let cookie = app.sign_in(&app.police("polis-4711")).await;
    let tomorrow = (today_in_sweden() + chrono::Days::new(1)).to_string();
    let pnr = "Samtal med 640823-3234 om hastighet.";
    let long_note = "x".repeat(2001);
    let torsby = format!("{}/trafikmiljon", uuid::Uuid::from_u128(7));
    // (what, field changed, its value, the field shown, a word of the message)
    let cases: [(&str, &str, Option<&str>, &str, &str); 12] = [
        ("missing summary", "summary", None, "summary", "Fyll i"),
        (
            "bad count",
            "facts.controls",
            Some("tre"),
            "facts-controls",
            "heltal",
        ),
        (
            "negative count",
            "facts.checked",
            Some("-4"),
            "facts-checked",
            "heltal",
        ),
        (
            "date in the future",
            "occurred",
            Some(&tomorrow),
            "occurred",
            "inte är efter i dag",
        ),
        ("no date", "occurred", None, "occurred", "Ange ett datum"),
        ("no place", "places", None, "places", "minst en plats"),
        (
            "personnummer in the summary",
            "summary",
            Some(pnr),
            "summary",
            "personnummer",
        ),
        (
            "personnummer in a place",
            "places",
            Some("Torget 19640823-3234"),
            "places",
            "personnummer",
        ),
        (
            "note too long",
            "note",
            Some(&long_note),
            "note",
            "högst 2000 tecken",
        ),
        (
            "bad count of operations",
            "facts.operations",
            Some("femtio"),
            "facts-operations",
            "heltal",
        ),
        (
            "missing focus area",
            "serves",
            Some(AGREEMENT),
            "serves",
            "Välj ett i listan",
        ),
        (
            "agreement that does not exist",
            "serves",
            Some(&torsby),
            "serves",
            "Välj ett i listan",
        ),
    ];
    for (what, name, value, field, word) in cases {
        let form = with(&drawn_form(&app, &cookie).await, name, value);
        let before = app.log_length();
        let page = app
            .post("/registrera/uppgifter", Some(&cookie), &pairs(&form))
            .await;
        assert_eq!(
            page.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{what}: {}",
            page.text
        );
        assert_eq!(app.log_length(), before, "{what}: nothing recorded");
        let error_id = format!("id=\"f-{field}-fel\"");
        let at = page
            .text
            .find(&error_id)
            .unwrap_or_else(|| panic!("{what}: no error at {field}:\n{}", page.text));
        let message = &page.text[at..at + page.text[at..].find("</").unwrap()];
        assert!(message.contains(word), "{what}: {message}");
        assert!(
            page.text.contains("Ingenting har registrerats ännu"),
            "{what}"
        );
        // The message is linked to the field, and the first refused field
        // gets the focus.
        assert!(
            page.text
                .contains(&format!("aria-describedby=\"f-{field}-fel"))
                || field == "serves",
            "{what}"
        );
        assert_eq!(page.text.matches(" autofocus").count(), 1, "{what}");
        // What was typed is kept (the refused value too).
        if let Some(value) = value.filter(|v| v.len() < 100 && name != "serves") {
            assert!(page.text.contains(value), "{what}: {value} kept");
        }
        if name != "summary" {
            assert!(
                page.text.contains("Hastighetskontroll på Dalavägen."),
                "{what}"
            );
        }
    }
}

#[tokio::test]
async fn an_agreement_the_token_may_not_write_is_neither_offered_nor_recorded() {
    let app = App::new().await;
    let torsby = app.token(NewToken::new("torsby-1", Role::Reporter, "Torsby kommun"));
    let police = app.police("polis-4711");
    let police_cookie = app.sign_in(&police).await;
    let form = drawn_form(&app, &police_cookie).await;
    let cookie = app.sign_in(&torsby).await;
    let choose = app.get("/registrera", &cookie).await;
    assert_eq!(choose.status, StatusCode::OK);
    assert!(
        choose
            .text
            .contains("får inte registrera aktiviteter i något"),
        "{}",
        choose.text
    );
    assert!(!choose.text.contains(AGREEMENT));
    let drawn = app
        .get(
            &details_path(SERVES, "traffic_control", "genomford"),
            &cookie,
        )
        .await;
    assert_eq!(drawn.status, StatusCode::BAD_REQUEST);
    // The police's form, posted in a Torsby session: the recorder refuses.
    let form = with(&form, "csrf", Some(&hidden(&choose.text, "csrf")));
    let before = app.log_length();
    let page = app
        .post("/registrera/uppgifter", Some(&cookie), &pairs(&form))
        .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN, "{}", page.text);
    assert!(page.text.contains("id=\"f-serves-fel\""), "{}", page.text);
    assert!(page.text.contains("Din nyckel får inte registrera"));
    assert_eq!(app.log_length(), before);
}

#[tokio::test]
async fn a_form_records_once_however_often_it_is_sent() {
    let app = App::new().await;
    let cookie = app.sign_in(&app.police("polis-4711")).await;
    let form = drawn_form(&app, &cookie).await;
    let before = app.log_length();
    let first = app
        .post("/registrera/uppgifter", Some(&cookie), &pairs(&form))
        .await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.text);
    assert!(first.text.contains("<h1>Registrerad</h1>"));
    assert!(first
        .text
        .contains(&format!("/agreements/{AGREEMENT}/follow-up/2019")));
    let again = app
        .post("/registrera/uppgifter", Some(&cookie), &pairs(&form))
        .await;
    assert_eq!(again.status, StatusCode::OK);
    assert!(
        again.text.contains("<h1>Redan registrerad</h1>"),
        "{}",
        again.text
    );
    assert_eq!(app.log_length(), before + 1);
    // The same ids with something else: not a second activity either.
    let changed = with(&form, "facts.controls", Some("2"));
    let conflict = app
        .post("/registrera/uppgifter", Some(&cookie), &pairs(&changed))
        .await;
    assert_eq!(conflict.status, StatusCode::CONFLICT);
    assert!(conflict
        .text
        .contains("redan registrerad, med andra uppgifter"));
    assert_eq!(app.log_length(), before + 1);
}

#[tokio::test]
async fn a_post_without_the_sessions_csrf_token_is_refused() {
    let app = App::new().await;
    let cookie = app.sign_in(&app.police("polis-4711")).await;
    let other = app.sign_in(&app.police("polis-4712")).await;
    let form = drawn_form(&app, &cookie).await;
    let before = app.log_length();
    let cases = [
        ("no csrf", with(&form, "csrf", None), cookie.as_str()),
        (
            "a wrong one",
            with(&form, "csrf", Some("00")),
            cookie.as_str(),
        ),
        ("another session's", form.clone(), other.as_str()),
    ];
    for (what, form, cookie) in cases {
        let page = app
            .post("/registrera/uppgifter", Some(cookie), &pairs(&form))
            .await;
        assert_eq!(page.status, StatusCode::FORBIDDEN, "{what}");
        assert!(
            page.text.contains("<html lang=\"sv\">") && page.text.contains("kontrollkod"),
            "{what}"
        );
    }
    let signed_out = app.post("/registrera/uppgifter", None, &pairs(&form)).await;
    assert_eq!(signed_out.status, StatusCode::FORBIDDEN);
    assert!(signed_out.text.contains("Du är inte inloggad"));
    let sign_out = app
        .post("/logga-ut", Some(&cookie), &[("csrf", "fel")])
        .await;
    assert_eq!(
        sign_out.status,
        StatusCode::FORBIDDEN,
        "signing out needs it too"
    );
    assert_eq!(app.log_length(), before);
}

#[tokio::test]
async fn a_session_ends_at_sign_out_and_when_its_token_is_revoked() {
    let app = App::new().await;
    let cookie = app.sign_in(&app.police("polis-4711")).await;
    let page = app.get("/registrera", &cookie).await;
    assert_eq!(page.status, StatusCode::OK);
    let csrf = hidden(&page.text, "csrf");
    let out = app
        .post("/logga-ut", Some(&cookie), &[("csrf", &csrf)])
        .await;
    assert_eq!(out.status, StatusCode::OK);
    assert!(out.text.contains("Du är utloggad"));
    assert!(out.headers[SET_COOKIE]
        .to_str()
        .unwrap()
        .contains("Max-Age=0"));
    let after = app.get("/registrera", &cookie).await;
    assert_eq!(after.status, StatusCode::SEE_OTHER);
    assert_eq!(after.headers[LOCATION], "/logga-in");

    let cookie = app.sign_in(&app.police("polis-4712")).await;
    assert_eq!(app.get("/registrera", &cookie).await.status, StatusCode::OK);
    update(&tokens_path(app.dir.path()), |file| {
        file.revoke("polis-4712")
    })
    .unwrap();
    let revoked = std::time::Instant::now();
    loop {
        let page = app.get("/registrera", &cookie).await;
        if page.status == StatusCode::SEE_OTHER {
            break;
        }
        assert!(
            revoked.elapsed() < std::time::Duration::from_secs(2),
            "still signed in"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn signing_in_sets_a_strict_cookie_and_refusals_are_throttled() {
    let app = App::new().await;
    let token = app.police("polis-4711");
    let answer = app.post("/logga-in", None, &[("token", &token)]).await;
    let set = answer.headers[SET_COOKIE].to_str().unwrap();
    for flag in ["HttpOnly", "SameSite=Strict", "Path=/", "Max-Age=28800"] {
        assert!(set.contains(flag), "{set}");
    }
    assert!(!set.contains("Secure"), "served over http: {set}");
    let id = cookie_of(&answer).split('=').nth(1).unwrap().to_owned();
    assert_eq!(id.len(), 64, "256 random bits");

    let wrong = app.post("/logga-in", None, &[("token", "tl_fel")]).await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert!(wrong.text.contains("Nyckeln är okänd"));
    assert!(wrong.text.contains("aria-describedby=\"token-fel\""));
    for _ in 1..trygglogg_api::auth::MAX_FAILURES {
        app.post("/logga-in", None, &[("token", "tl_fel")]).await;
    }
    let held = app.post("/logga-in", None, &[("token", &token)]).await;
    assert_eq!(held.status, StatusCode::TOO_MANY_REQUESTS, "{}", held.text);
    assert!(held.text.contains("För många misslyckade inloggningar"));
}

#[tokio::test]
async fn a_sign_in_posted_from_another_site_is_refused() {
    let app = App::new().await;
    let token = app.police("polis-4711");
    let body = format!("token={token}");
    let post = |origin: &str, host: &str, site: &str| {
        Request::post("/logga-in")
            .header("content-type", "application/x-www-form-urlencoded")
            .header("origin", origin)
            .header("host", host)
            .header("sec-fetch-site", site)
            .body(Body::from(body.clone()))
            .unwrap()
    };
    // (Origin, Host, Sec-Fetch-Site, signed in)
    let cases = [
        (
            "https://angripare.example",
            "127.0.0.1:8080",
            "cross-site",
            false,
        ),
        (
            "https://angripare.example",
            "127.0.0.1:8080",
            "same-origin",
            false,
        ),
        ("null", "127.0.0.1:8080", "cross-site", false),
        ("null", "127.0.0.1:8080", "same-origin", true),
        (
            "http://127.0.0.1:8080",
            "127.0.0.1:8080",
            "same-origin",
            true,
        ),
        (
            "http://x.internal:8080",
            "x.internal:8080",
            "same-origin",
            true,
        ),
    ];
    for (origin, host, site, signed_in) in cases {
        let answer = app.send(post(origin, host, site)).await;
        let expected = if signed_in {
            StatusCode::SEE_OTHER
        } else {
            StatusCode::FORBIDDEN
        };
        assert_eq!(
            answer.status, expected,
            "{origin} {host} {site}: {}",
            answer.text
        );
        assert_eq!(
            answer.headers.contains_key(SET_COOKIE),
            signed_in,
            "{origin}"
        );
    }
}

#[tokio::test]
async fn a_sign_in_link_works_once() {
    let app = App::new().await;
    let path = tokens_path(app.dir.path());
    let code = update(&path, |file| {
        file.create(
            NewToken::new("polis-4711", Role::Reporter, "Polisen").serving(&["Hagfors kommun"]),
        )?;
        trygglogg_tokens::issue_login_link(file, "polis-4711", chrono::Utc::now())
    })
    .unwrap();
    let link = app
        .send(
            Request::get(format!("/logga-in?kod={code}"))
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(link.status, StatusCode::OK);
    assert_eq!(
        hidden(&link.text, "kod"),
        code,
        "opening the link uses nothing up"
    );
    let first = app.post("/logga-in", None, &[("kod", &code)]).await;
    assert_eq!(first.status, StatusCode::SEE_OTHER, "{}", first.text);
    let cookie = cookie_of(&first);
    assert_eq!(app.get("/registrera", &cookie).await.status, StatusCode::OK);
    let second = app.post("/logga-in", None, &[("kod", &code)]).await;
    assert_eq!(second.status, StatusCode::UNAUTHORIZED);
    assert!(second.text.contains("redan använd"));
}

#[tokio::test]
async fn an_auditor_is_told_that_its_role_records_no_activities() {
    let app = App::new().await;
    let auditor = app.token(NewToken::new("revisor", Role::Auditor, "Hagfors kommun"));
    let cookie = app.sign_in(&auditor).await;
    let page = app.get("/registrera", &cookie).await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    assert!(
        page.text.contains("inte registrerar aktiviteter"),
        "{}",
        page.text
    );
}

/// "Pågår": an operation under way is recorded as started, with its expected
/// length in weeks, and listed as under way.
#[tokio::test]
async fn an_operation_under_way_is_recorded_as_started_with_its_length() {
    let app = App::new().await;
    let cookie = app.sign_in(&app.police("polis-4711")).await;
    let page = app
        .get(&details_path(SERVES, "traffic_control", "pagar"), &cookie)
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text);
    assert!(
        page.text.contains("Beräknad längd i veckor"),
        "{}",
        page.text
    );
    let mut form: Vec<(String, String)> = ["csrf", "serves", "kind", "status", "event", "stream"]
        .iter()
        .map(|name| (name.to_string(), hidden(&page.text, name)))
        .collect();
    for (name, value) in [
        ("title", "Trafikinsats på Dalavägen"),
        ("started", "2019-05-14"),
        ("expected_length.weeks", "6"),
        ("places", "Dalavägen"),
    ] {
        form.push((name.to_owned(), value.to_owned()));
    }
    let before = app.log_length();
    let answer = app
        .post("/registrera/uppgifter", Some(&cookie), &pairs(&form))
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
    assert_eq!(app.log_length(), before + 1);
    // What was recorded, as an auditor reads it: the start, with its length
    // as the catalogue has it.
    let auditor = app.token(NewToken::new("revisor", Role::Auditor, "Hagfors kommun"));
    let stream = hidden(&page.text, "stream");
    let recorded = app
        .send(
            Request::get(format!("/api/v1/streams/activity-{stream}"))
                .header(AUTHORIZATION, format!("Bearer {auditor}"))
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(recorded.status, StatusCode::OK, "{}", recorded.text);
    let event = &recorded.body["events"][0];
    assert_eq!(event["type"], "activity_started", "{}", recorded.text);
    assert_eq!(event["data"]["expected_length"], json!({"weeks": 6}));
    assert_eq!(event["data"]["started"], "2019-05-14");
    // And "Mina registreringar" lists it as under way.
    let mine = app.get("/mina-registreringar", &cookie).await;
    assert!(
        mine.text.contains("Trafikinsats på Dalavägen"),
        "{}",
        mine.text
    );
    assert!(mine.text.contains("Pågår"), "{}", mine.text);
    // Under way, it can be ended: completed ("Klar") or cancelled ("Inställd").
    assert!(mine.text.contains(">Klar<"), "{}", mine.text);
    assert!(mine.text.contains(">Inställd<"), "{}", mine.text);
}

/// A traffic control whose source names no focus is recorded with every box
/// unticked (ej angivet), and its operations are counted as trafikinsatser.
#[tokio::test]
async fn a_control_without_a_focus_is_recorded_with_its_operations() {
    let app = App::new().await;
    let cookie = app.sign_in(&app.police("polis-4711")).await;
    let form = with(&drawn_form(&app, &cookie).await, "facts.focus", None);
    let form = with(&form, "facts.operations", Some("57"));
    let before = app.log_length();
    let answer = app
        .post("/registrera/uppgifter", Some(&cookie), &pairs(&form))
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
    assert_eq!(app.log_length(), before + 1);
    // What was recorded, as an auditor reads it: no focus, 57 operations.
    let auditor = app.token(NewToken::new("revisor", Role::Auditor, "Hagfors kommun"));
    let stream = form.iter().find(|(n, _)| n == "stream").unwrap().1.clone();
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
        facts,
        &json!({"operations": 57, "controls": 1, "checked": 40}),
        "{}",
        recorded.text
    );
}
