//! The Swedish site: the pages people read in a browser, served by the same
//! binary as the API ([`site`], beside `trygglogg_api`'s routes, under its
//! middleware): `/` lists the agreements, `/agreements/{id}/follow-up/{year}`
//! is a year's follow-up in Swedish, `…/{year}/t2` a tertial's and
//! `…/follow-up/period` the whole period's (and, with `.csv` after the last
//! segment, the same as CSV; with `.excel.csv`, as CSV for Swedish Excel;
//! with `.xlsx`, as an Excel workbook).
//!
//! Not part of the JSON API (no OpenAPI entries, no problems): errors are HTML
//! pages too. Always the public view — no internal notes, no actors — whoever
//! asks, since a browser sends no token. No JavaScript; the chart is SVG made
//! on the server; templates are compiled with the code (maud).

mod about_checkpoint;
mod about_log;
mod agreement_page;
mod chart;
mod csv;
mod excel_csv;
mod follow_up;
mod form;
mod index;
mod layout;
mod mine;
mod public_url;
mod read_your_writes;
mod record;
mod recording_time;
mod results;
mod series_chart;
mod session;
mod site_routes;
mod spreadsheet;
mod target_words;
mod words;
mod xlsx;

pub use public_url::PublicUrl;

use std::sync::Arc;
use std::time::Duration;

