//! "Registrera aktivitet": an officer records an activity from a phone. Step
//! one (`/registrera`) chooses the agreement's focus area or commitment
//! (only where the token may write, by the recorder's own rule,
//! `trygglogg_recorder::may_serve`), the kind and the status; step two
//! (`/registrera/uppgifter`) asks what the catalogue has for them
//! (`catalogue.rs`) and posts it. The post becomes the append request the
//! API would get (`request.rs`) and goes through the same
//! `Recorder::record`, so it is refused exactly as the API refuses; each
//! refusal is shown in Swedish at its field (`refusals.rs`), with what was
//! typed kept, and nothing is recorded until all are fixed. The event and
//! stream ids are made when the form is drawn: a double tap, a reload or a
//! resend records once, and the page says so.

pub(crate) mod agreement_correction;
pub(crate) mod agreement_event;
pub(crate) mod assessment;
pub(crate) mod catalogue;
pub(crate) mod choice;
pub(crate) mod custom_kind;
pub(crate) mod draw;
pub(crate) mod indicator;
mod indicator_choice;
pub(crate) mod indicator_definition;
mod labels;
pub(crate) mod new_agreement;
mod new_agreement_draw;
mod new_agreement_inputs;
mod new_agreement_request;
pub(crate) mod new_commitment;
pub(crate) mod refusals;
pub(crate) mod request;
pub(crate) mod review;

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use trygglogg_api::AppState;
use trygglogg_events::{Party, ValidationContext};
use trygglogg_recorder::{may_serve, parse_stream, today_in_sweden, Author, Scope};
use uuid::Uuid;

use catalogue::CATALOGUE;
use choice::{AgreementChoice, FocusChoice, RECORD_PATH};
use draw::{Chosen, Details};
use refusals::Refusals;
use request::{serves_parts, EVENT, KIND, MONTH, SERVES, STATUS, STREAM};

use crate::form::Fields;
use crate::read_your_writes::showing;
use crate::session::SignedIn;
use crate::{follow_up_path, PageError};

/// `GET /registrera`: step one, with an earlier choice if the query has one.
pub(crate) async fn choose(
    State(state): State<AppState>,
    who: SignedIn,
    RawQuery(query): RawQuery,
) -> Result<Response, PageError> {
    let author = recording_author(&who)?;
    let query = Fields::parse(query.unwrap_or_default().as_bytes());
    let chosen = Chosen {
        serves: query.get(SERVES),
        kind: query.get(KIND),
        status: query.get(STATUS),
    };
    let agreements = writable_agreements(&state, &author);
    Ok(draw::choose_page(&who, &agreements, &chosen).into_response())
}

/// `GET /registrera/uppgifter?serves=…&kind=…&status=…`: step two, drawn
/// with new event and stream ids.
pub(crate) async fn details(
    State(state): State<AppState>,
    who: SignedIn,
    RawQuery(query): RawQuery,
) -> Result<Response, PageError> {
    let author = recording_author(&who)?;
    let query = Fields::parse(query.unwrap_or_default().as_bytes());
    let chosen = Choice::read(&state, &author, &query, Reach::Writable)?;
    let fields = CATALOGUE.fields(chosen.status, chosen.kind);
    // An existing activity's stream when a plan is completed ("Klar").
    let stream = id(&query, STREAM).unwrap_or_else(Uuid::now_v7);
    let details = chosen.details(&fields, Uuid::now_v7(), stream);
    Ok(draw::details_page(&who, &details, None, &Refusals::default()).into_response())
}

