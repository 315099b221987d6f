//! The full journey: a coordinator sets up an agreement, a reporter records
//! activities (with a retry and a conflict), an auditor corrects a mistake,
//! the public reads the follow-up (now and as it was), and the auditor reads
//! the stream, the log and the audit trail and verifies the chain.

use serde_json::json;

use crate::requests::{
    activity_completed, activity_stream, agreement_adopted, agreement_stream, body,
    commitment_added, correction,
};
use crate::server::Server;

#[test]
fn the_full_journey() {
    let server = Server::start();
    let tokens = server.tokens();

    // A coordinator sets up an agreement with a commitment.
    let (agreement, agreement_stream) = agreement_stream();
    let setup = body(
        Some(0),
        vec![agreement_adopted(agreement), commitment_added()],
    );
    let created = server.append(&agreement_stream, &tokens.coordinator, &setup);
    assert_eq!(created.status, 201, "{}", created.text);
    assert_eq!(created.body["positions"], json!([1, 2]));
    assert_eq!(created.body["stream_version"], 2);
    assert_eq!(created.body["stream"], agreement_stream.as_str());

    // A reporter records an activity; the retry of the same request is
    // answered with the same positions and records nothing.
    let stream = activity_stream();
    let completed = activity_completed(
        Some(agreement),
        "Hastighetskontroll på Dalavägen, 40 fordon.",
    );
    let request = body(Some(0), vec![completed.clone()]);
    let recorded = server.append(&stream, &tokens.reporter, &request);
    assert_eq!(recorded.status, 201, "{}", recorded.text);
    assert_eq!(recorded.body["positions"], json!([3]));
    assert_eq!(recorded.body["event_ids"], json!([completed["id"]]));
    let retry = server.append(&stream, &tokens.reporter, &request);
    assert_eq!(retry.status, 200, "an idempotent retry: {}", retry.text);
    assert_eq!(retry.body, recorded.body, "the same positions and ids");

    let second = activity_completed(Some(agreement), "Nykterhetskontroll i Ekshärad.");
    let other = server.append(
        &activity_stream(),
        &tokens.reporter,
        &body(None, vec![second]),
    );
    assert_eq!(other.status, 201, "{}", other.text);
    assert_eq!(other.body["positions"], json!([4]));

    // Someone else's stale view of the stream is a conflict.
    let stale = body(
        Some(0),
        vec![activity_completed(Some(agreement), "Dubbelregistrering.")],
    );
    let conflict = server.append(&stream, &tokens.reporter, &stale);
    let problem = conflict.assert_problem(409, "a stale expected_version");
    assert_eq!(problem["type"], "/docs#problem-version-conflict");

    // The place was wrong: the auditor corrects it (auditors append
    // corrections and retractions, nothing else).
    let fix = body(
        Some(1),
        vec![correction(
            &completed,
            json!({"places": ["Ekshärad"]}),
            "Fel ort angavs.",
        )],
    );
    let corrected = server.append(&stream, &tokens.auditor, &fix);
    assert_eq!(corrected.status, 201, "{}", corrected.text);
    assert_eq!(corrected.body["positions"], json!([5]));
    assert_eq!(corrected.body["stream_version"], 2);

    // The auditor reads the stream: both events, stamped from the token.
    let read = server.get(&format!("/api/v1/streams/{stream}"), Some(&tokens.auditor));
    assert_eq!(read.status, 200, "{}", read.text);
    assert_eq!(read.body["stream_version"], 2);
    let events = read.body["events"].as_array().unwrap();
    let types: Vec<&str> = events.iter().map(|e| e["type"].as_str().unwrap()).collect();
    assert_eq!(types, ["activity_completed", "correction"]);
    assert_eq!(events[1]["data"]["changes"]["places"], json!(["Ekshärad"]));
    assert_eq!(events[0]["metadata"]["actor"], "polis-4711");
    assert_eq!(events[0]["metadata"]["organisation"], "Polisen");
    assert_eq!(events[1]["metadata"]["actor"], "revisor");
    assert_eq!(events[1]["metadata"]["organisation"], "Hagfors kommun");
    assert!(read.body["next"].is_null());

    // The global log: gapless positions, each linked to the one before.
    let log = server.get("/api/v1/events", Some(&tokens.auditor));
    assert_eq!(log.status, 200, "{}", log.text);
    assert_eq!(log.body["head_position"], 5);
    let events = log.body["events"].as_array().unwrap();
    let positions: Vec<u64> = events
        .iter()
        .map(|e| e["position"].as_u64().unwrap())
        .collect();
    assert_eq!(positions, [1, 2, 3, 4, 5]);
    assert_eq!(events[0]["prev_hash"], "0".repeat(64));
    for pair in events.windows(2) {
        assert_eq!(pair[1]["prev_hash"], pair[0]["hash"]);
    }
    assert_eq!(events[0]["metadata"]["actor"], "samordnare");

    // Paging backward from the end.
    let page = server.get(
        "/api/v1/events?direction=backward&limit=2",
        Some(&tokens.auditor),
    );
    let positions: Vec<u64> = page.body["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["position"].as_u64().unwrap())
        .collect();
    assert_eq!(positions, [5, 4]);
    let next = page.body["next"].as_str().unwrap();
    let rest = server.get(next, Some(&tokens.auditor));
    assert_eq!(rest.body["events"][0]["position"], 3, "{next}");

    // The public reads the agreements and the 2025 follow-up, without a token.
    let list = server.get("/api/v1/agreements", None);
    assert_eq!(list.status, 200, "{}", list.text);
    assert!(list
        .body
        .as_array()
        .unwrap()
        .iter()
        .any(|a| a["id"] == json!(agreement)));
    let path = format!("/api/v1/agreements/{agreement}/follow-up/2025");
    let public = server.wait_for_follow_up(&path, 5);
    let commitment = &public.body["focus_areas"][0]["commitments"][0];
    assert_eq!(commitment["key"], "trafikkontroller");
    assert_eq!(commitment["target"], json!({"per_year": 20}));
    assert_eq!(commitment["status"], "partly");
    assert_eq!(commitment["progress"]["counts"]["completed"], 2);
    assert_eq!(commitment["progress"]["facts"]["checked"]["sum"], 80);
    let line = &commitment["progress"]["activities"][0];
    assert_eq!(
        line["places"],
        json!(["Ekshärad"]),
        "the correction applies"
    );
    assert_eq!(public.body["unattached"], json!([]));
    assert_eq!(public.body["totals"]["completed"], 2);
    assert_eq!(public.body["amendments"].as_array().unwrap().len(), 1);
    assert!(!public.text.contains("recorded_by") && !public.text.contains("polis-4711"));

    // As of the moment the activity was recorded, before the correction.
    let before = events[2]["recorded"].as_str().unwrap();
    let then = server.get(
        &format!("{path}?as_of={}", before.replace('+', "%2B")),
        None,
    );
    assert_eq!(then.status, 200, "{}", then.text);
    let line = &then.body["focus_areas"][0]["commitments"][0]["progress"]["activities"][0];
    assert_eq!(line["places"], json!(["Hagfors centrum"]));
    assert_eq!(then.body["built_from"]["position"], 3);
    assert_eq!(then.body["built_from"]["as_of"], before);

    // The auditor sees who recorded what, and reads the trail of the stream:
    // the completion and its correction, linked both ways.
    let internal = server.get(&path, Some(&tokens.auditor));
    assert!(
        internal.text.contains("polis-4711 (Polisen)"),
        "{}",
        internal.text
    );
    let trail = server.get(
        &format!("/api/v1/audit/trail?stream={stream}"),
        Some(&tokens.auditor),
    );
    assert_eq!(trail.status, 200, "{}", trail.text);
    let entries = trail.body["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 2);
    assert_eq!(entries[0]["amended_by"][0]["id"], fix["events"][0]["id"]);
    assert_eq!(entries[1]["amends"]["id"], completed["id"]);
    assert_eq!(entries[1]["amends"]["position"], 3);
    assert_eq!(entries[1]["actor"], "revisor");
    assert_eq!(entries[0]["occurred"]["from"], "2025-05-03");
    let corrections = server.get("/api/v1/audit/trail?type=correction", Some(&tokens.auditor));
    assert_eq!(corrections.body["entries"].as_array().unwrap().len(), 1);

    // And the chain verifies, ending at the last event's hash.
    let verified = server.assert_healthy(&tokens.auditor);
    assert_eq!(verified["head_position"], 5);
    assert_eq!(verified["head_hash"], events[4]["hash"]);
}