use axum::extract::{Path, RawQuery, Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::Extension;
use chrono::{DateTime, Days, NaiveDate, Utc};
use chrono_tz::Europe::Stockholm;
use trygglogg_api::canonical;
use trygglogg_api::{AppState, BuiltFollowUp, FollowUpError, Site};
use trygglogg_events::{period_words, Tertial, Year};
use trygglogg_projections::follow_up::{
    ActivityLine, Audience, CommitmentFollowUp, FollowUp, Scope,
};
use trygglogg_projections::ProjectionError;
use uuid::Uuid;

/// The site, to serve beside the API (`trygglogg_api::application`), for
/// people who reach it at `public_url`.
pub fn site(public_url: PublicUrl) -> Site {
    let table = site_routes::table();
    let listed = site_routes::listed(&table);
    let signing = Arc::new(session::Signing {
        sessions: session::Sessions::default(),
        public_url,
    });
    Site {
        routes: site_routes::router(table)
            .route_layer(middleware::from_fn(utf8_query))
            .layer(Extension(signing)),
        stylesheets: vec![layout::CSS],
        not_found_page: Some(not_found_page),
        listed,
    }
}

/// Refuses, as a page, a query string that is not UTF-8 once
/// percent-decoded (the JSON API's twin is `trygglogg_api`'s `extract::utf8_query`).
async fn utf8_query(request: Request, next: Next) -> Response {
    let query = request.uri().query().unwrap_or("");
    match canonical::not_utf8_parameter(query) {
        Some(parameter) => PageError::bad_request(format!(
            "Parametern ”{parameter}” i adressen innehåller tecken som inte är UTF-8. \
             Skriv adressen på nytt, eller gå till uppföljningen från startsidan."
        ))
        .into_response(),
        None => next.run(request).await,
    }
}

/// The page's path, and with `.csv` the CSV's.
pub(crate) fn follow_up_path(id: Uuid, year: i32) -> String {
    scope_path(id, Scope::Year { year })
}

/// The page's path of any scope: `…/2018`, `…/2018/t2`, `…/period`.
pub(crate) fn scope_path(id: Uuid, scope: Scope) -> String {
    match scope {
        Scope::Year { year } => format!("/agreements/{id}/follow-up/{year}"),
        Scope::Tertial { year, tertial } => {
            format!("/agreements/{id}/follow-up/{year}/{}", tertial.as_str())
        }
        Scope::Period => format!("/agreements/{id}/follow-up/period"),
    }
}

/// `/agreements/{id}/follow-up/{year}` or `…/period` (a page) or `….csv`
/// (one row per activity), as the follow-up stands now or `?as_of=` a date
/// or instant.
async fn follow_up_or_csv(
    State(state): State<AppState>,
    Path((id, year)): Path<(String, String)>,
    RawQuery(query): RawQuery,
) -> Result<Response, PageError> {
    let (year, format) = Format::of(&year);
    let scope = match year {
        "period" => Scope::Period,
        year => Scope::Year {
            year: follow_up_year(year)?.get(),
        },
    };
    respond(&state, &id, scope, format, query.as_deref()).await
}

/// `/agreements/{id}/follow-up/{year}/{t1|t2|t3}`, or `….csv`.
async fn tertial_follow_up_or_csv(
    State(state): State<AppState>,
    Path((id, year, tertial)): Path<(String, String, String)>,
    RawQuery(query): RawQuery,
) -> Result<Response, PageError> {
    let (tertial, format) = Format::of(&tertial);
    let year = follow_up_year(&year)?.get();
    let tertial = Tertial::parse(tertial).map_err(|_| {
        PageError::bad_request(format!(
            "”{tertial}” är ingen tertial. Ange t1 (januari–april), t2 (maj–augusti) eller \
             t3 (september–december), till exempel /agreements/{id}/follow-up/{year}/t2."
        ))
    })?;
    let scope = Scope::Tertial { year, tertial };
    respond(&state, &id, scope, format, query.as_deref()).await
}

/// What a follow-up's path asks for, by the end of its last segment.
#[derive(Clone, Copy)]
enum Format {
    Page,
    /// `.csv`: comma-separated, for machines.
    Csv,
    /// `.excel.csv`: for Excel with Swedish settings.
    ExcelCsv,
    /// `.xlsx`: an Excel workbook.
    Xlsx,
}

impl Format {
    /// A path segment without its suffix, and the format the suffix asks for.
    fn of(segment: &str) -> (&str, Format) {
        if let Some(segment) = segment.strip_suffix(".excel.csv") {
            (segment, Format::ExcelCsv)
        } else if let Some(segment) = segment.strip_suffix(".xlsx") {
            (segment, Format::Xlsx)
        } else if let Some(segment) = segment.strip_suffix(".csv") {
            (segment, Format::Csv)
        } else {
            (segment, Format::Page)
        }
    }
}

/// The follow-up of `scope` as a page or either CSV: a Swedish 404 page for an
/// unknown agreement or a scope outside its period.
async fn respond(
    state: &AppState,
    id: &str,
    scope: Scope,
    format: Format,
    query: Option<&str>,
) -> Result<Response, PageError> {
    let id = agreement_id(id)?;
    let as_of = as_of_query(query)?;
    read_your_writes::wait_for_view(state, query).await?;
    let period = state.projections.read().period(id);
    if let Some((first, last)) = period.filter(|(f, l)| !scope.within_years(*f, *l)) {
        return Err(PageError::not_found(format!(
            "Det finns ingen uppföljning för {scope} av det här medborgarlöftet: avtalet \
             gäller {}. Välj ett år inom perioden, eller hela perioden.",
            period_words(first, last)
        ))
        .instead(
            scope_path(id, Scope::Period),
            "Visa uppföljningen för hela perioden",
        ));
    }
    let built = load(state, id, scope, as_of).await?;
    let view = built.view();
    Ok(match format {
        Format::Csv => csv::response(view)?,
        Format::ExcelCsv => excel_csv::response(view)?,
        Format::Xlsx => xlsx::response(view)?,
        Format::Page => {
            let years = period.map_or_else(Vec::new, |(first, last)| (first..=last).collect());
            let work_by = match as_of {
                Some(as_of) => recording_time::work_by_now(state, id, scope, as_of).await,
                None => None,
            };
            follow_up::page_of(view, &years, work_by.as_deref()).into_response()
        }
    })
}

/// The public follow-up, now or as it stood at `as_of`.
async fn load(
    state: &AppState,
    id: Uuid,
    scope: Scope,
    as_of: Option<DateTime<Utc>>,
) -> Result<Arc<BuiltFollowUp>, PageError> {
    let view = state
        .follow_ups
        .follow_up(id, scope, as_of, Audience::Public)
        .await
        .map_err(not_built)?;
    let no_agreement = || {
        PageError::not_found(format!(
            "Det finns inget medborgarlöfte med id {id}. Startsidan listar dem som finns."
        ))
    };
    match (view, as_of) {
        (Some(view), _) => Ok(view),
        (None, None) => Err(no_agreement()),
        (None, Some(as_of)) => {
            let recorded = trygglogg_api::agreement_recorded(state, id).map_err(|e| {
                tracing::error!(error = %e, "the event log could not be read for a page");
                PageError::new(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "Loggen kan inte läsas just nu. Försök igen om en stund.".into(),
                )
            })?;
            let Some(recorded) = recorded.filter(|recorded| *recorded > as_of) else {
                return Err(no_agreement());
            };
            let mut message = recording_time::not_yet_recorded(as_of, recorded);
            if let Some(work) = recording_time::work_by_now(state, id, scope, as_of).await {
                message = format!("{message} {work}");
            }
            Err(PageError::not_found(message).instead(
                scope_path(id, scope),
                "Visa uppföljningen som den ser ut nu",
            ))
        }
    }
}

/// Why a follow-up could not be had, as a page: the log or the "as of"
/// folds busy is 503 (try again), anything else our fault.
fn not_built(error: FollowUpError) -> PageError {
    let projection = match error {
        FollowUpError::Stopped(e) => {
            return PageError::fault(format!("sammanställningen avbröts: {e}"))
        }
        FollowUpError::Projection(e) => e,
        FollowUpError::Checkpoint(e) => {
            tracing::error!(error = %e, "a follow-up's checkpoint could not be had");
            return PageError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "Uppföljningens signerade kontrollpunkt kan inte tas fram just nu. \
                 Försök igen om en stund."
                    .into(),
            );
        }
    };
    match projection {
        ProjectionError::Busy { .. } => PageError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "Just nu tas andra uppföljningar fram för tidigare datum. Försök igen om en stund."
                .into(),
        ),
        ProjectionError::Store(e) => {
            tracing::error!(error = %e, "the event log could not be read for a page");
            PageError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "Loggen kan inte läsas just nu. Försök igen om en stund.".into(),
            )
        }
        e => PageError::fault(format!("loggen kunde inte läsas: {e}")),
    }
}

