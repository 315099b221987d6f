//! Paths no route has: a browser gets a Swedish page, a program and the JSON
//! API the 404 problem; `/favicon.ico` is answered with nothing.

use axum::http::header::ACCEPT;
use axum::http::{Method, StatusCode};
use trygglogg_test_support::router;

use crate::through_the_router::{app, assert_html};

const BROWSER: &str = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

#[tokio::test]
async fn a_browser_gets_a_swedish_page_and_a_program_a_problem() {
    let app = app().await;
    // (method, path, Accept, answered as a page)
    for (method, path, accept, page) in [
        (Method::GET, "/nowhere", Some(BROWSER), true),
        (Method::GET, "/agreements/x/y/z", Some(BROWSER), true),
        (Method::HEAD, "/nowhere", Some(BROWSER), true),
        (Method::GET, "/nowhere", None, false),
        (Method::GET, "/nowhere", Some("application/json"), false),
        (Method::GET, "/api/v1/nowhere", Some(BROWSER), false),
        (Method::POST, "/nowhere", Some(BROWSER), false),
    ] {
        let mut request = router::get(path, None);
        *request.method_mut() = method.clone();
        if let Some(accept) = accept {
            request
                .headers_mut()
                .insert(ACCEPT, accept.parse().unwrap());
        }
        let answer = router::send(&app.router, request).await;
        let case = format!("{method} {path} ({accept:?})");
        assert_eq!(answer.status, StatusCode::NOT_FOUND, "{case}");
        if page && method == Method::GET {
            assert_html(&answer, StatusCode::NOT_FOUND);
            assert!(answer.text.contains("<h1>Sidan finns inte</h1>"), "{case}");
            assert!(answer
                .text
                .contains("Det finns ingen sida på den adressen."));
        } else if page {
            assert_eq!(answer.content_type(), "text/html; charset=utf-8", "{case}");
        } else {
            assert_eq!(answer.content_type(), "application/problem+json", "{case}");
            assert!(answer.body["detail"]
                .as_str()
                .unwrap()
                .contains("there is no route"));
        }
    }
}

#[tokio::test]
async fn the_favicon_is_nothing_rather_than_an_english_problem() {
    let app = app().await;
    let mut request = router::get("/favicon.ico", None);
    request
        .headers_mut()
        .insert(ACCEPT, "image/*".parse().unwrap());
    let answer = router::send(&app.router, request).await;
    assert_eq!(answer.status, StatusCode::NO_CONTENT);
    assert!(answer.text.is_empty());
}
