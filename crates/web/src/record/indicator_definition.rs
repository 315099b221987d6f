//! "Ny indikator" (`/registrera/ny-indikator`): a coordinator defines an
//! indicator of an agreement's result (the catalogue's `indicator_defined`):
//! linked to a focus area or a commitment, chosen as the activity form
//! chooses what it serves; its key made from its name, as "Nytt
//! medborgarlöfte" makes keys. Recorded in `agreement-<id>` by
//! `Recorder::record` (`agreement_event.rs`), refused at its field in Swedish.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use maud::{html, Markup};
use serde_json::json;
use trygglogg_api::AppState;
use trygglogg_events::EventType;
use trygglogg_recorder::today_in_sweden;
use uuid::Uuid;

use super::agreement_event::{self, problems, recorded_page_linking, reword, Said};
use super::catalogue::{Field, Widget};
use super::choice::AgreementChoice;
use super::draw::{draw_field, serves_options, FieldContext};
use super::new_agreement_request::key_of;
use super::new_commitment::NEW_COMMITMENT_PATH;
use super::refusals::Refusals;
use super::request::{data_of, serves_parts, EVENT};
use super::{recording_author, writable_agreements};
use crate::form::{Fields, CSRF_FIELD};
use crate::layout;
use crate::read_your_writes::showing;
use crate::session::SignedIn;
use crate::PageError;

pub(crate) const INDICATOR_DEFINITION_PATH: &str = "/registrera/ny-indikator";
/// The select of the agreement and the focus area or commitment:
/// `<agreement>/<focus area>[/<commitment>]`.
const LINK: &str = "link";

/// What the form asks besides the link, as the catalogue names it.
fn asked() -> Vec<Field> {
    let field = |path: &str, widget: Widget, required: bool| Field {
        path: path.to_owned(),
        widget,
        required,
    };
    let directions = ["higher_is_better", "lower_is_better"].map(str::to_owned);
    vec![
        field("name", Widget::Line(200), true),
        field("unit", Widget::Line(200), true),
        field("source", Widget::Line(200), true),
        field("baseline.year", Widget::Number, true),
        field("baseline.value", Widget::Decimal, true),
        // A published follow-up may give no target value (the catalogue allows none).
        field("target", Widget::Decimal, false),
        field("direction", Widget::OneOf(directions.to_vec()), true),
        field("description", Widget::Text(4000), false),
    ]
}

/// `GET /registrera/ny-indikator`.
pub(crate) async fn form(
    State(state): State<AppState>,
    who: SignedIn,
) -> Result<Response, PageError> {
    let author = recording_author(&who)?;
    let agreements = writable_agreements(&state, &author);
    let page = page(
        &who,
        &agreements,
        None,
        Uuid::now_v7(),
        &Refusals::default(),
    );
    Ok(page.into_response())
}

/// `POST /registrera/ny-indikator`.
pub(crate) async fn record(
    State(state): State<AppState>,
    who: SignedIn,
    body: Bytes,
) -> Result<Response, PageError> {
    let posted = Fields::parse(&body);
    who.check_csrf(&posted)?;
    let author = recording_author(&who)?;
    let agreements = writable_agreements(&state, &author);
    let (agreement, focus_area, commitment) = serves_parts(posted.get(LINK).unwrap_or(""));
    let (Some(event), Ok(agreement)) = (
        posted.get(EVENT).and_then(|raw| Uuid::parse_str(raw).ok()),
        Uuid::parse_str(agreement),
    ) else {
        let mut refused = Refusals::default();
        refused.by_field.push((
            LINK.to_owned(),
            "Välj ett fokusområde eller löfte i listan.".to_owned(),
        ));
        let page = page(&who, &agreements, Some(&posted), Uuid::now_v7(), &refused);
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
    };
    let asked = asked();
    let mut data = data_of(&asked, &posted);
    data.insert(
        "key".into(),
        json!(key_of(posted.get("name").unwrap_or(""))),
    );
    data.insert("focus_area".into(), json!(focus_area));
    if let Some(commitment) = commitment {
        data.insert("commitment".into(), json!(commitment));
    }
    let event_type = EventType::IndicatorDefined;
    match agreement_event::record_event(&state, &author, agreement, event, event_type, data).await?
    {
        Ok(recorded) => Ok(recorded_page_linking(
            &who,
            recorded.replayed,
            &Said {
                recorded: "Indikatorn är definierad. Nu kan dess värden registreras.",
                already: "Indikatorn var redan definierad: en gång, inte två.",
            },
            &[
                (
                    &showing(NEW_COMMITMENT_PATH, &recorded),
                    "Ange indikatorn som mål för ett åtagande",
                ),
                (INDICATOR_DEFINITION_PATH, "Definiera en indikator till"),
            ],
        )
        .into_response()),
        Err(error) => {
            let rule = match &error {
                trygglogg_recorder::RecordError::Rule(v) => Some(v.rule),
                _ => None,
            };
            let (status, refused) =
                agreement_event::refused(error, &with_link(&asked), &posted, Some(LINK))?;
            let refused = at_their_inputs(refused, rule);
            Ok((
                status,
                page(&who, &agreements, Some(&posted), event, &refused),
            )
                .into_response())
        }
    }
}

