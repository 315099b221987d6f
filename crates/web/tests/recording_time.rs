//! "Som den såg ut den" is recording time: the page says so beside the date
//! picker; a date before the agreement was recorded is told when it was, not
//! that there is no such agreement; and a date inside the follow-up's year
//! is also offered what had been done by then (the activities' own dates).

use axum::http::StatusCode;
use chrono::Datelike;
use serde_json::json;
use trygglogg_recorder::today_in_sweden;

use crate::through_the_router::{app, app_with, assert_html, follow_up, get, EARLIER};

const HINT: &str = "Visar det som hade registrerats i loggen vid dagens slut (registreringstid), \
                    inte det arbete som var gjort då.";

#[tokio::test]
async fn a_date_before_the_agreement_was_recorded_says_when_it_was_and_what_was_done() {
    let app = app().await;
    // The seed is recorded today; 12 December 2017 lies in the year asked for.
    let page = get(
        &app,
        &format!("{}?as_of=2017-12-12", follow_up(EARLIER, 2017)),
        None,
    )
    .await;
    assert_html(&page, StatusCode::NOT_FOUND);
    let text = &page.text;
    assert!(
        text.contains(
            "Medborgarlöftet hade ännu inte registrerats i loggen den 2017-12-12 kl. 23:59:59 \
             (svensk tid); det registrerades "
        ),
        "{text}"
    );
    assert!(!text.contains("Det finns inget medborgarlöfte"), "{text}");
    // Done by then, by the activities' dates: March, May, July, September,
    // 1–15 November; not the work dated only to the year (to 31 December).
    assert!(
        text.contains(
            "Menade du arbetet som det stod den 12 december 2017? Enligt loggen i dag hade 5 av \
             uppföljningens aktiviteter genomförts till och med den dagen: 1 alkoholtillsyn, \
             1 informationsmaterial, 1 kontrollköp, 1 policy/rutin och 1 trygghetsvandring."
        ),
        "{text}"
    );
    assert!(text.contains(&format!(
        r#"<a href="{}">Visa uppföljningen som den ser ut nu</a>"#,
        follow_up(EARLIER, 2017)
    )));

    // A date outside the year: only when it was recorded.
    let page = get(
        &app,
        &format!("{}?as_of=2001-01-01", follow_up(EARLIER, 2017)),
        None,
    )
    .await;
    assert_html(&page, StatusCode::NOT_FOUND);
    assert!(page
        .text
        .contains("hade ännu inte registrerats i loggen den 2001-01-01"));
    assert!(!page.text.contains("Menade du"), "{}", page.text);

    // An id never recorded is still no agreement.
    let page = get(
        &app,
        &format!(
            "{}?as_of=2017-12-12",
            follow_up("5a1e0000-2017-4000-8000-0000000000aa", 2017)
        ),
        None,
    )
    .await;
    assert_html(&page, StatusCode::NOT_FOUND);
    assert!(page.text.contains("Det finns inget medborgarlöfte med id"));
}

/// A follow-up "as of" a date in its own year: the page, with what had been
/// done by that date beside it; the hint stands by the date picker always.
#[tokio::test]
async fn a_page_as_of_a_date_in_its_year_offers_the_work_done_by_then() {
    let today = today_in_sweden();
    let year = today.year();
    let agreement = "5a1e0000-2030-4000-8000-0000000000a1";
    let app = app_with(&[
        json!({"stream": format!("agreement-{agreement}"), "events": [{"type": "agreement_adopted", "data": {
            "title": "Medborgarlöften i år", "municipality": "Hagfors kommun",
            "parties": ["Hagfors kommun", "Polisen"], "period": {"first_year": year, "years": 1},
            "focus_areas": [{"key": "trafik", "name": "Trafikmiljön"}]}}]}),
        json!({"stream": "activity-ac710000-2030-4000-8000-0000000000a1", "events": [{"type": "activity_completed", "data": {
            "kind": "traffic_control", "facts": {"focus": ["speed"], "checked": 5},
            "serves": {"agreement": agreement, "focus_area": "trafik"},
            "occurred": today.to_string(), "places": ["Hagfors"], "responsible": ["Polisen"],
            "summary": "Hastighetskontroll."}}]}),
    ])
    .await;
    let page = get(
        &app,
        &format!("{}?as_of={today}", follow_up(agreement, year)),
        None,
    )
    .await;
    assert_html(&page, StatusCode::OK);
    assert!(page.text.contains(HINT), "{}", page.text);
    assert!(page.text.contains(r#"aria-describedby="as_of_hint""#));
    assert!(page.text.contains("Menade du arbetet som det stod den "));
    assert!(
        page.text.contains(
            "? Enligt loggen i dag hade 1 av uppföljningens aktiviteter genomförts till och med \
             den dagen: 1 trafikkontroll."
        ),
        "{}",
        page.text
    );
    // Now, without "as of": the hint, and no offer.
    let page = get(&app, &follow_up(agreement, year), None).await;
    assert_html(&page, StatusCode::OK);
    assert!(page.text.contains(HINT));
    assert!(!page.text.contains("Menade du"));
}
