//! The indicator whose value is recorded, chosen among the defined
//! indicators of the agreements the token may write into, by their Swedish
//! names (grouped by agreement: one chosen from another agreement than the
//! one above is refused by the recorder, at this field). With none defined,
//! the page says where one is defined instead.

use maud::{html, Markup};

use super::choice::AgreementChoice;
use super::indicator_definition::INDICATOR_DEFINITION_PATH;
use crate::form::Fields;

/// The field's name, as the catalogue's `indicator_measured` has it.
pub(crate) const INDICATOR: &str = "indicator";

/// What is said at the field when the indicator chosen is not one of the
/// agreement's.
pub(crate) const NOT_DEFINED: &str =
    "Välj en av indikatorerna under det medborgarlöfte som du valt ovan.";

/// The select named `name` and labelled `label` (`INDICATOR` on the
/// indicator-value form; a commitment's target's on "Nytt åtagande").
pub(crate) fn indicator_select(
    agreements: &[AgreementChoice],
    (name, label): (&str, &str),
    posted: Option<&Fields>,
    refusal: Option<&str>,
    focus: bool,
) -> Markup {
    let chosen = posted.and_then(|p| p.get(name)).unwrap_or("");
    let id = format!("f-{}", name.replace('.', "-"));
    let error_id = format!("{id}-fel");
    let defined = agreements.iter().any(|a| !a.indicators.is_empty());
    html! {
        div.field.invalid[refusal.is_some()] {
            label for=(id) { (label) }
            @if let Some(message) = refusal { p.error id=(error_id) { (message) } }
            @if defined {
                select id=(id) name=(name) required aria-describedby=[refusal.map(|_| error_id.as_str())]
                    aria-invalid=[refusal.map(|_| "true")] autofocus[focus] {
                    @for agreement in agreements.iter().filter(|a| !a.indicators.is_empty()) {
                        optgroup label=(agreement.title) {
                            @for (key, name) in &agreement.indicators {
                                option value=(key) selected[chosen == key] { (name) }
                            }
                        }
                    }
                }
            } @else {
                p.hint id=(id) {
                    "Inget av dina medborgarlöften har några indikatorer ännu. Definiera en först under "
                    a href=(INDICATOR_DEFINITION_PATH) { "Ny indikator" } "."
                }
            }
        }
    }
}
