//! Who promises and who does the work.
//!
//! A party is written as a string, one of:
//! - `Polisen` — the Swedish Police Authority (through its local police area);
//! - `<Name> kommun` — a municipality, e.g. `Hagfors kommun`, `Malung-Sälens kommun`;
//! - `<Name> kommun/<department>` — a department of a municipality, where the
//!   department is one of [`Department`]: `skola`, `socialtjänst`, `fritid`,
//!   `tillstånd`, `samhällsbyggnad`, `räddningstjänst`.
//!
//! Only Polisen and municipalities can be parties to an agreement; departments can be
//! responsible for commitments and activities.
//!
//! Any other organisation that takes part in the work (a housing company, a
//! räddningstjänstförbund, Länsstyrelsen) is named by an [`OrganisationName`]: a
//! checked text like a title, never a person's name.

use crate::error::Invalid;
use crate::fields::from_json_via_str;
use crate::privacy::refuse_identity_number;
use crate::text::bounded_text;
use serde::{Serialize, Serializer};
use std::fmt;

const PARTY_EXPECTED: &str = "\"Polisen\", \"<Name> kommun\" (e.g. \"Hagfors kommun\") or \
    \"<Name> kommun/<department>\" with department skola, socialtjänst, fritid, tillstånd, \
    samhällsbyggnad or räddningstjänst";

bounded_text! {
    /// An organisation by its name: a party as written above (`Polisen`,
    /// `Hagfors kommun/skola`) or any other, e.g. "Hagforshem AB". Checked as a
    /// title is; named as an organisation, never a person.
    OrganisationName { max_chars: 200, multiline: false, when_empty: "name the organisation, never a person, e.g. \"Hagforshem AB\"" }
}

/// A municipality, written with its formal suffix: `Hagfors kommun`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Municipality {
    /// The name without " kommun", e.g. "Hagfors".
    name: String,
}

/// What to do instead of naming a person where an organisation belongs.
const ORGANISATION_NOT_PERSON: &str = "name the organisation, never a person, e.g. \
    \"Hagfors kommun\"";

impl Municipality {
    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        // First, so that the refusal below never quotes a number.
        refuse_identity_number(raw, ORGANISATION_NOT_PERSON)?;
        let invalid = || {
            Invalid::new(
                format!("{raw:?} is not a municipality"),
                "give its name and \"kommun\", e.g. \"Hagfors kommun\"",
            )
        };
        let name = raw.strip_suffix(" kommun").ok_or_else(invalid)?;
        let starts_upper = name.chars().next().is_some_and(char::is_uppercase);
        let allowed = name
            .chars()
            .all(|c| c.is_alphabetic() || c == ' ' || c == '-');
        let length = name.chars().count();
        let tidy = !name.ends_with([' ', '-']) && !name.contains("  ");
        if !starts_upper || !allowed || !tidy || !(2..=40).contains(&length) {
            return Err(invalid());
        }
        Ok(Self {
            name: name.to_owned(),
        })
    }

    /// The name without " kommun".
    pub fn name(&self) -> &str {
        &self.name
    }
}

impl fmt::Display for Municipality {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} kommun", self.name)
    }
}

/// Municipal departments that commonly carry medborgarlöften work. The list is short on
/// purpose: a typo must not create a new organisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Department {
    /// School (skola), incl. student health.
    School,
    /// Social services (socialtjänst).
    SocialServices,
    /// Leisure and youth (fritid).
    Leisure,
    /// Alcohol and tobacco licensing and inspection (tillstånd).
    Licensing,
    /// Streets, planning and the traffic environment (samhällsbyggnad).
    CommunityPlanning,
    /// Rescue services (räddningstjänst).
    RescueServices,
}

impl Department {
    pub const ALL: [Self; 6] = [
        Self::School,
        Self::SocialServices,
        Self::Leisure,
        Self::Licensing,
        Self::CommunityPlanning,
        Self::RescueServices,
    ];

    /// The Swedish name used in the wire format.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::School => "skola",
            Self::SocialServices => "socialtjänst",
            Self::Leisure => "fritid",
            Self::Licensing => "tillstånd",
            Self::CommunityPlanning => "samhällsbyggnad",
            Self::RescueServices => "räddningstjänst",
        }
    }
}

/// A party to an agreement or an organisation responsible for work.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Party {
    Police,
    Municipality(Municipality),
    Department {
        municipality: Municipality,
        department: Department,
    },
}

impl Party {
    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        refuse_identity_number(raw, ORGANISATION_NOT_PERSON)?;
        if raw == "Polisen" {
            return Ok(Self::Police);
        }
        let not_a_party = || Invalid::new(format!("{raw:?} is not a known party"), PARTY_EXPECTED);
        match raw.split_once('/') {
            None => Municipality::parse(raw)
                .map(Self::Municipality)
                .map_err(|_| not_a_party()),
            Some((municipality, department)) => {
                let municipality = Municipality::parse(municipality).map_err(|_| not_a_party())?;
                let department = Department::ALL
                    .into_iter()
                    .find(|d| d.as_str() == department)
                    .ok_or_else(not_a_party)?;
                Ok(Self::Department {
                    municipality,
                    department,
                })
            }
        }
    }

    /// The municipality this party is or belongs to; `None` for Polisen.
    pub fn municipality(&self) -> Option<&Municipality> {
        match self {
            Self::Police => None,
            Self::Municipality(municipality) | Self::Department { municipality, .. } => {
                Some(municipality)
            }
        }
    }

    /// Whether this organisation acts for one of `parties`: it is one of them, or a
    /// department of a municipality among them.
    pub fn acts_for(&self, parties: &[Party]) -> bool {
        match self {
            Self::Department { municipality, .. } => parties
                .iter()
                .any(|p| *p == Self::Municipality(municipality.clone())),
            party => parties.contains(party),
        }
    }
}

impl fmt::Display for Party {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Police => f.write_str("Polisen"),
            Self::Municipality(municipality) => write!(f, "{municipality}"),
            Self::Department {
                municipality,
                department,
            } => write!(f, "{municipality}/{}", department.as_str()),
        }
    }
}

impl Serialize for Party {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl Serialize for Municipality {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl schemars::JsonSchema for Party {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Party".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "description": format!("One of {PARTY_EXPECTED}."),
            "examples": ["Polisen", "Hagfors kommun", "Hagfors kommun/socialtjänst"]
        })
    }
}

impl schemars::JsonSchema for Municipality {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Municipality".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "pattern": " kommun$",
            "description": "A municipality with its suffix, e.g. \"Hagfors kommun\".",
            "examples": ["Hagfors kommun"]
        })
    }
}

from_json_via_str!(Party, PARTY_EXPECTED);
from_json_via_str!(
    Municipality,
    "a municipality with its suffix, e.g. \"Hagfors kommun\""
);
