//! Kill -9 at random moments: nothing acknowledged is lost, nothing is torn.

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::Duration;

use rand::Rng;
use trygglogg_store::{Direction, Store, Verification};
use uuid::Uuid;

const KILLS: usize = 20;

#[test]
fn acknowledged_events_survive_sigkill() {
    let dir = tempfile::tempdir().unwrap();
    let mut acknowledged: HashMap<Uuid, u64> = HashMap::new();
    let mut rng = rand::rng();
    let mut killed_while_writing = 0;
    for cycle in 0..KILLS {
        let mut child = Command::new(env!("CARGO_BIN_EXE_trygglogg-store-crash-child"))
            .arg(dir.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start the crash child");
        let stdout = child.stdout.take().unwrap();
        let reader = std::thread::spawn(move || {
            BufReader::new(stdout)
                .lines()
                .map_while(Result::ok)
                .map(|line| {
                    let (position, id) = line.split_once(' ').expect("`position id`");
                    (
                        id.parse::<Uuid>().unwrap(),
                        position.parse::<u64>().unwrap(),
                    )
                })
                .collect::<Vec<_>>()
        });
        std::thread::sleep(Duration::from_millis(rng.random_range(20..400)));
        child.kill().expect("SIGKILL");
        child.wait().unwrap();
        let acked_now = reader.join().unwrap();
        if !acked_now.is_empty() {
            killed_while_writing += 1;
        }
        acknowledged.extend(acked_now);

        let store = Store::open(dir.path()).unwrap();
        let head = store.head().position;
        for (id, position) in &acknowledged {
            let found = store.event_by_id(*id).unwrap();
            assert_eq!(
                found.map(|e| e.position),
                Some(*position),
                "cycle {cycle}: acknowledged event {id} lost"
            );
        }
        let mut expected = 1;
        loop {
            let page = store.read_all(expected, Direction::Forward, 1000).unwrap();
            if page.is_empty() {
                break;
            }
            for event in page {
                assert_eq!(event.position, expected, "cycle {cycle}: gap in positions");
                expected += 1;
            }
        }
        assert_eq!(expected - 1, head);
        match store.verify(|_| {}).unwrap() {
            Verification::Intact { head: verified } => assert_eq!(verified.position, head),
            broken => panic!("cycle {cycle}: {broken:?}"),
        }
    }
    assert!(
        killed_while_writing >= KILLS / 2,
        "most kills must land while appends are being acknowledged ({killed_while_writing})"
    );
    assert!(
        acknowledged.len() > 100,
        "only {} acknowledged",
        acknowledged.len()
    );
}
