//! Two municipalities, Hagfors and Torsby, each with an agreement and an
//! activity of Polisen: the world of the authorisation matrix, and the
//! attacks of issue 13 on it, one test each.

use serde_json::{json, Value};
use uuid::Uuid;

use crate::requests::{
    activity_completed, activity_stream, agreement_adopted, agreement_stream, body,
    commitment_added, correction, focus_area_added,
};
use crate::server::Server;

/// What the operator recorded in the two municipalities.
pub struct Fixture {
    pub activity_stream: String,
    /// Hagfors' agreement, the tokens' own.
    pub agreement: Uuid,
    /// Torsby's agreement.
    pub torsby: Uuid,
    /// Polisen's completed activity serving Hagfors' agreement: its stream and event.
    pub own_activity: (String, Value),
    /// Polisen's completed activity serving Torsby's agreement.
    pub other_activity: (String, Value),
}

/// `agreement_adopted` for Torsby kommun instead of Hagfors kommun.
pub fn in_torsby(mut adopted: Value) -> Value {
    let data = &mut adopted["data"];
    data["title"] = json!("Medborgarlöften Torsby 2025");
    data["municipality"] = json!("Torsby kommun");
    data["parties"] = json!(["Torsby kommun", "Polisen"]);
    adopted
}

/// A key no earlier call used.
fn fresh_key() -> String {
    format!("k{}", &Uuid::new_v4().simple().to_string()[..8])
}

pub fn append_to(stream: String, events: Vec<Value>) -> (String, Option<Value>) {
    (
        format!("/api/v1/streams/{stream}/events"),
        Some(body(None, events)),
    )
}

pub fn to_agreement(agreement: Uuid) -> String {
    format!("agreement-{agreement}")
}

pub fn a_new_focus_area() -> Value {
    focus_area_added(&fresh_key())
}

pub fn a_new_commitment() -> Value {
    let mut commitment = commitment_added();
    commitment["data"]["key"] = json!(fresh_key());
    commitment
}

pub fn correct(activity: &(String, Value), changes: Value) -> (String, Option<Value>) {
    let (stream, completed) = activity;
    append_to(
        stream.clone(),
        vec![correction(completed, changes, "Fel uppgift.")],
    )
}

/// Records, as an admin of the whole service, what the table needs: an
/// agreement in each municipality and an activity of Polisen serving each.
pub fn fixture(server: &Server) -> Fixture {
    let operator = server.token_with("admin", "Hagfors kommun", "drift", &["--whole-service"]);
    let adopt = |adopted: fn(Uuid) -> Value| {
        let (id, stream) = agreement_stream();
        let events = vec![adopted(id), commitment_added()];
        let answer = server.append(&stream, &operator, &body(None, events));
        assert_eq!(answer.status, 201, "{}", answer.text);
        id
    };
    let agreement = adopt(agreement_adopted);
    let torsby = adopt(|id| in_torsby(agreement_adopted(id)));
    let activity = |agreement: Uuid| {
        let stream = activity_stream();
        let done = activity_completed(Some(agreement), "Första kontrollen.");
        let answer = server.append(&stream, &operator, &body(None, vec![done.clone()]));
        assert_eq!(answer.status, 201, "{}", answer.text);
        (stream, done)
    };
    let own_activity = activity(agreement);
    let other_activity = activity(torsby);
    Fixture {
        activity_stream: own_activity.0.clone(),
        agreement,
        torsby,
        own_activity,
        other_activity,
    }
}

/// The head of the log, read as an admin.
fn head(server: &Server, admin: &str) -> Value {
    let log = server.get("/api/v1/events?limit=1000", Some(admin));
    assert_eq!(log.status, 200, "{}", log.text);
    log.body["events"]
        .as_array()
        .unwrap()
        .last()
        .cloned()
        .unwrap_or(Value::Null)
}

/// Issue 13: "a reporter of Polisen records into any municipality's
/// agreement". A Polisen token serves the municipalities it names.
#[test]
fn a_police_reporter_records_only_in_the_municipalities_it_serves() {
    let server = Server::start();
    let fixture = fixture(&server);
    let admin = server.token_with("admin", "Polisen", "polisadmin", &["--whole-service"]);
    let for_hagfors = server.token_with(
        "reporter",
        "Polisen",
        "polis-1",
        &["--for", "Hagfors kommun"],
    );
    let for_both = server.token_with(
        "reporter",
        "Polisen",
        "polis-2",
        &[
            "--for",
            "Hagfors kommun",
            "--for",
            "Torsby kommun",
            "--area",
            "LPO Norra Värmland",
        ],
    );
    let serving = |agreement: Uuid| {
        let mut done = activity_completed(Some(agreement), "Kontroll.");
        done["data"]["serves"]
            .as_object_mut()
            .unwrap()
            .remove("commitment");
        body(None, vec![done])
    };
    let before = head(&server, &admin);
    let refused = server.append(&activity_stream(), &for_hagfors, &serving(fixture.torsby));
    let problem = refused.assert_problem(403, "a Hagfors police reporter in Torsby");
    let detail = problem["detail"].as_str().unwrap();
    assert!(
        detail.contains("Torsby kommun's") && detail.contains("serves Hagfors kommun only"),
        "{detail}"
    );
    assert_eq!(head(&server, &admin), before, "the log is unchanged");
    let own = server.append(
        &activity_stream(),
        &for_hagfors,
        &serving(fixture.agreement),
    );
    assert_eq!(own.status, 201, "{}", own.text);
    for agreement in [fixture.agreement, fixture.torsby] {
        let both = server.append(&activity_stream(), &for_both, &serving(agreement));
        assert_eq!(both.status, 201, "{}", both.text);
    }
}

