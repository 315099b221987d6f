//! The role a token carries, and what the recorder lets each role record.
//! What each may read and do over HTTP is the API's (`auth/permission.rs`).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use trygglogg_recorder::Scope;

/// The role a bearer token carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Appends activity events for its own organisation, in its
    /// municipalities.
    Reporter,
    /// A reporter who also keeps agreements: focus areas, commitments, reviews,
    /// indicators, and activities of any party, in its municipalities.
    Coordinator,
    /// Reads everything, in every municipality (raw events, the audit trail,
    /// verification, internal notes); appends only corrections and
    /// retractions, in its municipalities.
    Auditor,
    /// Everything, in one municipality or in the whole service.
    Admin,
}

impl Role {
    pub const ALL: [Role; 4] = [
        Role::Reporter,
        Role::Coordinator,
        Role::Auditor,
        Role::Admin,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Reporter => "reporter",
            Role::Coordinator => "coordinator",
            Role::Auditor => "auditor",
            Role::Admin => "admin",
        }
    }

    /// What the recorder lets this role record; `None` if it records nothing.
    pub fn recording_scope(self) -> Option<Scope> {
        match self {
            Role::Reporter => Some(Scope::OwnActivities),
            Role::Coordinator | Role::Admin => Some(Scope::Everything),
            Role::Auditor => Some(Scope::Amendments),
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // `pad`, so that `{:<12}` lines roles up in tables.
        f.pad(self.as_str())
    }
}

impl FromStr for Role {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Role::ALL
            .into_iter()
            .find(|role| role.as_str() == s)
            .ok_or_else(|| {
                format!("{s:?} is not a role; give reporter, coordinator, auditor or admin")
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_each_role_records() {
        use Role::*;
        assert_eq!(Reporter.recording_scope(), Some(Scope::OwnActivities));
        assert_eq!(Coordinator.recording_scope(), Some(Scope::Everything));
        assert_eq!(Admin.recording_scope(), Some(Scope::Everything));
        assert_eq!(Auditor.recording_scope(), Some(Scope::Amendments));
    }

    #[test]
    fn roles_parse_from_their_names_only() {
        for role in Role::ALL {
            assert_eq!(role.as_str().parse::<Role>(), Ok(role));
        }
        assert!("Admin".parse::<Role>().is_err());
        assert!("root".parse::<Role>().unwrap_err().contains("reporter"));
    }
}
