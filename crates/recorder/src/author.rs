//! Who records: comes from the credential (a token, or the operator running an
//! import), never from the request body.

/// A member of staff and the organisation they record for. Kept in every
/// event's metadata for the audit trail; never shown in public views.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Author {
    pub actor: String,
    pub organisation: String,
}
