//! `/logga-in` (a form for a token, or, from a one-time link, a button that
//! uses the link's code) and `/logga-ut` (a post with the CSRF token).
//! Refused sign-ins count against the address in the API's throttle of
//! refused tokens (`trygglogg_api::auth::FailedAuthentications`), so a
//! guesser gets no more tries here than there.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Instant;

use axum::body::Bytes;
use axum::extract::{ConnectInfo, RawQuery, State};
use axum::http::header::{HeaderName, HOST, ORIGIN, RETRY_AFTER, SET_COOKIE};
use axum::http::{Extensions, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Extension;
use maud::{html, Markup};
use trygglogg_api::AppState;
use trygglogg_tokens::{Authentication, Redeemed};

use super::{SignedIn, Signing};
use crate::form::Fields;
use crate::{layout, PageError, PublicUrl};

/// Where a new session starts.
pub(crate) const AFTER_SIGN_IN: &str = "/registrera";
const CODE_FIELD: &str = "kod";
const SEC_FETCH_SITE: HeaderName = HeaderName::from_static("sec-fetch-site");
const TOKEN_FIELD: &str = "token";

/// `GET /logga-in`, or `?kod=…` from a sign-in link: the link's code goes
/// into a form rather than signing in at once, so that a mail program that
/// fetches links to preview them does not use the link up.
pub(crate) async fn sign_in_page(RawQuery(query): RawQuery) -> Markup {
    let code = form_urlencoded::parse(query.unwrap_or_default().as_bytes())
        .find(|(name, _)| name == CODE_FIELD)
        .map(|(_, code)| code.into_owned());
    form_page(code.as_deref(), None)
}

/// `POST /logga-in`: a token or a link's code for a session.
pub(crate) async fn sign_in(
    State(state): State<AppState>,
    Extension(signing): Extension<Arc<Signing>>,
    extensions: Extensions,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if from_elsewhere(&headers, &signing.public_url) {
        return PageError::forbidden(
            "Inloggningen skickades från en annan webbplats och togs inte emot. \
             Öppna inloggningssidan här och logga in därifrån."
                .to_owned(),
        )
        .instead(super::SIGN_IN_PATH.to_owned(), "Till inloggningen")
        .into_response();
    }
    let fields = Fields::parse(&body);
    let client = extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(address)| address.ip());
    let now = Instant::now();
    let failed = &state.failed_authentications;
    if let Some(wait) = failed.held_up(client, now) {
        let seconds = wait.as_secs().max(1);
        let mut page = PageError::new(
            StatusCode::TOO_MANY_REQUESTS,
            format!(
                "För många misslyckade inloggningar har kommit från den här adressen. \
                 Vänta {seconds} sekunder och försök igen."
            ),
        )
        .instead(super::SIGN_IN_PATH.to_owned(), "Till inloggningen")
        .into_response();
        page.headers_mut()
            .insert(RETRY_AFTER, HeaderValue::from(seconds));
        return page;
    }
    // The token's SHA-256, from the link or from the token typed in.
    let digest = match (fields.get(CODE_FIELD), fields.get(TOKEN_FIELD)) {
        (Some(code), _) => match state.tokens.redeem_login_link(code) {
            Ok(Redeemed::Token(digest)) => digest,
            Ok(Redeemed::Expired) => {
                return refused(
                    failed,
                    client,
                    now,
                    "Inloggningslänken har gått ut: den gäller i 15 minuter. \
                     Be om en ny, eller logga in med din nyckel.",
                )
            }
            Ok(Redeemed::Unknown) => {
                return refused(
                    failed,
                    client,
                    now,
                    "Inloggningslänken är redan använd eller okänd: en länk fungerar en gång. \
                     Be om en ny, eller logga in med din nyckel.",
                )
            }
            Err(error) => return unavailable(&error.to_string()),
        },
        (None, Some(token)) => trygglogg_tokens::digest(token),
        (None, None) => {
            return form_response(
                StatusCode::BAD_REQUEST,
                None,
                Some("Skriv in din nyckel (den börjar med tl_)."),
            )
        }
    };
    match state.tokens.authenticate_digest(&digest) {
        Ok(Authentication::Valid(_)) => {
            let id = signing.sessions.begin(digest, now);
            let mut response = Redirect::to(AFTER_SIGN_IN).into_response();
            response
                .headers_mut()
                .insert(SET_COOKIE, signing.cookie(&id));
            response
        }
        Ok(Authentication::Revoked(_)) => refused(
            failed,
            client,
            now,
            "Nyckeln är återkallad. Be en administratör om en ny.",
        ),
        Ok(Authentication::Unknown) => refused(
            failed,
            client,
            now,
            "Nyckeln är okänd. Kontrollera att hela nyckeln kom med, \
             eller be en administratör om en ny.",
        ),
        Err(why) => unavailable(&why),
    }
}

