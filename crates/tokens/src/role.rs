//! Roles and what each may do. A permission is a type, so a handler states what
//! it needs in its signature: `Authorised<ReadLog>`.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use trygglogg_recorder::Scope;
use utoipa::ToSchema;

/// The role a bearer token carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
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

/// Something a role may or may not do.
pub trait Permission: Send + Sync + 'static {
    /// What it allows, for refusals: "reading the raw log".
    const WHAT: &'static str;
    fn allows(role: Role) -> bool;
}

/// Appending events; what exactly is up to [`Role::recording_scope`].
pub struct Record;
impl Permission for Record {
    const WHAT: &'static str = "recording events";
    fn allows(role: Role) -> bool {
        role.recording_scope().is_some()
    }
}

/// Reading raw events (streams, the global log, the live subscription) and
/// verifying the chain.
pub struct ReadLog;
impl Permission for ReadLog {
    const WHAT: &'static str = "reading the raw event log";
    fn allows(role: Role) -> bool {
        matches!(role, Role::Auditor | Role::Admin)
    }
}

/// Reading the audit trail: who recorded what, and when.
pub struct ReadAuditTrail;
impl Permission for ReadAuditTrail {
    const WHAT: &'static str = "reading the audit trail";
    fn allows(role: Role) -> bool {
        matches!(role, Role::Auditor | Role::Admin)
    }
}

/// Seeing internal notes in views (they are left out for everyone else).
pub struct ReadInternalNotes;
impl Permission for ReadInternalNotes {
    const WHAT: &'static str = "reading internal notes";
    fn allows(role: Role) -> bool {
        matches!(role, Role::Auditor | Role::Admin)
    }
}

/// The roles a permission admits, for messages: "auditor or admin".
pub fn roles_allowed<P: Permission>() -> String {
    let names: Vec<&str> = Role::ALL
        .into_iter()
        .filter(|role| P::allows(*role))
        .map(Role::as_str)
        .collect();
    match names.split_last() {
        Some((last, [])) => (*last).to_owned(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
        None => "no role".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn allowed<P: Permission>() -> Vec<Role> {
        Role::ALL.into_iter().filter(|r| P::allows(*r)).collect()
    }

    #[test]
    fn the_role_table() {
        use Role::*;
        assert_eq!(allowed::<Record>(), [Reporter, Coordinator, Auditor, Admin]);
        assert_eq!(allowed::<ReadLog>(), [Auditor, Admin]);
        assert_eq!(allowed::<ReadAuditTrail>(), [Auditor, Admin]);
        assert_eq!(allowed::<ReadInternalNotes>(), [Auditor, Admin]);
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
        assert_eq!(
            roles_allowed::<Record>(),
            "reporter, coordinator, auditor or admin"
        );
        assert_eq!(roles_allowed::<ReadLog>(), "auditor or admin");
    }
}
