//! Export, restore and tamper evidence.

use std::io::BufReader;

use trygglogg_store::{
    verify_export, Direction, ExpectedVersion, RestoreError, Store, Verification,
};

use crate::helpers::{event, log_key, open_temp, stream, with_raw_sled};

async fn store_with_events(n: u64) -> (tempfile::TempDir, Store) {
    let (dir, store) = open_temp();
    for i in 0..n {
        let s = stream(&format!("{}", i % 3));
        store
            .append(s, ExpectedVersion::Any, vec![event(i)])
            .await
            .unwrap();
    }
    (dir, store)
}

fn export_bytes(store: &Store) -> Vec<u8> {
    let mut out = Vec::new();
    store.export(&mut out, |_| {}).unwrap();
    out
}

#[tokio::test]
async fn restoring_an_export_yields_the_identical_log() {
    let (_dir, store) = store_with_events(25).await;
    let exported = export_bytes(&store);
    assert_eq!(exported.iter().filter(|&&b| b == b'\n').count(), 25);
    let file = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(file.path(), &exported).unwrap();

    let (_dir2, restored) = open_temp();
    let head = restored.restore(file.path(), |_| {}).await.unwrap();
    assert_eq!(head, store.head());
    assert_eq!(export_bytes(&restored), exported, "bit for bit");
    assert_eq!(
        restored.read_all(1, Direction::Forward, 100).unwrap(),
        store.read_all(1, Direction::Forward, 100).unwrap()
    );
    assert_eq!(
        restored.verify(|_| {}).unwrap(),
        Verification::Intact { head }
    );
    // The restored indexes work: stream versions continue, ids are known.
    let s = stream("0");
    assert_eq!(restored.stream_version(&s).unwrap(), 9);
    let next = restored
        .append(s, ExpectedVersion::Exact(9), vec![event(99)])
        .await
        .unwrap();
    assert_eq!(next.positions, vec![26]);
    let first = store.read_all(1, Direction::Forward, 1).unwrap().remove(0);
    assert_eq!(restored.event_by_id(first.id).unwrap().unwrap(), first);
}

#[tokio::test]
async fn restore_needs_an_empty_store() {
    let (_dir, store) = store_with_events(3).await;
    let file = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(file.path(), export_bytes(&store)).unwrap();
    match store.restore(file.path(), |_| {}).await {
        Err(RestoreError::NotEmpty { events: 3 }) => {}
        other => panic!("expected NotEmpty, got {other:?}"),
    }
}

