//! "Registrera indikatorvärde" (`/registrera/indikator`): a coordinator
//! records an indicator's value in an agreement. The fields are the
//! catalogue's `indicator_measured`, read from its JSON Schema; the post is
//! the API's append request to `agreement-<id>`, recorded by
//! `Recorder::record` (`agreement_event.rs`, shared with the coordinator's
//! other forms), refused at its field in Swedish.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use maud::html;
use trygglogg_api::AppState;
use trygglogg_events::EventType;
use trygglogg_recorder::today_in_sweden;
use uuid::Uuid;

use super::agreement_event::{self, problems, recorded_page, Said};
use super::catalogue::{Field, CATALOGUE};
use super::choice::AgreementChoice;
use super::draw::{draw_field, FieldContext};
use super::indicator_choice::{indicator_select, INDICATOR, NOT_DEFINED};
use super::refusals::Refusals;
use super::request::{data_of, EVENT};
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
    let data = data_of(&asked, &posted);
    let event_type = EventType::IndicatorMeasured;
    match agreement_event::record(&state, &author, agreement, event, event_type, data).await? {
        Ok(recorded) => Ok(recorded_page(
            &who,
            recorded.replayed,
            &Said {
                recorded: "Indikatorns värde är registrerat.",
                already: "Värdet var redan registrerat: en gång, inte två.",
            },
            (INDICATOR_PATH, "Registrera ett värde till"),
        )
        .into_response()),
        Err(error) => {
            let (status, mut refused) = agreement_event::refused(error, &asked, &posted, None)?;
            agreement_event::reword(&mut refused, INDICATOR, NOT_DEFINED.to_owned());
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
        (problems(refusals))
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
                @let (refusal, focus) = (refusals.of(&field.path), first == Some(field.path.as_str()));
                @if field.path == INDICATOR {
                    (indicator_select(agreements, (INDICATOR, "Indikator"), posted, refusal, focus))
                } @else {
                    (draw_field(field, &context, posted, refusal, focus))
                }
            }
            button type="submit" { "Registrera" }
        }
    };
    layout::signed_in_page("Registrera indikatorvärde", who, body)
}
