//! The public views: the agreements and their follow-ups, of a year, a
//! tertial or the whole period. Open to
//! everyone; internal notes and who recorded what only for auditors and
//! admins.

use axum::extract::{Path, State};
use axum::http::header::CONTENT_TYPE;
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::{DateTime, SecondsFormat, Utc};
use serde::Deserialize;
use trygglogg_events::{period_words, StreamCategory, StreamName, Tertial, Year};
use trygglogg_projections::follow_up::{AgreementSummary, AgreementView, Audience, Scope};
use trygglogg_store::{Direction, StoreError};
use utoipa::IntoParams;
use uuid::Uuid;

use crate::auth::{Caller, ReadInternalNotes};
use crate::canonical;
use crate::extract::instant;
use crate::openapi::{AgreementSummarySchema, AgreementViewSchema, FollowUpSchema};
use crate::problem::{ProblemBody, ProblemKind};
use crate::read_your_writes::{wait_for_view, MinPositionQuery};
use crate::{AppState, FollowUpError, Problem, QueryParams};

#[utoipa::path(
    get,
    path = "/api/v1/agreements",
    tag = "follow-up",
    summary = "List the agreements",
    description = "Every agreement (medborgarlöfte) with its parties, period and the years a follow-up can be read for. Open to everyone.",
    params(MinPositionQuery),
    responses(
        (status = 200, description = "The agreements, in id order.", body = Vec<AgreementSummarySchema>),
        (status = 400, description = "`min_position` is not a position, or beyond the log's head (the problem names it).", body = ProblemBody, content_type = "application/problem+json"),
        (status = 503, description = "The view did not reach `min_position` within 2 s (the problem names the position it reached); retry after the `Retry-After` seconds.", body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn list_agreements(
    State(state): State<AppState>,
    QueryParams(query): QueryParams<MinPositionQuery>,
) -> Result<Json<Vec<AgreementSummary>>, Problem> {
    wait_for_view(&state, query.min_position.as_deref()).await?;
    Ok(Json(state.projections.read().agreement_summaries()))
}

#[utoipa::path(
    get,
    path = "/api/v1/agreements/{id}",
    tag = "follow-up",
    summary = "One agreement",
    description = "An agreement in its context (who adopted it, signatories by role, other parties, the lägesbild; the agreement it continues and those that continue it, in `continuity`), with its focus areas, commitments (and their targets), council reviews, indicators as defined and measured, and the coordinators' assessments of commitments. Open to everyone.",
    params(
        ("id" = Uuid, Path, description = "The agreement's id, as listed by `GET /api/v1/agreements`."),
        MinPositionQuery,
    ),
    responses(
        (status = 200, description = "The agreement.", body = AgreementViewSchema),
        (status = 400, description = "The id is not a UUID, or `min_position` is not a position or beyond the log's head (the problem names it).", body = ProblemBody, content_type = "application/problem+json"),
        (status = 404, description = "No agreement has this id.", body = ProblemBody, content_type = "application/problem+json"),
        (status = 503, description = "The view did not reach `min_position` within 2 s (the problem names the position it reached); retry after the `Retry-After` seconds.", body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn get_agreement(
    State(state): State<AppState>,
    Path(id): Path<String>,
    QueryParams(query): QueryParams<MinPositionQuery>,
) -> Result<Json<AgreementView>, Problem> {
    let id = agreement_id(&id)?;
    wait_for_view(&state, query.min_position.as_deref()).await?;
    state
        .projections
        .read()
        .agreement_view(id)
        .map(Json)
        .ok_or_else(|| no_agreement(id))
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct FollowUpQuery {
    /// Show the follow-up as it stood at this instant (RFC 3339, e.g.
    /// `2017-12-12T18:00:00+01:00`): built from exactly the events recorded
    /// up to then. This is recording time (when events entered the log),
    /// not when the work happened: an activity done in May but recorded in
    /// June is not in a follow-up `as_of` May. An instant before the
    /// agreement was recorded answers 404, saying when it was.
    as_of: Option<String>,
    /// Read your writes: answer from a view that includes this log position
    /// (one an append answered in `positions`), waiting up to 2 s for it.
    /// Without it the answer may lag the last append by a moment;
    /// `built_from.position` says where it was built.
    #[param(value_type = Option<u64>, minimum = 1)]
    min_position: Option<String>,
}

#[utoipa::path(
    get,
    path = "/api/v1/agreements/{id}/follow-up/{year}",
    tag = "follow-up",
    summary = "The follow-up of one year",
    description = "Per focus area and commitment: the target, the outcome in the target's terms (completed activities, a fact's sum, or an indicator's value), the status computed from the two, the coordinator's assessment of the year (verdict, deviation, lessons, whether it continues) with `assessment_differs` where the verdict says something else than the computed status, planned, completed and cancelled counts, the sums of the activities' facts, hours and cost, and the activities themselves; then unattached activities, the year's indicator measurements, each defined indicator's series up to the year with the change from its baseline (`indicator_series`), the agreements it continues or is continued by (`continuity`), the council's reviews and every correction or retraction that changed the year. `built_from` names the log position and hash it was built from. Served for the years of the agreement's period only. Open to everyone; internal notes and who recorded what are shown to auditors and admins only.",
    params(
        ("id" = Uuid, Path, description = "The agreement's id."),
        ("year" = i32, Path, description = "The follow-up year, counted by when the activities started (Swedish dates); one of the agreement's period."),
        FollowUpQuery,
    ),
    responses(
        (status = 200, description = "The follow-up.", body = FollowUpSchema),
        (status = 400, description = "A parameter is invalid, e.g. `min_position` not a position or beyond the log's head (the problem names each).", body = ProblemBody, content_type = "application/problem+json"),
        (status = 404, description = "No agreement has this id, or it had not been recorded yet at `as_of` (the problem says when it was), or the year lies outside its period (the problem names the period).", body = ProblemBody, content_type = "application/problem+json"),
        (status = 401, description = "A token was presented and refused (none is needed here: leave it out to read as the public).", body = ProblemBody, content_type = "application/problem+json"),
        (status = 429, description = "Too many refused tokens came from this address; retry after the `Retry-After` seconds, or leave the token out.", body = ProblemBody, content_type = "application/problem+json"),
        (status = 503, description = "Two follow-ups `as_of` an earlier instant are being built already, or the view did not reach `min_position` within 2 s (the problem names the position it reached); retry after the `Retry-After` seconds.", body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn get_follow_up(
    State(state): State<AppState>,
    caller: Caller,
    Path((id, year)): Path<(String, String)>,
    QueryParams(query): QueryParams<FollowUpQuery>,
) -> Result<Response, Problem> {
    let id = agreement_id(&id)?;
    let year = follow_up_year(&year)?.get();
    follow_up_json(&state, &caller, id, Scope::Year { year }, &query).await
}

#[utoipa::path(
    get,
    path = "/api/v1/agreements/{id}/follow-up/{year}/{tertial}",
    tag = "follow-up",
    summary = "The follow-up of one tertial",
    description = "The same follow-up as a year's, for one tertial of it: T1 January–April, T2 May–August, T3 September–December. An activity counts in the tertial its first day lies in (a range across two tertials counts in the first, as a range across two years counts in the first). Work dated only to the year is in no tertial: it is listed apart in `during_the_year`, not counted.",
    params(
        ("id" = Uuid, Path, description = "The agreement's id."),
        ("year" = i32, Path, description = "The year; one of the agreement's period."),
        ("tertial" = String, Path, description = "`t1`, `t2` or `t3`."),
        FollowUpQuery,
    ),
    responses(
        (status = 200, description = "The follow-up of the tertial.", body = FollowUpSchema),
        (status = 400, description = "The tertial is not `t1`, `t2` or `t3`, or another parameter is invalid: `min_position` not a position or beyond the log's head (the problem names each).", body = ProblemBody, content_type = "application/problem+json"),
        (status = 404, description = "No agreement has this id, or it had not been recorded yet at `as_of` (the problem says when it was), or the year lies outside its period (the problem names the period).", body = ProblemBody, content_type = "application/problem+json"),
        (status = 503, description = "Two follow-ups `as_of` an earlier instant are being built already, or the view did not reach `min_position` within 2 s (the problem names the position it reached); retry after the `Retry-After` seconds.", body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn get_tertial_follow_up(
    State(state): State<AppState>,
    caller: Caller,
    Path((id, year, tertial)): Path<(String, String, String)>,
    QueryParams(query): QueryParams<FollowUpQuery>,
) -> Result<Response, Problem> {
    let id = agreement_id(&id)?;
    let year = follow_up_year(&year)?.get();
    let tertial = Tertial::parse(&tertial)
        .map_err(|e| Problem::invalid_parameter("tertial", e.problem, e.expected))?;
    follow_up_json(
        &state,
        &caller,
        id,
        Scope::Tertial { year, tertial },
        &query,
    )
    .await
}

#[utoipa::path(
    get,
    path = "/api/v1/agreements/{id}/follow-up/period",
    tag = "follow-up",
    summary = "The follow-up of the whole period",
    description = "The same follow-up as a year's, for all the years of the agreement's period together. `year` is the period's last year, up to which one-off commitments are judged.",
    params(
        ("id" = Uuid, Path, description = "The agreement's id."),
        FollowUpQuery,
    ),
    responses(
        (status = 200, description = "The follow-up of the period.", body = FollowUpSchema),
        (status = 400, description = "A parameter is invalid, e.g. `min_position` not a position or beyond the log's head (the problem names each).", body = ProblemBody, content_type = "application/problem+json"),
        (status = 404, description = "No agreement has this id, or it had not been recorded yet at `as_of` (the problem says when it was).", body = ProblemBody, content_type = "application/problem+json"),
        (status = 503, description = "Two follow-ups `as_of` an earlier instant are being built already, or the view did not reach `min_position` within 2 s (the problem names the position it reached); retry after the `Retry-After` seconds.", body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn get_period_follow_up(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    QueryParams(query): QueryParams<FollowUpQuery>,
) -> Result<Response, Problem> {
    let id = agreement_id(&id)?;
    follow_up_json(&state, &caller, id, Scope::Period, &query).await
}

/// A follow-up of any scope as JSON: the audience by the caller, now or
/// `as_of`; 404 for an unknown agreement or a scope outside its period.
async fn follow_up_json(
    state: &AppState,
    caller: &Caller,
    id: Uuid,
    scope: Scope,
    query: &FollowUpQuery,
) -> Result<Response, Problem> {
    let audience = if caller.may::<ReadInternalNotes>() {
        Audience::Internal
    } else {
        Audience::Public
    };
    let as_of = query.as_of.as_deref().map(|raw| instant("as_of", raw));
    let as_of = as_of.transpose()?;
    wait_for_view(state, query.min_position.as_deref()).await?;
    if let Some(refusal) = outside_period(state, id, scope) {
        return Err(Problem::not_found(refusal));
    }
    let built = match state.follow_ups.follow_up(id, scope, as_of, audience).await {
        Ok(built) => match built {
            Some(built) => built,
            None => return Err(absent(state, id, as_of)),
        },
        Err(FollowUpError::Projection(error)) => return Err(error.into()),
        Err(FollowUpError::Checkpoint(error)) => return Err(error.into()),
        Err(FollowUpError::Stopped(error)) => {
            return Err(Problem::new(
                ProblemKind::Internal,
                format!("the fold stopped: {error}"),
            ))
        }
    };
    let body = built.json().map_err(|e| {
        Problem::new(
            ProblemKind::Internal,
            format!("the follow-up could not be written: {e}"),
        )
    })?;
    // Written already: sent as it is.
    Ok(([(CONTENT_TYPE, "application/json")], body).into_response())
}

/// Why no follow-up is served for `scope` of agreement `id`, naming its
/// period, if the scope lies outside it (as the agreement now stands); the
/// site says the same in Swedish.
pub fn outside_period(state: &AppState, id: Uuid, scope: Scope) -> Option<String> {
    let (first, last) = state.projections.read().period(id)?;
    (!scope.within_years(first, last)).then(|| {
        format!(
            "agreement {id} has no follow-up for {scope}: avtalet gäller {}; ask for a year \
             of the period, or /api/v1/agreements/{id}/follow-up/period",
            period_words(first, last)
        )
    })
}

pub(crate) fn agreement_id(raw: &str) -> Result<Uuid, Problem> {
    canonical::uuid(raw).ok_or_else(|| {
        Problem::invalid_parameter(
            "id",
            format!("{raw:?} is not an agreement id"),
            "a UUID in its hyphenated form, as listed by GET /api/v1/agreements",
        )
    })
}

fn follow_up_year(raw: &str) -> Result<Year, Problem> {
    canonical::follow_up_year(raw).ok_or_else(|| {
        Problem::invalid_parameter(
            "year",
            format!("{raw:?} is not a follow-up year"),
            format!(
                "a year from {} to {}, in four digits, e.g. 2017",
                Year::FIRST,
                Year::LAST
            ),
        )
    })
}

/// When agreement `id`'s first event entered the log, if it ever did: what
/// an "as of" before it is told (the site says the same in Swedish).
pub fn agreement_recorded(state: &AppState, id: Uuid) -> Result<Option<DateTime<Utc>>, StoreError> {
    let stream = StreamName::new(StreamCategory::Agreement, id);
    let first = state.store.read_stream(&stream, 1, Direction::Forward, 1)?;
    Ok(first.first().map(|event| event.recorded))
}

/// No follow-up of agreement `id` at `as_of`: recorded only later, or never.
fn absent(state: &AppState, id: Uuid, as_of: Option<DateTime<Utc>>) -> Problem {
    let recorded = match agreement_recorded(state, id) {
        Ok(recorded) => recorded,
        Err(error) => return Problem::storage(&error),
    };
    match (as_of, recorded) {
        (Some(as_of), Some(recorded)) if recorded > as_of => Problem::not_found(format!(
            "agreement {id} had not been recorded yet at {}; it was recorded {}. as_of is \
             recording time (what the log held then), not when the work happened: ask for \
             as_of {} or later, or leave it out for the follow-up as it stands now",
            as_of.to_rfc3339_opts(SecondsFormat::AutoSi, true),
            recorded.to_rfc3339_opts(SecondsFormat::AutoSi, true),
            recorded.to_rfc3339_opts(SecondsFormat::AutoSi, true),
        )),
        _ => no_agreement(id),
    }
}

fn no_agreement(id: Uuid) -> Problem {
    Problem::not_found(format!(
        "no agreement has the id {id}; GET /api/v1/agreements lists them"
    ))
}
