//! The pages of "Mina registreringar".

use maud::{html, Markup};
use serde_json::Value;
use uuid::Uuid;

use super::activities::{Activity, AgreementEntry};
use super::{Action, MINE_PATH, REASON};
use crate::form::{Fields, CSRF_FIELD};
use crate::layout;
use crate::record::agreement_correction::correction_path;
use crate::record::catalogue::{Field, CATALOGUE};
use crate::record::choice::DETAILS_PATH;
use crate::record::draw::{draw_field, FieldContext};
use crate::record::refusals::Refusals;
use crate::record::request::{serves_value, EVENT, KIND, SERVES, STATUS, STREAM};
use crate::session::SignedIn;
use crate::words::{activity_status_name, capitalised, kind_title};
use trygglogg_events::EventType;
use trygglogg_projections::follow_up::ActivityStatus;

pub(crate) fn list_page(
    who: &SignedIn,
    activities: &[Activity],
    agreement_events: &[AgreementEntry],
) -> Markup {
    let body = html! {
        h1 { "Mina registreringar" }
        p.lead { "Det här har " (who.credential.organisation) " registrerat, senaste först." }
        @if activities.is_empty() && agreement_events.is_empty() {
            p { "Inget ännu. " a href="/registrera" { "Registrera en aktivitet" } }
        }
        @for activity in activities {
            @let kind = activity.data["kind"].as_str().unwrap_or("");
            @let base = format!("{MINE_PATH}/{}", activity.stream);
            article.entry-card id=(format!("a-{}", activity.stream)) {
                h2 { (kind_title(kind)) }
                p.meta {
                    span.status { (status_word(activity)) }
                    " " (dates(&activity.data)) " · " (list(&activity.data["places"]))
                }
                @if let Some(text) = activity.data["summary"].as_str().or(activity.data["title"].as_str()) {
                    p { (text) }
                }
                @if !activity.void {
                    ul.actions {
                        li { a href=(format!("{base}/ratta")) { "Rätta" } }
                        li { a href=(format!("{base}/makulera")) { "Makulera" } }
                        @if matches!(activity.status, ActivityStatus::Planned | ActivityStatus::Started) {
                            @if let Some(href) = complete_href(activity, kind) {
                                li { a href=(href) { "Klar" } }
                            }
                            li { a href=(format!("{base}/installd")) { "Inställd" } }
                        }
                    }
                }
            }
        }
        @if !agreement_events.is_empty() {
            h2 { "I medborgarlöftena" }
            p { "Bedömningar, trygghetsrådets uppföljningar och indikatorvärden, senaste först." }
        }
        @for entry in agreement_events {
            article.entry-card id=(format!("e-{}", entry.event)) {
                h3 { (agreement_event_title(entry)) }
                @if let Some(text) = entry.data["summary"].as_str().or(entry.data["deviation"].as_str()) {
                    p { (text) }
                }
                @if let Some(href) = correction_path(entry.event_type, entry.agreement, entry.event) {
                    ul.actions { li { a href=(href) { "Rätta" } } }
                }
            }
        }
    };
    layout::signed_in_page("Mina registreringar", who, body)
}

/// What an agreement's own event is, in a few words.
fn agreement_event_title(entry: &AgreementEntry) -> String {
    let data = &entry.data;
    let year = data["year"]
        .as_i64()
        .map(|y| y.to_string())
        .unwrap_or_default();
    match entry.event_type {
        EventType::CommitmentAssessed => format!(
            "Bedömning {year}: löftet ”{}”",
            data["commitment"].as_str().unwrap_or("")
        ),
        EventType::FollowUpReviewed => format!("Trygghetsrådets uppföljning {year}"),
        _ => format!(
            "Indikatorvärde: ”{}”, {}",
            data["indicator"].as_str().unwrap_or(""),
            data["value"]
        ),
    }
}

fn status_word(activity: &Activity) -> String {
    if activity.void {
        return "Makulerad".to_owned();
    }
    capitalised(activity_status_name(activity.status))
}

/// The activity form, completing this plan in its own stream.
fn complete_href(activity: &Activity, kind: &str) -> Option<String> {
    let (agreement, focus, commitment) = activity.serves.as_ref()?;
    let done = CATALOGUE.statuses.iter().find(|s| s.word == "genomford")?;
    let query = form_urlencoded::Serializer::new(String::new())
        .append_pair(
            SERVES,
            &serves_value(*agreement, focus, commitment.as_deref()),
        )
        .append_pair(KIND, kind)
        .append_pair(STATUS, done.word)
        .append_pair(STREAM, &activity.stream.to_string())
        .finish();
    Some(format!("{DETAILS_PATH}?{query}"))
}

