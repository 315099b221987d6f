//! "Rätta" for an agreement's own event (an assessment, a review, an
//! indicator's value): the event's form (`AgreementEventForm`) drawn with
//! its current values, what it is about fixed, and a required reason; the
//! post becomes a `correction` of the changed fields in the agreement's
//! stream, recorded by `Recorder::record` like the form itself and refused
//! at its field in Swedish.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use maud::{html, Markup};
use serde_json::{json, Map, Value};
use trygglogg_api::AppState;
use trygglogg_events::{EventType, StreamCategory, StreamName, StreamState};
use trygglogg_store::{Store, StoreError};
use uuid::Uuid;

use super::agreement_event::{self, problems, record_event, refused, AgreementEventForm, Drawn};
use super::assessment::AssessmentForm;
use super::catalogue::Field;
use super::draw::{draw_field, FieldContext};
use super::indicator::IndicatorForm;
use super::refusals::Refusals;
use super::request::EVENT;
use super::review::ReviewForm;
use super::{recording_author, writable_agreements};
use crate::form::{Fields, CSRF_FIELD};
use crate::layout;
use crate::mine::activities::stream_history;
use crate::mine::{done_page, reason_field, MINE_PATH, REASON};
use crate::session::SignedIn;
use crate::site_routes::Route;
use crate::PageError;

/// `F`'s form and the correction of what it recorded.
pub(crate) fn routes<F: AgreementEventForm + Send + Sync + 'static>() -> Vec<Route> {
    let correction = format!("{}/{{agreement}}/{{event}}/ratta", F::PATH);
    vec![
        Route::get(
            F::PATH,
            format!("The form ”{}”.", F::TITLE),
            agreement_event::form::<F>,
        ),
        Route::post(
            F::PATH,
            format!("Records ”{}”.", F::TITLE),
            agreement_event::record::<F>,
        ),
        Route::get(
            &correction,
            format!("The form ”{}”.", F::CORRECTION_TITLE),
            form::<F>,
        ),
        Route::post(correction, "Records the correction.", record::<F>),
    ]
}

/// Where an agreement's `event` of `event_type` is corrected, if a form
/// records that type.
pub(crate) fn correction_path(
    event_type: EventType,
    agreement: Uuid,
    event: Uuid,
) -> Option<String> {
    let path = match event_type {
        EventType::CommitmentAssessed => AssessmentForm::PATH,
        EventType::FollowUpReviewed => ReviewForm::PATH,
        EventType::IndicatorMeasured => IndicatorForm::PATH,
        _ => return None,
    };
    Some(format!("{path}/{agreement}/{event}/ratta"))
}

/// The current data of `event` in `agreement-<agreement>`, as corrected;
/// `None` if there is none, or it is retracted.
pub(crate) fn current_event(
    store: &Store,
    agreement: Uuid,
    event: Uuid,
) -> Result<Option<(EventType, Value)>, StoreError> {
    Ok(agreement_state(store, agreement)?.and_then(|state| current_in(&state, event)))
}

/// The agreement's stream folded by the domain's rules; `None` if an event
/// of it cannot be read.
pub(crate) fn agreement_state(
    store: &Store,
    agreement: Uuid,
) -> Result<Option<StreamState>, StoreError> {
    let name = StreamName::new(StreamCategory::Agreement, agreement);
    let Some(history) = stream_history(store, &name)? else {
        return Ok(None);
    };
    let mut state = StreamState::default();
    for event in &history {
        state.apply(&event.as_domain());
    }
    Ok(Some(state))
}

/// The current type and data of `event` in a folded stream; `None` if it is
/// not there, or retracted.
pub(crate) fn current_in(state: &StreamState, event: Uuid) -> Option<(EventType, Value)> {
    if state.is_retracted(event) {
        return None;
    }
    state
        .current(event)
        .map(|current| (current.event_type(), trygglogg_events::encode(current).data))
}

/// `GET <form>/{agreement}/{event}/ratta`.
pub(crate) async fn form<F: AgreementEventForm>(
    State(state): State<AppState>,
    who: SignedIn,
    Path(ids): Path<(String, String)>,
) -> Result<Response, PageError> {
    let author = recording_author(&who)?;
    let (agreement, event) = parse_ids(&ids)?;
    let data = target::<F>(&state, agreement, event)?;
    let asked = F::asked();
    let shown = F::shown(&asked, agreement, &data);
    let agreements = writable_agreements(&state, &author);
    let drawn = Drawn {
        agreements: &agreements,
        asked: &asked,
        posted: Some(&shown),
        refusals: &Refusals::default(),
        fixed: true,
    };
    Ok(page::<F>(&who, &drawn, (agreement, event), Uuid::now_v7()).into_response())
}