/// `POST /registrera/uppgifter`: records the activity, or shows the form
/// again with every refusal at its field.
pub(crate) async fn record(
    State(state): State<AppState>,
    who: SignedIn,
    body: Bytes,
) -> Result<Response, PageError> {
    let posted = Fields::parse(&body);
    who.check_csrf(&posted)?;
    let author = recording_author(&who)?;
    let chosen = Choice::read(&state, &author, &posted, Reach::AsTheRecorderJudges)?;
    let (Some(event), Some(stream)) = (id(&posted, EVENT), id(&posted, STREAM)) else {
        return Err(PageError::bad_request(
            "Formuläret saknar sina dolda uppgifter. Ingenting har registrerats. \
             Öppna formuläret på nytt."
                .to_owned(),
        )
        .instead(RECORD_PATH.to_owned(), "Registrera aktivitet"));
    };
    let fields = CATALOGUE.fields(chosen.status, chosen.kind);
    // Two count rows of one key cannot both be sent: refused here, before
    // the recorder, so that neither count replaces the other.
    let same_keys = custom_kind::same_keys(&posted);
    if chosen.kind == custom_kind::CUSTOM && !same_keys.is_empty() {
        let refusals = Refusals {
            by_field: same_keys,
            general: Vec::new(),
        };
        let details = chosen.details(&fields, event, stream);
        return Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            draw::details_page(&who, &details, Some(&posted), &refusals),
        )
            .into_response());
    }
    let request = request::append_request(
        chosen.status,
        chosen.kind,
        &fields,
        &posted,
        &author.organisation,
        event,
    );
    let stream_name = parse_stream(&format!("activity-{stream}"))
        .map_err(|e| PageError::fault(format!("a new activity stream: {e}")))?;
    let context = ValidationContext::new(today_in_sweden());
    match state
        .recorder
        .record(&stream_name, &request, &author, &context)
        .await
    {
        Ok(recorded) => {
            let follow_up = year_of(&posted, &fields)
                .map(|year| showing(&follow_up_path(chosen.agreement.id, year), &recorded));
            Ok(draw::recorded_page(&who, recorded.replayed, follow_up).into_response())
        }
        Err(error) => {
            let (status, refusals) = refusals::refusals(error, &fields, &posted)?;
            let details = chosen.details(&fields, event, stream);
            Ok((
                status,
                draw::details_page(&who, &details, Some(&posted), &refusals),
            )
                .into_response())
        }
    }
}

/// The author a signed-in token records as; a role that records no
/// activities is refused with a page saying so.
pub(crate) fn recording_author(who: &SignedIn) -> Result<Author, PageError> {
    match who.credential.author() {
        Some(author) if author.scope != Scope::Amendments => Ok(author),
        _ => Err(PageError::forbidden(format!(
            "Din nyckel har rollen {}, som inte registrerar aktiviteter. \
             Aktiviteter registreras med en nyckel för rapportör, samordnare eller administratör.",
            who.credential.role
        ))),
    }
}

/// The agreements `author` may record activities for, with their focus
/// areas and commitments.
pub(crate) fn writable_agreements(state: &AppState, author: &Author) -> Vec<AgreementChoice> {
    let follow_ups = state.projections.read();
    follow_ups
        .agreement_summaries()
        .into_iter()
        .filter(|summary| {
            let parties: Vec<Party> = summary
                .header
                .parties
                .iter()
                .filter_map(|p| Party::parse(p).ok())
                .collect();
            may_serve(author, &parties)
        })
        .filter_map(|summary| {
            let view = follow_ups.agreement_view(summary.header.id)?;
            let focus_areas = view
                .focus_areas
                .iter()
                .map(|focus| FocusChoice {
                    key: focus.key.clone(),
                    name: focus.name.clone(),
                    commitments: view
                        .commitments
                        .iter()
                        .filter(|c| c.focus_area == focus.key)
                        .map(|c| (c.key.clone(), c.title.clone()))
                        .collect(),
                })
                .collect();
            Some(AgreementChoice {
                id: view.header.id,
                title: view.header.title,
                years: (view.header.first_year, view.header.last_year),
                parties: view.header.parties,
                focus_areas,
                indicators: view
                    .indicator_definitions
                    .iter()
                    .map(|i| (i.key.clone(), i.name.clone()))
                    .collect(),
            })
        })
        .collect()
}

