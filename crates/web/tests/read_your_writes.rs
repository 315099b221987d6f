//! Read your writes on the site: after a form is recorded, its link to the
//! follow-up carries the position (`?min_position=`), so that the page
//! shows what was just recorded, or says in Swedish why not yet.

use std::time::{Duration, Instant};

use axum::http::header::RETRY_AFTER;
use axum::http::StatusCode;

use crate::app::*;
use crate::through_the_router::assert_html;

/// The link of the recorded page's "Se den i uppföljningen".
fn follow_up_link(page: &str) -> String {
    page.split("href=\"")
        .find(|part| part.contains("Se den i uppföljningen"))
        .and_then(|part| part.split('"').next())
        .unwrap_or_else(|| panic!("no link to the follow-up: {page}"))
        .to_owned()
}

/// This app's views do not follow the log (as if their follower were held
/// back): the link waits 2 s and answers 503; a view that has caught up
/// shows the activity at the same link, and on every page that takes it.
#[tokio::test]
async fn the_link_after_a_record_shows_it_once_the_view_has_it_and_says_when_not_yet() {
    let app = App::new().await;
    let cookie = app.sign_in(&app.police("polis")).await;
    let form = drawn_form(&app, &cookie).await;
    let recorded = app
        .post("/registrera/uppgifter", Some(&cookie), &pairs(&form))
        .await;
    assert_eq!(recorded.status, StatusCode::OK, "{}", recorded.text);
    let position = app.log_length();
    let link = follow_up_link(&recorded.text);
    assert_eq!(
        link,
        format!("/agreements/{AGREEMENT}/follow-up/2019?min_position={position}")
    );

    let asked = Instant::now();
    let held_back = app.get(&link, "").await;
    let waited = asked.elapsed();
    assert_html(&held_back, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(held_back.headers[RETRY_AFTER], "1");
    assert!(held_back.text.contains("<h1>Försök igen om en stund</h1>"));
    assert!(
        held_back.text.contains(&format!(
            "Sammanställningen har inte hunnit ta med det senast registrerade än \
             (den har kommit till registrering nummer {})",
            position - 1
        )),
        "{}",
        held_back.text
    );
    assert!(
        waited >= Duration::from_secs(2) && waited < Duration::from_secs(10),
        "waited {waited:?}"
    );

    let caught_up = app.caught_up();
    let shown = caught_up.get(&link, "").await;
    assert_html(&shown, StatusCode::OK);
    assert!(shown.text.contains("Hastighetskontroll på Dalavägen."));
    let query = format!("?min_position={position}");
    let follow_up = format!("/agreements/{AGREEMENT}/follow-up/2019");
    for path in [
        format!("{follow_up}.csv{query}"),
        format!("{follow_up}.excel.csv{query}"),
        format!("{follow_up}.xlsx{query}"),
        format!("{follow_up}/t2{query}"),
        format!("/agreements/{AGREEMENT}/follow-up/period{query}"),
        format!("/agreements/{AGREEMENT}{query}"),
        format!("/{query}"),
    ] {
        let page = caught_up.get(&path, "").await;
        assert_eq!(page.status, StatusCode::OK, "{path}: {}", page.text);
    }
}

#[tokio::test]
async fn a_position_beyond_the_log_or_not_a_position_is_a_swedish_400_at_once() {
    let app = App::new().await;
    let head = app.log_length();
    let beyond = head + 1;
    let cases = [
        (
            beyond.to_string(),
            format!("registrering nummer {beyond} i loggen, men loggen har bara {head}"),
        ),
        ("0".to_owned(), "”0” är inget nummer i loggen".to_owned()),
        (
            "007".to_owned(),
            "”007” är inget nummer i loggen".to_owned(),
        ),
        (
            "%2B7".to_owned(),
            "”+7” är inget nummer i loggen".to_owned(),
        ),
    ];
    for path in [
        format!("/agreements/{AGREEMENT}/follow-up/2019"),
        format!("/agreements/{AGREEMENT}/follow-up/2019.csv"),
        format!("/agreements/{AGREEMENT}"),
        "/".to_owned(),
    ] {
        for (raw, said) in &cases {
            let uri = format!("{path}?min_position={raw}");
            let asked = Instant::now();
            let refused = app.get(&uri, "").await;
            assert_html(&refused, StatusCode::BAD_REQUEST);
            assert!(
                refused.text.contains(said.as_str()),
                "{uri}: {}",
                refused.text
            );
            assert!(asked.elapsed() < Duration::from_secs(1), "{uri}: at once");
        }
    }
}
