//! "Mina registreringar": what this organisation recorded, newest first,
//! with each activity's status (`activities.rs`; an agreement's own events
//! are listed there too, corrected by `record/agreement_correction.rs`),
//! and what may be done to
//! it: "Rätta" (a correction of its current values, with a reason),
//! "Makulera" (a retraction, with a reason), and for a plan "Klar" (the
//! activity form, completing the same stream) and "Inställd" (a
//! cancellation, with a reason). Each is recorded through
//! `Recorder::record` like the activity form, with the event id made when
//! the form is drawn, and refused at its field in Swedish.

pub(crate) mod activities;
mod draw;

pub(crate) use draw::done_page;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Map, Value};
use trygglogg_api::AppState;
use trygglogg_events::{AppendRequest, IncomingEvent, ValidationContext};
use trygglogg_recorder::{parse_stream, today_in_sweden};
use uuid::Uuid;

use crate::form::Fields;
use crate::record::catalogue::{Field, Widget, CATALOGUE};
use crate::record::refusals::{refusals, Refusals};
use crate::record::request::{data_of, AT_LEAST, EVENT, READ_AS, SERVES, SEVERAL, TO};
use crate::session::SignedIn;
use crate::PageError;
use activities::Activity;

pub(crate) const MINE_PATH: &str = "/mina-registreringar";
pub(crate) const REASON: &str = "reason";

/// What may be done to an activity besides correcting it: the word in the
/// address, and the event it records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Action {
    /// "Makulera": a retraction of the whole activity.
    Retract,
    /// "Inställd": a plan cancelled.
    Cancel,
}

impl Action {
    fn read(word: &str) -> Option<Action> {
        match word {
            "makulera" => Some(Action::Retract),
            "installd" => Some(Action::Cancel),
            _ => None,
        }
    }

    pub(crate) fn word(self) -> &'static str {
        match self {
            Action::Retract => "makulera",
            Action::Cancel => "installd",
        }
    }
}

/// `GET /mina-registreringar`.
pub(crate) async fn list(
    State(state): State<AppState>,
    who: SignedIn,
) -> Result<Response, PageError> {
    let (activities, agreement_events) =
        activities::recorded_by(&state.store, &who.credential.organisation)
            .map_err(|e| unreadable(&e))?;
    Ok(draw::list_page(&who, &activities, &agreement_events).into_response())
}

