//! Missing, garbled, unknown and revoked tokens; roles that may not; routing.

use reqwest::Method;
use serde_json::json;

use super::{append, append_to, get, request, spoiled, Auth, Bad, Given};
use crate::requests::{agreement_adopted, body};
use crate::server::Who;

pub(super) fn rows(given: &Given) -> Vec<Bad> {
    let agreement = given.agreement;
    let agreement_stream = &given.agreement_stream;
    let existing_stream = given.existing_stream;
    vec![
        // Missing, garbled, unknown and revoked tokens; roles that may not.
        append("no token", given.valid(), 401, "Bearer").auth(Auth::As(Who::Public)),
        append("another scheme", given.valid(), 401, "Bearer <token>")
            .auth(Auth::Header("Token abc")),
        append(
            "an empty bearer token",
            given.valid(),
            401,
            "Bearer <token>",
        )
        .auth(Auth::Header("Bearer ")),
        append("an unknown token", given.valid(), 401, "not known").auth(Auth::Header(
            "Bearer tl_0000000000000000000000000000000000000000000000000000000000000000",
        )),
        append("a revoked token", given.valid(), 401, "revoked").auth(Auth::Revoked),
        append(
            "an auditor records new work",
            given.valid(),
            403,
            "corrections and retractions",
        )
        .auth(Auth::As(Who::Auditor)),
        append_to(
            "a reporter keeps an agreement",
            agreement_stream,
            Who::Reporter,
            body(None, vec![agreement_adopted(agreement)]),
            403,
            "coordinators",
        ),
        spoiled(
            "a reporter records another's activity",
            |e| e["data"]["responsible"] = json!(["Hagfors kommun"]),
            403,
            "Hagfors kommun",
        ),
        request(
            "a reporter reads the log",
            Method::GET,
            "/api/v1/events",
            Who::Reporter,
            403,
            "auditor or admin",
        ),
        request(
            "a coordinator verifies",
            Method::GET,
            "/api/v1/audit/verify",
            Who::Coordinator,
            403,
            "auditor or admin",
        ),
        // Routing.
        get("an unknown route", "/api/v1/nothing", 404, "/docs"),
        request(
            "DELETE on the log",
            Method::DELETE,
            "/api/v1/events",
            Who::Admin,
            405,
            "DELETE",
        ),
        request(
            "PUT on the append route",
            Method::PUT,
            format!("/api/v1/streams/{existing_stream}/events"),
            Who::Admin,
            405,
            "PUT",
        ),
    ]
}
