//! Where a token may write: the municipalities it serves, as `token create`
//! is told them (`--for`, `--whole-service`), as `tokens.json` keeps them, and
//! as tokens made before municipalities were named are read.
//!
//! - A municipality's token (`X kommun`, `X kommun/<department>`) serves X,
//!   and only X.
//! - A Polisen token names the municipalities it serves (Polisen is one
//!   national authority, but its local police areas serve a few
//!   municipalities each); its lokalpolisområde may be given as a label.
//! - An admin token says either which municipality or the whole service.
//! - A token made before this (no `serves` in the file) keeps the reach it
//!   had in practice: a municipality's token its municipality; a Polisen or
//!   admin token the whole service, until it is made anew with `--for`.

use serde::{Deserialize, Serialize};
use trygglogg_events::{Municipality, Party, PlaceName};
use trygglogg_recorder::Municipalities;

use super::token_file::{NewToken, TokenError, TokenRecord};
use super::Role;

/// The municipalities a token serves, as `tokens.json` keeps them:
/// `{"municipalities": ["Hagfors kommun"]}` or `"whole_service"`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Served {
    Municipalities(Vec<String>),
    WholeService,
}

/// What `token create` stores for `new`, whose organisation is `party`: the
/// municipalities it serves and the area label, or why not.
pub(crate) fn served_by(
    new: &NewToken,
    party: &Party,
) -> Result<(Served, Option<String>), TokenError> {
    let refuse = |why: String| TokenError::InvalidScope(why);
    let mut listed: Vec<Municipality> = Vec::new();
    for raw in &new.municipalities {
        let municipality = Municipality::parse(raw).map_err(|invalid| {
            refuse(format!("--for: {}; {}", invalid.problem, invalid.expected))
        })?;
        if !listed.contains(&municipality) {
            listed.push(municipality);
        }
    }
    let area = match (&new.area, party) {
        (None, _) => None,
        (Some(area), Party::Police) => Some(
            PlaceName::parse(area)
                .map_err(|invalid| {
                    refuse(format!("--area: {}; {}", invalid.problem, invalid.expected))
                })?
                .as_str()
                .to_owned(),
        ),
        (Some(_), _) => {
            return Err(refuse(format!(
                "--area is the lokalpolisområde of a Polisen token; a token of {party} has none"
            )))
        }
    };
    let or_whole = if new.role == Role::Admin {
        " or --whole-service"
    } else {
        ""
    };
    if new.whole_service {
        return match (new.role, listed.first()) {
            (Role::Admin, None) => Ok((Served::WholeService, area)),
            (Role::Admin, Some(_)) => Err(refuse(
                "give either --for or --whole-service, not both".into(),
            )),
            (role, _) => Err(refuse(format!(
                "--whole-service is for admin tokens only; a {role} token names its municipalities with --for"
            ))),
        };
    }
    let served = match party.municipality() {
        Some(own) => {
            if let Some(other) = listed.iter().find(|m| *m != own) {
                return Err(refuse(format!(
                    "a token of {party} serves {own} only, not {other}; staff of {other} get a token of their own"
                )));
            }
            if listed.is_empty() && new.role == Role::Admin {
                return Err(refuse(format!(
                    "an admin token says where it may write: --for \"{own}\"{or_whole}"
                )));
            }
            vec![own.clone()]
        }
        None if listed.is_empty() => {
            return Err(refuse(format!(
                "a {party} token names the municipalities it serves: --for \"<Name> kommun\", once for each{or_whole}"
            )))
        }
        None => listed,
    };
    Ok((
        Served::Municipalities(served.iter().map(ToString::to_string).collect()),
        area,
    ))
}

impl TokenRecord {
    /// Where the token may write. A token made before municipalities were
    /// named keeps the reach it had in practice (see the module's text).
    pub fn municipalities(&self) -> Result<Municipalities, String> {
        let party = Party::parse(&self.organisation).map_err(|invalid| {
            format!(
                "the organisation of token {:?}: {}",
                self.name, invalid.problem
            )
        })?;
        match &self.serves {
            Some(Served::WholeService) => Ok(Municipalities::WholeService),
            Some(Served::Municipalities(names)) if !names.is_empty() => names
                .iter()
                .map(|name| Municipality::parse(name))
                .collect::<Result<Vec<_>, _>>()
                .map(Municipalities::Listed)
                .map_err(|invalid| {
                    format!(
                        "the municipalities of token {:?}: {}",
                        self.name, invalid.problem
                    )
                }),
            Some(Served::Municipalities(_)) => {
                Err(format!("token {:?} serves no municipality", self.name))
            }
            None => Ok(match (self.role, party.municipality()) {
                (Role::Admin, _) | (_, None) => Municipalities::WholeService,
                (_, Some(own)) => Municipalities::Listed(vec![own.clone()]),
            }),
        }
    }

    /// Where the token may write, for `token list`: an older token that
    /// reaches the whole service only because it was made before
    /// municipalities were named says so.
    pub fn describe_reach(&self) -> String {
        match (self.municipalities(), &self.serves) {
            (Err(why), _) => format!("unreadable: {why}"),
            (Ok(Municipalities::WholeService), None) => {
                "the whole service (older token: create anew with --for)".into()
            }
            (Ok(reach), _) => reach.to_string(),
        }
    }
}
