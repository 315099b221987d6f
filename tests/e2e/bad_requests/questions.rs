//! Bad follow-up and audit-trail questions, and bad pages.

use reqwest::Method;
use uuid::Uuid;

use super::{get, request, Bad, Given};
use crate::requests::activity_stream;
use crate::server::Who;

pub(super) fn rows(given: &Given) -> Vec<Bad> {
    let agreement = given.agreement;
    let existing_stream = given.existing_stream;
    let stream_read = |query: &str| format!("/api/v1/streams/{existing_stream}{query}");
    vec![
        // Bad follow-up and audit-trail questions.
        get(
            "an agreement id that is not a UUID",
            "/api/v1/agreements/hagfors",
            400,
            "\"path\":\"id\"",
        ),
        get(
            "an agreement that does not exist",
            format!("/api/v1/agreements/{}", Uuid::new_v4()),
            404,
            "no agreement has the id",
        ),
        get(
            "a follow-up year in words",
            format!("/api/v1/agreements/{agreement}/follow-up/tjugo"),
            400,
            "\"path\":\"year\"",
        ),
        get(
            "a follow-up year out of range",
            format!("/api/v1/agreements/{agreement}/follow-up/17"),
            400,
            "a year from 2000 to 2100",
        ),
        get(
            "a follow-up year before the domain's first year",
            format!("/api/v1/agreements/{agreement}/follow-up/1999"),
            400,
            "a year from 2000 to 2100",
        ),
        get(
            "a follow-up of an unknown agreement",
            format!("/api/v1/agreements/{}/follow-up/2017", Uuid::new_v4()),
            404,
            "GET /api/v1/agreements",
        ),
        get(
            "an as_of without its offset",
            format!("/api/v1/agreements/{agreement}/follow-up/2017?as_of=2017-12-12T18:00:00"),
            400,
            "\"path\":\"as_of\"",
        ),
        get(
            "an as_of that is a date only",
            format!("/api/v1/agreements/{agreement}/follow-up/2017?as_of=2017-12-12"),
            400,
            "RFC 3339",
        ),
        get(
            "an unknown follow-up parameter",
            format!("/api/v1/agreements/{agreement}/follow-up/2017?format=pdf"),
            400,
            "format",
        ),
        get(
            "a trail of a bad stream name",
            "/api/v1/audit/trail?stream=aktivitet-1",
            400,
            "\"path\":\"stream\"",
        ),
        get(
            "a trail from a time in words",
            "/api/v1/audit/trail?recorded_from=igår",
            400,
            "\"path\":\"recorded_from\"",
        ),
        get(
            "a trail of an unknown event type",
            "/api/v1/audit/trail?type=nonsense",
            400,
            "\"path\":\"type\"",
        ),
        get(
            "a trail of an unknown event type lists the known ones",
            "/api/v1/audit/trail?type=activity",
            400,
            "activity_completed",
        ),
        get(
            "a trail limit over the maximum",
            "/api/v1/audit/trail?limit=100000",
            400,
            "maximum of 1000",
        ),
        get(
            "a trail cursor in words",
            "/api/v1/audit/trail?after=start",
            400,
            "\"path\":\"after\"",
        ),
        request(
            "the public reads the trail",
            Method::GET,
            "/api/v1/audit/trail",
            Who::Public,
            401,
            "Bearer",
        ),
        request(
            "a reporter reads the trail",
            Method::GET,
            "/api/v1/audit/trail",
            Who::Reporter,
            403,
            "auditor or admin",
        ),
        // Bad pages.
        get(
            "a limit over the maximum",
            "/api/v1/events?limit=5000",
            400,
            "maximum of 1000",
        ),
        get(
            "a limit of 0",
            "/api/v1/events?limit=0",
            400,
            "\"path\":\"limit\"",
        ),
        get(
            "a limit in words",
            "/api/v1/events?limit=ten",
            400,
            "\"path\":\"limit\"",
        ),
        get(
            "an unknown direction",
            "/api/v1/events?direction=sideways",
            400,
            "\"path\":\"direction\"",
        ),
        get(
            "a negative version",
            stream_read("?from=-1"),
            400,
            "\"path\":\"from\"",
        ),
        get(
            "a stream limit over the maximum",
            stream_read("?limit=1001"),
            400,
            "maximum of 1000",
        ),
        get(
            "an unknown parameter",
            "/api/v1/events?colour=red",
            400,
            "colour",
        ),
        get(
            "an export with a parameter it does not take",
            "/api/v1/export?after=10",
            400,
            "after",
        ),
        get(
            "after, paging backward",
            "/api/v1/events?after=3&direction=backward",
            400,
            "\"path\":\"after\"",
        ),
        get(
            "a stream that does not exist",
            format!("/api/v1/streams/{}", activity_stream()),
            404,
            "holds no events",
        ),
        get(
            "a Last-Event-ID that is not a position",
            "/api/v1/events/subscribe",
            400,
            "Last-Event-ID",
        )
        .header("Last-Event-ID", "abc"),
        get(
            "a negative subscription start",
            "/api/v1/events/subscribe?after=-5",
            400,
            "\"path\":\"after\"",
        ),
    ]
}
