//! "Nytt medborgarlöfte" (`/registrera/medborgarlofte`): a coordinator
//! records a new agreement, with up to three focus areas of up to two
//! commitments each, in a new stream `agreement-<id>` made when the form is
//! drawn, as are the events' ids: a resend records once. The events go in
//! one append request through `Recorder::record` (`new_agreement_request.rs`),
//! so that the agreement is recorded whole or not at all, and each refusal
//! is shown in Swedish at its input.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use maud::{html, Markup};
use trygglogg_api::AppState;
use trygglogg_events::ValidationContext;
use trygglogg_recorder::{
    parse_stream, today_in_sweden, Author, Municipalities, RecordError, Scope,
};
use trygglogg_store::AppendError;
use uuid::Uuid;

use super::agreement_event::{self, problems, recorded_page, Said};
use super::new_agreement_draw::{draw_input, municipality_field, Drawn};
use super::new_agreement_inputs::{
    agreement_inputs, all_inputs, commitment_inputs, focus_area_input, message, Kind,
};
use super::new_agreement_request::*;
use super::refusals::Refusals;
use super::request::EVENT;
use super::{recording_author, writable_agreements};
use crate::form::{Fields, CSRF_FIELD};
use crate::read_your_writes::showing;
use crate::session::SignedIn;
use crate::{follow_up_path, layout, PageError};

pub(crate) const NEW_AGREEMENT_PATH: &str = "/registrera/medborgarlofte";
/// The hidden field with the new stream's id.
const STREAM: &str = "agreement";
/// Ids drawn with the form: the agreement's, and one per commitment row.
const IDS: usize = 1 + FOCUS_AREAS * COMMITMENTS;

/// The author of a new agreement or of a commitment added to one
/// ("Nytt åtagande"): a coordinator's or an administrator's token; any
/// other is refused with a page saying so.
pub(crate) fn coordinating_author(who: &SignedIn) -> Result<Author, PageError> {
    let author = recording_author(who)?;
    if author.scope != Scope::Everything {
        return Err(PageError::forbidden(format!(
            "Din nyckel har rollen {}, som inte registrerar medborgarlöften eller deras åtaganden. \
             De registreras med en nyckel för samordnare eller administratör.",
            who.credential.role
        )));
    }
    Ok(author)
}

/// `GET /registrera/medborgarlofte`: a new form, with new ids.
pub(crate) async fn form(
    State(state): State<AppState>,
    who: SignedIn,
) -> Result<Response, PageError> {
    let author = coordinating_author(&who)?;
    let agreements = writable_agreements(&state, &author);
    let ids: Vec<Uuid> = (0..IDS).map(|_| Uuid::now_v7()).collect();
    let drawn = Drawn {
        posted: &defaults(&author),
        refusals: &Refusals::default(),
        agreements: &agreements,
    };
    Ok(page(&who, &author, Uuid::now_v7(), &ids, &drawn).into_response())
}

/// A new form's values: this year, two years, both parties responsible for
/// each commitment, a target a year.
fn defaults(author: &Author) -> Fields {
    let year = today_in_sweden().format("%Y").to_string();
    let mut pairs = vec![
        (FIRST_YEAR.to_owned(), year),
        (YEARS.to_owned(), "2".into()),
    ];
    if let Municipalities::Listed(listed) = &author.municipalities {
        if let Some(first) = listed.first() {
            pairs.push((MUNICIPALITY.to_owned(), first.to_string()));
        }
    }
    for a in 0..FOCUS_AREAS {
        for c in 0..COMMITMENTS {
            let name = |what: &str| commitment_input(a, c, what);
            pairs.push((name("responsible"), THE_MUNICIPALITY.into()));
            pairs.push((name("responsible"), THE_POLICE.into()));
            pairs.push((name("target"), PER_YEAR.into()));
        }
    }
    Fields::from_pairs(pairs)
}

/// `POST /registrera/medborgarlofte`.
pub(crate) async fn record(
    State(state): State<AppState>,
    who: SignedIn,
    body: Bytes,
) -> Result<Response, PageError> {
    let posted = Fields::parse(&body);
    who.check_csrf(&posted)?;
    let author = coordinating_author(&who)?;
    let ids: Vec<Uuid> = posted
        .all(EVENT)
        .filter_map(|raw| Uuid::parse_str(raw).ok())
        .collect();
    let stream = posted.get(STREAM).and_then(|raw| Uuid::parse_str(raw).ok());
    let (Some(stream), Some(request)) = (stream, append_request(&posted, &ids)) else {
        return Err(PageError::bad_request(
            "Formuläret saknar sina dolda uppgifter. Ingenting har registrerats. \
             Öppna formuläret på nytt."
                .to_owned(),
        )
        .instead(NEW_AGREEMENT_PATH.to_owned(), "Nytt medborgarlöfte"));
    };
    let stream_name = parse_stream(&format!("agreement-{stream}"))
        .map_err(|e| PageError::fault(format!("a new agreement's stream: {e}")))?;
    let context = ValidationContext::new(today_in_sweden());
    match state
        .recorder
        .record(&stream_name, &request, &author, &context)
        .await
    {
        Ok(recorded) => {
            let year = posted.get(FIRST_YEAR).and_then(|y| y.parse::<i32>().ok());
            let follow_up = year.map(|year| showing(&follow_up_path(stream, year), &recorded));
            Ok(recorded_page(
                &who,
                recorded.replayed,
                &Said {
                    recorded: "Medborgarlöftet är registrerat, med sina fokusområden och löften.",
                    already: "Medborgarlöftet var redan registrerat: en gång, inte två.",
                },
                match &follow_up {
                    Some(path) => (path.as_str(), "Se medborgarlöftets uppföljning"),
                    None => ("/", "Alla medborgarlöften"),
                },
            )
            .into_response())
        }
        Err(error) => {
            let (status, refusals) = refused(error, &posted)?;
            let drawn = Drawn {
                posted: &posted,
                refusals: &refusals,
                agreements: &writable_agreements(&state, &author),
            };
            Ok((status, page(&who, &author, stream, &ids, &drawn)).into_response())
        }
    }
}

