//! The extractors that authenticate a request: [`Caller`] for routes open to
//! the public (whose answer may depend on the role), [`Authorised`] for routes
//! that need a permission. Both refuse a garbled, unknown or revoked token with
//! 401: a client that sends a token wants to know it is not accepted.

use std::marker::PhantomData;

use std::net::SocketAddr;
use std::time::Instant;

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::header::{AUTHORIZATION, RETRY_AFTER};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue};

use trygglogg_tokens::{Authentication, Credential, Tokens};

use super::{roles_allowed, Permission};
use crate::metrics::TokenRefusal;
use crate::problem::{Problem, ProblemKind};
use crate::AppState;

/// The caller of a request: the public, or the holder of a valid token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Caller {
    Public,
    Token(Credential),
}

impl Caller {
    pub fn credential(&self) -> Option<&Credential> {
        match self {
            Caller::Public => None,
            Caller::Token(credential) => Some(credential),
        }
    }

    /// Whether the caller holds a token whose role allows `P`.
    pub fn may<P: Permission>(&self) -> bool {
        self.credential().is_some_and(|c| P::allows(c.role))
    }

    /// The credential, if its role allows `P`: otherwise 401 for the public and
    /// 403 for a token of another role.
    pub fn require<P: Permission>(self) -> Result<Credential, Problem> {
        match self {
            Caller::Public => Err(Problem::unauthenticated(format!(
                "{} needs a bearer token of the {} role; send `Authorization: Bearer <token>`",
                P::WHAT,
                roles_allowed::<P>()
            ))),
            Caller::Token(credential) if P::allows(credential.role) => Ok(credential),
            Caller::Token(credential) => Err(Problem::forbidden(format!(
                "{} needs the {} role; the token {:?} has the {} role",
                P::WHAT,
                roles_allowed::<P>(),
                credential.name,
                credential.role
            ))),
        }
    }
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Problem> {
        let (reason, refusal) = match identify(&state.tokens, &parts.headers) {
            Ok(caller) => {
                if let Caller::Token(credential) = &caller {
                    // Who acted, on the request's log line (`layers::wrap`
                    // declares the fields); the token itself is never logged.
                    let span = tracing::Span::current();
                    span.record("token", credential.name.as_str());
                    span.record("org", credential.organisation.as_str());
                }
                return Ok(caller);
            }
            Err(Refused::Request(problem)) => return Err(problem),
            Err(Refused::Token(reason, problem)) => (reason, problem),
        };
        state.metrics.observe_refused_token(reason);
        let client = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|ConnectInfo(address)| address.ip());
        let now = Instant::now();
        let failed = &state.failed_authentications;
        if let Some(wait) = failed.held_up(client, now) {
            let seconds = wait.as_secs().max(1);
            return Err(Problem::new(
                ProblemKind::TooManyRequests,
                format!("too many refused tokens came from this address; try again in {seconds} s, with a valid token"),
            )
            .with_header(RETRY_AFTER, HeaderValue::from(seconds)));
        }
        failed.refused(client, now);
        Err(refusal)
    }
}

/// Why [`identify`] refused a request.
#[derive(Debug)]
pub enum Refused {
    /// The request itself: two `Authorization` headers, or the tokens
    /// cannot be read.
    Request(Problem),
    /// The token presented (garbled, unknown or revoked): a 401, and why,
    /// for the metrics and the throttle.
    Token(TokenRefusal, Problem),
}

/// The caller that `headers` present: the public (no `Authorization`), or
/// the holder of a valid token in `tokens`. Every server that takes
/// Trygglogg's tokens reads them here (the load harness's peer too).
pub fn identify(tokens: &Tokens, headers: &HeaderMap) -> Result<Caller, Refused> {
    let token = match presented_token(headers) {
        Ok(None) => return Ok(Caller::Public),
        Ok(Some(token)) => Some(token),
        Err(Presented::Twice) => return Err(Refused::Request(two_authorizations())),
        Err(Presented::Garbled) => None,
    };
    let authentication = match token {
        Some(token) => tokens
            .authenticate(token)
            .map_err(|why| Refused::Request(Problem::new(ProblemKind::Unavailable, why)))?,
        None => Authentication::Unknown,
    };
    // A valid token is served whatever its address did before: the
    // throttle slows guessers down, never the people who work there.
    let (reason, refusal) = match authentication {
        Authentication::Valid(credential) => return Ok(Caller::Token(credential)),
        Authentication::Revoked(when) => (
            TokenRefusal::Revoked,
            Problem::unauthenticated(format!(
                "this token was revoked at {when}; ask an administrator for a new one"
            )),
        ),
        Authentication::Unknown if token.is_none() => (
            TokenRefusal::Unknown,
            Problem::unauthenticated(
                "the Authorization header must be `Bearer <token>`, with the token `trygglogg token create` printed",
            ),
        ),
        Authentication::Unknown => (
            TokenRefusal::Unknown,
            Problem::unauthenticated(
                "this token is not known; check that it was copied whole, or ask an administrator for one",
            ),
        ),
    };
    Err(Refused::Token(reason, refusal))
}

/// Why a request's `Authorization` could not be read as a bearer token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Presented {
    /// More than one `Authorization` header: which one is meant is not ours
    /// to guess (a proxy may have added one).
    Twice,
    /// Not `Bearer <token>`.
    Garbled,
}

/// The bearer token a request presents; `None` without an `Authorization`
/// header.
pub(crate) fn presented_token(headers: &HeaderMap) -> Result<Option<&str>, Presented> {
    let mut values = headers.get_all(AUTHORIZATION).iter();
    let Some(header) = values.next() else {
        return Ok(None);
    };
    if values.next().is_some() {
        return Err(Presented::Twice);
    }
    header
        .to_str()
        .ok()
        .and_then(|value| value.split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, token)| token.trim())
        .filter(|token| !token.is_empty())
        .map(Some)
        .ok_or(Presented::Garbled)
}

fn two_authorizations() -> Problem {
    Problem::invalid_parameter(
        "Authorization",
        "the header was sent more than once",
        "one `Authorization: Bearer <token>` header, or none to read as the public",
    )
}

/// A caller whose token's role allows `P`; 401 or 403 otherwise. Being an
/// extractor, it refuses before the body is read.
#[derive(Debug)]
pub struct Authorised<P>(pub Credential, PhantomData<P>);

impl<P> Authorised<P> {
    pub fn credential(&self) -> &Credential {
        &self.0
    }
}

impl<P: Permission> FromRequestParts<AppState> for Authorised<P> {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Problem> {
        let caller = Caller::from_request_parts(parts, state).await?;
        let reason = match caller {
            Caller::Public => TokenRefusal::Missing,
            Caller::Token(_) => TokenRefusal::WrongRole,
        };
        let credential = caller
            .require::<P>()
            .inspect_err(|_| state.metrics.observe_refused_token(reason))?;
        Ok(Authorised(credential, PhantomData))
    }
}
