//! `trygglogg token create|list|revoke`: the API's bearer tokens.

use std::path::Path;

use chrono::Utc;
use trygglogg_tokens::{issue_login_link, tokens_path, update, NewToken, TokenFile};
use trygglogg_web::PublicUrl;

use crate::failure::{Context, Failure};

/// Prints the new token on standard output, alone on the first line, so
/// that a script can take it; with `login`, a one-time sign-in link to the
/// site at that address on the second.
pub fn create(data: &Path, login: Option<PublicUrl>, new: NewToken) -> Result<(), Failure> {
    let (name, role, organisation) = (new.name.clone(), new.role, new.organisation.clone());
    let path = tokens_path(data);
    let (token, reach, code) = update(&path, |file| {
        let token = file.create(new)?;
        let code = match login {
            Some(_) => Some(issue_login_link(file, &name, Utc::now())?),
            None => None,
        };
        let record = file.tokens.last().expect("the token just created");
        Ok((token, record.describe_reach(), code))
    })
    .context(format_args!("cannot create the token {name:?}"))?;
    println!("{token}");
    if let (Some(url), Some(code)) = (&login, code) {
        println!("{}", url.sign_in_link(&code));
        eprintln!("the sign-in link works once, within 15 minutes");
    }
    eprintln!("created the {role} token {name:?} for {organisation}, serving {reach}; it is shown only now, so keep it safe");
    Ok(())
}

pub fn list(data: &Path) -> Result<(), Failure> {
    let path = tokens_path(data);
    let file = TokenFile::load(&path).context("cannot list the tokens")?;
    if file.tokens.is_empty() {
        eprintln!(
            "no tokens in {}; create one with `trygglogg token create`",
            path.display()
        );
        return Ok(());
    }
    let mut rows = vec![[
        "NAME",
        "ROLE",
        "ORGANISATION",
        "SERVES",
        "AREA",
        "CREATED",
        "REVOKED",
    ]
    .map(String::from)];
    for token in &file.tokens {
        rows.push([
            token.name.clone(),
            token.role.to_string(),
            token.organisation.clone(),
            token.describe_reach(),
            token.area.clone().unwrap_or_else(|| "-".to_owned()),
            token.created.to_rfc3339(),
            token
                .revoked
                .map_or_else(|| "-".to_owned(), |when| when.to_rfc3339()),
        ]);
    }
    let widths: Vec<usize> = (0..rows[0].len())
        .map(|column| {
            rows.iter()
                .map(|row| row[column].chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    for row in rows {
        let cells: Vec<String> = row
            .iter()
            .zip(&widths)
            .map(|(cell, width)| format!("{cell:<width$}"))
            .collect();
        println!("{}", cells.join("  ").trim_end());
    }
    Ok(())
}

pub fn revoke(data: &Path, name: &str) -> Result<(), Failure> {
    update(&tokens_path(data), |file| file.revoke(name))
        .context(format_args!("cannot revoke the token {name:?}"))?;
    eprintln!("revoked the token {name:?}; a running server refuses it within a second");
    Ok(())
}
