//! `GET /om-loggen/kontrollera`: the signed checkpoint under every follow-up,
//! in plain Swedish: what it proves, what a council should save when it
//! approves a follow-up, and how anyone can check it without trusting our
//! server (our own `trygglogg proof verify`, or Go's checksum-database tools).
//! Every follow-up page links here.

use maud::{html, Markup};

use crate::about_log::ABOUT_LOG_PATH;
use crate::layout::page;

pub(crate) const ABOUT_CHECKPOINT_PATH: &str = "/om-loggen/kontrollera";

pub(crate) async fn about_checkpoint() -> Markup {
    page(
        "Så kontrollerar du en uppföljning",
        html! {
            h1 { "Så kontrollerar du en uppföljning" }
            p.lead {
                "Under varje uppföljning står en signerad kontrollpunkt. Med den kan vem som "
                "helst – kommunrevisionen, en journalist, trygghetsrådet eller du – visa två "
                "saker utan att behöva lita på den här webbplatsen:"
            }
            ul {
                li { "att uppföljningen räknades fram ur registreringar som inte har ändrats i efterhand;" }
                li { "att dagens logg fortfarande innehåller allt som loggen innehöll när uppföljningen gjordes." }
            }
            p {
                "Vad en registrering och loggen är står på sidan "
                a href=(ABOUT_LOG_PATH) { "Om loggen" } "."
            }

            h2 { "Vad kontrollpunkten säger" }
            p {
                "Kontrollpunkten är några rader text. Den första raden är loggens namn. Den "
                "andra är hur många registreringar som är med. Den tredje är kontrollsumman: en "
                "kod som räknas fram ur alla de registreringarna. Ändras, tas bort eller smygs "
                "en enda registrering in i efterhand blir koden en annan."
            }
            p {
                "Efter en tom rad kommer en underskrift, en rad som börjar med ”—”. Den är en "
                "digital signatur som bara loggens hemliga nyckel kan göra, men som vem som "
                "helst kan kontrollera med loggens offentliga nyckel. Under kontrollpunkten står "
                "nyckelns fingeravtryck, en kort kod som pekar ut just den nyckeln. Jämför den "
                "med den som kommunen har publicerat."
            }
            p {
                "Kontrollpunkten visar att inget har ändrats. Den visar inte att det som "
                "registrerades är riktigt: det ansvarar den som registrerade för, och "
                "uppföljningen visar vem det var."
            }

            h2 { "Vad ni sparar när ni godkänner en uppföljning" }
            p {
                "När trygghetsrådet, kommunstyrelsen eller polisen godkänner en uppföljning: "
                "spara kontrollpunkten tillsammans med beslutet, till exempel i protokollet eller "
                "som en bilaga."
            }
            ol {
                li { strong { "Hela kontrollpunkten" } ", alla rader exakt som de står, underskriften med." }
                li { strong { "Nyckelns fingeravtryck" } " (eller hela den offentliga nyckeln)." }
                li { "Uppföljningen själv, utskriven eller som fil (CSV eller Excel: kontrollpunkten står i filen)." }
            }
            p {
                "Med det sparat kan ni senare, även om webbplatsen har bytts ut, visa att en "
                "uppföljning byggdes ur just de registreringarna, och att ingen av dem har "
                "ändrats sedan dess. Alla kontrollpunkter sparas också av Trygglogg och går att "
                "hämta i efterhand (se nedan)."
            }

            h2 { "Så kontrollerar du" }
            p {
                "Kontrollen görs på din egen dator, med bara loggens offentliga nyckel. Tre "
                "saker kan kontrolleras:"
            }
            ul {
                li { "att en viss registrering finns med i en kontrollpunkt (ett inklusionsbevis);" }
                li { "att en senare kontrollpunkt bygger vidare på en tidigare, utan att något har tagits bort eller ändrats (ett konsistensbevis);" }
                li { "att en kopia av hela loggen (en export) stämmer med en kontrollpunkt." }
            }
            h3 { "Med Trygglogg" }
            p {
                "Programmet " code { "trygglogg" } " kan kontrollera allt detta utan att "
                "kontakta servern: " code { "trygglogg proof verify" } ". Det svarar med "
                "felkod 3 och säger vad som inte stämmer om något har ändrats. Hur det används "
                "står i programmets README, under ”Proving the numbers”."
            }
            h3 { "Utan Trygglogg" }
            p {
                "Du behöver inte lita på vårt program heller. Kontrollpunkterna och bevisen "
                "följer samma öppna format som Go-språkets kontrollsummedatabas och "
                "Certificate Transparency (C2SP tlog-checkpoint och tlog-tiles, RFC 9162). "
                "Go:s egna bibliotek " code { "golang.org/x/mod/sumdb/note" } " och "
                code { "golang.org/x/mod/sumdb/tlog" } " kontrollerar dem, och vi prövar "
                "varje version av Trygglogg mot just dem."
            }
            h3 { "Var kontrollpunkterna och bevisen finns" }
            p { "Alla är öppna för alla, utan inloggning. De innehåller bara koder, inga personuppgifter." }
            dl {
                dt { code.hash { "/api/v1/audit/checkpoint" } }
                dd { "loggens senaste kontrollpunkt" }
                dt { code.hash { "/api/v1/audit/checkpoints?from=" } }
                dd { "alla sparade kontrollpunkter, från ett visst antal registreringar" }
                dt { code.hash { "/api/v1/audit/proof/inclusion?position=&tree_size=" } }
                dd { "beviset att en registrering finns med i en kontrollpunkt" }
                dt { code.hash { "/api/v1/audit/proof/consistency?from=&to=" } }
                dd { "beviset att en senare kontrollpunkt bygger vidare på en tidigare" }
                dt { code.hash { "/tlog/checkpoint" } " och " code.hash { "/tlog/tile/…" } }
                dd { "hela loggen som ett träd, för den som vill spegla och granska allt" }
            }
            p { a href="/" { "Till medborgarlöftena" } }
        },
    )
}