/// Issue 13: "a coordinator of Torsby kommun adopts an agreement for
/// Hagfors, adds focus areas to it and records Hagfors kommun's activities
/// (all 201)".
#[test]
fn a_coordinator_of_torsby_does_not_keep_hagfors_agreements() {
    let server = Server::start();
    let fixture = fixture(&server);
    let torsby = server.token("coordinator", "Torsby kommun", "samordnare-torsby");
    let (id, stream) = agreement_stream();
    let adopt = server.append(&stream, &torsby, &body(None, vec![agreement_adopted(id)]));
    adopt.assert_problem(403, "Torsby adopts Hagfors' agreement");
    let focus = server.append(
        &to_agreement(fixture.agreement),
        &torsby,
        &body(None, vec![a_new_focus_area()]),
    );
    focus.assert_problem(403, "Torsby adds a focus area to Hagfors' agreement");
    let mut hagfors_work = activity_completed(Some(fixture.agreement), "Kommunens kontroll.");
    hagfors_work["data"]["responsible"] = json!(["Hagfors kommun"]);
    let record = server.append(
        &activity_stream(),
        &torsby,
        &body(None, vec![hagfors_work.clone()]),
    );
    record.assert_problem(403, "Torsby records Hagfors kommun's activity");
    hagfors_work["data"]
        .as_object_mut()
        .unwrap()
        .remove("serves");
    let unattached = server.append(&activity_stream(), &torsby, &body(None, vec![hagfors_work]));
    let detail = unattached
        .assert_problem(403, "Torsby records Hagfors kommun's unattached activity")["detail"]
        .as_str()
        .unwrap();
    assert!(detail.contains("Hagfors kommun is responsible"), "{detail}");
    // In its own municipality it keeps its agreement.
    let own = server.append(
        &to_agreement(fixture.torsby),
        &torsby,
        &body(None, vec![a_new_focus_area()]),
    );
    assert_eq!(own.status, 201, "{}", own.text);
}

/// Issue 13: "a Hagfors reporter's correction of its own activity moves it
/// into Torsby's agreement (201), where it then counts".
#[test]
fn a_correction_does_not_move_an_activity_into_another_municipality() {
    let server = Server::start();
    let fixture = fixture(&server);
    let reporter = server.token("reporter", "Hagfors kommun", "fritid-1");
    let stream = activity_stream();
    let mut done = activity_completed(Some(fixture.agreement), "Kommunens kontroll.");
    done["data"]["responsible"] = json!(["Hagfors kommun"]);
    done["data"]["serves"]
        .as_object_mut()
        .unwrap()
        .remove("commitment");
    let recorded = server.append(&stream, &reporter, &body(None, vec![done.clone()]));
    assert_eq!(recorded.status, 201, "{}", recorded.text);
    let serves = json!({"agreement": fixture.torsby, "focus_area": "trafikmiljo"});
    let moved = server.append(
        &stream,
        &reporter,
        &body(
            None,
            vec![correction(&done, json!({"serves": serves}), "Fel avtal.")],
        ),
    );
    let detail = moved.assert_problem(403, "a correction into Torsby")["detail"]
        .as_str()
        .unwrap();
    assert!(
        detail.contains("events[0].data.changes") && detail.contains("Torsby kommun's"),
        "{detail}"
    );
    let position = recorded.body["positions"][0].as_u64().unwrap();
    let torsby = fixture.torsby;
    let follow_up = server.wait_for_follow_up(
        &format!("/api/v1/agreements/{torsby}/follow-up/2025"),
        position,
    );
    assert_eq!(
        follow_up.body["totals"]["completed"], 1,
        "only the fixture's activity counts in Torsby: {}",
        follow_up.text
    );
}

/// An admin of the whole service writes in every municipality.
#[test]
fn an_admin_of_the_whole_service_writes_everywhere() {
    let server = Server::start();
    let fixture = fixture(&server);
    let admin = server.token_with("admin", "Torsby kommun", "drift-2", &["--whole-service"]);
    let (id, stream) = agreement_stream();
    let adopted = server.append(&stream, &admin, &body(None, vec![agreement_adopted(id)]));
    assert_eq!(adopted.status, 201, "{}", adopted.text);
    let serves = json!({"agreement": fixture.torsby, "focus_area": "trafikmiljo"});
    let (path, json) = correct(&fixture.own_activity, json!({"serves": serves}));
    let answer = server.post(&path, Some(&admin), &json.unwrap());
    assert_eq!(answer.status, 201, "{}", answer.text);
}

/// The demo's tokens serve Hagfors, where the demo's agreements are, and its
/// admin the whole service.
#[test]
fn the_demo_tokens_serve_hagfors_and_the_admin_the_whole_service() {
    let server = Server::start_demo();
    let listed = server.cli(&["token", "list"]);
    let listed = String::from_utf8_lossy(&listed.stdout);
    let serves = |name: &str| {
        let row = listed
            .lines()
            .find(|row| row.starts_with(name))
            .unwrap_or_else(|| panic!("{name} is listed: {listed}"));
        let cells: Vec<&str> = row
            .split("  ")
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .collect();
        cells[3].to_owned()
    };
    for name in ["demo-reporter", "demo-coordinator", "demo-auditor"] {
        assert_eq!(serves(name), "Hagfors kommun", "{listed}");
    }
    assert_eq!(serves("demo-admin"), "the whole service", "{listed}");
}
