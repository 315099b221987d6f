//! "Registrera indikatorvärde" (`/registrera/indikator`): a coordinator
//! records an indicator's value in an agreement. The fields are the
//! catalogue's `indicator_measured`, read from its JSON Schema; the post is
//! the API's append request to `agreement-<id>`, recorded by
//! `Recorder::record`, refused at its field in Swedish.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use maud::html;
use serde_json::Value;
use trygglogg_api::AppState;
use trygglogg_events::{AppendRequest, EventType, IncomingEvent, ValidationContext};
use trygglogg_recorder::{parse_stream, today_in_sweden};
use uuid::Uuid;

use super::catalogue::{Field, CATALOGUE};
use super::choice::AgreementChoice;
use super::draw::{draw_field, FieldContext};
use super::refusals::{refusals, Refusals};
use super::request::{data_of, EVENT, SERVES};
use super::{recording_author, writable_agreements};
use crate::form::{Fields, CSRF_FIELD};
use crate::layout;
use crate::session::SignedIn;
use crate::PageError;

pub(crate) const INDICATOR_PATH: &str = "/registrera/indikator";
const AGREEMENT: &str = "agreement";

/// `GET /registrera/indikator`.
pub(crate) async fn form(
    State(state): State<AppState>,
    who: SignedIn,
) -> Result<Response, PageError> {
    let author = recording_author(&who)?;
    let agreements = writable_agreements(&state, &author);
    let asked = CATALOGUE.event_fields(EventType::IndicatorMeasured);
    Ok(page(
        &who,
        &agreements,
        &asked,
        None,
        Uuid::now_v7(),
        &Refusals::default(),
    )
    .into_response())
}

/// `POST /registrera/indikator`.
pub(crate) async fn record(
    State(state): State<AppState>,
    who: SignedIn,
    body: Bytes,
) -> Result<Response, PageError> {
    let posted = Fields::parse(&body);
    who.check_csrf(&posted)?;
    let author = recording_author(&who)?;
    let agreements = writable_agreements(&state, &author);
    let asked = CATALOGUE.event_fields(EventType::IndicatorMeasured);
    let (Some(event), Some(agreement)) = (
        posted.get(EVENT).and_then(|raw| Uuid::parse_str(raw).ok()),
        posted
            .get(AGREEMENT)
            .and_then(|raw| Uuid::parse_str(raw).ok()),
    ) else {
        let mut refused = Refusals::default();
        refused
            .general
            .push("Välj ett medborgarlöfte i listan.".to_owned());
        let page = page(
            &who,
            &agreements,
            &asked,
            Some(&posted),
            Uuid::now_v7(),
            &refused,
        );
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
    };
    let request = AppendRequest {
        expected_version: None,
        events: vec![IncomingEvent {
            id: Some(event),
            event_type: EventType::IndicatorMeasured.as_str().to_owned(),
            schema_version: None,
            data: Value::Object(data_of(&asked, &posted)),
        }],
    };
    let stream = parse_stream(&format!("agreement-{agreement}"))
        .map_err(|e| PageError::fault(format!("an agreement's stream: {e}")))?;
    let context = ValidationContext::new(today_in_sweden());
    match state
        .recorder
        .record(&stream, &request, &author, &context)
        .await
    {
        Ok(recorded) => {
            let title = if recorded.replayed {
                "Redan registrerat"
            } else {
                "Registrerat"
            };
            let body = html! {
                h1 { (title) }
                p.lead role="status" {
                    @if recorded.replayed { "Värdet var redan registrerat: en gång, inte två." }
                    @else { "Indikatorns värde är registrerat." }
                }
                p { a href=(INDICATOR_PATH) { "Registrera ett värde till" } }
            };
            Ok(layout::signed_in_page(title, &who, body).into_response())
        }
        Err(error) => {
            let (status, mut refused) = refusals(error, &asked, &posted)?;
            // Out of the token's reach: said above the form, where the
            // agreement is chosen.
            if let Some(message) = refused.of(SERVES).map(str::to_owned) {
                refused.by_field.retain(|(path, _)| path != SERVES);
                refused.general.push(message);
            }
            Ok((
                status,
                page(&who, &agreements, &asked, Some(&posted), event, &refused),
            )
                .into_response())
        }
    }
}

fn page(
    who: &SignedIn,
    agreements: &[AgreementChoice],
    asked: &[Field],
    posted: Option<&Fields>,
    event: Uuid,
    refusals: &Refusals,
) -> maud::Markup {
    let chosen = posted.and_then(|p| p.get(AGREEMENT));
    let today = today_in_sweden().to_string();
    let context = FieldContext {
        parties: &[],
        today: &today,
    };
    let first = refusals.first();
    let body = html! {
        h1 { "Registrera indikatorvärde" }
        @if !refusals.general.is_empty() || !refusals.by_field.is_empty() {
            div.problems role="alert" {
                p { strong { "Ingenting har registrerats ännu." } " Rätta det som är markerat och skicka igen." }
                @for message in &refusals.general { p { (message) } }
            }
        }
        form.entry method="post" action=(INDICATOR_PATH) novalidate {
            input type="hidden" name=(CSRF_FIELD) value=(who.csrf);
            input type="hidden" name=(EVENT) value=(event);
            div.field {
                label for="f-agreement" { "Medborgarlöfte" }
                select #f-agreement name=(AGREEMENT) required {
                    @for agreement in agreements {
                        @let id = agreement.id.to_string();
                        option value=(id) selected[chosen == Some(id.as_str())] { (agreement.title) }
                    }
                }
            }
            @for field in asked {
                (draw_field(field, &context, posted, refusals.of(&field.path), first == Some(field.path.as_str())))
            }
            button type="submit" { "Registrera" }
        }
    };
    layout::signed_in_page("Registrera indikatorvärde", who, body)
}
