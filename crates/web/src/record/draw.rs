//! The activity form's pages. Mobile first and without script: one column,
//! large targets, `inputmode="numeric"` for numbers; every input has a
//! label; a refused field has its message linked by `aria-describedby`, and
//! the first one gets `autofocus`.

use maud::{html, Markup};
use uuid::Uuid;

use super::catalogue::{Field, Status, Widget, CATALOGUE};
use super::choice::{AgreementChoice, DETAILS_PATH, RECORD_PATH};
use super::custom_kind::{CUSTOM, CUSTOM_TITLE};
use super::labels::{hint, label};
use super::refusals::Refusals;
use super::request::{
    serves_value, AT_LEAST, EVENT, EXACTLY, KIND, MONTH, READ_AS, SERVES, SEVERAL, STATUS, STREAM,
    TO,
};
use crate::form::{Fields, CSRF_FIELD};
use crate::layout;
use crate::session::SignedIn;
use crate::words::{fact_word, kind_title};

/// What the first step starts from: what was chosen before, if anything.
#[derive(Debug, Default)]
pub(crate) struct Chosen<'a> {
    pub serves: Option<&'a str>,
    pub kind: Option<&'a str>,
    pub status: Option<&'a str>,
}

/// Step one: the agreement and focus area or commitment, the kind, the status.
pub(crate) fn choose_page(
    who: &SignedIn,
    agreements: &[AgreementChoice],
    chosen: &Chosen,
) -> Markup {
    let catalogue = &*CATALOGUE;
    let body = html! {
        h1 { "Registrera aktivitet" }
        @if agreements.is_empty() {
            p.lead {
                "Din nyckel får inte registrera aktiviteter i något av de medborgarlöften som finns. "
                "Be en samordnare eller administratör om en nyckel för din kommun."
            }
        } @else {
            form.entry method="get" action=(DETAILS_PATH) {
                div.field {
                    label for="f-serves" { "Medborgarlöfte, fokusområde eller löfte" }
                    select #f-serves name=(SERVES) required {
                        (serves_options(agreements, chosen.serves))
                    }
                }
                div.field {
                    label for="f-kind" { "Typ av aktivitet" }
                    select #f-kind name=(KIND) required {
                        @for kind in &catalogue.kinds {
                            option value=(kind) selected[chosen.kind == Some(kind.as_str())] { (kind_title(kind)) }
                        }
                        option value=(CUSTOM) selected[chosen.kind == Some(CUSTOM)] {
                            (CUSTOM_TITLE) " (skriv namnet i nästa steg)"
                        }
                    }
                }
                fieldset.field {
                    legend { "Status" }
                    @for (i, status) in catalogue.statuses.iter().enumerate() {
                        @let checked = chosen.status.map_or(i == 0, |s| s == status.word);
                        label.choice {
                            input type="radio" name=(STATUS) value=(status.word) checked[checked];
                            " " (status.label)
                        }
                    }
                }
                button type="submit" { "Fortsätt" }
            }
        }
    };
    layout::signed_in_page("Registrera aktivitet", who, body)
}

/// The options of a choice of focus area or commitment, grouped by
/// agreement: `<agreement>/<focus area>[/<commitment>]`, `chosen` selected.
pub(crate) fn serves_options(agreements: &[AgreementChoice], chosen: Option<&str>) -> Markup {
    html! {
        @for agreement in agreements {
            optgroup label=(agreement.title) {
                @for focus in &agreement.focus_areas {
                    @let value = serves_value(agreement.id, &focus.key, None);
                    option value=(value) selected[chosen == Some(value.as_str())] { (focus.name) }
                    @for (key, title) in &focus.commitments {
                        @let value = serves_value(agreement.id, &focus.key, Some(key));
                        option value=(value) selected[chosen == Some(value.as_str())] {
                            "– Löfte: " (title)
                        }
                    }
                }
            }
        }
    }
}

/// Step two: what happened. `posted` is what was sent, to show again with
/// the refusals; `None` when first drawn (today's date filled in).
pub(crate) struct Details<'a> {
    pub agreement: &'a AgreementChoice,
    pub serves: &'a str,
    pub place: String,
    pub kind: &'a str,
    pub status: Status,
    pub fields: &'a [Field],
    pub event: Uuid,
    pub stream: Uuid,
    pub today: String,
}