/// Changes one byte inside the record on line `position` of an export.
fn tamper(export: &[u8], position: usize) -> Vec<u8> {
    let text = String::from_utf8(export.to_vec()).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    let line = &mut lines[position - 1];
    let at = line.find(r#""n":"#).expect("the data field") + 4;
    let digit = line.as_bytes()[at];
    let replacement = if digit == b'9' { "8" } else { "9" };
    line.replace_range(at..at + 1, replacement);
    let mut out = lines.join("\n").into_bytes();
    out.push(b'\n');
    out
}

#[tokio::test]
async fn a_tampered_export_is_refused_at_the_altered_position() {
    let (_dir, store) = store_with_events(12).await;
    let exported = export_bytes(&store);
    for position in [1usize, 7, 12] {
        let tampered = tamper(&exported, position);
        assert_eq!(tampered.len(), exported.len(), "exactly one byte changed");

        match verify_export(BufReader::new(&tampered[..]), |_| {}).unwrap() {
            Verification::Broken(broken) => assert_eq!(broken.position, position as u64),
            intact => panic!("verify missed the change at {position}: {intact:?}"),
        }

        let file = tempfile::NamedTempFile::new().unwrap();
        std::fs::write(file.path(), &tampered).unwrap();
        let (_dir2, target) = open_temp();
        match target.restore(file.path(), |_| {}).await {
            Err(RestoreError::Broken(broken)) => {
                assert_eq!(broken.position, position as u64);
                assert!(broken.to_string().contains("altered"), "{broken}");
            }
            other => panic!("restore accepted a change at {position}: {other:?}"),
        }
        assert_eq!(
            target.head().position,
            0,
            "a refused restore writes nothing"
        );
    }
}

#[tokio::test]
async fn an_export_with_a_missing_line_is_refused_there() {
    let (_dir, store) = store_with_events(6).await;
    let exported = String::from_utf8(export_bytes(&store)).unwrap();
    let without_fourth: String = exported
        .lines()
        .enumerate()
        .filter(|(i, _)| *i != 3)
        .map(|(_, l)| format!("{l}\n"))
        .collect();
    match verify_export(BufReader::new(without_fourth.as_bytes()), |_| {}).unwrap() {
        Verification::Broken(broken) => assert_eq!(broken.position, 4),
        intact => panic!("expected a break at 4: {intact:?}"),
    }
}

#[tokio::test]
async fn verify_names_the_first_altered_or_missing_event_in_the_store() {
    let (dir, store) = store_with_events(8).await;
    let head = store.head();
    assert_eq!(store.verify(|_| {}).unwrap(), Verification::Intact { head });
    drop(store);

    with_raw_sled(dir.path(), |db| {
        let mut value = db.get(log_key(5)).unwrap().unwrap().to_vec();
        let last = value.len() - 3;
        value[last] ^= 1;
        db.insert(log_key(5), value).unwrap();
    });
    let store = Store::open(dir.path()).unwrap();
    match store.verify(|_| {}).unwrap() {
        Verification::Broken(broken) => assert_eq!(broken.position, 5, "{broken}"),
        intact => panic!("verify missed an altered event: {intact:?}"),
    }
    drop(store);

    with_raw_sled(dir.path(), |db| {
        db.remove(log_key(3)).unwrap();
    });
    let store = Store::open(dir.path()).unwrap();
    match store.verify(|_| {}).unwrap() {
        Verification::Broken(broken) => {
            assert_eq!(broken.position, 3);
            assert!(broken.reason.contains("missing"), "{broken}");
        }
        intact => panic!("verify missed a removed event: {intact:?}"),
    }
}

/// A stored stream name this build does not read (an older grammar's, such
/// as `agreement-hagfors.2017`) is a corruption error at its position on
/// every read and in `verify`, never a panic, even when its hash is right.
#[tokio::test]
async fn a_stored_stream_name_that_does_not_parse_is_corruption_at_its_position() {
    use trygglogg_store::{Hash, StoreError};
    let (dir, store) = store_with_events(4).await;
    let second = store.read_all(2, Direction::Forward, 1).unwrap()[0].clone();
    drop(store);
    let old_name = "agreement-hagfors.2017";
    with_raw_sled(dir.path(), |db| {
        let value = db.get(log_key(2)).unwrap().unwrap();
        let record = String::from_utf8(value[32..].to_vec()).unwrap();
        let altered = record.replace(&second.stream.to_string(), old_name);
        assert_ne!(altered, record);
        let hash = Hash::chain(&second.prev_hash, altered.as_bytes());
        db.insert(log_key(2), [hash.as_bytes(), altered.as_bytes()].concat())
            .unwrap();
    });
    let store = Store::open(dir.path()).unwrap();
    let says = |reason: &str| {
        assert!(reason.contains(old_name), "{reason}");
        assert!(reason.contains("not a stream name"), "{reason}");
        assert!(reason.contains("activity-<uuid>"), "{reason}");
    };
    let corrupt_at_2 = |read: Result<(), StoreError>, what: &str| match read {
        Err(StoreError::Corrupt { position, reason }) => {
            assert_eq!(position, 2, "{what}");
            says(&reason);
        }
        other => panic!("{what} read a name it cannot parse: {other:?}"),
    };
    corrupt_at_2(
        store.read_all(1, Direction::Forward, 10).map(drop),
        "read_all",
    );
    corrupt_at_2(
        store.read_all(4, Direction::Backward, 10).map(drop),
        "read_all backward",
    );
    corrupt_at_2(store.event_by_id(second.id).map(drop), "event_by_id");
    corrupt_at_2(
        store.scan(1, |_| {
            Ok::<_, StoreError>(std::ops::ControlFlow::Continue(()))
        }),
        "scan",
    );
    match store.verify(|_| {}).unwrap() {
        Verification::Broken(broken) => {
            assert_eq!(broken.position, 2, "{broken}");
            says(&broken.reason);
        }
        intact => panic!("verify read a name it cannot parse: {intact:?}"),
    }
    // Export copies the stored bytes as they are (for forensics); what reads
    // an export back, as a restore does first, names the position.
    match verify_export(BufReader::new(export_bytes(&store).as_slice()), |_| {}).unwrap() {
        Verification::Broken(broken) => {
            assert_eq!(broken.position, 2, "{broken}");
            says(&broken.reason);
        }
        intact => panic!("verify_export read a name it cannot parse: {intact:?}"),
    }
}

/// The stream and id indexes are what reads and retries go by: an entry
/// missing, leading elsewhere, leading to an event that is not its own, or
/// holding another content digest (a retry would be refused as a conflict)
/// breaks the log at that event, as an altered event does. (position, what
/// is done to the index entries of the event there, what is said)
#[tokio::test]
async fn verify_names_the_first_event_its_indexes_do_not_lead_to() {
    fn stream_key(stream: &str, version: u64) -> Vec<u8> {
        let mut key = [b"S", stream.as_bytes(), b"\0"].concat();
        key.extend_from_slice(&version.to_be_bytes());
        key
    }
    fn id_key(id: uuid::Uuid) -> Vec<u8> {
        [b"I".as_slice(), id.as_bytes()].concat()
    }
    type Change = fn(&sled::Db, &str, u64, uuid::Uuid);
    const OTHER_STREAM: &str = "activity-7fffffff-0000-4000-8000-000000000000";
    let cases: [(u64, Change, &str); 7] = [
        (
            5,
            |db, stream, version, _| {
                db.remove(stream_key(stream, version)).unwrap();
            },
            "the index of stream activity-31000000-0000-0000-0000-000000000000 does not lead to it as version 2",
        ),
        (
            4,
            |db, stream, version, _| {
                db.insert(stream_key(stream, version), &7u64.to_be_bytes())
                    .unwrap();
            },
            "the index of stream activity-30000000-0000-0000-0000-000000000000 does not lead to it as version 2",
        ),
        (
            6,
            |db, _, _, id| {
                db.remove(id_key(id)).unwrap();
            },
            "the index of event ids does not lead to its id",
        ),
        (
            3,
            |db, _, _, _| {
                db.insert(stream_key(OTHER_STREAM, 1), &3u64.to_be_bytes())
                    .unwrap();
            },
            "the index of stream activity-7fffffff-0000-4000-8000-000000000000 leads to it as version 1, but it is version 1 of stream activity-32000000",
        ),
        (
            2,
            |db, _, _, _| {
                let entry = [&2u64.to_be_bytes()[..], &1u64.to_be_bytes(), &[0; 32]].concat();
                db.insert(id_key(uuid::Uuid::from_u128(7)), entry).unwrap();
            },
            "the index of event ids leads to it from id 00000000-0000-0000-0000-000000000007, but it is version 1 of stream activity-31000000",
        ),
        (
            5,
            |db, _, _, id| {
                let key = id_key(id);
                let mut entry = db.get(&key).unwrap().unwrap().to_vec();
                entry[15] ^= 1;
                db.insert(key, entry).unwrap();
            },
            "the index of event ids does not lead to its id",
        ),
        (
            7,
            |db, _, _, id| {
                let key = id_key(id);
                let mut entry = db.get(&key).unwrap().unwrap().to_vec();
                entry[47] ^= 1;
                db.insert(key, entry).unwrap();
            },
            "the index of event ids holds another content for its id",
        ),
    ];
    for (position, change, said) in cases {
        let (dir, store) = store_with_events(8).await;
        let event = store.read_all(position, Direction::Forward, 1).unwrap()[0].clone();
        drop(store);
        with_raw_sled(dir.path(), |db| {
            change(db, &event.stream.to_string(), event.version, event.id)
        });
        let store = Store::open(dir.path()).unwrap();
        match store.verify(|_| {}).unwrap() {
            Verification::Broken(broken) => {
                assert_eq!(broken.position, position, "{broken}");
                assert!(broken.reason.contains(said), "{broken}");
            }
            intact => panic!("verify missed a damaged index at {position}: {intact:?}"),
        }
    }
}

/// A verify over a live store checks the log up to the head it began at:
/// the index entries of events appended meanwhile are not held against it.
/// Its progress climbs to that head and no further.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn verify_beside_appends_checks_the_log_up_to_its_head() {
    let (_dir, store) = store_with_events(3000).await;
    let appending = {
        let store = store.clone();
        tokio::spawn(async move {
            for i in 0..2000u64 {
                let s = stream(&format!("{}", i % 7));
                let new = event(10_000 + i);
                store
                    .append(s, ExpectedVersion::Any, vec![new])
                    .await
                    .unwrap();
            }
        })
    };
    for _ in 0..3 {
        let store = store.clone();
        let (verification, told) = tokio::task::spawn_blocking(move || {
            let mut told = Vec::new();
            (store.verify(|n| told.push(n)).unwrap(), told)
        })
        .await
        .unwrap();
        let Verification::Intact { head } = verification else {
            panic!("a verify beside appends: {verification:?}");
        };
        assert!(head.position >= 3000, "{head:?}");
        assert!(told.windows(2).all(|w| w[0] <= w[1]), "progress went back");
        assert_eq!(told.last(), Some(&head.position));
    }
    appending.await.unwrap();
}

