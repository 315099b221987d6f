//! What `tokens.json` holds of one token, and what `token create` is asked
//! to issue: plain data, read by the file and by the scope rules alike.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::Role;

/// One issued token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenRecord {
    /// Who holds it; recorded as the actor of every event appended with it.
    pub name: String,
    pub role: Role,
    /// The party it acts for, e.g. "Polisen" or "Hagfors kommun/skola".
    pub organisation: String,
    /// The municipalities it serves; absent in tokens made before they were
    /// named, which keep the reach they had ([`TokenRecord::municipalities`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub serves: Option<Served>,
    /// A Polisen token's lokalpolisområde: a label, shown in `token list`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub area: Option<String>,
    /// SHA-256 of the token, as hex.
    pub sha256: String,
    pub created: DateTime<Utc>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revoked: Option<DateTime<Utc>>,
    /// A one-time sign-in link not yet used (`token create --login`), as
    /// the hash of its code; gone once used.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub login_link: Option<LoginLink>,
}

/// A sign-in link's code, hashed, and when it stops working (see
/// `login_link.rs`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LoginLink {
    /// SHA-256 of the code, as hex.
    pub sha256: String,
    pub expires: DateTime<Utc>,
}

/// The municipalities a token serves, as `tokens.json` keeps them:
/// `{"municipalities": ["Hagfors kommun"]}` or `"whole_service"`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Served {
    Municipalities(Vec<String>),
    WholeService,
}

/// A token to issue.
#[derive(Debug, Clone)]
pub struct NewToken {
    pub name: String,
    pub role: Role,
    pub organisation: String,
    /// The municipalities it serves (`--for`); a municipality's token serves
    /// its own, named or not.
    pub municipalities: Vec<String>,
    /// `--whole-service`: every municipality (admin tokens only).
    pub whole_service: bool,
    /// `--area`: a Polisen token's lokalpolisområde, as a label.
    pub area: Option<String>,
}

impl NewToken {
    /// A token for `organisation` that names no municipality: enough for a
    /// municipality's token, which serves its own.
    pub fn new(name: impl Into<String>, role: Role, organisation: impl Into<String>) -> Self {
        NewToken {
            name: name.into(),
            role,
            organisation: organisation.into(),
            municipalities: Vec::new(),
            whole_service: false,
            area: None,
        }
    }

    /// The same token, serving `municipalities`.
    pub fn serving(mut self, municipalities: &[&str]) -> Self {
        self.municipalities = municipalities.iter().map(|m| (*m).to_owned()).collect();
        self
    }

    /// The same token, serving the whole service.
    pub fn whole_service(mut self) -> Self {
        self.whole_service = true;
        self
    }
}