/// The fields refusals are placed at: the asked ones, the key (made from
/// the name), the focus area and commitment (chosen by the link).
fn with_link(asked: &[Field]) -> Vec<Field> {
    let mut fields = asked.to_vec();
    for path in ["key", "focus_area", "commitment"] {
        fields.push(Field {
            path: path.to_owned(),
            widget: Widget::Line(200),
            required: false,
        });
    }
    fields
}

/// The refusals at the inputs the form has: the key's at the name, the
/// focus area's and commitment's at the link.
fn at_their_inputs(refused: Refusals, rule: Option<&str>) -> Refusals {
    let mut placed = Refusals {
        by_field: Vec::new(),
        general: refused.general,
    };
    for (path, message) in refused.by_field {
        let (path, message) = match path.as_str() {
            "key" if rule == Some("indicator_exists") => (
                "name".to_owned(),
                "Medborgarlöftet har redan en indikator med det namnet. Välj ett annat namn."
                    .to_owned(),
            ),
            "key" => (
                "name".to_owned(),
                "Namnet behöver minst en bokstav eller siffra.".to_owned(),
            ),
            "focus_area" | "commitment" => (
                LINK.to_owned(),
                "Välj ett fokusområde eller löfte i listan.".to_owned(),
            ),
            _ => (path, message),
        };
        if placed.of(&path).is_none() {
            placed.by_field.push((path, message));
        }
    }
    // In the page's order: the link first, then the asked fields.
    let order: Vec<String> = std::iter::once(LINK.to_owned())
        .chain(asked().into_iter().map(|f| f.path))
        .collect();
    placed
        .by_field
        .sort_by_key(|(path, _)| order.iter().position(|p| p == path));
    reword(
        &mut placed,
        "direction",
        "Välj om ett högre eller ett lägre värde är bättre.".to_owned(),
    );
    placed
}

fn page(
    who: &SignedIn,
    agreements: &[AgreementChoice],
    posted: Option<&Fields>,
    event: Uuid,
    refusals: &Refusals,
) -> Markup {
    let chosen = posted.and_then(|p| p.get(LINK));
    let today = today_in_sweden().to_string();
    let context = FieldContext {
        parties: &[],
        today: &today,
    };
    let first = refusals.first();
    let link_refused = refusals.of(LINK);
    let body = html! {
        h1 { "Ny indikator" }
        p.lead { "Ett mått på medborgarlöftets resultat, till exempel från en trygghetsmätning, med basår och målvärde. Värdena registreras sedan under ”Indikatorvärde”." }
        (problems(refusals))
        form.entry method="post" action=(INDICATOR_DEFINITION_PATH) novalidate {
            input type="hidden" name=(CSRF_FIELD) value=(who.csrf);
            input type="hidden" name=(EVENT) value=(event);
            div.field.invalid[link_refused.is_some()] {
                label for="f-link" { "Medborgarlöfte, fokusområde eller löfte" }
                @if let Some(message) = link_refused { p.error id="f-link-fel" { (message) } }
                select #f-link name=(LINK) required aria-describedby=[link_refused.map(|_| "f-link-fel")]
                    aria-invalid=[link_refused.map(|_| "true")] autofocus[first == Some(LINK)] {
                    (serves_options(agreements, chosen))
                }
            }
            @for field in &asked() {
                (draw_field(field, &context, posted, refusals.of(&field.path), first == Some(field.path.as_str())))
            }
            button type="submit" { "Definiera indikatorn" }
        }
    };
    layout::signed_in_page("Ny indikator", who, body)
}
