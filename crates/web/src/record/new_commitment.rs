//! "Nytt åtagande" (`/registrera/atagande`): a coordinator adds one
//! commitment (`commitment_added`) to an agreement already recorded, in a
//! focus area of it. Its inputs, their drawing and the event's data are
//! "Nytt medborgarlöfte"'s commitment row's (`new_agreement_inputs.rs`,
//! `new_agreement_draw.rs`, `new_agreement_request.rs`), with one target
//! more: a defined indicator reaching its target value, which a new
//! agreement cannot have. The event id is made when the form is drawn: a
//! resend records once. Recorded in `agreement-<id>` by `Recorder::record`
//! (`agreement_event.rs`); each refusal is shown in Swedish at its input.

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use maud::{html, Markup};
use trygglogg_api::AppState;
use trygglogg_events::EventType;
use trygglogg_recorder::{today_in_sweden, RecordError};
use uuid::Uuid;

use super::agreement_event::{self, problems, recorded_page, Said};
use super::choice::AgreementChoice;
use super::new_agreement::coordinating_author;
use super::new_agreement_draw::{draw_input, Drawn};
use super::new_agreement_inputs::{commitment_inputs, message, Input, Kind};
use super::new_agreement_request::{
    commitment, commitment_what, PER_YEAR, THE_MUNICIPALITY, THE_POLICE,
};
use super::refusals::Refusals;
use super::request::{serves_parts, serves_value, EVENT};
use super::writable_agreements;
use crate::form::{Fields, CSRF_FIELD};
use crate::read_your_writes::{showing, wait_for_view};
use crate::session::SignedIn;
use crate::{follow_up_path, layout, PageError};

pub(crate) const NEW_COMMITMENT_PATH: &str = "/registrera/atagande";
/// The select of the agreement and its focus area: `<agreement>/<focus area>`.
const FOCUS: &str = "focus_area";
/// The prefix of the commitment's inputs (`c.title`, `c.target`, …).
const ROW: &str = "c";
const POLICE: &str = "Polisen";

fn inputs() -> Vec<Input> {
    commitment_inputs(ROW, Kind::IndicatorTarget)
}

/// `GET /registrera/atagande`: a new form, with a new event id.
pub(crate) async fn form(
    State(state): State<AppState>,
    who: SignedIn,
    RawQuery(query): RawQuery,
) -> Result<Response, PageError> {
    let author = coordinating_author(&who)?;
    // After "Ny indikator": the indicator just defined is offered.
    wait_for_view(&state, query.as_deref()).await?;
    let agreements = writable_agreements(&state, &author);
    let input = |what: &str| format!("{ROW}.{what}");
    let defaults = Fields::from_pairs(vec![
        (input("responsible"), THE_MUNICIPALITY.to_owned()),
        (input("responsible"), THE_POLICE.to_owned()),
        (input("target"), PER_YEAR.to_owned()),
    ]);
    let drawn = Drawn {
        posted: &defaults,
        refusals: &Refusals::default(),
        agreements: &agreements,
    };
    Ok(page(&who, Uuid::now_v7(), &drawn).into_response())
}

/// `POST /registrera/atagande`.
pub(crate) async fn record(
    State(state): State<AppState>,
    who: SignedIn,
    body: Bytes,
) -> Result<Response, PageError> {
    let posted = Fields::parse(&body);
    who.check_csrf(&posted)?;
    let author = coordinating_author(&who)?;
    let agreements = writable_agreements(&state, &author);
    let (agreement, focus_area, _) = serves_parts(posted.get(FOCUS).unwrap_or(""));
    let chosen = agreements.iter().find(|a| {
        a.id.to_string() == agreement && a.focus_areas.iter().any(|f| f.key == focus_area)
    });
    let event = posted.get(EVENT).and_then(|raw| Uuid::parse_str(raw).ok());
    let (Some(event), Some(chosen)) = (event, chosen) else {
        // Not one of the focus areas offered: of another agreement than the
        // token may write into, or none at all.
        let mut refused = Refusals::default();
        refused.by_field.push((
            FOCUS.to_owned(),
            "Välj ett fokusområde i listan: bara medborgarlöften som din nyckel får \
             registrera i finns där."
                .to_owned(),
        ));
        let drawn = Drawn {
            posted: &posted,
            refusals: &refused,
            agreements: &agreements,
        };
        return Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            page(&who, Uuid::now_v7(), &drawn),
        )
            .into_response());
    };
    let data = commitment(&posted, ROW, municipality_of(chosen), focus_area);
    let event_type = EventType::CommitmentAdded;
    match agreement_event::record_event(&state, &author, chosen.id, event, event_type, data).await?
    {
        Ok(recorded) => {
            let follow_up = showing(
                &follow_up_path(chosen.id, year_to_follow(chosen)),
                &recorded,
            );
            Ok(recorded_page(
                &who,
                recorded.replayed,
                &Said {
                    recorded: "Åtagandet är registrerat i medborgarlöftet.",
                    already: "Åtagandet var redan registrerat: en gång, inte två.",
                },
                (&follow_up, "Se medborgarlöftets uppföljning"),
            )
            .into_response())
        }
        Err(error) => {
            let (status, refused) = refused(error, &posted)?;
            let drawn = Drawn {
                posted: &posted,
                refusals: &refused,
                agreements: &agreements,
            };
            Ok((status, page(&who, event, &drawn)).into_response())
        }
    }
}

