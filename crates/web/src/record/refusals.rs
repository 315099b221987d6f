//! The recorder's refusals of a form, in Swedish, each by the field it is
//! about. The recorder's paths (`events[0].data.facts.controls`, or for a
//! correction refused as a whole the paths `within` the event it would
//! leave) name the field; what is said comes from the field's kind and what was typed in it
//! (checked for a personnummer by the catalogue's own check, so that the
//! page can say so without repeating it). A refusal the form has no field
//! for is said above the form.

use axum::http::StatusCode;
use trygglogg_events::find_identity_number;
use trygglogg_recorder::RecordError;
use trygglogg_store::AppendError;

use super::catalogue::{Field, Widget};
use super::custom_kind;
use super::labels::label;
use super::request::{SERVES, TO};
use crate::form::Fields;
use crate::PageError;

/// What the form must show before anything is recorded.
#[derive(Debug, Default)]
pub(crate) struct Refusals {
    /// (field path, message), in the order found; one per field.
    pub by_field: Vec<(String, String)>,
    /// Refusals of no field of the form.
    pub general: Vec<String>,
}

impl Refusals {
    pub(crate) fn of(&self, path: &str) -> Option<&str> {
        self.by_field
            .iter()
            .find(|(p, _)| p == path)
            .map(|(_, m)| m.as_str())
    }

    /// The first field refused, which gets the focus.
    pub(crate) fn first(&self) -> Option<&str> {
        self.by_field.first().map(|(p, _)| p.as_str())
    }

    fn add(&mut self, path: String, message: String) {
        if self.of(&path).is_none() {
            self.by_field.push((path, message));
        }
    }
}

/// The refusal as the form shows it, with its status; `Err` for what is no
/// fault of the form (the log unreadable: a page of its own).
pub(crate) fn refusals(
    error: RecordError,
    asked: &[Field],
    posted: &Fields,
) -> Result<(StatusCode, Refusals), PageError> {
    let mut found = Refusals::default();
    let status = match error {
        RecordError::Invalid(errors) => {
            for error in errors.errors {
                place(&mut found, &error.path, asked, posted);
            }
            StatusCode::UNPROCESSABLE_ENTITY
        }
        RecordError::Rule(violation) => {
            // A correction judged by the event it would leave names the
            // fields at fault within it.
            if violation.within.is_empty() {
                place(&mut found, &violation.path, asked, posted);
            }
            for path in &violation.within {
                place(&mut found, path, asked, posted);
            }
            StatusCode::UNPROCESSABLE_ENTITY
        }
        RecordError::Forbidden(why) => {
            tracing::info!(%why, "a form was refused by the token's bounds");
            found.add(
                SERVES.to_owned(),
                "Din nyckel får inte registrera det här i det här medborgarlöftet: \
                 välj ett medborgarlöfte som din organisation får registrera i."
                    .to_owned(),
            );
            StatusCode::FORBIDDEN
        }
        RecordError::Append(AppendError::IdConflict { .. } | AppendError::PartialRetry { .. }) => {
            found.general.push(
                "Aktiviteten är redan registrerad, med andra uppgifter än dessa. \
                 Ändra den under ”Mina registreringar” (Rätta), eller registrera en ny."
                    .to_owned(),
            );
            StatusCode::CONFLICT
        }
        RecordError::Append(AppendError::TooLarge { .. }) => {
            found.general.push(
                "Uppgifterna är för långa tillsammans. Korta sammanfattningen eller anteckningen."
                    .to_owned(),
            );
            StatusCode::UNPROCESSABLE_ENTITY
        }
        RecordError::Append(AppendError::VersionConflict { .. }) => {
            found.general.push(
                "Någon annan registrerade samtidigt i samma aktivitet. Skicka formuläret igen."
                    .to_owned(),
            );
            StatusCode::CONFLICT
        }
        other => return Err(unavailable(other)),
    };
    // In the form's order, not the catalogue's, so that the focus goes to
    // the first field refused on the page; the agreement's choice, above
    // the fields, first.
    found
        .by_field
        .sort_by_key(|(path, _)| asked.iter().position(|f| f.path == *path).map(|at| at + 1));
    Ok((status, found))
}

