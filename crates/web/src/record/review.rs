//! "Trygghetsrådets uppföljning" (`/registrera/uppfoljning`): the council's
//! review of an agreement's follow-up for a year, the catalogue's
//! `follow_up_reviewed` (when, by whom, where it is documented). Recorded in
//! `agreement-<id>` by `Recorder::record`; a second review of the same year
//! is refused there, and the page says a correction is the way.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use maud::{html, Markup};
use trygglogg_api::AppState;
use trygglogg_events::EventType;
use trygglogg_recorder::{today_in_sweden, RecordError};
use uuid::Uuid;

use super::agreement_event::{
    self, problems, recorded_page, reword, year_field, Said, DOCS_PATH, YEAR,
};
use super::catalogue::{Field, CATALOGUE};
use super::draw::{draw_field, FieldContext};
use super::refusals::Refusals;
use super::request::{data_of, EVENT};
use super::{recording_author, writable_agreements, AgreementChoice};
use crate::form::{Fields, CSRF_FIELD};
use crate::layout;
use crate::session::SignedIn;
use crate::PageError;

pub(crate) const REVIEW_PATH: &str = "/registrera/uppfoljning";
const AGREEMENT: &str = "agreement";

/// `GET /registrera/uppfoljning`.
pub(crate) async fn form(
    State(state): State<AppState>,
    who: SignedIn,
) -> Result<Response, PageError> {
    let author = recording_author(&who)?;
    let agreements = writable_agreements(&state, &author);
    let asked = CATALOGUE.event_fields(EventType::FollowUpReviewed);
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

/// `POST /registrera/uppfoljning`.
pub(crate) async fn record(
    State(state): State<AppState>,
    who: SignedIn,
    body: Bytes,
) -> Result<Response, PageError> {
    let posted = Fields::parse(&body);
    who.check_csrf(&posted)?;
    let author = recording_author(&who)?;
    let agreements = writable_agreements(&state, &author);
    let asked = CATALOGUE.event_fields(EventType::FollowUpReviewed);
    let id = |name: &str| posted.get(name).and_then(|raw| Uuid::parse_str(raw).ok());
    let (Some(event), Some(agreement)) = (id(EVENT), id(AGREEMENT)) else {
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
    let event_type = EventType::FollowUpReviewed;
    match agreement_event::record(&state, &author, agreement, event, event_type, data).await? {
        Ok(recorded) => Ok(recorded_page(
            &who,
            recorded.replayed,
            &Said {
                recorded: "Trygghetsrådets genomgång är registrerad.",
                already: "Genomgången var redan registrerad: en gång, inte två.",
            },
            (REVIEW_PATH, "Registrera ett år till"),
        )
        .into_response()),
        Err(error) => {
            let already =
                matches!(&error, RecordError::Rule(v) if v.rule == "year_already_reviewed");
            let (status, mut refused) = agreement_event::refused(error, &asked, &posted, None)?;
            if already {
                reword(
                    &mut refused,
                    YEAR,
                    "Året är redan registrerat som genomgånget. En andra genomgång registreras \
                     inte: den som finns ändras med en rättelse (händelsen «correction» i API:t; \
                     Mina registreringar visar ännu bara aktiviteter)."
                        .to_owned(),
                );
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
) -> Markup {
    let chosen = posted.and_then(|p| p.get(AGREEMENT));
    let today = today_in_sweden().to_string();
    let context = FieldContext {
        parties: &[],
        today: &today,
    };
    let first = refusals.first();
    let body = html! {
        h1 { "Trygghetsrådets uppföljning" }
        p.lead { "När trygghetsrådet (eller motsvarande) gick igenom årets uppföljning: en gång per år." }
        (problems(refusals))
        form.entry method="post" action=(REVIEW_PATH) novalidate {
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
            (year_field(agreements, posted, refusals.of(YEAR), first == Some(YEAR)))
            @for field in asked.iter().filter(|f| f.path != YEAR) {
                (draw_field(field, &context, posted, refusals.of(&field.path), first == Some(field.path.as_str())))
            }
            button type="submit" { "Registrera uppföljningen" }
        }
        p { "En genomgång som redan är registrerad ändras med en rättelse, händelsen «correction» i " a href=(DOCS_PATH) { "API:t" } "." }
    };
    layout::signed_in_page("Trygghetsrådets uppföljning", who, body)
}
