//! Headers that tell a browser what a response may do. Every response gets
//! `X-Content-Type-Options: nosniff` (a CSV or JSON is never run as a page
//! or a script); HTML gets a Content-Security-Policy that allows no script
//! at all, styles only as the pages' own inline stylesheets (by their
//! SHA-256, so an injected `<style>` does not apply), images only from this
//! origin, forms only to it, and no framing (clickjacking), plus
//! `Referrer-Policy: no-referrer`: the pages link only to themselves and
//! `/docs`, so nobody needs to be told where a reader came from.

use axum::extract::{Request, State};
use axum::http::header::{
    CONTENT_SECURITY_POLICY, CONTENT_TYPE, REFERRER_POLICY, X_CONTENT_TYPE_OPTIONS, X_FRAME_OPTIONS,
};
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::Response;
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use sha2::{Digest, Sha256};

/// The headers of one application, whose HTML pages carry the stylesheets
/// it was made with (the site's and `/docs`').
#[derive(Clone)]
pub(crate) struct SecurityHeaders {
    /// The policy of every HTML response.
    html_policy: HeaderValue,
}

impl SecurityHeaders {
    pub(crate) fn admitting(stylesheets: &[&str]) -> SecurityHeaders {
        let styles: Vec<String> = stylesheets.iter().map(|css| style_source(css)).collect();
        let policy = format!(
            "default-src 'none'; style-src {}; img-src 'self'; frame-ancestors 'none'; \
             base-uri 'none'; form-action 'self'",
            styles.join(" ")
        );
        SecurityHeaders {
            html_policy: HeaderValue::from_str(&policy).expect("the policy is ASCII"),
        }
    }
}

/// A CSP source that admits exactly this inline stylesheet.
pub fn style_source(css: &str) -> String {
    format!(
        "'sha256-{}'",
        STANDARD.encode(Sha256::digest(css.as_bytes()))
    )
}

pub(crate) async fn security_headers(
    State(policy): State<SecurityHeaders>,
    request: Request,
    next: Next,
) -> Response {
    let mut response = next.run(request).await;
    let is_html = response
        .headers()
        .get(CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"text/html"));
    let headers = response.headers_mut();
    headers.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    if is_html {
        headers.insert(CONTENT_SECURITY_POLICY, policy.html_policy);
        headers.insert(REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
        // For browsers that predate `frame-ancestors`.
        headers.insert(X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    }
    response
}
