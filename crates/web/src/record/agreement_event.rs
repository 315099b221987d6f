//! One form for an event in an agreement's own stream (the assessment, the
//! council's review, an indicator's value): `AgreementEventForm` says what
//! differs (the event type, the fields asked, the target read from the
//! post, the page's own inputs), and `form`/`record` are the one GET and
//! POST they share: drawn with the author's writable agreements; a post
//! checked for CSRF, its target read ("Välj …" when none was chosen), the
//! event recorded in `agreement-<id>` by `Recorder::record` as the API's
//! append request; the page that says it was recorded, or already was; a
//! refusal shown at its field.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use maud::{html, Markup};
use serde_json::{Map, Value};
use trygglogg_api::AppState;
use trygglogg_events::{AppendRequest, EventType, IncomingEvent, ValidationContext};
use trygglogg_recorder::{parse_stream, today_in_sweden, Author, RecordError, Recorded};
use uuid::Uuid;

use super::catalogue::{Field, CATALOGUE};
use super::draw::{draw_field, FieldContext};
use super::refusals::{refusals, Refusals};
use super::request::{data_of, EVENT, SERVES};
use super::{recording_author, writable_agreements, AgreementChoice};
use crate::form::{Fields, CSRF_FIELD};
use crate::layout;
use crate::mine::current_values;
use crate::session::SignedIn;
use crate::PageError;

/// The form's name of the agreement's choice, where the target is an
/// agreement.
pub(crate) const AGREEMENT: &str = "agreement";

/// What one coordinator's form for an agreement's own event is.
pub(crate) trait AgreementEventForm {
    const EVENT_TYPE: EventType;
    const PATH: &'static str;
    const TITLE: &'static str;
    /// The title of its correction's page.
    const CORRECTION_TITLE: &'static str;
    /// The sentence under the title, if any.
    const LEAD: Option<&'static str> = None;
    const BUTTON: &'static str;
    /// What the page says after a post, and the link to record another.
    const SAID: Said;
    const AGAIN: &'static str;
    /// The field the target is chosen in, where a missing or unknown one is
    /// said; `None`: above the form.
    const TARGET_AT: Option<&'static str> = None;
    /// What is said when no target was chosen.
    const CHOOSE: &'static str = "Välj ett medborgarlöfte i listan.";

    /// The catalogue's fields, in the order the page draws them.
    fn asked() -> Vec<Field> {
        CATALOGUE.event_fields(Self::EVENT_TYPE)
    }

    /// The agreement the post names, and what of the event's data its
    /// choice says; `None` when none was chosen.
    fn target(posted: &Fields) -> Option<(Uuid, Map<String, Value>)> {
        let agreement = Uuid::parse_str(posted.get(AGREEMENT)?).ok()?;
        Some((agreement, Map::new()))
    }

    /// The event's data from the rest of the form.
    fn data(asked: &[Field], posted: &Fields) -> Map<String, Value> {
        data_of(asked, posted)
    }

    /// Says a refusal of `rule` (the recorder's rule, if it was one) in this
    /// page's words, after the generic wording.
    fn reword(_rule: Option<&'static str>, _refused: &mut Refusals) {}

    /// An event's current `data` in `agreement` as this form's fields, for
    /// its correction.
    fn shown(asked: &[Field], agreement: Uuid, data: &Map<String, Value>) -> Fields {
        let mut shown = current_values(asked, &Value::Object(data.clone()));
        shown.push(AGREEMENT, &agreement.to_string());
        shown
    }

    /// The form's own inputs, between its hidden fields and its button.
    fn inputs(drawn: &Drawn<'_>) -> Markup;

    /// What the page says below the form, if anything.
    fn after() -> Markup {
        html! {}
    }
}

/// What a form's inputs are drawn from.
pub(crate) struct Drawn<'a> {
    pub agreements: &'a [AgreementChoice],
    pub asked: &'a [Field],
    pub posted: Option<&'a Fields>,
    pub refusals: &'a Refusals,
    /// A correction: what the event is about (its agreement, commitment)
    /// is shown, not chosen.
    pub fixed: bool,
}

impl Drawn<'_> {
    /// What was posted in `name`, or nothing.
    pub(crate) fn value(&self, name: &str) -> String {
        self.posted
            .and_then(|p| p.get(name))
            .unwrap_or("")
            .to_owned()
    }

    /// Whether `path` is the first field refused, which gets the focus.
    pub(crate) fn first(&self, path: &str) -> bool {
        self.refusals.first() == Some(path)
    }

    /// The asked fields but `drawn_elsewhere`, drawn from the catalogue.
    pub(crate) fn fields(&self, drawn_elsewhere: &[&str]) -> Markup {
        let today = today_in_sweden().to_string();
        let context = FieldContext {
            parties: &[],
            today: &today,
        };
        html! {
            @for field in self.asked.iter().filter(|f| !drawn_elsewhere.contains(&f.path.as_str())) {
                (draw_field(field, &context, self.posted, self.refusals.of(&field.path), self.first(&field.path)))
            }
        }
    }

