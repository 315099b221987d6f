//! `GET /`: every agreement, with a link to each year's follow-up and the
//! whole period's.

use axum::extract::{RawQuery, State};
use maud::{html, Markup};
use trygglogg_projections::follow_up::{AgreementHeader, AgreementSummary, Scope};

use crate::layout::page;
use crate::read_your_writes::wait_for_view;
use crate::PageError;
use crate::{follow_up_path, results, scope_path, words};
use trygglogg_api::AppState;

pub(crate) async fn index(
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
) -> Result<Markup, PageError> {
    wait_for_view(&state, query.as_deref()).await?;
    let agreements = state.projections.read().agreement_summaries();
    Ok(render(&agreements))
}

pub(crate) fn render(agreements: &[AgreementSummary]) -> Markup {
    page(
        "Medborgarlöften",
        html! {
            h1 { "Medborgarlöften och deras uppföljning" }
            p.lead {
                "Kommunen och Polisen lovar varje år att göra konkreta saker för tryggheten. "
                "Här följs löftena upp: vad som gjorts, var och när, mot målen."
            }
            @if agreements.is_empty() {
                p { "Inga medborgarlöften är registrerade ännu." }
            }
            @for agreement in agreements {
                @let header = &agreement.header;
                section.agreement aria-labelledby=(format!("a-{}", header.id)) {
                    h2 id=(format!("a-{}", header.id)) { (header.title) }
                    (parties_line(header))
                    @if let Some(description) = &header.description {
                        p { (description) }
                    }
                    (results::context(header, &agreement.continuity))
                    h3 { "Uppföljning per år" }
                    (year_links(header, &agreement.follow_up_years))
                }
            }
        },
    )
}

/// "Hagfors kommun · Parter: … · Period: … · Antaget …".
pub(crate) fn parties_line(header: &AgreementHeader) -> Markup {
    html! {
        p.muted {
            (header.municipality)
            " · Parter: " (words::and_list(&header.parties))
            " · Period: " (results::period(header))
            @if let Some(adopted) = header.adopted {
                " · Antaget " (words::dates(adopted))
            }
        }
    }
}

/// A link to each year's follow-up and the whole period's.
pub(crate) fn year_links(header: &AgreementHeader, years: &[i32]) -> Markup {
    html! {
        ul.years {
            @for year in years {
                li { a href=(follow_up_path(header.id, *year)) { "Uppföljning " (year) } }
            }
            li { a href=(scope_path(header.id, Scope::Period)) { "Hela perioden" } }
        }
    }
}