fn dates(data: &Value) -> String {
    let occurred = ["occurred", "started", "planned"]
        .iter()
        .map(|field| &data[*field])
        .find(|value| !value.is_null())
        .unwrap_or(&Value::Null);
    match occurred {
        Value::String(day) => day.clone(),
        Value::Object(range) => format!(
            "{}–{}",
            range["from"].as_str().unwrap_or(""),
            range["to"].as_str().unwrap_or("")
        ),
        _ => String::new(),
    }
}

fn list(value: &Value) -> String {
    let items: Vec<&str> = value
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    items.join(", ")
}

/// "Rätta": the current values, a required reason.
pub(crate) fn correction_page(
    who: &SignedIn,
    activity: &Activity,
    asked: &[Field],
    parties: &[String],
    shown: &Fields,
    event: Uuid,
    refusals: &Refusals,
) -> Markup {
    let kind = activity.data["kind"].as_str().unwrap_or("");
    let title = format!("Rätta: {}", kind_title(kind));
    let today = trygglogg_recorder::today_in_sweden().to_string();
    let context = FieldContext {
        parties,
        today: &today,
    };
    let first = refusals.first();
    let body = html! {
        h1 { (title) }
        p.lead { "Ändra det som är fel och skriv varför. Det gamla finns kvar i loggen, med din rättelse." }
        (problems(refusals))
        form.entry method="post" action=(format!("{MINE_PATH}/{}/ratta", activity.stream)) novalidate {
            input type="hidden" name=(CSRF_FIELD) value=(who.csrf);
            input type="hidden" name=(EVENT) value=(event);
            @for field in asked {
                (draw_field(field, &context, Some(shown), refusals.of(&field.path), first == Some(field.path.as_str())))
            }
            button type="submit" { "Spara rättelsen" }
        }
    };
    layout::signed_in_page(&title, who, body)
}

/// "Makulera" or "Inställd": a required reason.
pub(crate) fn reason_page(
    who: &SignedIn,
    activity: &Activity,
    action: Action,
    posted: Option<&Fields>,
    event: Uuid,
    refusals: &Refusals,
) -> Markup {
    let kind = activity.data["kind"].as_str().unwrap_or("");
    let (title, lead, button) = match action {
        Action::Retract => (
            format!("Makulera: {}", kind_title(kind)),
            "Aktiviteten räknas då inte någonstans. Den finns kvar i loggen, med skälet.",
            "Makulera",
        ),
        Action::Cancel => (
            format!("Inställd: {}", kind_title(kind)),
            "Den planerade aktiviteten blir inte av.",
            "Markera som inställd",
        ),
    };
    let reason = super::reason_field();
    let context = FieldContext {
        parties: &[],
        today: "",
    };
    let body = html! {
        h1 { (title) }
        p.lead { (lead) " " (dates(&activity.data)) " · " (list(&activity.data["places"])) }
        (problems(refusals))
        form.entry method="post" action=(format!("{MINE_PATH}/{}/{}", activity.stream, action.word())) novalidate {
            input type="hidden" name=(CSRF_FIELD) value=(who.csrf);
            input type="hidden" name=(EVENT) value=(event);
            (draw_field(&reason, &context, posted, refusals.of(REASON), refusals.first() == Some(REASON)))
            button type="submit" { (button) }
        }
    };
    layout::signed_in_page(&title, who, body)
}

fn problems(refusals: &Refusals) -> Markup {
    html! {
        @if !refusals.general.is_empty() || !refusals.by_field.is_empty() {
            div.problems role="alert" {
                p { strong { "Ingenting har registrerats ännu." } " Rätta det som är markerat och skicka igen." }
                @for message in &refusals.general { p { (message) } }
            }
        }
    }
}

/// The answer once recorded (or already recorded: a resend).
pub(crate) fn done_page(who: &SignedIn, event_type: &str, already: bool) -> Markup {
    let what = match event_type {
        "correction" => "Rättelsen",
        "retraction" => "Makuleringen",
        _ => "Att aktiviteten är inställd",
    };
    let title = if already {
        "Redan registrerad"
    } else {
        "Registrerad"
    };
    let body = html! {
        h1 { (title) }
        p.lead role="status" {
            (what) @if already { " var redan registrerad: den har registrerats en gång, inte två." } @else { " är registrerad." }
        }
        p { a href=(MINE_PATH) { "Till mina registreringar" } }
    };
    layout::signed_in_page(title, who, body)
}
