//! Drawing "Nytt medborgarlöfte"'s inputs: each with its label, hint and
//! refusal, linked by `aria-describedby`, the first refused focused.

use maud::{html, Markup};
use trygglogg_events::{known_kinds, Measure};
use trygglogg_recorder::{Author, Municipalities};

use super::choice::AgreementChoice;
use super::indicator_choice::indicator_select;
use super::new_agreement_inputs::{input, Input, Kind};
use super::new_agreement_request::*;
use super::new_commitment::NEW_COMMITMENT_PATH;
use super::refusals::Refusals;
use super::request::MONTH;
use crate::form::Fields;
use crate::words::capitalised;

/// What the form shows: the values (posted, or a new form's), refusals,
/// and the agreements a new one may continue.
pub(crate) struct Drawn<'a> {
    pub posted: &'a Fields,
    pub refusals: &'a Refusals,
    pub agreements: &'a [AgreementChoice],
}

impl Drawn<'_> {
    pub(crate) fn value(&self, name: &str) -> String {
        self.posted.get(name).unwrap_or("").to_owned()
    }
}

/// The municipality: one of the token's own, or typed by an administrator
/// of the whole service.
pub(crate) fn municipality_field(field: &Input, author: &Author, drawn: &Drawn) -> Markup {
    let chosen = drawn.value(MUNICIPALITY);
    match &author.municipalities {
        Municipalities::Listed(listed) => {
            let a = Aria::of(field, drawn);
            wrapped(
                field,
                drawn,
                html! {
                    select #f-municipality name=(MUNICIPALITY) required
                        aria-describedby=[a.described.as_deref()] aria-invalid=[a.invalid] autofocus[a.focus] {
                        @for municipality in listed {
                            @let name = municipality.to_string();
                            option value=(name) selected[chosen == name] { (name) }
                        }
                    }
                },
            )
        }
        Municipalities::WholeService => draw_input(
            &input(
                MUNICIPALITY,
                &field.label,
                Some("Till exempel ”Hagfors kommun”."),
                Kind::Line(200),
            ),
            drawn,
        ),
    }
}

fn id_of(name: &str) -> String {
    format!("f-{}", name.replace('.', "-"))
}

/// An input's refusal and hint, as its control is described by them, and
/// whether it gets the focus (the first refused).
struct Aria {
    described: Option<String>,
    invalid: Option<&'static str>,
    focus: bool,
}

impl Aria {
    fn of(input: &Input, drawn: &Drawn) -> Aria {
        let id = id_of(&input.name);
        let refusal = drawn.refusals.of(&input.name);
        let described: Vec<String> = [
            refusal.map(|_| format!("{id}-fel")),
            input.hint.map(|_| format!("{id}-tips")),
        ]
        .into_iter()
        .flatten()
        .collect();
        Aria {
            described: (!described.is_empty()).then(|| described.join(" ")),
            invalid: refusal.map(|_| "true"),
            focus: drawn.refusals.first() == Some(input.name.as_str()),
        }
    }
}

