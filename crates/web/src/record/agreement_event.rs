//! What the coordinator's forms for an agreement's own events share (the
//! assessment, the council's review): the event recorded in
//! `agreement-<id>` by `Recorder::record`, as the API's append request; the
//! year chosen among the agreements' years; the box above a refused form;
//! the page that says it was recorded, or already was.

use axum::http::StatusCode;
use maud::{html, Markup};
use serde_json::{Map, Value};
use trygglogg_api::AppState;
use trygglogg_events::{AppendRequest, EventType, IncomingEvent, ValidationContext};
use trygglogg_recorder::{parse_stream, today_in_sweden, Author, RecordError, Recorded};
use uuid::Uuid;

use super::catalogue::Field;
use super::refusals::{refusals, Refusals};
use super::request::SERVES;
use super::AgreementChoice;
use crate::form::Fields;
use crate::layout;
use crate::session::SignedIn;
use crate::PageError;

/// Where an event already recorded is corrected, until "Mina
/// registreringar" lists an agreement's own events: the API's documentation.
pub(crate) const DOCS_PATH: &str = "/docs";

/// The form's name of the year field.
pub(crate) const YEAR: &str = "year";

/// Records one event of `event_type` with `data` in the agreement's stream,
/// exactly as `POST /api/v1/streams/agreement-<id>` would; `Ok(Err(…))` is a
/// refusal for the form to show.
pub(crate) async fn record(
    state: &AppState,
    author: &Author,
    agreement: Uuid,
    event: Uuid,
    event_type: EventType,
    data: Map<String, Value>,
) -> Result<Result<Recorded, RecordError>, PageError> {
    let request = AppendRequest {
        expected_version: None,
        events: vec![IncomingEvent {
            id: Some(event),
            event_type: event_type.as_str().to_owned(),
            schema_version: None,
            data: Value::Object(data),
        }],
    };
    let stream = parse_stream(&format!("agreement-{agreement}"))
        .map_err(|e| PageError::fault(format!("an agreement's stream: {e}")))?;
    let context = ValidationContext::new(today_in_sweden());
    Ok(state
        .recorder
        .record(&stream, &request, author, &context)
        .await)
}

/// The recorder's refusal as the form shows it. A token that may not write
/// into the agreement is told so above the form, where the agreement is
/// chosen; a year, at the year, as one outside the agreement's period; an
/// agreement that does not exist at `agreement_at`, the field it is chosen
/// in, or above the form.
pub(crate) fn refused(
    error: RecordError,
    asked: &[Field],
    posted: &Fields,
    agreement_at: Option<&str>,
) -> Result<(StatusCode, Refusals), PageError> {
    if matches!(&error, RecordError::Rule(v) if v.rule == "agreement_not_adopted") {
        // No such agreement: a choice that was never in the list.
        let message = "Det medborgarlöftet finns inte. Välj ett i listan.".to_owned();
        let mut refused = Refusals::default();
        match agreement_at {
            Some(field) => refused.by_field.push((field.to_owned(), message)),
            None => refused.general.push(message),
        }
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, refused));
    }
    let (status, mut refused) = refusals(error, asked, posted)?;
    if let Some(message) = refused.of(SERVES).map(str::to_owned) {
        refused.by_field.retain(|(path, _)| path != SERVES);
        refused.general.push(message);
    }
    // The year is chosen, not typed: refused, it lies outside the period.
    reword(
        &mut refused,
        YEAR,
        "Välj ett år inom medborgarlöftets period.".to_owned(),
    );
    Ok((status, refused))
}

/// Says `message` at `path` instead of what the generic wording said.
pub(crate) fn reword(refused: &mut Refusals, path: &str, message: String) {
    if let Some(entry) = refused.by_field.iter_mut().find(|(p, _)| p == path) {
        entry.1 = message;
    }
}

/// The years the agreements are followed up, oldest first.
pub(crate) fn years(agreements: &[AgreementChoice]) -> Vec<i32> {
    let first = agreements.iter().map(|a| a.years.0).min();
    let last = agreements.iter().map(|a| a.years.1).max();
    match (first, last) {
        (Some(first), Some(last)) => (first..=last).collect(),
        _ => Vec::new(),
    }
}

/// The year: a choice among the agreements' years, the last one begun
/// chosen unless one was posted. Another agreement's year is refused by the
/// catalogue, at this field.
pub(crate) fn year_field(
    agreements: &[AgreementChoice],
    posted: Option<&Fields>,
    refusal: Option<&str>,
    focus: bool,
) -> Markup {
    let this_year = today_in_sweden().format("%Y").to_string();
    let years = years(agreements);
    let chosen = posted
        .and_then(|p| p.get(YEAR))
        .map(str::to_owned)
        .or_else(|| {
            years
                .iter()
                .rev()
                .map(i32::to_string)
                .find(|y| *y <= this_year)
        });
    html! {
        div.field.invalid[refusal.is_some()] {
            label for="f-year" { "År" }
            @if let Some(message) = refusal { p.error id="f-year-fel" { (message) } }
            select #f-year name=(YEAR) required aria-describedby=[refusal.map(|_| "f-year-fel")]
                aria-invalid=[refusal.map(|_| "true")] autofocus[focus] {
                @for year in &years {
                    @let year = year.to_string();
                    option value=(year) selected[chosen.as_deref() == Some(year.as_str())] { (year) }
                }
            }
        }
    }
}

/// Above a refused form: nothing recorded, and what no field is about.
pub(crate) fn problems(refusals: &Refusals) -> Markup {
    html! {
        @if !refusals.general.is_empty() || !refusals.by_field.is_empty() {
            div.problems role="alert" {
                p { strong { "Ingenting har registrerats ännu." } " Rätta det som är markerat och skicka igen." }
                @for message in &refusals.general { p { (message) } }
            }
        }
    }
}

/// What the page says after a post: recorded now, or already (a resend).
pub(crate) struct Said {
    pub recorded: &'static str,
    pub already: &'static str,
}

/// The page after a post that was recorded, or had been (a resend), with a
/// link to record another (`again`: path, words).
pub(crate) fn recorded_page(
    who: &SignedIn,
    replayed: bool,
    said: &Said,
    again: (&str, &str),
) -> Markup {
    recorded_page_linking(who, replayed, said, &[again])
}

/// The page after a post, as `recorded_page`, with `links` (path, words).
pub(crate) fn recorded_page_linking(
    who: &SignedIn,
    replayed: bool,
    said: &Said,
    links: &[(&str, &str)],
) -> Markup {
    let title = if replayed {
        "Redan registrerat"
    } else {
        "Registrerat"
    };
    let body = html! {
        h1 { (title) }
        p.lead role="status" { @if replayed { (said.already) } @else { (said.recorded) } }
        @for (path, words) in links { p { a href=(*path) { (*words) } } }
    };
    layout::signed_in_page(title, who, body)
}
