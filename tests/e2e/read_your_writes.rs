//! Read your writes against the real server: each append's 201 gives its
//! position, and a follow-up read right after it with `?min_position=` of
//! that position counts it, every time (without it, a read could miss the
//! append: the view follows the log a moment behind).

use crate::requests::{
    activity_completed, activity_stream, agreement_adopted, agreement_stream, body,
    commitment_added,
};
use crate::server::Server;

const APPENDS: u64 = 30;

#[test]
fn a_read_with_the_position_of_an_append_counts_it_every_time() {
    let server = Server::start();
    let tokens = server.tokens();
    let (agreement, stream) = agreement_stream();
    let setup = body(
        Some(0),
        vec![agreement_adopted(agreement), commitment_added()],
    );
    let adopted = server.append(&stream, &tokens.coordinator, &setup);
    assert_eq!(adopted.status, 201, "{}", adopted.text);
    let follow_up = format!("/api/v1/agreements/{agreement}/follow-up/2025");
    for completed in 1..=APPENDS {
        let event = activity_completed(Some(agreement), "Hastighetskontroll.");
        let appended = server.append(
            &activity_stream(),
            &tokens.reporter,
            &body(None, vec![event]),
        );
        assert_eq!(appended.status, 201, "{}", appended.text);
        let position = appended.body["positions"][0].as_u64().expect("a position");
        let read = server.get(&format!("{follow_up}?min_position={position}"), None);
        assert_eq!(read.status, 200, "{}", read.text);
        assert!(read.body["built_from"]["position"].as_u64() >= Some(position));
        assert_eq!(read.body["totals"]["completed"], completed, "{}", read.text);
    }
    let head = 2 + APPENDS;
    let beyond = server.get(&format!("{follow_up}?min_position={}", head + 1), None);
    let problem = beyond.assert_problem(400, "a position beyond the head");
    let detail = problem["detail"].as_str().unwrap();
    assert!(
        detail.contains(&format!("beyond the log's head, {head}")),
        "{detail}"
    );
}
