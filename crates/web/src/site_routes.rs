//! Every route of the site in one table: a method on a path, what it is, and
//! its handler. The router is built from it, and `/docs` lists it
//! (`trygglogg_api::Site::listed`), so the two cannot drift apart.

use axum::handler::Handler;
use axum::http::StatusCode;
use axum::routing::{self, MethodRouter};
use axum::Router;
use trygglogg_api::{AppState, SiteRoute};

use crate::record::agreement_correction;
use crate::record::assessment::AssessmentForm;
use crate::record::indicator::IndicatorForm;
use crate::record::review::ReviewForm;
use crate::{about_checkpoint, about_log, agreement_page, index, mine, record, session};
use crate::{follow_up_or_csv, tertial_follow_up_or_csv};

/// One row: what `/docs` says of a route, and the handler that serves it.
pub(crate) struct Route {
    pub listed: SiteRoute,
    handler: MethodRouter<AppState>,
}

impl Route {
    /// `GET path`: the method named and routed by the one call.
    pub(crate) fn get<H, T>(path: impl Into<String>, what: impl Into<String>, handler: H) -> Route
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        Route::new("GET", path.into(), what.into(), routing::get(handler))
    }

    /// `POST path`.
    pub(crate) fn post<H, T>(path: impl Into<String>, what: impl Into<String>, handler: H) -> Route
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        Route::new("POST", path.into(), what.into(), routing::post(handler))
    }

    fn new(
        method: &'static str,
        path: String,
        what: String,
        handler: MethodRouter<AppState>,
    ) -> Route {
        Route {
            listed: SiteRoute { method, path, what },
            handler,
        }
    }
}

/// The table.
pub(crate) fn table() -> Vec<Route> {
    let follow_up = "/agreements/{id}/follow-up/{year}";
    let mut table = vec![
        Route::get("/", "Every agreement and its follow-ups.", index::index),
        Route::get("/agreements", "The same list as `/`.", index::index),
        Route::get(
            "/agreements/{id}",
            "An agreement: its commitments and the years it can be followed up for.",
            agreement_page::agreement,
        ),
        Route::get(
            about_log::ABOUT_LOG_PATH,
            "What the log, its entries and its checksum are, in plain Swedish.",
            about_log::about_log,
        ),
        Route::get(
            about_checkpoint::ABOUT_CHECKPOINT_PATH,
            "What the signed checkpoint under every follow-up proves, and how anyone checks it, in plain Swedish.",
            about_checkpoint::about_checkpoint,
        ),
        // A browser asks for it on every page: nothing, rather than a 404.
        Route::get(
            "/favicon.ico",
            "Nothing (204): the site has no icon.",
            || async { StatusCode::NO_CONTENT },
        ),
        Route::get(
            follow_up,
            "A year's follow-up; `{year}.csv` as CSV, `{year}.excel.csv` as CSV for Swedish \
             Excel, `{year}.xlsx` as a workbook; `period` (with the same endings) for the whole \
             period. `?as_of=` a date or instant: as recorded in the log then.",
            follow_up_or_csv,
        ),
        Route::get(
            format!("{follow_up}/{{tertial}}"),
            "A tertial's follow-up, `t1`, `t2` or `t3`, with the same endings and `as_of`.",
            tertial_follow_up_or_csv,
        ),
        Route::get(
            session::SIGN_IN_PATH,
            "Sign in with a token, or a one-time link from `trygglogg token create --login`.",
            session::pages::sign_in_page,
        ),
        Route::post(session::SIGN_IN_PATH, "Signs in.", session::pages::sign_in),
        Route::post("/logga-ut", "Signs out.", session::pages::sign_out),
        Route::get(
            mine::MINE_PATH,
            "What the person signed in has recorded, to correct or retract.",
            mine::list,
        ),
        Route::get(
            format!("{}/{{id}}/{{action}}", mine::MINE_PATH),
            "The form to correct or retract one of them.",
            mine::form,
        ),
        Route::post(
            format!("{}/{{id}}/{{action}}", mine::MINE_PATH),
            "Records the correction or retraction.",
            mine::record,
        ),
        Route::get(
            record::choice::RECORD_PATH,
            "Choose what to record.",
            record::choose,
        ),
        Route::get(
            record::choice::DETAILS_PATH,
            "The form for an activity's details.",
            record::details,
        ),
        Route::post(
            record::choice::DETAILS_PATH,
            "Records the activity.",
            record::record,
        ),
    ];
    table.extend([
        Route::get(
            record::indicator_definition::INDICATOR_DEFINITION_PATH,
            "The form to define an indicator.",
            record::indicator_definition::form,
        ),
        Route::post(
            record::indicator_definition::INDICATOR_DEFINITION_PATH,
            "Records the indicator.",
            record::indicator_definition::record,
        ),
        Route::get(
            record::new_agreement::NEW_AGREEMENT_PATH,
            "The form for a new agreement.",
            record::new_agreement::form,
        ),
        Route::post(
            record::new_agreement::NEW_AGREEMENT_PATH,
            "Records the agreement.",
            record::new_agreement::record,
        ),
        Route::get(
            record::new_commitment::NEW_COMMITMENT_PATH,
            "The form for a commitment added to an agreement.",
            record::new_commitment::form,
        ),
        Route::post(
            record::new_commitment::NEW_COMMITMENT_PATH,
            "Records the commitment.",
            record::new_commitment::record,
        ),
    ]);
    table.extend(agreement_correction::routes::<AssessmentForm>());
    table.extend(agreement_correction::routes::<ReviewForm>());
    table.extend(agreement_correction::routes::<IndicatorForm>());
    table
}

/// The router of `table`, a route per row.
pub(crate) fn router(table: Vec<Route>) -> Router<AppState> {
    table.into_iter().fold(Router::new(), |router, route| {
        router.route(&route.listed.path, route.handler)
    })
}

/// What `/docs` lists of `table`.
pub(crate) fn listed(table: &[Route]) -> Vec<SiteRoute> {
    table.iter().map(|route| route.listed.clone()).collect()
}