/// `POST <form>/{agreement}/{event}/ratta`.
pub(crate) async fn record<F: AgreementEventForm>(
    State(state): State<AppState>,
    who: SignedIn,
    Path(ids): Path<(String, String)>,
    body: Bytes,
) -> Result<Response, PageError> {
    let posted = Fields::parse(&body);
    who.check_csrf(&posted)?;
    let author = recording_author(&who)?;
    let (agreement, event) = parse_ids(&ids)?;
    let correction = posted
        .get(EVENT)
        .and_then(|raw| Uuid::parse_str(raw).ok())
        .ok_or_else(|| {
            PageError::bad_request(
                "Formuläret saknar sina dolda uppgifter. Öppna det på nytt.".to_owned(),
            )
        })?;
    // A resend of a correction already recorded: what it changed is now the
    // current value, so answer it before comparing.
    let resent = state
        .store
        .event_by_id(correction)
        .map_err(|e| PageError::fault(format!("the log could not be read: {e}")))?;
    if resent.is_some() {
        return Ok(done_page(&who, "correction", true).into_response());
    }
    let current = target::<F>(&state, agreement, event)?;
    let asked = F::asked();
    let agreements = writable_agreements(&state, &author);
    let mut data = F::data(&asked, &posted);
    // What the event is about is fixed: the post cannot move it elsewhere.
    if let Some((_, about)) = F::target(&F::shown(&asked, agreement, &current)) {
        data.extend(about);
    }
    let changes: Map<String, Value> = data
        .into_iter()
        .filter(|(name, value)| current.get(name) != Some(value))
        .collect();
    let mut with_reason = asked.clone();
    with_reason.push(reason_field());
    let answer = if changes.is_empty() {
        let mut refused = Refusals::default();
        refused
            .general
            .push("Ändra minst en uppgift: rättelsen ändrar ingenting som den är nu.".to_owned());
        Err((StatusCode::UNPROCESSABLE_ENTITY, refused))
    } else {
        let mut data = Map::new();
        data.insert("target".into(), json!(event));
        data.insert("target_type".into(), json!(F::EVENT_TYPE.as_str()));
        data.insert("changes".into(), Value::Object(changes));
        if let Some(reason) = posted.get(REASON) {
            data.insert(REASON.into(), json!(reason));
        }
        let recorded = record_event(
            &state,
            &author,
            agreement,
            correction,
            EventType::Correction,
            data,
        )
        .await?;
        match recorded {
            Ok(recorded) => Ok(recorded.replayed),
            Err(error) => {
                let rule = match &error {
                    trygglogg_recorder::RecordError::Rule(violation) => Some(violation.rule),
                    _ => None,
                };
                let (status, mut refusals) = refused(error, &with_reason, &posted, F::TARGET_AT)?;
                F::reword(rule, &mut refusals);
                Err((status, refusals))
            }
        }
    };
    match answer {
        Ok(replayed) => Ok(done_page(&who, "correction", replayed).into_response()),
        Err((status, refusals)) => {
            let drawn = Drawn {
                agreements: &agreements,
                asked: &asked,
                posted: Some(&posted),
                refusals: &refusals,
                fixed: true,
            };
            Ok((
                status,
                page::<F>(&who, &drawn, (agreement, event), correction),
            )
                .into_response())
        }
    }
}

fn not_found() -> PageError {
    PageError::not_found(
        "Det finns ingen sådan registrering. ”Mina registreringar” listar dem som finns."
            .to_owned(),
    )
    .instead(MINE_PATH.to_owned(), "Mina registreringar")
}

/// The agreement's and the event's ids in the address.
fn parse_ids((agreement, event): &(String, String)) -> Result<(Uuid, Uuid), PageError> {
    let parse = |raw: &str| Uuid::parse_str(raw).map_err(|_| not_found());
    Ok((parse(agreement)?, parse(event)?))
}

/// The current data of the event the address names, if it is `F`'s.
fn target<F: AgreementEventForm>(
    state: &AppState,
    agreement: Uuid,
    event: Uuid,
) -> Result<Map<String, Value>, PageError> {
    match current_event(&state.store, agreement, event)
        .map_err(|e| PageError::fault(format!("an agreement's stream could not be read: {e}")))?
    {
        Some((event_type, Value::Object(data))) if event_type == F::EVENT_TYPE => Ok(data),
        _ => Err(not_found()),
    }
}

/// The form with the current values, what it is about fixed, and a reason.
fn page<F: AgreementEventForm>(
    who: &SignedIn,
    drawn: &Drawn<'_>,
    (agreement, event): (Uuid, Uuid),
    correction: Uuid,
) -> Markup {
    let reason: Field = reason_field();
    let context = FieldContext {
        parties: &[],
        today: "",
    };
    let action = correction_path(F::EVENT_TYPE, agreement, event).unwrap_or_default();
    let body = html! {
        h1 { (F::CORRECTION_TITLE) }
        p.lead { "Ändra det som är fel och skriv varför. Det gamla finns kvar i loggen, med din rättelse." }
        (problems(drawn.refusals))
        form.entry method="post" action=(action) novalidate {
            input type="hidden" name=(CSRF_FIELD) value=(who.csrf);
            input type="hidden" name=(EVENT) value=(correction);
            (F::inputs(drawn))
            (draw_field(&reason, &context, drawn.posted, drawn.refusals.of(REASON), drawn.first(REASON)))
            button type="submit" { "Spara rättelsen" }
        }
    };
    layout::signed_in_page(F::CORRECTION_TITLE, who, body)
}
