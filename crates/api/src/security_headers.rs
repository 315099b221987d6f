//! Headers that tell a browser what a response may do. Every response gets
//! `X-Content-Type-Options: nosniff` (a CSV or JSON is never run as a page
//! or a script); HTML gets a Content-Security-Policy that allows no script
//! at all, styles only as the pages' own inline stylesheets (by their
//! SHA-256, so an injected `<style>` does not apply), images only from this
//! origin, forms only to it, and no framing (clickjacking), plus
//! `Referrer-Policy: no-referrer`: the pages link only to themselves and
//! `/docs`, so nobody needs to be told where a reader came from.

use std::sync::LazyLock;

use axum::extract::Request;
use axum::http::header::{
    CONTENT_SECURITY_POLICY, CONTENT_TYPE, REFERRER_POLICY, X_CONTENT_TYPE_OPTIONS, X_FRAME_OPTIONS,
};
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::Response;
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use sha2::{Digest, Sha256};

/// The policy of every HTML response: the pages' and `/docs`' stylesheets.
static HTML_POLICY: LazyLock<HeaderValue> = LazyLock::new(|| {
    let styles: Vec<String> = [crate::pages::STYLESHEET, crate::docs_page::STYLE]
        .iter()
        .map(|css| style_source(css))
        .collect();
    let policy = format!(
        "default-src 'none'; style-src {}; img-src 'self'; frame-ancestors 'none'; \
         base-uri 'none'; form-action 'self'",
        styles.join(" ")
    );
    HeaderValue::from_str(&policy).expect("the policy is ASCII")
});

/// A CSP source that admits exactly this inline stylesheet.
pub(crate) fn style_source(css: &str) -> String {
    format!(
        "'sha256-{}'",
        STANDARD.encode(Sha256::digest(css.as_bytes()))
    )
}

pub(crate) async fn security_headers(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let is_html = response
        .headers()
        .get(CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"text/html"));
    let headers = response.headers_mut();
    headers.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    if is_html {
        headers.insert(CONTENT_SECURITY_POLICY, HTML_POLICY.clone());
        headers.insert(REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
        // For browsers that predate `frame-ancestors`.
        headers.insert(X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    }
    response
}
