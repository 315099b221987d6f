//! Talking to a running server (`--server URL`): the token from
//! `TRYGGLOGG_TOKEN`, the HTTP client, and the server's refusals read back.

use std::time::Duration;

use reqwest::blocking::{Client, RequestBuilder, Response};
use serde::Deserialize;

use crate::failure::{Context, Failure};

/// Where the token comes from: never a flag, which `ps` would show.
pub const TOKEN_VARIABLE: &str = "TRYGGLOGG_TOKEN";

/// A server at a base URL, with the token to present.
pub struct Server {
    base: String,
    token: String,
    client: Client,
}

impl Server {
    /// The server at `base`; `needs` says whose token `what` needs, for the
    /// message when there is none.
    pub fn new(base: &str, what: &str, needs: &str) -> Result<Server, Failure> {
        let token = std::env::var(TOKEN_VARIABLE).map_err(|_| {
            Failure::Failed(format!("{what} needs {needs} token in {TOKEN_VARIABLE}"))
        })?;
        // A large log takes long to send: only connecting is bounded (the
        // server bounds the rest).
        let client = Client::builder()
            .connect_timeout(Duration::from_secs(10))
            .timeout(None)
            .build()
            .context("cannot start the HTTP client")?;
        Ok(Server {
            base: base.trim_end_matches('/').to_owned(),
            token: token.trim().to_owned(),
            client,
        })
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub fn get(&self, path: &str) -> RequestBuilder {
        self.client.get(self.url(path)).bearer_auth(&self.token)
    }

    pub fn post(&self, path: &str) -> RequestBuilder {
        self.client.post(self.url(path)).bearer_auth(&self.token)
    }
}

/// An RFC 9457 problem, as the server answers a refusal.
#[derive(Debug, Default, Deserialize)]
pub struct Refusal {
    /// `/docs#problem-<slug>`.
    #[serde(default, rename = "type")]
    pub problem_type: String,
    #[serde(default)]
    pub detail: String,
    #[serde(default)]
    pub errors: Vec<RefusedField>,
}

#[derive(Debug, Deserialize)]
pub struct RefusedField {
    pub path: String,
    pub problem: String,
    pub expected: String,
}

impl Refusal {
    /// The problem in `response` (which is not a success); an answer that is
    /// no problem (a proxy's page) still gives a reason.
    pub fn read(response: Response) -> Refusal {
        let mut refusal: Refusal = response.json().unwrap_or_default();
        if refusal.detail.is_empty() {
            refusal.detail = "no reason given".into();
        }
        refusal
    }
}
