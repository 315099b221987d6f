//! `GET /agreements/{id}`: one agreement as a page, with its focus areas,
//! their commitments and a link to each year's follow-up (what the JSON API
//! gives at `/api/v1/agreements/{id}`, for a browser).

use axum::extract::{Path, RawQuery, State};
use maud::{html, Markup};
use trygglogg_api::AppState;
use trygglogg_projections::follow_up::AgreementView;

use crate::index::{parties_line, year_links};
use crate::layout::page;
use crate::read_your_writes::wait_for_view;
use crate::{agreement_id, results, PageError};

pub(crate) async fn agreement(
    State(state): State<AppState>,
    Path(raw): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Markup, PageError> {
    let id = agreement_id(&raw)?;
    wait_for_view(&state, query.as_deref()).await?;
    let view = state.projections.read().agreement_view(id);
    view.map(|view| render(&view)).ok_or_else(|| {
        PageError::not_found(format!(
            "Det finns inget medborgarlöfte med id {id}. Startsidan listar dem som finns."
        ))
    })
}

fn render(view: &AgreementView) -> Markup {
    let header = &view.header;
    page(
        &header.title,
        html! {
            h1 { (header.title) }
            (parties_line(header))
            @if let Some(description) = &header.description { p { (description) } }
            (results::context(header, &view.continuity))
            h2 { "Uppföljning per år" }
            (year_links(header, &view.follow_up_years))
            @for focus in &view.focus_areas {
                section aria-labelledby=(format!("omrade-{}", focus.key)) {
                    h2 id=(format!("omrade-{}", focus.key)) { (focus.name) }
                    @if let Some(description) = &focus.description { p { (description) } }
                    @let commitments: Vec<_> = view.commitments.iter()
                        .filter(|c| c.focus_area == focus.key).collect();
                    @if commitments.is_empty() {
                        p.muted { "Inga löften under området." }
                    }
                    @for commitment in commitments {
                        h3 { (commitment.title) }
                        p { (commitment.description) }
                    }
                }
            }
        },
    )
}
