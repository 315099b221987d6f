//! What a client knows it recorded: the appends acknowledged (and at which
//! position) and the ones refused, and the check that the log holds exactly
//! the acknowledged ones, gapless, with an intact chain.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use serde_json::Value;
use uuid::Uuid;

use crate::crash_loop::read_whole_log;
use crate::requests::{
    activity_completed, activity_stream, agreement_adopted, agreement_stream, body,
    commitment_added,
};
use crate::server::{Answer, Server};

/// One completed activity in a new stream, kept to be sent again as it was.
pub struct Request {
    stream: String,
    body: Value,
    id: String,
}

impl Request {
    pub fn activity(agreement: Uuid) -> Request {
        let event = activity_completed(Some(agreement), "Kontroll på en full disk.");
        Request {
            stream: activity_stream(),
            id: event["id"].as_str().expect("an event id").to_owned(),
            body: body(None, vec![event]),
        }
    }
}

#[derive(Default)]
pub struct Ledger {
    acknowledged: HashMap<String, u64>,
    refused: Vec<String>,
}

/// Records an agreement with one commitment, as `coordinator`.
pub fn set_up_agreement(server: &Server, coordinator: &str) -> Uuid {
    let (agreement, stream) = agreement_stream();
    let setup = body(
        Some(0),
        vec![agreement_adopted(agreement), commitment_added()],
    );
    let answer = server.append(&stream, coordinator, &setup);
    assert_eq!(answer.status, 201, "{}", answer.text);
    agreement
}

impl Ledger {
    /// Sends `request` and notes what became of it.
    pub fn send(&mut self, server: &Server, token: &str, request: &Request) -> Answer {
        let answer = server.append(&request.stream, token, &request.body);
        match answer.status {
            201 => {
                let position = answer.body["positions"][0].as_u64().expect("a position");
                self.acknowledged.insert(request.id.clone(), position);
                self.refused.retain(|id| *id != request.id);
            }
            503 if !self.refused.contains(&request.id) => self.refused.push(request.id.clone()),
            _ => {}
        }
        answer
    }

    /// Sends `request` again and again while the store recovers (each
    /// refusal saying `words`, or that it is being reopened) until it is
    /// recorded, which must be at `head + 1` within 15 s. How long it took.
    pub fn send_until_recorded(
        &mut self,
        server: &Server,
        token: &str,
        request: &Request,
        head: u64,
        words: &str,
    ) -> Duration {
        let since = Instant::now();
        loop {
            let answer = self.send(server, token, request);
            if answer.status == 201 {
                assert_eq!(answer.body["positions"][0], head + 1, "{}", answer.text);
                return since.elapsed();
            }
            assert_recovering(&answer, words);
            assert!(
                since.elapsed() < Duration::from_secs(15),
                "{words}: no recovery 15 s after the disk took writes again"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    pub fn acknowledged(&self) -> usize {
        self.acknowledged.len()
    }

    /// The log holds every acknowledged append at its position and nothing
    /// refused, positions run 1, 2, 3, … and the chain verifies to the head.
    /// Returns the head.
    pub fn assert_log(&self, server: &Server, auditor: &str, when: &str) -> u64 {
        let log = read_whole_log(server, auditor);
        for (i, (position, _)) in log.iter().enumerate() {
            assert_eq!(*position, i as u64 + 1, "{when}: a gap in positions");
        }
        let at: HashMap<&str, u64> = log.iter().map(|(p, id)| (id.as_str(), *p)).collect();
        for (id, position) in &self.acknowledged {
            assert_eq!(
                at.get(id.as_str()),
                Some(position),
                "{when}: acknowledged {id} lost"
            );
        }
        for id in &self.refused {
            assert!(
                !at.contains_key(id.as_str()),
                "{when}: refused {id} is in the log"
            );
        }
        let head = log.len() as u64;
        let verified = server.assert_healthy(auditor);
        assert_eq!(verified["head_position"], head, "{when}");
        head
    }
}

/// The chain verifies as far as sled can read it while the disk refuses
/// writes (sled splits and merges pages as it reads, so a read may fail; the
/// answer then says why). The status answered.
pub fn assert_verified_or_refused(server: &Server, auditor: &str, words: &str) -> u16 {
    let verify = server.get("/api/v1/audit/verify", Some(auditor));
    match verify.status {
        200 => assert_eq!(verify.body["status"], "intact", "{}", verify.text),
        _ => assert_refused(&verify, words),
    }
    verify.status
}

/// A 503 problem that says what is wrong, that nothing was recorded, and
/// when to try again.
pub fn assert_refused(answer: &Answer, words: &str) {
    let problem = answer.assert_problem(503, words);
    let detail = problem["detail"].as_str().unwrap_or_default();
    assert!(detail.contains(words), "{detail}");
    assert!(detail.contains("nothing was recorded"), "{detail}");
    assert_retry_after(answer);
}

/// While the disk takes writes again: refused as before, or, for the moment
/// the writer reopens sled, with a request to try again in a moment.
pub fn assert_recovering(answer: &Answer, words: &str) {
    let problem = answer.assert_problem(503, words);
    match problem["detail"].as_str() {
        Some(detail) if detail.contains("being reopened") => assert_retry_after(answer),
        _ => assert_refused(answer, words),
    }
}

fn assert_retry_after(answer: &Answer) {
    let retry_after = answer
        .headers
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    assert!(
        retry_after.is_some_and(|s| (1..=60).contains(&s)),
        "Retry-After: {retry_after:?}"
    );
}
