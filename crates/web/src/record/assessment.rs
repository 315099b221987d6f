//! "Bedöm ett löfte" (`/registrera/bedomning`): a coordinator's assessment
//! of one commitment for one year, the catalogue's `commitment_assessed`:
//! the commitment chosen by its title among the writable agreements', the
//! year, the verdict, why it deviated, what was learned and whether it
//! continues. An `AgreementEventForm`, recorded in `agreement-<id>` by
//! `Recorder::record`; a second assessment of the same commitment and year
//! is refused there, and the page says a correction is the way.

use maud::{html, Markup};
use serde_json::{json, Map, Value};
use trygglogg_events::{EventType, Verdict};
use uuid::Uuid;

use super::agreement_event::{reword, AgreementEventForm, Drawn, Said, YEAR};
use super::catalogue::{Field, CATALOGUE};
use super::refusals::Refusals;
use super::request::data_of;
use super::AgreementChoice;
use crate::form::Fields;
use crate::mine::{current_values, MINE_PATH};
use crate::words::verdict_name;

pub(crate) const ASSESSMENT_PATH: &str = "/registrera/bedomning";
/// `<agreement id>/<commitment key>`: the commitment, and so the stream.
const COMMITMENT: &str = "commitment";
const VERDICT: &str = "verdict";
const CONTINUES: &str = "continues";
/// What the commitment becomes, when it continues changed.
const CHANGED: &str = "continues.changed";
/// The answer that leaves `continues` out: the assessment does not say.
const NOT_STATED: &str = "not_stated";

/// The fields this page draws itself rather than from the catalogue.
const DRAWN_HERE: [&str; 4] = [COMMITMENT, YEAR, VERDICT, CONTINUES];

pub(crate) struct AssessmentForm;

impl AgreementEventForm for AssessmentForm {
    const EVENT_TYPE: EventType = EventType::CommitmentAssessed;
    const PATH: &'static str = ASSESSMENT_PATH;
    const TITLE: &'static str = "Bedöm ett löfte";
    const CORRECTION_TITLE: &'static str = "Rätta en bedömning";
    const LEAD: Option<&'static str> = Some(
        "Årets bedömning av ett löfte, som i den publicerade uppföljningen: en per löfte och år.",
    );
    const BUTTON: &'static str = "Registrera bedömningen";
    const SAID: Said = Said {
        recorded: "Bedömningen är registrerad.",
        already: "Bedömningen var redan registrerad: en gång, inte två.",
    };
    const AGAIN: &'static str = "Bedöm ett löfte till";
    const TARGET_AT: Option<&'static str> = Some(COMMITMENT);
    const CHOOSE: &'static str = "Välj ett löfte i listan.";

    /// The catalogue's fields in the order the page draws them, the reason
    /// for a deviation not marked optional: it is required unless the
    /// verdict is "uppfyllt", as its hint says.
    fn asked() -> Vec<Field> {
        let mut fields = CATALOGUE.event_fields(EventType::CommitmentAssessed);
        for field in &mut fields {
            field.required |= field.path == "deviation";
        }
        // Whether it continues, after the deviation and lessons it follows from.
        fields.sort_by_key(|f| f.path == CONTINUES);
        fields
    }

    /// The agreement and the commitment's key, from `<agreement>/<key>`.
    fn target(posted: &Fields) -> Option<(Uuid, Map<String, Value>)> {
        let (agreement, commitment) = posted.get(COMMITMENT)?.split_once('/')?;
        let mut data = Map::new();
        data.insert(COMMITMENT.into(), json!(commitment));
        Some((Uuid::parse_str(agreement).ok()?, data))
    }

    fn data(asked: &[Field], posted: &Fields) -> Map<String, Value> {
        assessment_data(asked, posted)
    }

    /// The commitment as `<agreement>/<key>`, and whether it continues as
    /// the form asks it.
    fn shown(asked: &[Field], agreement: Uuid, data: &Map<String, Value>) -> Fields {
        let own: Vec<Field> = asked
            .iter()
            .filter(|f| ![COMMITMENT, CONTINUES].contains(&f.path.as_str()))
            .cloned()
            .collect();
        let mut shown = current_values(&own, &Value::Object(data.clone()));
        if let Some(key) = data.get(COMMITMENT).and_then(Value::as_str) {
            shown.push(COMMITMENT, &format!("{agreement}/{key}"));
        }
        match data.get(CONTINUES) {
            Some(Value::String(answer)) => shown.push(CONTINUES, answer),
            Some(Value::Object(changed)) => {
                shown.push(CONTINUES, "changed");
                shown.push(CHANGED, changed["changed"].as_str().unwrap_or(""));
            }
            _ => {}
        }
        shown
    }

    fn reword(rule: Option<&'static str>, refused: &mut Refusals) {
        reword(refused, COMMITMENT, Self::CHOOSE.to_owned());
        reword(
            refused,
            CONTINUES,
            "Välj ja, nej, ändras eller ej angivet, och skriv vad löftet blir om det ändras \
             (högst 2 000 tecken)."
                .to_owned(),
        );
        if rule == Some("commitment_already_assessed") {
            // The catalogue names the year; the page names the pair, at
            // the commitment, where a second opinion begins.
            refused.by_field.retain(|(path, _)| path != YEAR);
            refused.by_field.insert(
                0,
                (
                    COMMITMENT.to_owned(),
                    "Löftet är redan bedömt för det här året. En andra bedömning \
                     registreras inte: den som finns ändras med en rättelse (”Rätta” under \
                     Mina registreringar)."
                        .to_owned(),
                ),
            );
        }
    }

    fn inputs(drawn: &Drawn<'_>) -> Markup {
        let refusals = drawn.refusals;
        html! {
            @if drawn.fixed {
                p { "Löfte: " strong { (commitment_title(drawn.agreements, &drawn.value(COMMITMENT))) } }
                input type="hidden" name=(COMMITMENT) value=(drawn.value(COMMITMENT));
            } @else {
                (commitment_field(drawn.agreements, &drawn.value(COMMITMENT), refusals.of(COMMITMENT), drawn.first(COMMITMENT)))
            }
            (drawn.year_field())
            (radios(VERDICT, "Bedömning", &verdicts(), &drawn.value(VERDICT), refusals.of(VERDICT), drawn.first(VERDICT)))
            (drawn.fields(&DRAWN_HERE))
            (radios(CONTINUES, "Fortsätter löftet nästa år?", &continuations(), drawn.posted.and_then(|p| p.get(CONTINUES)).unwrap_or(NOT_STATED), refusals.of(CONTINUES), drawn.first(CONTINUES)))
            div.field {
                label for="f-continues-changed" { "Om det ändras: vad löftet blir" }
                textarea #f-continues-changed name=(CHANGED) rows="3" maxlength="2000" { (drawn.value(CHANGED)) }
            }
        }
    }

    fn after() -> Markup {
        html! {
            p { "En bedömning som redan är registrerad ändras med ”Rätta” under " a href=(MINE_PATH) { "Mina registreringar" } "." }
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

/// The title of the commitment `<agreement>/<key>`, or its key.
fn commitment_title(agreements: &[AgreementChoice], chosen: &str) -> String {
    agreements
        .iter()
        .flat_map(|a| {
            a.focus_areas.iter().flat_map(move |f| {
                f.commitments
                    .iter()
                    .map(move |(key, title)| (format!("{}/{key}", a.id), title))
            })
        })
        .find(|(value, _)| value == chosen)
        .map_or_else(|| chosen.to_owned(), |(_, title)| title.clone())
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
        let asked = AssessmentForm::asked();
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
