//! Who records, and what they may record: from the credential (a token, or the
//! operator running an import), never from the request body.

use std::fmt;

use trygglogg_events::{Municipality, Party};

/// A member of staff and the organisation they record for. Kept in every
/// event's metadata for the audit trail; never shown in public views.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Author {
    pub actor: String,
    pub organisation: String,
    pub scope: Scope,
    /// Where the author may write: agreements and activities of these
    /// municipalities.
    pub municipalities: Municipalities,
}

/// What an author may record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Anything the domain allows: agreements, commitments, reviews, indicators
    /// and activities of any party (coordinators, administrators, imports),
    /// within the author's municipalities.
    Everything,
    /// Only activities that the author's own organisation is responsible for
    /// (reporters).
    OwnActivities,
    /// Only corrections and retractions, within the author's municipalities
    /// (auditors: they find the mistakes, and fixing one is appending, never
    /// altering).
    Amendments,
}

/// The municipalities an author serves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Municipalities {
    /// These, and no other (never empty: a token names at least one).
    Listed(Vec<Municipality>),
    /// Every municipality: an administrator of the whole service, or the
    /// operator running `trygglogg import`.
    WholeService,
}

impl Municipalities {
    pub fn covers(&self, municipality: &Municipality) -> bool {
        match self {
            Municipalities::Listed(listed) => listed.contains(municipality),
            Municipalities::WholeService => true,
        }
    }
}

impl fmt::Display for Municipalities {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Municipalities::Listed(listed) => {
                let names: Vec<String> = listed.iter().map(ToString::to_string).collect();
                f.write_str(&names.join(", "))
            }
            Municipalities::WholeService => f.write_str("the whole service"),
        }
    }
}

impl Author {
    /// The operator of the service, recording anything anywhere (`trygglogg
    /// import`, the demo, tests that load the seed).
    pub fn operator(actor: impl Into<String>, organisation: impl Into<String>) -> Author {
        Author {
            actor: actor.into(),
            organisation: organisation.into(),
            scope: Scope::Everything,
            municipalities: Municipalities::WholeService,
        }
    }

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
