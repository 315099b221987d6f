//! "Bedöm ett löfte" (`/registrera/bedomning`): a coordinator's assessment
//! of one commitment for one year, the catalogue's `commitment_assessed`:
//! the commitment chosen by its title among the writable agreements', the
//! year, the verdict, why it deviated, what was learned and whether it
//! continues. Recorded in `agreement-<id>` by `Recorder::record`; a second
//! assessment of the same commitment and year is refused there, and the
//! page says a correction is the way.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use maud::{html, Markup};
use serde_json::{json, Map, Value};
use trygglogg_api::AppState;
use trygglogg_events::{EventType, Verdict};
use trygglogg_recorder::RecordError;
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
use crate::words::verdict_name;
use crate::PageError;

pub(crate) const ASSESSMENT_PATH: &str = "/registrera/bedomning";
/// `<agreement id>/<commitment key>`: the commitment, and so the stream.
const COMMITMENT: &str = "commitment";
const VERDICT: &str = "verdict";
const CONTINUES: &str = "continues";
/// What the commitment becomes, when it continues changed.
const CHANGED: &str = "continues.changed";
/// The answer that leaves `continues` out: the assessment does not say.
const NOT_STATED: &str = "not_stated";
/// The catalogue's fields in the order the page draws them, the reason for
/// a deviation not marked optional: it is required unless the verdict is
/// "uppfyllt", as its hint says.
fn asked() -> Vec<Field> {
    let mut fields = CATALOGUE.event_fields(EventType::CommitmentAssessed);
    for field in &mut fields {
        field.required |= field.path == "deviation";
    }
    // Whether it continues, after the deviation and lessons it follows from.
    fields.sort_by_key(|f| f.path == CONTINUES);
    fields
}

/// The fields this page draws itself rather than by `draw_field`.
const DRAWN_HERE: [&str; 4] = [COMMITMENT, YEAR, VERDICT, CONTINUES];

