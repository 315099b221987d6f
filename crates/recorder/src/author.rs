//! Who records, and what they may record: from the credential (a token, or the
//! operator running an import), never from the request body.

use trygglogg_events::Party;

/// A member of staff and the organisation they record for. Kept in every
/// event's metadata for the audit trail; never shown in public views.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Author {
    pub actor: String,
    pub organisation: String,
    pub scope: Scope,
}

/// What an author may record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Anything the domain allows: agreements, commitments, reviews, indicators
    /// and activities of any party (coordinators, administrators, imports).
    Everything,
    /// Only activities that the author's own organisation is responsible for
    /// (reporters).
    OwnActivities,
    /// Only corrections and retractions, in any stream (auditors: they find
    /// the mistakes, and fixing one is appending, never altering).
    Amendments,
}

impl Author {
    /// Whether this author's organisation may record work that `responsible`
    /// carry out: it is one of them, a department of one of them, or the
    /// municipality one of them is a department of.
    pub(crate) fn answers_for(&self, responsible: &[Party]) -> bool {
        let Ok(own) = Party::parse(&self.organisation) else {
            return false;
        };
        responsible.iter().any(|party| {
            *party == own
                || own.acts_for(std::slice::from_ref(party))
                || party.acts_for(std::slice::from_ref(&own))
        })
    }
}
