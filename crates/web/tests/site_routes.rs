//! `/docs` lists the site's routes from the table the site's router is built
//! from: every row there, none added by hand, and each row routed.

use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use trygglogg_test_support::router;

use crate::through_the_router::{app, get};

#[tokio::test]
async fn docs_lists_every_route_of_the_site_and_each_is_routed() {
    let app = app().await;
    let listed = trygglogg_web::site(trygglogg_web::PublicUrl::default()).listed;
    for (method, path) in [
        ("GET", "/"),
        ("GET", "/agreements/{id}"),
        ("GET", "/agreements/{id}/follow-up/{year}/{tertial}"),
        ("GET", "/om-loggen"),
        ("POST", "/logga-in"),
        ("GET", "/registrera/bedomning/{agreement}/{event}/ratta"),
    ] {
        assert!(
            listed.iter().any(|r| r.method == method && r.path == path),
            "{method} {path} is in the table: {listed:?}"
        );
    }
    let docs = get(&app, "/docs", None).await;
    assert_eq!(docs.status, StatusCode::OK);
    let site = docs
        .text
        .split("<h2 id=\"site\">")
        .nth(1)
        .and_then(|rest| rest.split("</table>").next())
        .expect("the site's section");
    for route in &listed {
        let shown = format!("<code>{} {}</code>", route.method, route.path);
        assert!(site.contains(&shown), "{shown} missing from /docs");
    }
    assert_eq!(
        site.matches("<tr><td>").count(),
        listed.len(),
        "a row per route, no more"
    );
    // Each route without a variable part answers its method: not 404 or 405.
    for route in listed.iter().filter(|r| !r.path.contains('{')) {
        let method = Method::from_bytes(route.method.as_bytes()).unwrap();
        let request = Request::builder()
            .method(method)
            .uri(&route.path)
            .body(Body::empty())
            .unwrap();
        let answer = router::send(&app.router, request).await;
        assert!(
            ![StatusCode::NOT_FOUND, StatusCode::METHOD_NOT_ALLOWED].contains(&answer.status),
            "{} {}: {}",
            route.method,
            route.path,
            answer.status
        );
    }
}