/// Which agreements a choice may name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reach {
    /// Only those the token may write into: a form is drawn for no other.
    Writable,
    /// Any: a post goes to the recorder, which refuses what the API refuses,
    /// and the refusal is shown at the field.
    AsTheRecorderJudges,
}

/// What step one chose, read back from a query or a post.
struct Choice<'a> {
    agreement: AgreementChoice,
    serves: &'a str,
    kind: &'a str,
    status: catalogue::Status,
}

impl<'a> Choice<'a> {
    fn read(
        state: &AppState,
        author: &Author,
        fields: &'a Fields,
        reach: Reach,
    ) -> Result<Choice<'a>, PageError> {
        let back = |message: &str| {
            PageError::bad_request(message.to_owned())
                .instead(RECORD_PATH.to_owned(), "Registrera aktivitet")
        };
        let status = fields
            .get(STATUS)
            .and_then(|s| CATALOGUE.status(s))
            .ok_or_else(|| back("Välj om aktiviteten är genomförd, pågår eller är planerad."))?;
        let kind = fields
            .get(KIND)
            .filter(|k| CATALOGUE.knows_kind(k) || *k == custom_kind::CUSTOM)
            .ok_or_else(|| back("Välj en typ av aktivitet i listan."))?;
        let serves = fields.get(SERVES).unwrap_or("");
        let (agreement, _, _) = serves_parts(serves);
        let writable = writable_agreements(state, author)
            .into_iter()
            .find(|a| a.id.to_string() == agreement);
        let agreement = match (writable, reach) {
            (Some(writable), _) => writable,
            (None, Reach::AsTheRecorderJudges) => AgreementChoice {
                id: Uuid::parse_str(agreement).unwrap_or_default(),
                title: "Medborgarlöfte".to_owned(),
                parties: Vec::new(),
                focus_areas: Vec::new(),
                years: (0, 0),
                indicators: Vec::new(),
            },
            (None, Reach::Writable) => {
                return Err(back(
                    "Välj ett medborgarlöfte i listan: bara de som din nyckel får registrera i finns där.",
                ))
            }
        };
        Ok(Choice {
            agreement,
            serves,
            kind,
            status,
        })
    }

    fn details<'b>(
        &'b self,
        fields: &'b [catalogue::Field],
        event: Uuid,
        stream: Uuid,
    ) -> Details<'b> {
        let (_, focus_key, commitment_key) = serves_parts(self.serves);
        let focus = self
            .agreement
            .focus_areas
            .iter()
            .find(|f| f.key == focus_key);
        let mut place = focus.map_or_else(|| focus_key.to_owned(), |f| f.name.clone());
        if let Some(commitment) = commitment_key {
            let title = focus
                .and_then(|f| f.commitments.iter().find(|(k, _)| k == commitment))
                .map_or(commitment, |(_, t)| t.as_str());
            place = format!("{place}, löftet ”{title}”");
        }
        Details {
            agreement: &self.agreement,
            serves: self.serves,
            place,
            kind: self.kind,
            status: self.status,
            fields,
            event,
            stream,
            today: today_in_sweden().to_string(),
        }
    }
}

fn id(fields: &Fields, name: &str) -> Option<Uuid> {
    fields.get(name).and_then(|raw| Uuid::parse_str(raw).ok())
}

/// The year the activity's date falls in, for the link to its follow-up.
fn year_of(posted: &Fields, fields: &[catalogue::Field]) -> Option<i32> {
    let date = fields
        .iter()
        .filter(|f| f.widget == catalogue::Widget::Date && !f.path.contains('.'))
        .find_map(|f| {
            posted
                .get(&f.path)
                .or(posted.get(&format!("{}{MONTH}", f.path)))
        })?;
    date.get(..4)?.parse().ok()
}