    /// The agreement, chosen by its title among the writable ones.
    pub(crate) fn agreement_field(&self) -> Markup {
        let chosen = self.posted.and_then(|p| p.get(AGREEMENT));
        if self.fixed {
            let title = self
                .agreements
                .iter()
                .find(|a| Some(a.id.to_string().as_str()) == chosen)
                .map_or("Medborgarlöftet", |a| a.title.as_str());
            return html! {
                p { "Medborgarlöfte: " strong { (title) } }
                input type="hidden" name=(AGREEMENT) value=(chosen.unwrap_or(""));
            };
        }
        html! {
            div.field {
                label for="f-agreement" { "Medborgarlöfte" }
                select #f-agreement name=(AGREEMENT) required {
                    @for agreement in self.agreements {
                        @let id = agreement.id.to_string();
                        option value=(id) selected[chosen == Some(id.as_str())] { (agreement.title) }
                    }
                }
            }
        }
    }

    /// The year, among the agreements' years.
    pub(crate) fn year_field(&self) -> Markup {
        year_field(
            self.agreements,
            self.posted,
            self.refusals.of(YEAR),
            self.first(YEAR),
        )
    }
}

/// `GET` of an agreement event's form: drawn with a new event id.
pub(crate) async fn form<F: AgreementEventForm>(
    State(state): State<AppState>,
    who: SignedIn,
) -> Result<Response, PageError> {
    let author = recording_author(&who)?;
    let agreements = writable_agreements(&state, &author);
    let asked = F::asked();
    let drawn = Drawn {
        agreements: &agreements,
        asked: &asked,
        posted: None,
        refusals: &Refusals::default(),
        fixed: false,
    };
    Ok(page::<F>(&who, &drawn, Uuid::now_v7()).into_response())
}

/// `POST` of an agreement event's form: recorded, or drawn again with
/// every refusal at its field and what was typed kept.
pub(crate) async fn record<F: AgreementEventForm>(
    State(state): State<AppState>,
    who: SignedIn,
    body: Bytes,
) -> Result<Response, PageError> {
    let posted = Fields::parse(&body);
    who.check_csrf(&posted)?;
    let author = recording_author(&who)?;
    let agreements = writable_agreements(&state, &author);
    let asked = F::asked();
    let event = posted.get(EVENT).and_then(|raw| Uuid::parse_str(raw).ok());
    let (Some(event), Some((agreement, chosen))) = (event, F::target(&posted)) else {
        let mut refused = Refusals::default();
        let message = F::CHOOSE.to_owned();
        match F::TARGET_AT {
            Some(field) => refused.by_field.push((field.to_owned(), message)),
            None => refused.general.push(message),
        }
        let drawn = Drawn {
            agreements: &agreements,
            asked: &asked,
            posted: Some(&posted),
            refusals: &refused,
            fixed: false,
        };
        let page = page::<F>(&who, &drawn, Uuid::now_v7());
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
    };
    let mut data = F::data(&asked, &posted);
    data.extend(chosen);
    match self::record_event(&state, &author, agreement, event, F::EVENT_TYPE, data).await? {
        Ok(recorded) => Ok(
            recorded_page(&who, recorded.replayed, &F::SAID, (F::PATH, F::AGAIN)).into_response(),
        ),
        Err(error) => {
            let rule = match &error {
                RecordError::Rule(violation) => Some(violation.rule),
                _ => None,
            };
            let (status, mut refused) = refused(error, &asked, &posted, F::TARGET_AT)?;
            F::reword(rule, &mut refused);
            let drawn = Drawn {
                agreements: &agreements,
                asked: &asked,
                posted: Some(&posted),
                refusals: &refused,
                fixed: false,
            };
            Ok((status, page::<F>(&who, &drawn, event)).into_response())
        }
    }
}

/// The page of an agreement event's form, `event` its id in a hidden field.
fn page<F: AgreementEventForm>(who: &SignedIn, drawn: &Drawn<'_>, event: Uuid) -> Markup {
    let body = html! {
        h1 { (F::TITLE) }
        @if let Some(lead) = F::LEAD { p.lead { (lead) } }
        (problems(drawn.refusals))
        form.entry method="post" action=(F::PATH) novalidate {
            input type="hidden" name=(CSRF_FIELD) value=(who.csrf);
            input type="hidden" name=(EVENT) value=(event);
            (F::inputs(drawn))
            button type="submit" { (F::BUTTON) }
        }
        (F::after())
    };
    layout::signed_in_page(F::TITLE, who, body)
}

/// The form's name of the year field.
pub(crate) const YEAR: &str = "year";

/// Records one event of `event_type` with `data` in the agreement's stream,
/// exactly as `POST /api/v1/streams/agreement-<id>` would; `Ok(Err(…))` is a
/// refusal for the form to show.
pub(crate) async fn record_event(
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
