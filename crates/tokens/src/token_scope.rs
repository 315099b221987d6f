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

use trygglogg_events::{Municipality, Party, PlaceName};
use trygglogg_recorder::Municipalities;

use crate::error::TokenError;
use crate::record::{NewToken, Served, TokenRecord};
use crate::Role;

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
            None => {
                let party = Party::parse(&self.organisation).map_err(|invalid| {
                    format!(
                        "the organisation of token {:?}: {}",
                        self.name, invalid.problem
                    )
                })?;
                Ok(match (self.role, party.municipality()) {
                    (Role::Admin, _) | (_, None) => Municipalities::WholeService,
                    (_, Some(own)) => Municipalities::Listed(vec![own.clone()]),
                })
            }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::token_file::{digest, tokens_path, TokenFile};
    use crate::{Authentication, Tokens};

    fn listed(names: &[&str]) -> Served {
        Served::Municipalities(names.iter().map(|n| (*n).to_owned()).collect())
    }

    /// Role, organisation, `--for`, `--whole-service`, `--area`; what is
    /// stored, or words of the refusal.
    type Case = (
        Role,
        &'static str,
        &'static [&'static str],
        bool,
        Option<&'static str>,
        Result<Served, &'static str>,
    );

    #[test]
    fn token_create_takes_the_municipalities_each_kind_of_token_may_serve() {
        use Role::*;
        const H: &str = "Hagfors kommun";
        const T: &str = "Torsby kommun";
        let cases: Vec<Case> = vec![
            (
                Reporter,
                "Polisen",
                &[],
                false,
                None,
                Err("names the municipalities it serves"),
            ),
            (
                Reporter,
                "Polisen",
                &[H, T],
                false,
                None,
                Ok(listed(&[H, T])),
            ),
            (Reporter, "Polisen", &[H, H], false, None, Ok(listed(&[H]))),
            (Coordinator, H, &[], false, None, Ok(listed(&[H]))),
            (Coordinator, H, &[H], false, None, Ok(listed(&[H]))),
            (
                Coordinator,
                H,
                &[H, T],
                false,
                None,
                Err("serves Hagfors kommun only, not Torsby kommun"),
            ),
            (
                Auditor,
                T,
                &[H],
                false,
                None,
                Err("serves Torsby kommun only, not Hagfors kommun"),
            ),
            (
                Reporter,
                "Hagfors kommun/skola",
                &[],
                false,
                None,
                Ok(listed(&[H])),
            ),
            (
                Admin,
                H,
                &[],
                false,
                None,
                Err("--for \"Hagfors kommun\" or --whole-service"),
            ),
            (Admin, H, &[], true, None, Ok(Served::WholeService)),
            (Admin, H, &[H], false, None, Ok(listed(&[H]))),
            (
                Admin,
                "Polisen",
                &[],
                false,
                None,
                Err("once for each or --whole-service"),
            ),
            (Admin, "Polisen", &[T], false, None, Ok(listed(&[T]))),
            (
                Admin,
                "Polisen",
                &[T],
                true,
                None,
                Err("either --for or --whole-service"),
            ),
            (
                Coordinator,
                "Polisen",
                &[],
                true,
                None,
                Err("for admin tokens only"),
            ),
            (Reporter, H, &[], true, None, Err("for admin tokens only")),
            (
                Reporter,
                "Polisen",
                &["Hagfors"],
                false,
                None,
                Err("--for: \"Hagfors\" is not a municipality"),
            ),
            (
                Reporter,
                "Polisen",
                &[H],
                false,
                Some("LPO Norra Värmland"),
                Ok(listed(&[H])),
            ),
            (
                Coordinator,
                H,
                &[],
                false,
                Some("LPO Norra Värmland"),
                Err("--area is the lokalpolisområde"),
            ),
            (Reporter, "Polisen", &[H], false, Some(""), Err("--area:")),
            (
                Reporter,
                "Polisen",
                &[H],
                false,
                Some("640823-3234"),
                Err("--area:"),
            ),
        ];
        let mut wrong = Vec::new();
        for (role, organisation, municipalities, whole, area, expected) in cases {
            let mut file = TokenFile::default();
            let new = NewToken {
                municipalities: municipalities.iter().map(|m| (*m).to_owned()).collect(),
                whole_service: whole,
                area: area.map(str::to_owned),
                ..NewToken::new("t", role, organisation)
            };
            let what = format!("{role} {organisation} {municipalities:?} {whole} {area:?}");
            match (file.create(new), expected) {
                (Ok(_), Ok(served)) => {
                    let record = &file.tokens[0];
                    if record.serves.as_ref() != Some(&served) || record.area.as_deref() != area {
                        wrong.push(format!(
                            "{what}: stored {:?} {:?}",
                            record.serves, record.area
                        ));
                    }
                }
                (Err(error), Err(words)) if error.to_string().contains(words) => {
                    if !file.tokens.is_empty() {
                        wrong.push(format!("{what}: refused but stored"));
                    }
                }
                (got, expected) => wrong.push(format!("{what}: {got:?}, expected {expected:?}")),
            }
        }
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    }

    /// A `tokens.json` written before tokens named municipalities: no
    /// `serves`. Each token keeps the reach it had in practice.
    #[test]
    fn older_tokens_keep_the_reach_they_had() {
        let dir = tempfile::tempdir().unwrap();
        let path = tokens_path(dir.path());
        let tokens = [
            ("polis", "reporter", "Polisen"),
            ("samordnare", "coordinator", "Hagfors kommun"),
            ("skola", "reporter", "Hagfors kommun/skola"),
            ("revisor", "auditor", "Torsby kommun"),
            ("admin", "admin", "Hagfors kommun"),
        ];
        let records: Vec<String> = tokens
            .iter()
            .map(|(name, role, organisation)| {
                let sha256 = hex::encode(digest(&format!("tl_{name}")));
                format!(
                    r#"{{"name": "{name}", "role": "{role}", "organisation": "{organisation}", "sha256": "{sha256}", "created": "2025-01-01T00:00:00Z"}}"#
                )
            })
            .collect();
        std::fs::write(&path, format!("{{\"tokens\": [{}]}}", records.join(","))).unwrap();

        let whole = "the whole service (older token: create anew with --for)";
        let expected = [
            ("polis", Municipalities::WholeService, whole),
            ("samordnare", reach(&["Hagfors kommun"]), "Hagfors kommun"),
            ("skola", reach(&["Hagfors kommun"]), "Hagfors kommun"),
            ("revisor", reach(&["Torsby kommun"]), "Torsby kommun"),
            ("admin", Municipalities::WholeService, whole),
        ];
        let file = TokenFile::load(&path).unwrap();
        let server = Tokens::open(&path).unwrap();
        for ((name, municipalities, listed), record) in expected.into_iter().zip(&file.tokens) {
            assert_eq!(record.name, name);
            assert_eq!(record.describe_reach(), listed, "{name}");
            let Authentication::Valid(credential) =
                server.authenticate(&format!("tl_{name}")).unwrap()
            else {
                panic!("{name}: an older token still works");
            };
            assert_eq!(credential.municipalities, municipalities, "{name}");
        }
    }

    fn reach(names: &[&str]) -> Municipalities {
        Municipalities::Listed(
            names
                .iter()
                .map(|n| Municipality::parse(n).unwrap())
                .collect(),
        )
    }

    #[test]
    fn a_token_file_naming_no_or_unknown_municipalities_is_refused_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = tokens_path(dir.path());
        let sha256 = hex::encode(digest("tl_x"));
        for serves in [
            r#"{"municipalities": []}"#,
            r#"{"municipalities": ["Hagfors"]}"#,
        ] {
            std::fs::write(
                &path,
                format!(
                    r#"{{"tokens": [{{"name": "x", "role": "reporter", "organisation": "Polisen", "serves": {serves}, "sha256": "{sha256}", "created": "2025-01-01T00:00:00Z"}}]}}"#
                ),
            )
            .unwrap();
            let error = Tokens::open(&path).err().expect("refused");
            assert!(error.to_string().contains("token \"x\""), "{error}");
        }
    }
}