/// `GET /registrera/bedomning`.
pub(crate) async fn form(
    State(state): State<AppState>,
    who: SignedIn,
) -> Result<Response, PageError> {
    let author = recording_author(&who)?;
    let agreements = writable_agreements(&state, &author);
    let asked = asked();
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

/// `POST /registrera/bedomning`.
pub(crate) async fn record(
    State(state): State<AppState>,
    who: SignedIn,
    body: Bytes,
) -> Result<Response, PageError> {
    let posted = Fields::parse(&body);
    who.check_csrf(&posted)?;
    let author = recording_author(&who)?;
    let agreements = writable_agreements(&state, &author);
    let asked = asked();
    let chosen = posted
        .get(COMMITMENT)
        .and_then(|value| value.split_once('/'));
    let (Some(event), Some((agreement, commitment))) = (
        posted.get(EVENT).and_then(|raw| Uuid::parse_str(raw).ok()),
        chosen.and_then(|(a, c)| Some((Uuid::parse_str(a).ok()?, c))),
    ) else {
        let mut refused = Refusals::default();
        refused
            .by_field
            .push((COMMITMENT.to_owned(), "Välj ett löfte i listan.".to_owned()));
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
    let mut data = assessment_data(&asked, &posted);
    data.insert(COMMITMENT.into(), json!(commitment));
    let event_type = EventType::CommitmentAssessed;
    match agreement_event::record(&state, &author, agreement, event, event_type, data).await? {
        Ok(recorded) => Ok(recorded_page(
            &who,
            recorded.replayed,
            &Said {
                recorded: "Bedömningen är registrerad.",
                already: "Bedömningen var redan registrerad: en gång, inte två.",
            },
            (ASSESSMENT_PATH, "Bedöm ett löfte till"),
        )
        .into_response()),
        Err(error) => {
            let already =
                matches!(&error, RecordError::Rule(v) if v.rule == "commitment_already_assessed");
            let (status, mut refused) =
                agreement_event::refused(error, &asked, &posted, Some(COMMITMENT))?;
            reword(
                &mut refused,
                COMMITMENT,
                "Välj ett löfte i listan.".to_owned(),
            );
            reword(
                &mut refused,
                CONTINUES,
                "Välj ja, nej, ändras eller ej angivet, och skriv vad löftet blir om det ändras \
                 (högst 2 000 tecken)."
                    .to_owned(),
            );
            if already {
                // The catalogue names the year; the page names the pair, at
                // the commitment, where a second opinion begins.
                refused.by_field.retain(|(path, _)| path != YEAR);
                refused.by_field.insert(
                    0,
                    (
                        COMMITMENT.to_owned(),
                        "Löftet är redan bedömt för det här året. En andra bedömning \
                         registreras inte: den som finns ändras med en rättelse (händelsen \
                         «correction» i API:t; Mina registreringar visar ännu bara aktiviteter)."
                            .to_owned(),
                    ),
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

/// The event's data from the form, as typed, blank fields left out (the
/// catalogue says which it needs): `continues` is `"yes"`, `"no"` or
/// `{"changed": …}`, or left out when not stated.
fn assessment_data(asked: &[Field], posted: &Fields) -> Map<String, Value> {
    let own: Vec<Field> = asked
        .iter()
        .filter(|f| ![COMMITMENT, CONTINUES].contains(&f.path.as_str()))
        .cloned()
        .collect();
    let mut data = data_of(&own, posted);
    let continues = match posted.get(CONTINUES) {
        // Left out: the catalogue's "not stated" (ej angivet).
        Some(NOT_STATED) | None => None,
        Some("changed") => Some(json!({"changed": posted.get(CHANGED).unwrap_or("")})),
        Some(answer) => Some(json!(answer)),
    };
    if let Some(continues) = continues {
        data.insert(CONTINUES.into(), continues);
    }
    data
}

fn page(
    who: &SignedIn,
    agreements: &[AgreementChoice],
    asked: &[Field],
    posted: Option<&Fields>,
    event: Uuid,
    refusals: &Refusals,
) -> Markup {
    let value = |name: &str| posted.and_then(|p| p.get(name)).unwrap_or("").to_owned();
    let context = FieldContext {
        parties: &[],
        today: "",
    };
    let first = refusals.first();
    let body = html! {
        h1 { "Bedöm ett löfte" }
        p.lead { "Årets bedömning av ett löfte, som i den publicerade uppföljningen: en per löfte och år." }
        (problems(refusals))
        form.entry method="post" action=(ASSESSMENT_PATH) novalidate {
            input type="hidden" name=(CSRF_FIELD) value=(who.csrf);
            input type="hidden" name=(EVENT) value=(event);
            (commitment_field(agreements, &value(COMMITMENT), refusals.of(COMMITMENT), first == Some(COMMITMENT)))
            (year_field(agreements, posted, refusals.of(YEAR), first == Some(YEAR)))
            (radios(VERDICT, "Bedömning", &verdicts(), &value(VERDICT), refusals.of(VERDICT), first == Some(VERDICT)))
            @for field in asked.iter().filter(|f| !DRAWN_HERE.contains(&f.path.as_str())) {
                (draw_field(field, &context, posted, refusals.of(&field.path), first == Some(field.path.as_str())))
            }
            (radios(CONTINUES, "Fortsätter löftet nästa år?", &continuations(), posted.and_then(|p| p.get(CONTINUES)).unwrap_or(NOT_STATED), refusals.of(CONTINUES), first == Some(CONTINUES)))
            div.field {
                label for="f-continues-changed" { "Om det ändras: vad löftet blir" }
                textarea #f-continues-changed name=(CHANGED) rows="3" maxlength="2000" { (value(CHANGED)) }
            }
            button type="submit" { "Registrera bedömningen" }
        }
        p { "En bedömning som redan är registrerad ändras med en rättelse, händelsen «correction» i " a href=(DOCS_PATH) { "API:t" } "." }
    };
    layout::signed_in_page("Bedöm ett löfte", who, body)
}

/// The agreements' commitments, by title, grouped by agreement.
fn commitment_field(
    agreements: &[AgreementChoice],
    chosen: &str,
    refusal: Option<&str>,
    focus: bool,
) -> Markup {
    html! {
        div.field.invalid[refusal.is_some()] {
            label for="f-commitment" { "Löfte" }
            @if let Some(message) = refusal { p.error id="f-commitment-fel" { (message) } }
            select #f-commitment name=(COMMITMENT) required aria-describedby=[refusal.map(|_| "f-commitment-fel")]
                aria-invalid=[refusal.map(|_| "true")] autofocus[focus] {
                @for agreement in agreements {
                    optgroup label=(agreement.title) {
                        @for focus_area in &agreement.focus_areas {
                            @for (key, title) in &focus_area.commitments {
                                @let value = format!("{}/{key}", agreement.id);
                                option value=(value) selected[chosen == value] { (title) }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The verdicts, in the catalogue's order, as published follow-ups say them.
fn verdicts() -> Vec<(&'static str, &'static str)> {
    Verdict::WORDS
        .iter()
        .filter_map(|word| Some((*word, verdict_name(Verdict::parse(word).ok()?.into()))))
        .collect()
}

fn continuations() -> Vec<(&'static str, &'static str)> {
    vec![
        ("yes", "Ja"),
        ("no", "Nej"),
        ("changed", "Ändras (skriv hur nedan)"),
        (NOT_STATED, "Ej angivet"),
    ]
}

/// One of `choices` ((value, label)), as radio buttons.
fn radios(
    name: &str,
    legend: &str,
    choices: &[(&str, &str)],
    chosen: &str,
    refusal: Option<&str>,
    focus: bool,
) -> Markup {
    let error_id = format!("f-{name}-fel");
    html! {
        fieldset.field.invalid[refusal.is_some()] id=(format!("f-{name}")) aria-describedby=[refusal.map(|_| error_id.as_str())] {
            legend { (legend) }
            @if let Some(message) = refusal { p.error id=(error_id) { (message) } }
            @for (i, (value, label)) in choices.iter().enumerate() {
                label.choice {
                    input type="radio" name=(name) value=(value) checked[chosen == *value]
                        autofocus[focus && i == 0];
                    " " (label)
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_form_becomes_the_catalogues_assessment() {
        let asked = asked();
        let cases = [
            (
                "year=2018&verdict=met&continues=yes&lessons=",
                json!({"year": 2018, "verdict": "met", "continues": "yes"}),
            ),
            (
                "year=2019&verdict=partly_met&deviation=Vakans&continues=changed\
                 &continues.changed=Fler+kontroller",
                json!({"year": 2019, "verdict": "partly_met", "deviation": "Vakans",
                       "continues": {"changed": "Fler kontroller"}}),
            ),
            // Not stated, chosen or left unanswered: `continues` is left out.
            (
                "year=2018&verdict=met&continues=not_stated",
                json!({"year": 2018, "verdict": "met"}),
            ),
            (
                "year=2018&verdict=met",
                json!({"year": 2018, "verdict": "met"}),
            ),
            (
                "year=i+fjol&verdict=not_met&continues=changed",
                json!({"year": "i fjol", "verdict": "not_met", "continues": {"changed": ""}}),
            ),
        ];
        for (form, expected) in cases {
            let data = assessment_data(&asked, &Fields::parse(form.as_bytes()));
            assert_eq!(Value::Object(data), expected, "{form}");
        }
    }
}
