//! The crash loop: the real server takes concurrent appends and reads, is
//! killed with SIGKILL at random moments and restarted on the same data.
//! After every restart, every acknowledged event is there at its position,
//! positions are gapless, the chain verifies, and the follow-up equals what
//! the log says. `TRYGGLOGG_CRASH_CYCLES` sets the number of kills (10 by
//! default; the reliability script runs 100).

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use rand::Rng;
use reqwest::blocking::Client;
use serde_json::{json, Value};

use crate::requests::{
    activity_completed, activity_stream, agreement_adopted, agreement_stream, body,
    commitment_added,
};
use crate::server::{answer, Server};

const APPENDERS: usize = 8;

#[test]
fn acknowledged_appends_survive_sigkill_of_the_server() {
    let cycles: usize = std::env::var("TRYGGLOGG_CRASH_CYCLES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10);
    let mut server = Server::start();
    let tokens = server.tokens();
    let (agreement, agreement_stream) = agreement_stream();
    let setup = body(
        Some(0),
        vec![agreement_adopted(agreement), commitment_added()],
    );
    assert_eq!(
        server
            .append(&agreement_stream, &tokens.coordinator, &setup)
            .status,
        201
    );
    let follow_up = format!("/api/v1/agreements/{agreement}/follow-up/2025");

    let acknowledged: Arc<Mutex<HashMap<String, u64>>> = Arc::default();
    let mut rng = rand::rng();
    let mut head = 0;
    for cycle in 0..cycles {
        let stop = Arc::new(AtomicBool::new(false));
        let mut clients = Vec::new();
        for _ in 0..APPENDERS {
            let (base, token) = (server.base.clone(), tokens.reporter.clone());
            let (stop, acknowledged) = (stop.clone(), acknowledged.clone());
            clients.push(std::thread::spawn(move || {
                let client = Client::builder()
                    .timeout(Duration::from_secs(5))
                    .build()
                    .unwrap();
                while !stop.load(Ordering::Relaxed) {
                    let event = activity_completed(Some(agreement), "Kontroll under krasch.");
                    let url = format!("{base}/api/v1/streams/{}/events", activity_stream());
                    let sent = client
                        .post(&url)
                        .bearer_auth(&token)
                        .json(&body(None, vec![event.clone()]))
                        .send();
                    // Only an answer counts: a killed server acknowledged nothing.
                    let Ok(response) = sent else { continue };
                    if response.status().as_u16() != 201 {
                        continue;
                    }
                    let Ok(answer) = response.json::<Value>() else {
                        continue;
                    };
                    let id = event["id"].as_str().unwrap().to_owned();
                    acknowledged
                        .lock()
                        .unwrap()
                        .insert(id, answer["positions"][0].as_u64().unwrap());
                }
            }));
        }
        let reader = {
            let (base, stop, path) = (server.base.clone(), stop.clone(), follow_up.clone());
            std::thread::spawn(move || {
                let client = Client::builder()
                    .timeout(Duration::from_secs(5))
                    .build()
                    .unwrap();
                while !stop.load(Ordering::Relaxed) {
                    let _ = client.get(format!("{base}{path}")).send();
                }
            })
        };
        // Killed at a random moment, but only once this cycle's load has had
        // an append acknowledged: on a busy machine the first answers can take
        // longer than the random wait, and a kill before any is no test.
        let before = acknowledged.lock().unwrap().len();
        std::thread::sleep(Duration::from_millis(rng.random_range(100..400)));
        let waited = std::time::Instant::now();
        while acknowledged.lock().unwrap().len() == before
            && waited.elapsed() < Duration::from_secs(20)
        {
            std::thread::sleep(Duration::from_millis(10));
        }
        server.kill_and_restart();
        stop.store(true, Ordering::Relaxed);
        for client in clients {
            client.join().unwrap();
        }
        reader.join().unwrap();

        let log = read_whole_log(&server, &tokens.auditor);
        head = log.len() as u64;
        for (i, (position, _)) in log.iter().enumerate() {
            assert_eq!(*position, i as u64 + 1, "cycle {cycle}: a gap in positions");
        }
        let at: HashMap<&str, u64> = log.iter().map(|(p, id)| (id.as_str(), *p)).collect();
        let acknowledged = acknowledged.lock().unwrap();
        assert!(
            acknowledged.len() > before,
            "cycle {cycle}: nothing was acknowledged in 20 s"
        );
        for (id, position) in acknowledged.iter() {
            assert_eq!(
                at.get(id.as_str()),
                Some(position),
                "cycle {cycle}: acknowledged {id} lost"
            );
        }
        let verified = server.assert_healthy(&tokens.auditor);
        assert_eq!(verified["head_position"], head, "cycle {cycle}");
        // The views caught up from their checkpoint before the server
        // listened, and count exactly what the log holds.
        let view = server.get(&follow_up, None);
        assert_eq!(view.body["built_from"]["position"], head, "cycle {cycle}");
        let completed = head - 2;
        let progress = &view.body["focus_areas"][0]["commitments"][0]["progress"];
        assert_eq!(progress["counts"]["completed"], completed, "cycle {cycle}");
        assert_eq!(
            progress["facts"]["checked"]["sum"],
            json!(40 * completed),
            "cycle {cycle}"
        );
    }
    // The figures RELIABILITY.md reports (`cargo test -- --nocapture`).
    let acknowledged = acknowledged.lock().unwrap().len();
    eprintln!(
        "crash loop: {cycles} SIGKILLs survived; {acknowledged} appends acknowledged, \
         {acknowledged} found at their positions; the log holds {head} events, gapless, verified"
    );
}

/// Every (position, event id) of the log, read page by page as an auditor.
pub(crate) fn read_whole_log(server: &Server, auditor: &str) -> Vec<(u64, String)> {
    let mut events = Vec::new();
    let mut next = Some("/api/v1/events?limit=1000".to_owned());
    while let Some(path) = next {
        let page = answer(server.request(reqwest::Method::GET, &path, Some(auditor)));
        assert_eq!(page.status, 200, "{}", page.text);
        for event in page.body["events"].as_array().unwrap() {
            let id = event["id"].as_str().unwrap().to_owned();
            events.push((event["position"].as_u64().unwrap(), id));
        }
        next = page.body["next"].as_str().map(str::to_owned);
    }
    events
}
