//! The parts of the follow-up page beyond production: the agreement in its
//! context (who adopted and signed it, other parties, the lägesbild, the
//! agreement it continues and those that continue it), the coordinator's
//! assessment of each commitment, and each indicator's series.

use maud::{html, Markup};
use trygglogg_events::period_words;
use trygglogg_projections::follow_up::{
    AgreementHeader, CommitmentFollowUp, Continuity, IndicatorSeries,
};

use crate::series_chart::series_chart;
use crate::{follow_up_path, words};

/// "2018–2019", "2017", or "tidigare år – 2017" when the first year is not known.
pub(crate) fn period(header: &AgreementHeader) -> String {
    if header.began_earlier {
        format!("tidigare år – {}", header.last_year)
    } else {
        period_words(header.first_year, header.last_year)
    }
}

/// Who adopted and signed the agreement, with whom, on what picture of the
/// situation, and what it continues or is continued by.
pub(crate) fn context(header: &AgreementHeader, continuity: &Continuity) -> Markup {
    let context = &header.context;
    html! {
        @if context.adopted_by.is_some() || !context.signatories.is_empty()
            || !context.other_parties.is_empty() || continuity.follows.is_some()
            || !continuity.followed_by.is_empty() {
            dl.facts {
                @if let Some(body) = &context.adopted_by {
                    dt { "Antaget av" }
                    dd { (body) @if let Some(adopted) = header.adopted { ", " (words::dates(adopted)) } }
                }
                @if !context.signatories.is_empty() {
                    dt { "Undertecknat av" } dd { (words::and_list(&context.signatories)) }
                }
                @if !context.other_parties.is_empty() {
                    dt { "Övriga parter" } dd { (words::and_list(&context.other_parties)) }
                }
                @if let Some(earlier) = &continuity.follows {
                    dt { "Fortsätter" }
                    dd { a href=(follow_up_path(earlier.id, earlier.year)) { (earlier.title) } }
                }
                @if !continuity.followed_by.is_empty() {
                    dt { "Fortsätts av" }
                    dd {
                        @for (i, later) in continuity.followed_by.iter().enumerate() {
                            @if i > 0 { ", " }
                            a href=(follow_up_path(later.id, later.year)) { (later.title) }
                        }
                    }
                }
            }
        }
        @if let Some(situation) = &context.situation {
            details {
                summary { "Lägesbilden som löftet bygger på" }
                p { (situation) }
            }
        }
    }
}

/// The assessed verdict beside the computed status, flagged where they differ.
pub(crate) fn verdict_cell(commitment: &CommitmentFollowUp) -> Markup {
    html! {
        @match &commitment.assessment {
            Some(assessment) => {
                (words::verdict_name(assessment.verdict))
                @if commitment.assessment_differs {
                    " " strong.differs { "(avviker från beräknad status)" }
                }
            }
            None => "Ej bedömt",
        }
    }
}

/// The coordinator's assessment in full, under the commitment.
pub(crate) fn assessment(commitment: &CommitmentFollowUp) -> Markup {
    html! {
        @if let Some(assessment) = &commitment.assessment {
            dt { "Bedömning" }
            dd {
                (words::verdict_name(assessment.verdict))
                @if commitment.assessment_differs {
                    " " strong.differs {
                        "Avviker från beräknad status ("
                        (words::status_name(commitment.status).to_lowercase()) ")."
                    }
                }
            }
            @if let Some(deviation) = &assessment.deviation { dt { "Orsak till avvikelse" } dd { (deviation) } }
            @if let Some(lessons) = &assessment.lessons { dt { "Lärdomar" } dd { (lessons) } }
            dt { "Fortsätter nästa år" } dd { (words::continues_phrase(&assessment.continues)) }
        }
    }
}

/// Each indicator with its whole series up to the year: a chart and a table,
/// with the change from the baseline and whether it goes the right way.
pub(crate) fn indicator_series(year: i32, series: &[IndicatorSeries]) -> Markup {
    html! {
        section aria-labelledby="resultat" {
            h2 id="resultat" { "Resultat: indikatorer" }
            @for s in series { (one_series(year, s)) }
        }
    }
}

fn one_series(year: i32, series: &IndicatorSeries) -> Markup {
    let d = &series.definition;
    let id = format!("indikator-{}", d.key);
    html! {
        section aria-labelledby=(id) {
            h3 id=(id) { (d.name) }
            p.muted {
                "Källa: " (d.source) " · Utgångsvärde " (words::number(d.baseline)) " " (d.unit)
                " (" (d.baseline_year) ") · Mål: " (words::indicator_goal(d))
            }
            @if let Some(description) = &d.description { p { (description) } }
            figure.chart {
                (series_chart(series, &format!("{id}-diagram")))
                figcaption {
                    "Mätningar till och med " (year)
                    @if d.target.is_some() { "; den streckade linjen är målvärdet" } @else { "; inget målvärde angivet" }
                    "."
                }
            }
            div.table-wrap {
                table {
                    caption { (d.name) ", mätningar till och med " (year) }
                    thead {
                        tr {
                            th scope="col" { "Period" }
                            th.num scope="col" { "Värde" }
                            th.num scope="col" { "Förändring från utgångsvärdet" }
                            th scope="col" { "Rätt riktning" }
                        }
                    }
                    tbody {
                        tr {
                            th scope="row" { "Utgångsvärde " (d.baseline_year) }
                            td.num { (words::number(d.baseline)) " " (d.unit) }
                            td.num { "–" }
                            td { "–" }
                        }
                        @for point in &series.points {
                            tr {
                                th scope="row" { (words::dates(point.period)) }
                                td.num { (words::number(point.value)) " " (d.unit) }
                                td.num { (words::signed(point.change_from_baseline)) }
                                td {
                                    (if point.right_way { "Ja" } else { "Nej" })
                                    @if point.reaches_target == Some(true) { ", målet nått" }
                                }
                            }
                        }
                    }
                }
            }
            @if series.points.is_empty() { p.muted { "Inga mätningar ännu." } }
        }
    }
}
