//! `/agreements` and `/agreements/{id}` in a browser: Swedish pages, never
//! the JSON API's English problems.

use axum::http::StatusCode;

use crate::through_the_router::{app, assert_html, follow_up, get, EARLIER, NEW};

#[tokio::test]
async fn the_agreements_are_listed_as_on_the_start_page() {
    let app = app().await;
    let page = get(&app, "/agreements", None).await;
    assert_html(&page, StatusCode::OK);
    assert!(page
        .text
        .contains("Medborgarlöften Hagfors kommun och Polisen 2018–2019"));
    assert!(page
        .text
        .contains(&format!(r#"href="{}""#, follow_up(EARLIER, 2017))));
}

#[tokio::test]
async fn an_agreement_has_a_page_with_its_commitments_and_years() {
    let app = app().await;
    let page = get(&app, &format!("/agreements/{NEW}"), None).await;
    assert_html(&page, StatusCode::OK);
    let html = &page.text;
    assert!(html.contains("<h1>Medborgarlöften Hagfors kommun och Polisen 2018–2019</h1>"));
    assert!(html.contains(r#"<h2 id="omrade-trafikmiljon">Trafikmiljön</h2>"#));
    assert!(html.contains("<h3>Trafikkontroller</h3>"));
    for year in [2018, 2019] {
        assert!(
            html.contains(&format!(r#"href="{}""#, follow_up(NEW, year))),
            "{year}"
        );
    }
    // (address, status, Swedish message)
    for (uri, status, message) in [
        (
            "/agreements/5a1e0000-2099-4000-8000-000000000009".to_owned(),
            StatusCode::NOT_FOUND,
            "Det finns inget medborgarlöfte med id",
        ),
        (
            "/agreements/hagfors".to_owned(),
            StatusCode::BAD_REQUEST,
            "”hagfors” är inget id för ett medborgarlöfte",
        ),
    ] {
        let page = get(&app, &uri, None).await;
        assert_html(&page, status);
        assert!(page.text.contains(message), "{uri}: {}", page.text);
    }
}