/// The recorder's refusal, each at its input, in the form's order.
fn refused(error: RecordError, posted: &Fields) -> Result<(StatusCode, Refusals), PageError> {
    let paths = match error {
        RecordError::Invalid(errors) => errors.errors.into_iter().map(|e| e.path).collect(),
        RecordError::Rule(violation) => vec![violation.path],
        RecordError::Append(AppendError::IdConflict { .. } | AppendError::PartialRetry { .. }) => {
            let mut refused = Refusals::default();
            refused.general.push(
                "Ett medborgarlöfte med det här formulärets id är redan registrerat, med andra \
                 uppgifter än dessa. Öppna formuläret på nytt för att registrera ett nytt."
                    .to_owned(),
            );
            return Ok((StatusCode::CONFLICT, refused));
        }
        RecordError::Forbidden(why) => {
            // The only bound a new agreement can cross: its municipality.
            tracing::info!(%why, "a new agreement was refused by the token's bounds");
            let mut refused = Refusals::default();
            refused.by_field.push((
                MUNICIPALITY.to_owned(),
                "Din nyckel får inte registrera medborgarlöften i den kommunen. \
                 Välj en av kommunerna i listan."
                    .to_owned(),
            ));
            return Ok((StatusCode::FORBIDDEN, refused));
        }
        other => return agreement_event::refused(other, &[], posted, None),
    };
    let rows = Rows::of(posted);
    let inputs = all_inputs();
    let mut found = Refusals::default();
    for path in paths {
        let at = input_of(&path, &rows).and_then(|name| inputs.iter().find(|i| i.name == name));
        match at {
            Some(input) if found.of(&input.name).is_none() => found
                .by_field
                .push((input.name.clone(), message(input, &path, posted))),
            Some(_) => {}
            None => found.general.push(format!(
                "Uppgifterna kunde inte tas emot ({path}). Kontrollera formuläret och skicka det igen."
            )),
        }
    }
    found
        .by_field
        .sort_by_key(|(name, _)| inputs.iter().position(|i| i.name == *name));
    Ok((StatusCode::UNPROCESSABLE_ENTITY, found))
}

fn page(who: &SignedIn, author: &Author, stream: Uuid, ids: &[Uuid], drawn: &Drawn) -> Markup {
    let inputs = agreement_inputs();
    let municipality = drawn.value(MUNICIPALITY);
    let body = html! {
        h1 { "Nytt medborgarlöfte" }
        p.lead { "Medborgarlöftet som kommunen och Polisen kommit överens om, med fokusområden och löften. Tomma rader hoppas över." }
        (problems(drawn.refusals))
        form.entry method="post" action=(NEW_AGREEMENT_PATH) novalidate {
            input type="hidden" name=(CSRF_FIELD) value=(who.csrf);
            input type="hidden" name=(STREAM) value=(stream);
            @for id in ids { input type="hidden" name=(EVENT) value=(id); }
            @for input in &inputs {
                @if input.kind == Kind::Municipality {
                    (municipality_field(input, author, drawn))
                    fieldset.field {
                        legend { "Parter" }
                        label.choice { input type="checkbox" checked disabled; " " @if municipality.is_empty() { "Kommunen" } @else { (municipality) } }
                        label.choice { input type="checkbox" checked disabled; " Polisen" }
                    }
                } @else {
                    (draw_input(input, drawn))
                }
            }
            @for a in 0..FOCUS_AREAS {
                fieldset.field {
                    legend { "Fokusområde " (a + 1) }
                    (draw_input(&focus_area_input(a), drawn))
                    @for c in 0..COMMITMENTS {
                        fieldset.field {
                            legend { "Löfte " (c + 1) " i fokusområde " (a + 1) }
                            @for input in commitment_inputs(&commitment_row(a, c), Kind::Target) { (draw_input(&input, drawn)) }
                        }
                    }
                }
            }
            button type="submit" { "Registrera medborgarlöftet" }
        }
    };
    layout::signed_in_page("Nytt medborgarlöfte", who, body)
}