/// `GET /mina-registreringar/{id}/{ratta|makulera|installd}`.
pub(crate) async fn form(
    State(state): State<AppState>,
    who: SignedIn,
    Path((id, action)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let activity = find(&state, &id)?;
    let event = Uuid::now_v7();
    Ok(match action.as_str() {
        "ratta" => {
            let asked = correction_fields(&activity);
            let current = current_values(&asked, &activity.data);
            let parties = parties(&state, &activity);
            draw::correction_page(
                &who,
                &activity,
                &asked,
                &parties,
                &current,
                event,
                &Refusals::default(),
            )
        }
        word => {
            let action = Action::read(word).ok_or_else(not_found)?;
            draw::reason_page(&who, &activity, action, None, event, &Refusals::default())
        }
    }
    .into_response())
}

/// `POST /mina-registreringar/{id}/{ratta|makulera|installd}`.
pub(crate) async fn record(
    State(state): State<AppState>,
    who: SignedIn,
    Path((id, action)): Path<(String, String)>,
    body: Bytes,
) -> Result<Response, PageError> {
    let posted = Fields::parse(&body);
    who.check_csrf(&posted)?;
    let author = who
        .credential
        .author()
        .ok_or_else(|| PageError::forbidden("Din nyckel registrerar ingenting.".to_owned()))?;
    let activity = find(&state, &id)?;
    let event = posted
        .get(EVENT)
        .and_then(|raw| Uuid::parse_str(raw).ok())
        .ok_or_else(|| {
            PageError::bad_request(
                "Formuläret saknar sina dolda uppgifter. Öppna det på nytt.".to_owned(),
            )
        })?;
    let reason = posted.get(REASON).map(|r| json!(r));
    let with_reason = |mut data: Map<String, Value>| {
        if let Some(reason) = &reason {
            data.insert(REASON.into(), reason.clone());
        }
        Value::Object(data)
    };
    let correcting = action == "ratta";
    // A resend of a correction already recorded: what it changed is now the
    // current value, so answer it before comparing.
    if correcting
        && state
            .store
            .event_by_id(event)
            .map_err(|e| unreadable(&e.to_string()))?
            .is_some()
    {
        return Ok(draw::done_page(&who, "correction", true).into_response());
    }
    let (event_type, data, asked) = if correcting {
        let asked = correction_fields(&activity);
        let changes = changes(&asked, &posted, &activity.data);
        if changes.is_empty() {
            let mut refused = Refusals::default();
            refused.general.push(
                "Ändra minst en uppgift: rättelsen ändrar ingenting som den är nu.".to_owned(),
            );
            let parties = parties(&state, &activity);
            let page =
                draw::correction_page(&who, &activity, &asked, &parties, &posted, event, &refused);
            return Ok((axum::http::StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
        }
        let mut data = Map::new();
        data.insert("target".into(), json!(activity.main_id));
        data.insert("target_type".into(), json!(activity.main_type.as_str()));
        data.insert("changes".into(), Value::Object(changes));
        ("correction", with_reason(data), asked)
    } else {
        let action = Action::read(&action).ok_or_else(not_found)?;
        let mut data = Map::new();
        let event_type = match action {
            Action::Retract => {
                data.insert("target".into(), json!(activity.first_id));
                "retraction"
            }
            Action::Cancel => "activity_cancelled",
        };
        (event_type, with_reason(data), vec![reason_field()])
    };
    let request = AppendRequest {
        expected_version: None,
        events: vec![IncomingEvent {
            id: Some(event),
            event_type: event_type.to_owned(),
            schema_version: None,
            data,
        }],
    };
    let stream = parse_stream(&format!("activity-{}", activity.stream))
        .map_err(|e| PageError::fault(format!("an activity's stream: {e}")))?;
    let context = ValidationContext::new(today_in_sweden());
    match state
        .recorder
        .record(&stream, &request, &author, &context)
        .await
    {
        Ok(recorded) => Ok(draw::done_page(&who, event_type, recorded.replayed).into_response()),
        Err(error) => {
            let (status, mut refused) = refusals(error, &asked, &posted)?;
            // These forms have no field for the agreement: say it above.
            if let Some(message) = refused.of(SERVES).map(str::to_owned) {
                refused.by_field.retain(|(path, _)| path != SERVES);
                refused.general.push(message);
            }
            let page = if correcting {
                let parties = parties(&state, &activity);
                draw::correction_page(&who, &activity, &asked, &parties, &posted, event, &refused)
            } else {
                let action = Action::read(&action).ok_or_else(not_found)?;
                draw::reason_page(&who, &activity, action, Some(&posted), event, &refused)
            };
            Ok((status, page).into_response())
        }
    }
}

fn find(state: &AppState, id: &str) -> Result<Activity, PageError> {
    let id = Uuid::parse_str(id).map_err(|_| not_found())?;
    activities::activity(&state.store, id)
        .map_err(|e| unreadable(&e.to_string()))?
        .ok_or_else(not_found)
}

fn not_found() -> PageError {
    PageError::not_found(
        "Det finns ingen sådan registrering. ”Mina registreringar” listar dem som finns."
            .to_owned(),
    )
    .instead(MINE_PATH.to_owned(), "Mina registreringar")
}

fn unreadable(error: &str) -> PageError {
    tracing::error!(%error, "the organisation's activities could not be read");
    PageError::new(
        axum::http::StatusCode::SERVICE_UNAVAILABLE,
        "Loggen kan inte läsas just nu. Försök igen om en stund.".into(),
    )
}

pub(crate) fn reason_field() -> Field {
    Field {
        path: REASON.to_owned(),
        widget: Widget::Text(1000),
        required: true,
    }
}

/// The fields a correction of `activity` shows: its type's, as the activity
/// form asks them, and the reason.
fn correction_fields(activity: &Activity) -> Vec<Field> {
    let kind = activity.data["kind"].as_str().unwrap_or("");
    let status = CATALOGUE
        .statuses
        .iter()
        .copied()
        .find(|s| s.event_type == activity.main_type);
    let mut fields = status
        .map(|s| CATALOGUE.fields(s, kind))
        .unwrap_or_default();
    fields.push(reason_field());
    fields
}

/// The agreement's parties, for a fact that names some.
fn parties(state: &AppState, activity: &Activity) -> Vec<String> {
    activity
        .serves
        .as_ref()
        .and_then(|(agreement, _, _)| state.projections.read().agreement_view(*agreement))
        .map(|view| view.header.parties)
        .unwrap_or_default()
}

/// The event's current values as the form's fields.
pub(crate) fn current_values(asked: &[Field], data: &Value) -> Fields {
    let mut pairs = Vec::new();
    for field in asked {
        let value = field.path.split('.').fold(data, |value, part| &value[part]);
        let mut push = |name: String, value: &Value| {
            let text = match value {
                Value::String(text) => text.clone(),
                Value::Number(number) => number.to_string(),
                Value::Bool(true) => "true".to_owned(),
                _ => return,
            };
            pairs.push((name, text));
        };
        match (&field.widget, value) {
            (Widget::Date, Value::Object(range)) => {
                push(field.path.clone(), &range["from"]);
                push(format!("{}{TO}", field.path), &range["to"]);
            }
            // A count as the form asks it: the number and how it is read.
            (Widget::Quantity, Value::Object(bound)) => {
                push(field.path.clone(), &bound["at_least"]);
                push(format!("{}{READ_AS}", field.path), &json!(AT_LEAST));
            }
            (Widget::Quantity, Value::String(several)) if several == "several" => {
                push(format!("{}{READ_AS}", field.path), &json!(SEVERAL));
            }
            (_, Value::Array(items)) => {
                items.iter().for_each(|item| push(field.path.clone(), item))
            }
            (_, value) => push(field.path.clone(), value),
        }
    }
    Fields::from_pairs(pairs)
}

/// The top-level fields whose value the form changed (the kind's facts as
/// one `facts`), with their new values.
fn changes(asked: &[Field], posted: &Fields, current: &Value) -> Map<String, Value> {
    let fields: Vec<Field> = asked.iter().filter(|f| f.path != REASON).cloned().collect();
    data_of(&fields, posted)
        .into_iter()
        .filter(|(name, value)| current.get(name) != Some(value))
        .collect()
}