/// One input with its label, hint and refusal.
pub(crate) fn draw_input(input: &Input, drawn: &Drawn) -> Markup {
    let name = input.name.as_str();
    let id = id_of(name);
    let value = drawn.value(name);
    let a = Aria::of(input, drawn);
    let (described, invalid, focus) = (a.described.as_deref(), a.invalid, a.focus);
    let control = match input.kind {
        Kind::Line(max) => html! {
            input type="text" id=(id) name=(name) value=(value) maxlength=(max)
                aria-describedby=[described] aria-invalid=[invalid] autofocus[focus];
        },
        Kind::Text(max) => html! {
            textarea id=(id) name=(name) rows="4" maxlength=(max)
                aria-describedby=[described] aria-invalid=[invalid] autofocus[focus] { (value) }
        },
        Kind::OtherParty | Kind::Roles => {
            let typed: Vec<&str> = drawn.posted.all(name).collect();
            html! {
                @for i in 0..2 {
                    @let first = i == 0;
                    input type="text" id=[first.then_some(id.as_str())] name=(name) maxlength="200"
                        value=(typed.get(i).copied().unwrap_or(""))
                        aria-describedby=[described] aria-invalid=[invalid] autofocus[focus && first];
                }
            }
        }
        Kind::Year => html! {
            input type="text" id=(id) name=(name) value=(value) inputmode="numeric" required
                aria-describedby=[described] aria-invalid=[invalid] autofocus[focus];
        },
        Kind::Years => html! {
            select id=(id) name=(name) required aria-describedby=[described] aria-invalid=[invalid] autofocus[focus] {
                @for years in 1..=4 {
                    @let years = years.to_string();
                    option value=(years) selected[value == years] { (years) }
                }
            }
        },
        Kind::Date => {
            let month = format!("{name}{MONTH}");
            html! {
                input type="date" id=(id) name=(name) value=(value)
                    aria-describedby=[described] aria-invalid=[invalid] autofocus[focus];
                label for=(id_of(&month)) { "eller bara månaden" }
                input type="month" id=(id_of(&month)) name=(month) value=(drawn.value(&month))
                    placeholder="2017-11" aria-describedby=[described];
            }
        }
        Kind::Responsible => {
            let checked: Vec<&str> = drawn.posted.all(name).collect();
            html! {
                @for (i, (value, label)) in [(THE_MUNICIPALITY, "Kommunen"), (THE_POLICE, "Polisen")].into_iter().enumerate() {
                    label.choice {
                        input type="checkbox" name=(name) value=(value) checked[checked.contains(&value)]
                            autofocus[focus && i == 0];
                        " " (label)
                    }
                }
            }
        }
        Kind::Follows => html! {
            select id=(id) name=(name) aria-describedby=[described] aria-invalid=[invalid] autofocus[focus] {
                option value="" { "Inget" }
                @for agreement in drawn.agreements {
                    @let agreement_id = agreement.id.to_string();
                    option value=(agreement_id) selected[value == agreement_id] { (agreement.title) }
                }
            }
        },
        Kind::ActivityKinds => {
            let checked: Vec<&str> = drawn.posted.all(name).collect();
            html! {
                details open[!checked.is_empty() || invalid.is_some()] {
                    summary { "Välj slag" }
                    @for (i, kind) in known_kinds().iter().enumerate() {
                        label.choice {
                            input type="checkbox" name=(name) value=(kind.kind)
                                checked[checked.contains(&kind.kind)] autofocus[focus && i == 0];
                            " " (capitalised(kind.label))
                        }
                    }
                }
            }
        }
        Kind::Target | Kind::IndicatorTarget => {
            let row = name.trim_end_matches(".target");
            let per_year = format!("{row}.{PER_YEAR}");
            let labels = [
                "Minst … per år",
                "Minst … av ett utfall under året",
                "Löpande",
                "En gång under perioden",
            ];
            let indicator = input.kind == Kind::IndicatorTarget;
            let indicator_select_name = format!("{row}.{INDICATOR_TARGET}");
            html! {
                @for (i, (target, label)) in TARGETS.iter().zip(labels).enumerate() {
                    label.choice {
                        input type="radio" name=(name) value=(target) checked[value == *target]
                            autofocus[focus && i == 0];
                        " " (label)
                    }
                }
                @if indicator {
                    label.choice {
                        input type="radio" name=(name) value=(INDICATOR_TARGET)
                            checked[value == INDICATOR_TARGET];
                        " Att en indikator når sitt målvärde"
                    }
                }
                label for=(id_of(&per_year)) { "Hur många per år (för ”minst … per år”)" }
                input type="text" id=(id_of(&per_year)) name=(per_year) value=(drawn.value(&per_year))
                    inputmode="numeric" aria-describedby=[described] aria-invalid=[invalid];
                (fact_sum(row, drawn, described, invalid))
                @if indicator {
                    (indicator_select(drawn.agreements, (&indicator_select_name, "Indikatorn (för ”att en indikator når sitt målvärde”)"), Some(drawn.posted), None, false))
                } @else {
                    p.hint {
                        "Ett mål som är en indikators målvärde anges under "
                        a href=(NEW_COMMITMENT_PATH) { "Nytt åtagande" }
                        ", när medborgarlöftet är registrerat och indikatorn definierad."
                    }
                }
            }
        }
        // Drawn by `municipality_field`, from the token's municipalities.
        Kind::Municipality => html! {},
    };
    wrapped(input, drawn, control)
}

/// `control` in its field: the label (a legend for a group), the hint and
/// the refusal.
pub(crate) fn wrapped(input: &Input, drawn: &Drawn, control: Markup) -> Markup {
    let id = id_of(&input.name);
    let refusal = drawn.refusals.of(&input.name);
    let a = Aria::of(input, drawn);
    let hint = html! {
        @if let Some(hint) = input.hint { p.hint id=(format!("{id}-tips")) { (hint) } }
        @if let Some(message) = refusal { p.error id=(format!("{id}-fel")) { (message) } }
    };
    html! {
        @if matches!(input.kind, Kind::Responsible | Kind::ActivityKinds | Kind::Target | Kind::IndicatorTarget) {
            fieldset.field.invalid[refusal.is_some()] id=(id) aria-describedby=[a.described.as_deref()] {
                legend { (input.label) }
                (hint)
                (control)
            }
        } @else {
            div.field.invalid[refusal.is_some()] {
                label for=(id) { (input.label) }
                (hint)
                (control)
            }
        }
    }
}

/// A fact-sum target's number and fact: "minst 25 kontroller". The facts
/// offered are the known kinds' counts, by kind, with the catalogue's
/// labels; the kind of the one chosen becomes one of the commitment's.
fn fact_sum(row: &str, drawn: &Drawn, described: Option<&str>, invalid: Option<&str>) -> Markup {
    let at_least = format!("{row}.{AT_LEAST}");
    let fact = format!("{row}.{FACT}");
    let chosen = drawn.value(&fact);
    html! {
        label for=(id_of(&at_least)) { "Hur många (för ”minst … av ett utfall”)" }
        input type="text" id=(id_of(&at_least)) name=(at_least) value=(drawn.value(&at_least))
            inputmode="numeric" aria-describedby=[described] aria-invalid=[invalid];
        label for=(id_of(&fact)) { "Utfallet som räknas (för ”minst … av ett utfall”)" }
        select id=(id_of(&fact)) name=(fact) aria-describedby=[described] aria-invalid=[invalid] {
            option value="" { "Välj ett utfall" }
            @for kind in known_kinds() {
                @let counts: Vec<_> = kind.facts.iter().filter(|f| f.measure == Measure::Count).collect();
                @if !counts.is_empty() {
                    optgroup label=(capitalised(kind.label)) {
                        @for count in counts {
                            @let value = fact_choice(kind.kind, count.name);
                            option value=(value) selected[chosen == value] { (count.label) }
                        }
                    }
                }
            }
        }
    }
}