pub(crate) fn details_page(
    who: &SignedIn,
    details: &Details,
    posted: Option<&Fields>,
    refusals: &Refusals,
) -> Markup {
    let first = refusals.first();
    let kind = match details.kind {
        CUSTOM => CUSTOM_TITLE.to_owned(),
        known => kind_title(known),
    };
    let title = format!("{}: {}", details.status.label, kind);
    let change = format!(
        "{RECORD_PATH}?{}",
        form_urlencoded::Serializer::new(String::new())
            .append_pair(SERVES, details.serves)
            .append_pair(KIND, details.kind)
            .append_pair(STATUS, details.status.word)
            .finish()
    );
    let body = html! {
        h1 { (title) }
        p.lead { (details.agreement.title) ": " (details.place) " " a href=(change) { "Ändra" } }
        @if !refusals.general.is_empty() || !refusals.by_field.is_empty() {
            div.problems role="alert" {
                @if !refusals.by_field.is_empty() {
                    p { strong { "Ingenting har registrerats ännu." } " Rätta det som är markerat och skicka igen." }
                }
                @for message in &refusals.general { p { (message) } }
            }
        }
        form.entry method="post" action=(DETAILS_PATH) novalidate {
            input type="hidden" name=(CSRF_FIELD) value=(who.csrf);
            input type="hidden" name=(SERVES) value=(details.serves);
            input type="hidden" name=(KIND) value=(details.kind);
            input type="hidden" name=(STATUS) value=(details.status.word);
            input type="hidden" name=(EVENT) value=(details.event);
            input type="hidden" name=(STREAM) value=(details.stream);
            @if let Some(message) = refusals.of(SERVES) {
                div.field.invalid { p.error id="f-serves-fel" { (message) } a href=(change) autofocus[first == Some(SERVES)] { "Välj ett annat medborgarlöfte" } }
            }
            @for field in details.fields {
                (draw_field(field, &details.context(), posted, refusals.of(&field.path), first == Some(field.path.as_str())))
            }
            button type="submit" { "Registrera" }
        }
    };
    layout::signed_in_page(&title, who, body)
}

/// What a field needs to know besides itself.
pub(crate) struct FieldContext<'a> {
    /// The agreement's parties, for a fact that names some.
    pub parties: &'a [String],
    /// A date field's value when the form is first drawn.
    pub today: &'a str,
}

impl Details<'_> {
    fn context(&self) -> FieldContext<'_> {
        FieldContext {
            parties: &self.agreement.parties,
            today: &self.today,
        }
    }
}

