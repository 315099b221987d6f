//! "Trygghetsrådets uppföljning" (`/registrera/uppfoljning`): the council's
//! review of an agreement's follow-up for a year, the catalogue's
//! `follow_up_reviewed` (when, by whom, where it is documented), an
//! `AgreementEventForm` recorded in `agreement-<id>` by `Recorder::record`;
//! a second review of the same year is refused there, and the page says a
//! correction is the way.

use maud::{html, Markup};
use trygglogg_events::EventType;

use super::agreement_event::{reword, AgreementEventForm, Drawn, Said, YEAR};
use super::refusals::Refusals;
use crate::mine::MINE_PATH;

pub(crate) const REVIEW_PATH: &str = "/registrera/uppfoljning";

pub(crate) struct ReviewForm;

impl AgreementEventForm for ReviewForm {
    const EVENT_TYPE: EventType = EventType::FollowUpReviewed;
    const PATH: &'static str = REVIEW_PATH;
    const TITLE: &'static str = "Trygghetsrådets uppföljning";
    const CORRECTION_TITLE: &'static str = "Rätta trygghetsrådets uppföljning";
    const LEAD: Option<&'static str> = Some(
        "När trygghetsrådet (eller motsvarande) gick igenom årets uppföljning: en gång per år.",
    );
    const BUTTON: &'static str = "Registrera uppföljningen";
    const SAID: Said = Said {
        recorded: "Trygghetsrådets genomgång är registrerad.",
        already: "Genomgången var redan registrerad: en gång, inte två.",
    };
    const AGAIN: &'static str = "Registrera ett år till";

    fn reword(rule: Option<&'static str>, refused: &mut Refusals) {
        if rule == Some("year_already_reviewed") {
            reword(
                refused,
                YEAR,
                "Året är redan registrerat som genomgånget. En andra genomgång registreras \
                 inte: den som finns ändras med en rättelse (”Rätta” under Mina \
                 registreringar)."
                    .to_owned(),
            );
        }
    }

    fn inputs(drawn: &Drawn<'_>) -> Markup {
        html! {
            (drawn.agreement_field())
            (drawn.year_field())
            (drawn.fields(&[YEAR]))
        }
    }

    fn after() -> Markup {
        html! {
            p { "En genomgång som redan är registrerad ändras med ”Rätta” under " a href=(MINE_PATH) { "Mina registreringar" } "." }
        }
    }
}
