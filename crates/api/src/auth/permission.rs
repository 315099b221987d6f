//! What each role may do over HTTP. A permission is a type, so a handler
//! states what it needs in its signature: `Authorised<ReadLog>`.

use trygglogg_tokens::Role;

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

/// Signing a checkpoint of the log on demand (the server also makes one by
/// itself at least every minute while the log grows).
pub struct MakeCheckpoint;
impl Permission for MakeCheckpoint {
    const WHAT: &'static str = "signing a checkpoint on demand";
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
        assert_eq!(allowed::<MakeCheckpoint>(), [Auditor, Admin]);
    }

    #[test]
    fn refusals_name_the_roles_allowed() {
        assert_eq!(
            roles_allowed::<Record>(),
            "reporter, coordinator, auditor or admin"
        );
        assert_eq!(roles_allowed::<ReadLog>(), "auditor or admin");
    }
}