/// One field with its label, hint and refusal, showing `posted` (or, with
/// none, a new form's defaults).
pub(crate) fn draw_field(
    field: &Field,
    context: &FieldContext,
    posted: Option<&Fields>,
    refusal: Option<&str>,
    focus: bool,
) -> Markup {
    let value = |name: &str| -> String {
        posted
            .and_then(|posted| posted.get(name))
            .unwrap_or("")
            .to_owned()
    };
    let id = format!("f-{}", field.path.replace('.', "-"));
    let error_id = format!("{id}-fel");
    let hint_id = format!("{id}-tips");
    let hint = hint(field);
    let described: Vec<&str> = [
        refusal.map(|_| error_id.as_str()),
        hint.map(|_| hint_id.as_str()),
    ]
    .into_iter()
    .flatten()
    .collect();
    let described = (!described.is_empty()).then(|| described.join(" "));
    let invalid = refusal.map(|_| "true");
    let name = field.path.as_str();
    let optional = !field.required && field.widget != Widget::Flag;
    let label_text = if optional {
        format!("{} (frivilligt)", label(field))
    } else {
        label(field)
    };
    let checked_all: Vec<String> = posted
        .map(|p| p.all(name).map(str::to_owned).collect())
        .unwrap_or_default();
    let grouped = matches!(
        field.widget,
        Widget::OneOf(_) | Widget::SomeOf(_) | Widget::Parties | Widget::Places | Widget::Date
    );
    html! {
        @if grouped {
            fieldset.field.invalid[refusal.is_some()] id=(id) aria-describedby=[described.as_deref()] {
                legend { (label_text) }
                @if let Some(hint) = hint { p.hint id=(hint_id) { (hint) } }
                @if let Some(message) = refusal { p.error id=(error_id) { (message) } }
                @match &field.widget {
                    Widget::OneOf(words) => {
                        @for (i, word) in words.iter().enumerate() {
                            label.choice {
                                input type="radio" name=(name) value=(word)
                                    checked[value(name) == *word] autofocus[focus && i == 0];
                                " " (fact_word(field.name(), word))
                            }
                        }
                    }
                    Widget::SomeOf(words) => {
                        @for (i, word) in words.iter().enumerate() {
                            label.choice {
                                input type="checkbox" name=(name) value=(word)
                                    checked[checked_all.contains(word)] autofocus[focus && i == 0];
                                " " (fact_word(field.name(), word))
                            }
                        }
                    }
                    Widget::Parties => {
                        @for (i, party) in context.parties.iter().enumerate() {
                            label.choice {
                                input type="checkbox" name=(name) value=(party)
                                    checked[checked_all.contains(party)] autofocus[focus && i == 0];
                                " " (party)
                            }
                        }
                    }
                    Widget::Places => {
                        @for i in 0..3 {
                            @let typed = checked_all.get(i).cloned().unwrap_or_default();
                            label.sub for=(format!("{id}-{i}")) { @if i == 0 { "Plats" } @else { "Ännu en plats (frivilligt)" } }
                            input id=(format!("{id}-{i}")) type="text" name=(name) value=(typed)
                                maxlength="100" autocomplete="off" aria-invalid=[invalid.filter(|_| i == 0)]
                                autofocus[focus && i == 0];
                        }
                    }
                    Widget::Date => {
                        @let day = if posted.is_some() { value(name) } else { context.today.to_owned() };
                        label.sub for=(format!("{id}-dag")) { "Dag (eller första dagen)" }
                        input id=(format!("{id}-dag")) type="date" name=(name) value=(day)
                            aria-invalid=[invalid] autofocus[focus];
                        label.sub for=(format!("{id}-till")) { "Till och med (frivilligt)" }
                        input id=(format!("{id}-till")) type="date" name=(format!("{name}{TO}")) value=(value(&format!("{name}{TO}")));
                        label.sub for=(format!("{id}-manad")) { "Eller en hel månad (frivilligt)" }
                        input id=(format!("{id}-manad")) type="month" name=(format!("{name}{MONTH}")) value=(value(&format!("{name}{MONTH}")));
                    }
                    _ => {}
                }
            }
        } @else {
            div.field.invalid[refusal.is_some()] {
                @if let Widget::Flag = field.widget {
                    label.choice {
                        input id=(id) type="checkbox" name=(name) value="true"
                            checked[!value(name).is_empty()] aria-describedby=[described.as_deref()]
                            aria-invalid=[invalid] autofocus[focus];
                        " " (label_text)
                    }
                    @if let Some(message) = refusal { p.error id=(error_id) { (message) } }
                } @else {
                    label for=(id) { (label_text) }
                    @if let Some(hint) = hint { p.hint id=(hint_id) { (hint) } }
                    @if let Some(message) = refusal { p.error id=(error_id) { (message) } }
                    @match &field.widget {
                        Widget::Number => {
                            input id=(id) type="text" inputmode="numeric" pattern="[0-9 ]*" name=(name)
                                value=(value(name)) autocomplete="off" aria-describedby=[described.as_deref()]
                                aria-invalid=[invalid] autofocus[focus];
                        }
                        Widget::Quantity => {
                            input id=(id) type="text" inputmode="numeric" pattern="[0-9 ]*" name=(name)
                                value=(value(name)) autocomplete="off" aria-describedby=[described.as_deref()]
                                aria-invalid=[invalid] autofocus[focus];
                            (read_as(name, &label(field), posted))
                        }
                        Widget::Decimal => {
                            input id=(id) type="text" inputmode="decimal" name=(name)
                                value=(value(name)) autocomplete="off" aria-describedby=[described.as_deref()]
                                aria-invalid=[invalid] autofocus[focus];
                        }
                        Widget::Text(max) => {
                            textarea id=(id) name=(name) rows="4" maxlength=(max)
                                aria-describedby=[described.as_deref()] aria-invalid=[invalid]
                                autofocus[focus] { (value(name)) }
                        }
                        Widget::Line(max) => {
                            input id=(id) type="text" name=(name) value=(value(name)) maxlength=(max)
                                aria-describedby=[described.as_deref()] aria-invalid=[invalid]
                                autofocus[focus];
                        }
                        _ => {}
                    }
                }
            }
        }
    }
}

/// How the count `name` is read, as radio buttons after its number: exactly
/// (chosen unless another was posted), at least, or "several" without one.
fn read_as(name: &str, label: &str, posted: Option<&Fields>) -> Markup {
    let read_as = format!("{name}{READ_AS}");
    let chosen = posted.and_then(|p| p.get(&read_as)).unwrap_or(EXACTLY);
    html! {
        div.read-as role="radiogroup" aria-label=(format!("{label}: exakt, minst eller flera")) {
            @for (word, said) in [(EXACTLY, "exakt"), (AT_LEAST, "minst"), (SEVERAL, "flera (inget tal)")] {
                label.choice {
                    input type="radio" name=(read_as) value=(word) checked[chosen == word];
                    " " (said)
                }
            }
        }
    }
}

/// The answer to a form that was recorded (or had been: a double tap, a
/// reload, a resend).
pub(crate) fn recorded_page(who: &SignedIn, already: bool, follow_up: Option<String>) -> Markup {
    let title = if already {
        "Redan registrerad"
    } else {
        "Registrerad"
    };
    let body = html! {
        h1 { (title) }
        p.lead role="status" {
            @if already {
                "Aktiviteten var redan registrerad: den har registrerats en gång, inte två."
            } @else {
                "Aktiviteten är registrerad."
            }
        }
        ul.next {
            @if let Some(href) = follow_up { li { a href=(href) { "Se den i uppföljningen" } } }
            li { a href=(RECORD_PATH) { "Registrera en aktivitet till" } }
        }
    };
    layout::signed_in_page(title, who, body)
}