fn unavailable(error: RecordError) -> PageError {
    match error {
        RecordError::Store(_) | RecordError::Append(_) => {
            tracing::error!(%error, "a form could not be recorded");
            PageError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "Loggen kan inte skrivas just nu. Ingenting har registrerats; \
                 gå tillbaka och skicka formuläret igen om en stund."
                    .into(),
            )
        }
        other => PageError::fault(format!("a form could not be recorded: {other}")),
    }
}

/// Puts one refusal at the form's field its path names.
fn place(found: &mut Refusals, path: &str, asked: &[Field], posted: &Fields) {
    let within = path.split_once("data.").map(|(_, rest)| rest).unwrap_or("");
    // `places[1]` is the places field; `occurred.from` the date field; a
    // correction's `changes.summary` the summary field.
    let within = within.strip_prefix("changes.").unwrap_or(within);
    let within: String = within.split('[').next().unwrap_or("").to_owned();
    if within == SERVES || within.starts_with("serves.") {
        found.add(
            SERVES.to_owned(),
            "Medborgarlöftet, fokusområdet eller löftet finns inte. Välj ett i listan.".to_owned(),
        );
        return;
    }
    let custom = custom_kind::refusals_at(&within, posted);
    if !custom.is_empty() {
        for (field, message) in custom {
            found.add(field, message);
        }
        return;
    }
    let field = asked
        .iter()
        .filter(|f| within == f.path || within.starts_with(&format!("{}.", f.path)))
        .max_by_key(|f| f.path.len());
    match field {
        Some(field) => found.add(field.path.clone(), message(field, posted)),
        None => found.general.push(format!(
            "Uppgifterna kunde inte tas emot ({}). Kontrollera formuläret och skicka det igen.",
            if within.is_empty() { path } else { &within }
        )),
    }
}

/// What is said at a field where something like a personnummer was typed.
pub(crate) const IDENTITY_NUMBER: &str =
    "Det här innehåller något som liknar ett personnummer eller samordningsnummer. \
     Ta bort det: loggen får inte innehålla uppgifter om enskilda personer. \
     Skriv hur många, aldrig vem.";

/// What is said at a count that could not be read.
pub(crate) fn quantity_message() -> String {
    "Ange ett heltal, till exempel 12 (bara siffror), exakt eller minst så många; \
     eller välj ”flera” och lämna talet tomt."
        .to_owned()
}

/// What to say about `field`, from what kind of field it is and what was
/// typed in it.
fn message(field: &Field, posted: &Fields) -> String {
    let path = field.path.as_str();
    let to = format!("{path}{TO}");
    let typed: Vec<&str> = posted.all(path).chain(posted.all(&to)).collect();
    if typed.iter().any(|t| find_identity_number(t).is_some()) {
        return IDENTITY_NUMBER.to_owned();
    }
    let blank = typed.is_empty();
    match &field.widget {
        Widget::Number => "Ange ett heltal, till exempel 12 (bara siffror).".to_owned(),
        Widget::Quantity => quantity_message(),
        Widget::Decimal => "Ange ett tal, till exempel 71,5.".to_owned(),
        Widget::Date if path == "planned" => "Ange ett datum som 2018-03-14, högst tre år framåt; \
             ett intervall slutar samma dag eller senare och är högst två år långt."
            .to_owned(),
        Widget::Date => "Ange ett datum som 2017-10-03 som inte är efter i dag; \
             ett intervall slutar samma dag eller senare och är högst två år långt."
            .to_owned(),
        Widget::Places => "Ange minst en plats, till exempel ”Hagfors centrum”: \
             högst 100 tecken per plats, på en rad, samma plats bara en gång."
            .to_owned(),
        Widget::Line(_) | Widget::Text(_) if blank => {
            format!("Fyll i {}.", label(field).to_lowercase())
        }
        Widget::Line(max) | Widget::Text(max) => format!(
            "{} får vara högst {max} tecken och får inte bestå av bara osynliga tecken \
             eller innehålla styrtecken för skrivriktning.",
            label(field)
        ),
        Widget::SomeOf(_) | Widget::Parties => "Välj minst ett alternativ.".to_owned(),
        Widget::OneOf(_) => "Välj ett av alternativen.".to_owned(),
        Widget::Flag => "Kryssa i rutan eller lämna den tom.".to_owned(),
    }
}