#[tokio::test]
async fn an_export_is_held_to_the_limits_of_an_append() {
    use trygglogg_store::{Hash, MAX_STORED_EVENT_BYTES};
    // A chain that links but holds an event too large for an append.
    let record = |position: u64, prev: Hash, text: &str| {
        format!(
            r#"{{"position":{position},"stream":"activity-0190f2c4-7d1e-7c3a-9f00-1b2c3d4e5f60","version":{position},"id":"{}","type":"test_happened","recorded":"2026-01-01T00:00:00Z","prev_hash":"{prev}","data":{{"text":"{text}"}},"metadata":{{}}}}"#,
            uuid::Uuid::new_v4()
        )
    };
    let first = record(1, Hash::GENESIS, "kort");
    let first_hash = Hash::chain(&Hash::GENESIS, first.as_bytes());
    let second = record(2, first_hash, &"x".repeat(MAX_STORED_EVENT_BYTES));
    let second_hash = Hash::chain(&first_hash, second.as_bytes());
    let export = format!(
        "{{\"hash\":\"{first_hash}\",\"record\":{first}}}\n{{\"hash\":\"{second_hash}\",\"record\":{second}}}\n"
    );
    assert!(matches!(
        verify_export(BufReader::new(export.as_bytes()), |_| {}).unwrap(),
        Verification::Intact { .. }
    ));
    let file = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(file.path(), export).unwrap();
    let (_dir, target) = open_temp();
    match target.restore(file.path(), |_| {}).await {
        Err(RestoreError::Broken(broken)) => {
            assert_eq!(broken.position, 2);
            assert!(broken.reason.contains("over the limit"), "{broken}");
        }
        other => panic!("restored an oversized event: {other:?}"),
    }
    // The restore did not finish: the directory says so and will not open.
    let dir = target.path().to_path_buf();
    drop(target);
    assert!(matches!(
        Store::open(&dir),
        Err(trygglogg_store::StoreError::InterruptedRestore { .. })
    ));
}

#[tokio::test]
async fn an_unfinished_restore_is_refused_when_the_store_is_opened() {
    let (_dir, store) = store_with_events(5).await;
    let file = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(file.path(), export_bytes(&store)).unwrap();

    let target = tempfile::tempdir().unwrap();
    let restored = Store::open(target.path()).unwrap();
    restored.restore(file.path(), |_| {}).await.unwrap();
    drop(restored);
    assert!(
        Store::open(target.path()).is_ok(),
        "a finished restore opens"
    );

    // As if the process had died between two chunks: the marker is still there.
    std::fs::write(target.path().join("RESTORE-IN-PROGRESS"), b"").unwrap();
    match Store::open(target.path()) {
        Err(trygglogg_store::StoreError::InterruptedRestore { .. }) => {}
        other => panic!(
            "opened a store whose restore did not finish: {:?}",
            other.map(|_| ())
        ),
    }
}