fn agreement_id(raw: &str) -> Result<Uuid, PageError> {
    canonical::uuid(raw).ok_or_else(|| {
        PageError::bad_request(format!(
            "”{raw}” är inget id för ett medborgarlöfte. Startsidan länkar till dem som finns."
        ))
    })
}

fn follow_up_year(raw: &str) -> Result<Year, PageError> {
    canonical::follow_up_year(raw).ok_or_else(|| {
        PageError::bad_request(format!(
            "”{raw}” är inget uppföljningsår. Ange ett år med fyra siffror mellan {} och {}, till exempel 2017.",
            Year::FIRST,
            Year::LAST
        ))
    })
}

/// `as_of` from the query: empty or absent is "now"; a date
/// (`2017-12-12`, as the date picker sends it) is the end of that day in
/// Sweden; otherwise an RFC 3339 instant. Other parameters are ignored.
fn as_of_query(query: Option<&str>) -> Result<Option<DateTime<Utc>>, PageError> {
    let raw = form_urlencoded::parse(query.unwrap_or("").as_bytes())
        .find(|(name, _)| name == "as_of")
        .map(|(_, value)| value.trim().to_owned());
    match raw.as_deref() {
        None | Some("") => Ok(None),
        Some(raw) => as_of(raw).map(Some).ok_or_else(|| {
            PageError::bad_request(format!(
                "”{raw}” är inget datum. Ange ett datum som 2017-12-12, \
                 eller en tidpunkt med tidszon som 2017-12-12T18:00:00+01:00."
            ))
        }),
    }
}

fn as_of(raw: &str) -> Option<DateTime<Utc>> {
    if let Some(date) = canonical::date(raw) {
        return end_of_swedish_day(date);
    }
    DateTime::parse_from_rfc3339(raw)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

/// The last microsecond of `date` in Sweden (recorded times have microsecond
/// precision, and "as of" includes the instant itself).
fn end_of_swedish_day(date: NaiveDate) -> Option<DateTime<Utc>> {
    let next_midnight = date.checked_add_days(Days::new(1))?.and_hms_opt(0, 0, 0)?;
    let next_day = next_midnight.and_local_timezone(Stockholm).earliest()?;
    Some(next_day.with_timezone(&Utc) - chrono::Duration::microseconds(1))
}

/// Where an activity stands in the follow-up.
pub(crate) struct Placed<'a> {
    pub focus_area: Option<&'a str>,
    pub commitment: Option<&'a CommitmentFollowUp>,
    pub activity: &'a ActivityLine,
}

/// Every activity of the follow-up with its focus area and commitment, in the
/// page's order; unattached ones last.
pub(crate) fn placed_activities(view: &FollowUp) -> Vec<Placed<'_>> {
    let mut placed = Vec::new();
    for focus in &view.focus_areas {
        for commitment in &focus.commitments {
            placed.extend(
                commitment
                    .progress
                    .activities
                    .iter()
                    .map(|activity| Placed {
                        focus_area: Some(&focus.name),
                        commitment: Some(commitment),
                        activity,
                    }),
            );
        }
        placed.extend(
            focus
                .without_commitment
                .activities
                .iter()
                .map(|activity| Placed {
                    focus_area: Some(&focus.name),
                    commitment: None,
                    activity,
                }),
        );
    }
    placed.extend(view.unattached.iter().map(|activity| Placed {
        focus_area: None,
        commitment: None,
        activity,
    }));
    placed
}

