//! "Registrera indikatorvärde" (`/registrera/indikator`): a coordinator
//! records an indicator's value in an agreement. The fields are the
//! catalogue's `indicator_measured`, read from its JSON Schema; the form is
//! an `AgreementEventForm`, recorded in `agreement-<id>` by
//! `Recorder::record` and refused at its field in Swedish.

use maud::{html, Markup};
use trygglogg_events::EventType;

use super::agreement_event::{reword, AgreementEventForm, Drawn, Said};
use super::indicator_choice::{indicator_select, INDICATOR, NOT_DEFINED};
use super::refusals::Refusals;

pub(crate) const INDICATOR_PATH: &str = "/registrera/indikator";

pub(crate) struct IndicatorForm;

impl AgreementEventForm for IndicatorForm {
    const EVENT_TYPE: EventType = EventType::IndicatorMeasured;
    const PATH: &'static str = INDICATOR_PATH;
    const TITLE: &'static str = "Registrera indikatorvärde";
    const CORRECTION_TITLE: &'static str = "Rätta ett indikatorvärde";
    const BUTTON: &'static str = "Registrera";
    const SAID: Said = Said {
        recorded: "Indikatorns värde är registrerat.",
        already: "Värdet var redan registrerat: en gång, inte två.",
    };
    const AGAIN: &'static str = "Registrera ett värde till";

    /// An indicator the agreement does not define is one to choose again.
    fn reword(_rule: Option<&'static str>, refused: &mut Refusals) {
        reword(refused, INDICATOR, NOT_DEFINED.to_owned());
    }

    /// The indicator is chosen among the defined ones, right below the
    /// agreement it belongs to.
    fn inputs(drawn: &Drawn<'_>) -> Markup {
        let refusal = drawn.refusals.of(INDICATOR);
        html! {
            (drawn.agreement_field())
            (indicator_select(drawn.agreements, (INDICATOR, "Indikator"), drawn.posted, refusal, drawn.first(INDICATOR)))
            (drawn.fields(&[INDICATOR]))
        }
    }
}
