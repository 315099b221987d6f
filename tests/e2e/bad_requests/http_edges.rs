//! The rows of the bad-request table for the edges of HTTP: headers given
//! twice, and parameters in any but their one canonical form.

use reqwest::Method;

use super::{get, request, Bad};
use crate::server::Who;

/// An agreement id in its one accepted form.
const DEMO: &str = "5a1e0000-2017-4000-8000-000000000001";

pub(super) fn rows() -> Vec<Bad> {
    vec![
        request(
            "two Authorization headers",
            Method::GET,
            "/api/v1/audit/verify",
            Who::Public,
            400,
            "\"path\":\"Authorization\"",
        )
        .header("Authorization", "Bearer tl_first")
        .header("Authorization", "Bearer tl_second"),
        // One spelling for each parameter.
        get(
            "a year with a plus sign",
            format!("/api/v1/agreements/{DEMO}/follow-up/+2017"),
            400,
            "\"path\":\"year\"",
        ),
        get(
            "a year of five digits",
            format!("/api/v1/agreements/{DEMO}/follow-up/02017"),
            400,
            "\"path\":\"year\"",
        ),
        get(
            "an agreement id in braces",
            format!("/api/v1/agreements/{{{DEMO}}}"),
            400,
            "\"path\":\"id\"",
        ),
        get(
            "an agreement id without hyphens",
            format!("/api/v1/agreements/{}", DEMO.replace('-', "")),
            400,
            "\"path\":\"id\"",
        ),
        get(
            "an agreement id as a URN, for a follow-up",
            format!("/api/v1/agreements/urn:uuid:{DEMO}/follow-up/2017"),
            400,
            "\"path\":\"id\"",
        ),
        get(
            "a query that is not UTF-8",
            "/api/v1/agreements?x=%FF",
            400,
            "\"path\":\"x\"",
        ),
        get(
            "an as_of that is not UTF-8",
            format!("/api/v1/agreements/{DEMO}/follow-up/2017?as_of=2017-12-12T18:00:00%FF"),
            400,
            "\"path\":\"as_of\"",
        ),
        get(
            "a query whose name is not UTF-8",
            "/api/v1/events?%C3=1",
            400,
            "\"path\":\"query\"",
        ),
    ]
}