/// `POST /logga-ut`: ends the session (with the form's CSRF token, so that
/// another site cannot sign anyone out).
pub(crate) async fn sign_out(
    Extension(signing): Extension<Arc<Signing>>,
    who: SignedIn,
    body: Bytes,
) -> Result<Response, PageError> {
    who.check_csrf(&Fields::parse(&body))?;
    signing.sessions.end(&who.id);
    let page = layout::page(
        "Utloggad",
        html! {
            h1 { "Du är utloggad" }
            p.lead { "Sessionen är avslutad i den här webbläsaren." }
            p { a href=(super::SIGN_IN_PATH) { "Logga in igen" } }
        },
    );
    Ok(([(SET_COOKIE, signing.removal())], page).into_response())
}

/// Whether a sign-in was posted by a page of another site: signing someone
/// in as another person is a forgery too, and the sign-in form has no
/// session for a CSRF token yet. Browsers say where a post comes from in
/// `Sec-Fetch-Site`, and in `Origin` unless the page's referrer policy
/// (ours is `no-referrer`) makes it `null`; an `Origin` given must be this
/// site (its public address, or the host the post was sent to).
fn from_elsewhere(headers: &HeaderMap, public_url: &PublicUrl) -> bool {
    let text = |name| {
        headers
            .get(name)
            .and_then(|v: &HeaderValue| v.to_str().ok())
    };
    if matches!(text(SEC_FETCH_SITE), Some("cross-site" | "same-site")) {
        return true;
    }
    let Some(origin) = text(ORIGIN).filter(|o| *o != "null") else {
        return false;
    };
    if origin == public_url.to_string() {
        return false;
    }
    let authority = origin.split_once("://").map_or(origin, |(_, a)| a);
    Some(authority) != text(HOST)
}

/// A refused sign-in: counted for the address, and the form again.
fn refused(
    failed: &trygglogg_api::auth::FailedAuthentications,
    client: Option<std::net::IpAddr>,
    now: Instant,
    why: &str,
) -> Response {
    failed.refused(client, now);
    form_response(StatusCode::UNAUTHORIZED, None, Some(why))
}

fn unavailable(why: &str) -> Response {
    tracing::error!(%why, "a sign-in could not be checked");
    PageError::new(
        StatusCode::SERVICE_UNAVAILABLE,
        "Inloggningen kan inte kontrolleras just nu. Försök igen om en stund.".into(),
    )
    .into_response()
}

fn form_response(status: StatusCode, code: Option<&str>, error: Option<&str>) -> Response {
    (status, form_page(code, error)).into_response()
}

/// The sign-in form: with a link's code, one button; otherwise a field for
/// the token. A refusal is shown above the field and linked to it.
fn form_page(code: Option<&str>, error: Option<&str>) -> Markup {
    layout::page(
        "Logga in",
        html! {
            h1 { "Logga in" }
            form.entry method="post" action=(super::SIGN_IN_PATH) novalidate {
                @if let Some(code) = code {
                    p.lead { "Du har öppnat en inloggningslänk. Den fungerar en gång." }
                    input type="hidden" name=(CODE_FIELD) value=(code);
                    button type="submit" { "Logga in" }
                } @else {
                    p.lead {
                        "Logga in med den nyckel (token) du fått av en administratör, "
                        "eller öppna din inloggningslänk."
                    }
                    div.field.invalid[error.is_some()] {
                        label for="token" { "Nyckel" }
                        @if let Some(error) = error {
                            p.error id="token-fel" { (error) }
                        }
                        input #token type="password" name=(TOKEN_FIELD) autocomplete="current-password"
                            spellcheck="false" autocapitalize="off" required
                            aria-describedby=[error.map(|_| "token-fel")]
                            aria-invalid=[error.map(|_| "true")]
                            autofocus[error.is_some()];
                    }
                    button type="submit" { "Logga in" }
                }
            }
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_post_from_another_site_is_told_by_its_headers() {
        let url = PublicUrl::default();
        // (Origin, Host, Sec-Fetch-Site, from elsewhere)
        let cases = [
            (None, "127.0.0.1:8080", None, false),
            (Some("null"), "127.0.0.1:8080", Some("same-origin"), false),
            (Some("null"), "127.0.0.1:8080", Some("cross-site"), true),
            (Some("null"), "127.0.0.1:8080", Some("same-site"), true),
            (
                Some("https://angripare.example"),
                "127.0.0.1:8080",
                None,
                true,
            ),
            (Some("http://127.0.0.1:8080"), "proxy.internal", None, false),
            (Some("http://x.se"), "x.se", Some("same-origin"), false),
        ];
        for (origin, host, site, expected) in cases {
            let mut headers = HeaderMap::new();
            headers.insert(HOST, HeaderValue::from_static(host));
            if let Some(origin) = origin {
                headers.insert(ORIGIN, HeaderValue::from_static(origin));
            }
            if let Some(site) = site {
                headers.insert(SEC_FETCH_SITE, HeaderValue::from_static(site));
            }
            assert_eq!(
                from_elsewhere(&headers, &url),
                expected,
                "{origin:?} {host} {site:?}"
            );
        }
    }
}
