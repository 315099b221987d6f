//! A full disk, for real: the store on a small tmpfs, filled to the last page
//! while the real server runs. Appends are refused with a 503 that says so,
//! nothing is half-written, reads go on, and once space is freed appends are
//! taken again without a restart.

use std::time::{Duration, Instant};

use crate::ledger::{
    assert_refused, assert_verified_or_refused, set_up_agreement, Ledger, Request,
};
use crate::mount::Mount;
use crate::server::Server;

const FULL: &str = "the disk of the event log is full";

#[test]
fn a_full_disk_refuses_appends_and_recovers_without_a_restart() {
    let data = tempfile::tempdir().expect("a temporary directory");
    // The server's own log stays on the real disk, beside the mount.
    let mount = Mount::tmpfs(&data.path().join("store"), "32m");
    let mut server = Server::start_in(data, &[]);
    // Bound again to be dropped (unmounted, lazily) before the server's data
    // directory is removed, also when the test fails.
    let mount = mount;
    let tokens = server.tokens();
    let agreement = set_up_agreement(&server, &tokens.coordinator);
    let mut ledger = Ledger::default();
    for _ in 0..5 {
        let answer = ledger.send(&server, &tokens.reporter, &Request::activity(agreement));
        assert_eq!(answer.status, 201, "{}", answer.text);
    }

    let filler = mount.fill();
    // sled may still have room in pages it holds: append until refused.
    let request = loop {
        let request = Request::activity(agreement);
        let answer = ledger.send(&server, &tokens.reporter, &request);
        match answer.status {
            201 => assert!(
                ledger.acknowledged() < 1000,
                "a full disk took 1000 appends"
            ),
            503 => {
                assert_refused(&answer, FULL);
                break request;
            }
            _ => panic!("on a full disk: {} {}", answer.status, answer.text),
        }
    };
    let full_at = ledger.acknowledged();
    // While the disk stays full, appends are refused at once (the store tries
    // to write again at most once a second), and reads go on.
    for _ in 0..5 {
        let asked = Instant::now();
        let again = ledger.send(&server, &tokens.reporter, &Request::activity(agreement));
        assert_refused(&again, FULL);
        assert!(
            asked.elapsed() < Duration::from_secs(3),
            "{:?}",
            asked.elapsed()
        );
    }
    // Reads go on where sled can serve them without writing (it splits and
    // merges pages as it reads); where it cannot, the answer says why. The
    // follow-up reads its activities from the log too.
    let verified = assert_verified_or_refused(&server, &tokens.auditor, FULL);
    let follow_up = format!("/api/v1/agreements/{agreement}/follow-up/2025");
    let read = server.get(&follow_up, None);
    if read.status != 200 {
        assert_refused(&read, FULL);
    }
    let head = 2 + full_at as u64;

    std::fs::remove_file(filler).expect("the filler goes");
    let recovered = ledger.send_until_recorded(&server, &tokens.reporter, &request, head, FULL);
    for _ in 0..5 {
        let answer = ledger.send(&server, &tokens.reporter, &Request::activity(agreement));
        assert_eq!(answer.status, 201, "{}", answer.text);
    }
    let head = ledger.assert_log(&server, &tokens.auditor, "after space was freed");
    // The follow-up went on following the log.
    server.wait_for_follow_up(&follow_up, head);

    server.kill_and_restart();
    ledger.assert_log(&server, &tokens.auditor, "after a restart");
    // The figures RELIABILITY.md reports (`cargo test -- --nocapture`).
    eprintln!(
        "full disk: {full_at} appends acknowledged until the 32 MiB tmpfs was full; \
         refused with 503 while full (verify answered {verified}); the first append {recovered:?} \
         after space was freed was recorded at position {}; {} acknowledged in all, none lost",
        head - 5,
        ledger.acknowledged()
    );
}