/// A path no route has, asked for by a browser: a Swedish page, 404.
fn not_found_page() -> Response {
    PageError::not_found(
        "Det finns ingen sida på den adressen. Startsidan länkar till alla medborgarlöften \
         och deras uppföljningar."
            .to_owned(),
    )
    .into_response()
}

/// A refusal or fault, answered as a page in Swedish with its status.
#[derive(Debug)]
pub(crate) struct PageError {
    status: StatusCode,
    message: String,
    /// Where to go instead (address, link text), besides the start page.
    instead: Option<(String, String)>,
    /// When to try again, for a page that is not there yet (503).
    retry_after: Option<Duration>,
}

impl PageError {
    fn new(status: StatusCode, message: String) -> PageError {
        PageError {
            status,
            message,
            instead: None,
            retry_after: None,
        }
    }

    /// Not there yet (503): try again after `retry_after`.
    fn unavailable(message: String, retry_after: Duration) -> PageError {
        PageError {
            retry_after: Some(retry_after),
            ..PageError::new(StatusCode::SERVICE_UNAVAILABLE, message)
        }
    }

    fn bad_request(message: String) -> PageError {
        PageError::new(StatusCode::BAD_REQUEST, message)
    }

    fn not_found(message: String) -> PageError {
        PageError::new(StatusCode::NOT_FOUND, message)
    }

    fn forbidden(message: String) -> PageError {
        PageError::new(StatusCode::FORBIDDEN, message)
    }

    fn fault(detail: String) -> PageError {
        tracing::error!(%detail, "a page could not be made");
        PageError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "Ett fel uppstod hos oss när sidan skulle sammanställas. Försök igen om en stund."
                .to_owned(),
        )
    }

    fn instead(self, href: String, text: &str) -> PageError {
        PageError {
            instead: Some((href, text.to_owned())),
            ..self
        }
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let title = match self.status {
            StatusCode::NOT_FOUND => "Sidan finns inte",
            StatusCode::FORBIDDEN => "Inte tillåtet",
            StatusCode::TOO_MANY_REQUESTS => "För många försök",
            StatusCode::SERVICE_UNAVAILABLE => "Försök igen om en stund",
            status if status.is_client_error() => "Felaktig adress",
            _ => "Något gick fel",
        };
        let page = layout::error_page(title, &self.message, self.instead.as_ref());
        let mut response = (self.status, page).into_response();
        if let Some(after) = self.retry_after {
            let seconds = after.as_secs().max(1);
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_date_is_the_end_of_that_swedish_day() {
        let winter = as_of("2017-12-12").unwrap();
        assert_eq!(winter.to_rfc3339(), "2017-12-12T22:59:59.999999+00:00");
        let summer = as_of("2017-07-01").unwrap();
        assert_eq!(summer.to_rfc3339(), "2017-07-01T21:59:59.999999+00:00");
    }

    #[test]
    fn an_instant_is_taken_as_it_is_and_nonsense_is_refused() {
        let instant = as_of("2017-12-12T18:00:00+01:00").unwrap();
        assert_eq!(instant.to_rfc3339(), "2017-12-12T17:00:00+00:00");
        assert!(as_of("igår").is_none());
        assert!(as_of("2017-13-01").is_none());
        assert_eq!(as_of_query(Some("as_of=")).unwrap(), None);
        assert_eq!(as_of_query(None).unwrap(), None);
        let refused = as_of_query(Some("as_of=2017-02-30")).unwrap_err();
        assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    }

    #[test]
    fn years_and_ids_are_checked() {
        assert_eq!(follow_up_year("2017").unwrap().get(), 2017);
        assert_eq!(
            follow_up_year("1999").unwrap_err().status,
            StatusCode::BAD_REQUEST
        );
        assert_eq!(
            follow_up_year("17").unwrap_err().status,
            StatusCode::BAD_REQUEST
        );
        assert_eq!(
            agreement_id("inte-ett-id").unwrap_err().status,
            StatusCode::BAD_REQUEST
        );
    }
}