/// The party "Kommunen" stands for: the agreement's party that is not the
/// Police.
fn municipality_of(agreement: &AgreementChoice) -> &str {
    agreement
        .parties
        .iter()
        .find(|p| p.as_str() != POLICE)
        .map_or("", String::as_str)
}

/// This year, or the agreement's year nearest to it.
fn year_to_follow(agreement: &AgreementChoice) -> i32 {
    let this_year: i32 = today_in_sweden()
        .format("%Y")
        .to_string()
        .parse()
        .unwrap_or(agreement.years.0);
    this_year.clamp(agreement.years.0, agreement.years.1.max(agreement.years.0))
}

/// The recorder's refusal, each at its input, in the form's order.
fn refused(error: RecordError, posted: &Fields) -> Result<(StatusCode, Refusals), PageError> {
    let (paths, rule) = match error {
        RecordError::Invalid(errors) => (errors.errors.into_iter().map(|e| e.path).collect(), None),
        RecordError::Rule(violation) if violation.rule != "agreement_not_adopted" => {
            (vec![violation.path], Some(violation.rule))
        }
        other => return agreement_event::refused(other, &[], posted, Some(FOCUS)),
    };
    let inputs = inputs();
    let mut found = Refusals::default();
    for path in paths {
        let within = path.strip_prefix("events[0].").unwrap_or(&path);
        let head = within
            .strip_prefix("data.")
            .and_then(|rest| rest.split(['.', '[']).next())
            .unwrap_or("");
        let at = match head {
            "focus_area" => Some((
                FOCUS.to_owned(),
                "Välj ett fokusområde i listan.".to_owned(),
            )),
            "key" if rule == Some("commitment_exists") => Some((
                format!("{ROW}.title"),
                "Medborgarlöftet har redan ett åtagande med den rubriken. Välj en annan rubrik."
                    .to_owned(),
            )),
            _ => commitment_what(head)
                .map(|what| format!("{ROW}.{what}"))
                .and_then(|name| inputs.iter().find(|i| i.name == name))
                .map(|input| (input.name.clone(), message(input, &path, posted))),
        };
        match at {
            Some((name, message)) if found.of(&name).is_none() => {
                found.by_field.push((name, message))
            }
            Some(_) => {}
            None => found.general.push(format!(
                "Uppgifterna kunde inte tas emot ({path}). Kontrollera formuläret och skicka det igen."
            )),
        }
    }
    let order: Vec<String> = std::iter::once(FOCUS.to_owned())
        .chain(inputs.into_iter().map(|i| i.name))
        .collect();
    found
        .by_field
        .sort_by_key(|(name, _)| order.iter().position(|n| n == name));
    Ok((StatusCode::UNPROCESSABLE_ENTITY, found))
}

fn page(who: &SignedIn, event: Uuid, drawn: &Drawn) -> Markup {
    let chosen = drawn.value(FOCUS);
    let refusal = drawn.refusals.of(FOCUS);
    let body = html! {
        h1 { "Nytt åtagande" }
        p.lead { "Ett löfte till i ett medborgarlöfte som redan är registrerat, med sitt mål, som kan vara att en indikator når sitt målvärde." }
        (problems(drawn.refusals))
        form.entry method="post" action=(NEW_COMMITMENT_PATH) novalidate {
            input type="hidden" name=(CSRF_FIELD) value=(who.csrf);
            input type="hidden" name=(EVENT) value=(event);
            div.field.invalid[refusal.is_some()] {
                label for="f-focus_area" { "Medborgarlöfte och fokusområde" }
                @if let Some(message) = refusal { p.error id="f-focus_area-fel" { (message) } }
                select #f-focus_area name=(FOCUS) required aria-describedby=[refusal.map(|_| "f-focus_area-fel")]
                    aria-invalid=[refusal.map(|_| "true")] autofocus[drawn.refusals.first() == Some(FOCUS)] {
                    @for agreement in drawn.agreements {
                        optgroup label=(agreement.title) {
                            @for focus in &agreement.focus_areas {
                                @let value = serves_value(agreement.id, &focus.key, None);
                                option value=(value) selected[chosen == value] { (focus.name) }
                            }
                        }
                    }
                }
            }
            @for input in inputs() { (draw_input(&input, drawn)) }
            button type="submit" { "Registrera åtagandet" }
        }
    };
    layout::signed_in_page("Nytt åtagande", who, body)
}
