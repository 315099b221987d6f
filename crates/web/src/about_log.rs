//! `GET /om-loggen`: what the follow-up's "registreringar" and "kontrollsumma"
//! mean, in plain Swedish, for a citizen who reads them under a follow-up.

use maud::{html, Markup};

use crate::about_checkpoint::ABOUT_CHECKPOINT_PATH;
use crate::layout::page;

pub(crate) const ABOUT_LOG_PATH: &str = "/om-loggen";

pub(crate) async fn about_log() -> Markup {
    page(
        "Om loggen",
        html! {
            h1 { "Om loggen bakom uppföljningen" }
            p.lead {
                "Allt som kommunen och Polisen registrerar om sina medborgarlöften sparas i "
                "en logg, i den ordning det registrerades. Varje uppföljning räknas fram ur den."
            }
            h2 { "Registreringar" }
            p {
                "En registrering är en uppgift som lagts in: ett löfte, en genomförd aktivitet, "
                "ett mätvärde, en bedömning. Registreringarna numreras 1, 2, 3 och så vidare. "
                "Ingen registrering ändras eller tas bort i efterhand; ett fel rättas med en ny "
                "registrering som pekar på den gamla, och båda syns."
            }
            p {
                "När uppföljningen säger att den är sammanställd ur de 20 första "
                "registreringarna, betyder det att allt som registrerats efter det inte är med. "
                "Samma uppföljning ur samma registreringar blir alltid likadan."
            }
            h2 { "Kontrollsumma" }
            p {
                "Kontrollsumman är en lång kod som räknas fram ur alla registreringar fram till "
                "och med den sista som är med, var och en i sin ordning. Ändras en enda "
                "registrering i efterhand blir koden en annan."
            }
            p {
                "Har du en utskrift av en uppföljning kan kommunen eller Polisen därför visa att "
                "den stämmer med loggen: koden på utskriften ska vara densamma som loggens vid "
                "samma registrering."
            }
            p {
                "Loggen skriver också under sina kontrollsummor digitalt. En sådan signerad "
                "kontrollpunkt står under varje uppföljning, och med den kan vem som helst "
                "kontrollera uppföljningen utan att lita på oss: "
                a href=(ABOUT_CHECKPOINT_PATH) { "så kontrollerar du en uppföljning" } "."
            }
            p { a href="/" { "Till medborgarlöftena" } }
        },
    )
}
