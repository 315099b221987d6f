//! Bad stream names in the path.

use uuid::Uuid;

use super::{append, append_to, Bad, Given};
use crate::requests::{activity_completed, body};
use crate::server::Who;

pub(super) fn rows(given: &Given) -> Vec<Bad> {
    vec![
        // Bad stream names in the path.
        append_to(
            "a stream id that is not a UUID",
            "activity-123",
            Who::Reporter,
            given.valid(),
            400,
            "\"path\":\"stream\"",
        ),
        append_to(
            "an unknown stream category",
            &format!("meeting-{}", Uuid::new_v4()),
            Who::Reporter,
            given.valid(),
            400,
            "\"path\":\"stream\"",
        ),
        append_to(
            "an upper-case stream UUID",
            &format!("activity-{}", Uuid::new_v4().to_string().to_uppercase()),
            Who::Reporter,
            given.valid(),
            400,
            "\"path\":\"stream\"",
        ),
        append_to(
            "a stream name without an id",
            "activity",
            Who::Reporter,
            given.valid(),
            400,
            "\"path\":\"stream\"",
        ),
        append(
            "an activity serving an agreement that does not exist",
            body(
                None,
                vec![activity_completed(Some(Uuid::new_v4()), "Kontroll.")],
            ),
            422,
            "agreement_missing",
        ),
    ]
}
