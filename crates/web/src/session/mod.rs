//! Signing in to the site's forms. A token (or a one-time sign-in link,
//! `token create --login`) is exchanged for a session (`store.rs`), held in
//! a cookie that is `HttpOnly`, `SameSite=Strict`, `Path=/`, and `Secure`
//! when the public address is HTTPS (`public_url.rs`). The session's token
//! is looked up again on every request through the same `Tokens` as the
//! API's bearer tokens, which re-reads the token file within a second of a
//! change: a revoked token's session ends then. Every form carries the
//! session's CSRF token (`form.rs`); a post without it gets 403.

pub(crate) mod pages;
mod store;

pub(crate) use store::Sessions;

use std::sync::Arc;
use std::time::Instant;

use axum::extract::FromRequestParts;
use axum::http::header::{COOKIE, SET_COOKIE};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use trygglogg_api::AppState;
use trygglogg_tokens::{Authentication, Credential};

use crate::form::Fields;
use crate::{PageError, PublicUrl};

/// The cookie that holds the session id.
const COOKIE_NAME: &str = "trygglogg_session";
/// Where signing in is.
pub(crate) const SIGN_IN_PATH: &str = "/logga-in";

/// What the site's routes share about signing in.
#[derive(Debug, Default)]
pub(crate) struct Signing {
    pub sessions: Sessions,
    pub public_url: PublicUrl,
}

impl Signing {
    /// The `Set-Cookie` that holds session `id`.
    fn cookie(&self, id: &str) -> HeaderValue {
        let seconds = store::SESSION_LENGTH.as_secs();
        self.cookie_with(&format!("{COOKIE_NAME}={id}; Max-Age={seconds}"))
    }

    /// The `Set-Cookie` that removes the session's cookie.
    fn removal(&self) -> HeaderValue {
        self.cookie_with(&format!("{COOKIE_NAME}=; Max-Age=0"))
    }

    fn cookie_with(&self, start: &str) -> HeaderValue {
        let secure = if self.public_url.is_https() {
            "; Secure"
        } else {
            ""
        };
        HeaderValue::from_str(&format!(
            "{start}; Path=/; HttpOnly; SameSite=Strict{secure}"
        ))
        .expect("a cookie of hex digits is a header value")
    }
}

/// The session id a request's cookie carries.
fn session_id(headers: &HeaderMap) -> Option<&str> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE_NAME)
        .map(|(_, id)| id)
        .filter(|id| !id.is_empty())
}

/// Someone signed in, with a token that is still valid.
#[derive(Debug, Clone)]
pub(crate) struct SignedIn {
    pub credential: Credential,
    /// The session's CSRF token, for the forms drawn for it.
    pub csrf: String,
    id: String,
}

impl SignedIn {
    /// Refuses, with 403, a post whose form does not carry this session's
    /// CSRF token.
    pub(crate) fn check_csrf(&self, fields: &Fields) -> Result<(), PageError> {
        let sent = fields.csrf().unwrap_or("");
        if bool::from(subtle::ConstantTimeEq::ct_eq(
            sent.as_bytes(),
            self.csrf.as_bytes(),
        )) {
            Ok(())
        } else {
            Err(PageError::forbidden(
                "Formuläret kunde inte tas emot: det saknar sin kontrollkod, eller kommer från \
                 en annan sida eller en tidigare inloggning. Ingenting har registrerats. \
                 Öppna formuläret på nytt och skicka det därifrån."
                    .to_owned(),
            ))
        }
    }
}

impl FromRequestParts<AppState> for SignedIn {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let Some(signing) = parts.extensions.get::<Arc<Signing>>().cloned() else {
            return Err(PageError::fault(
                "the site's routes were served without their Signing".to_owned(),
            )
            .into_response());
        };
        let not_signed_in = |method: &Method| match *method {
            // Reading a form: sign in first.
            Method::GET | Method::HEAD => Redirect::to(SIGN_IN_PATH).into_response(),
            _ => PageError::forbidden(
                "Du är inte inloggad (eller har varit inloggad för länge). Ingenting har \
                 registrerats. Logga in och fyll i formuläret på nytt."
                    .to_owned(),
            )
            .instead(SIGN_IN_PATH.to_owned(), "Logga in")
            .into_response(),
        };
        let Some(id) = session_id(&parts.headers).map(str::to_owned) else {
            return Err(not_signed_in(&parts.method));
        };
        let Some(session) = signing.sessions.find(&id, Instant::now()) else {
            return Err(not_signed_in(&parts.method));
        };
        match state.tokens.authenticate_digest(&session.token) {
            Ok(Authentication::Valid(credential)) => Ok(SignedIn {
                credential,
                csrf: session.csrf,
                id,
            }),
            Ok(Authentication::Revoked(_) | Authentication::Unknown) => {
                signing.sessions.end(&id);
                let mut refused = not_signed_in(&parts.method);
                refused.headers_mut().insert(SET_COOKIE, signing.removal());
                Err(refused)
            }
            Err(why) => {
                tracing::error!(%why, "a session's token could not be looked up");
                Err(PageError::new(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "Inloggningen kan inte kontrolleras just nu. Försök igen om en stund.".into(),
                )
                .into_response())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cookie_is_http_only_strict_and_secure_over_https() {
        let plain = Signing::default();
        let cookie = plain.cookie("ab").to_str().unwrap().to_owned();
        assert_eq!(
            cookie,
            "trygglogg_session=ab; Max-Age=28800; Path=/; HttpOnly; SameSite=Strict"
        );
        let https = Signing {
            public_url: "https://trygglogg.hagfors.se".parse().unwrap(),
            ..Signing::default()
        };
        assert!(https.cookie("ab").to_str().unwrap().ends_with("; Secure"));
        assert!(https.removal().to_str().unwrap().contains("Max-Age=0"));
    }

    #[test]
    fn the_session_id_is_read_from_among_other_cookies() {
        let mut headers = HeaderMap::new();
        assert_eq!(session_id(&headers), None);
        headers.insert(
            COOKIE,
            HeaderValue::from_static("a=1; trygglogg_session=xyz; b=2"),
        );
        assert_eq!(session_id(&headers), Some("xyz"));
        headers.insert(COOKIE, HeaderValue::from_static("trygglogg_session="));
        assert_eq!(session_id(&headers), None);
    }
}
