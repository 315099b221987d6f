//! The key and the kept checkpoints in the data directory, and the
//! `Checkpointer` over them.

use std::os::unix::fs::PermissionsExt;
use std::sync::Arc;

use chrono::Utc;
use trygglogg_checkpoints::{
    create_key, load_key, used_keys, CheckpointError, Checkpointer, KeptCheckpoint,
    KeptCheckpoints, KeyFileError, MemoryTree, Origin, PublicKey, SignedCheckpoint, TreeHeads,
    CHECKPOINTS_FILE, KEY_FILE,
};

fn origin() -> Origin {
    Origin::parse("test.example/trygglogg").unwrap()
}

/// A tree of `n` records, "record 1", "record 2", …
struct Tree(std::sync::Mutex<MemoryTree>);

impl Tree {
    fn of(n: u64) -> Arc<Tree> {
        let tree = Arc::new(Tree(Default::default()));
        tree.grow(n);
        tree
    }

    fn grow(&self, n: u64) {
        let mut tree = self.0.lock().unwrap();
        for _ in 0..n {
            let next = tree.size() + 1;
            tree.push(format!("record {next}").as_bytes());
        }
    }
}

impl TreeHeads for Tree {
    fn durable_size(&self) -> u64 {
        self.0.lock().unwrap().size()
    }
    fn root(&self, tree_size: u64) -> Result<[u8; 32], String> {
        Ok(self.0.lock().unwrap().root(tree_size))
    }
}

#[test]
fn the_key_file_is_owner_only_and_never_made_twice_without_rotate() {
    let dir = tempfile::tempdir().unwrap();
    let created = create_key(dir.path(), Some(origin()), false, || unreachable!()).unwrap();
    assert_eq!(created.path, dir.path().join(KEY_FILE));
    assert!(created.retired.is_none());
    let mode = std::fs::metadata(&created.path)
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600, "{mode:o}");
    let loaded = load_key(dir.path()).unwrap().unwrap();
    assert_eq!(loaded.public(), created.key.public());

    let again = create_key(dir.path(), Some(origin()), false, || unreachable!());
    let error = again.unwrap_err();
    assert!(matches!(error, KeyFileError::Exists { .. }), "{error:?}");
    assert!(error.to_string().contains("--rotate"), "{error}");
    assert_eq!(
        load_key(dir.path()).unwrap().unwrap().public(),
        created.key.public(),
        "the refused create left the key as it was"
    );
}

#[test]
fn a_rotated_key_stays_listed_so_that_its_checkpoints_still_verify() {
    let dir = tempfile::tempdir().unwrap();
    let tree = Tree::of(5);
    let first = create_key(dir.path(), Some(origin()), false, || unreachable!()).unwrap();
    let checkpointer = Checkpointer::open(dir.path(), tree.clone(), || unreachable!()).unwrap();
    let old_checkpoint = checkpointer.now().unwrap();
    drop(checkpointer);

    let second = create_key(dir.path(), None, true, || unreachable!()).unwrap();
    assert_eq!(second.retired.as_ref(), Some(first.key.public()));
    assert_ne!(second.key.public(), first.key.public());
    assert_eq!(
        second.key.origin(),
        &origin(),
        "a rotation keeps the log's name"
    );
    assert!(std::fs::read_to_string(dir.path().join(KEY_FILE))
        .unwrap()
        .contains(&format!("+{:08x}+", second.key.public().id())));

    let used = used_keys(dir.path()).unwrap();
    let listed: Vec<(&str, u64)> = used
        .iter()
        .map(|u| (u.key.as_str(), u.from_tree_size))
        .collect();
    let (old, new) = (
        first.key.public().to_string(),
        second.key.public().to_string(),
    );
    assert_eq!(listed, vec![(old.as_str(), 0), (new.as_str(), 6)]);

    tree.grow(2);
    let checkpointer = Checkpointer::open(dir.path(), tree, || unreachable!()).unwrap();
    let new_checkpoint = checkpointer.now().unwrap();
    // Each checkpoint opens with the listed key that signed it, and not the other.
    let old_key = PublicKey::parse(&used[0].key).unwrap();
    let new_key = PublicKey::parse(&used[1].key).unwrap();
    assert!(SignedCheckpoint::open(&old_checkpoint.note, &old_key).is_ok());
    assert!(SignedCheckpoint::open(&new_checkpoint.note, &new_key).is_ok());
    assert!(SignedCheckpoint::open(&old_checkpoint.note, &new_key).is_err());
    assert!(SignedCheckpoint::open(&new_checkpoint.note, &old_key).is_err());
    // The Checkpointer names the key of each, retired or not.
    assert_eq!(checkpointer.key_of(&old_checkpoint), Some(&old_key));
    assert_eq!(checkpointer.key_of(&new_checkpoint), Some(&new_key));
    assert_eq!(checkpointer.public_key(), &new_key);
}

#[test]
fn a_first_start_makes_a_key_with_the_default_origin() {
    let dir = tempfile::tempdir().unwrap();
    let checkpointer = Checkpointer::open(dir.path(), Tree::of(3), || {
        Origin::parse("first.example/trygglogg").unwrap()
    })
    .unwrap();
    assert_eq!(
        checkpointer.public_key().origin().as_str(),
        "first.example/trygglogg"
    );
    assert_eq!(
        load_key(dir.path()).unwrap().unwrap().public(),
        checkpointer.public_key()
    );
    assert_eq!(used_keys(dir.path()).unwrap().len(), 1);
}

#[test]
fn checkpoints_are_kept_once_per_size_and_found_again() {
    let dir = tempfile::tempdir().unwrap();
    let tree = Tree::of(10);
    let checkpointer = Checkpointer::open(dir.path(), tree.clone(), origin).unwrap();
    assert!(checkpointer.latest().is_none());
    let at_4 = checkpointer.at(4).unwrap();
    let now = checkpointer.now().unwrap();
    assert_eq!(now.tree_size, 10);
    assert_eq!(checkpointer.at(4).unwrap(), at_4, "kept, not signed anew");
    let opened = SignedCheckpoint::open(&at_4.note, checkpointer.public_key()).unwrap();
    assert_eq!(opened.tree_size(), 4);
    assert_eq!(opened.root_hex(), at_4.root);
    assert_eq!(tree.root(4).unwrap(), opened.root());

    let error = checkpointer.at(11).unwrap_err();
    assert!(matches!(error, CheckpointError::Beyond { .. }), "{error}");
    checkpointer.at(0).unwrap();
    checkpointer.at(7).unwrap();
    let sizes = |list: Vec<KeptCheckpoint>| list.iter().map(|k| k.tree_size).collect::<Vec<_>>();
    assert_eq!(sizes(checkpointer.list(0, 100)), [0, 4, 7, 10]);
    assert_eq!(sizes(checkpointer.list(5, 100)), [7, 10]);
    assert_eq!(sizes(checkpointer.list(1, 2)), [4, 7]);
    assert_eq!(checkpointer.latest().unwrap().tree_size, 10);
    drop(checkpointer);

    // Kept on disk: a new Checkpointer has them all, and the file one line each.
    let again = Checkpointer::open(dir.path(), tree, origin).unwrap();
    assert_eq!(sizes(again.list(0, 100)), [0, 4, 7, 10]);
    assert_eq!(again.at(4).unwrap(), at_4);
    let text = std::fs::read_to_string(dir.path().join(CHECKPOINTS_FILE)).unwrap();
    assert_eq!(text.lines().count(), 4);
}

#[test]
fn many_threads_asking_for_the_same_sizes_keep_each_once() {
    let dir = tempfile::tempdir().unwrap();
    let checkpointer = Arc::new(Checkpointer::open(dir.path(), Tree::of(20), origin).unwrap());
    let threads: Vec<_> = (0..8)
        .map(|t| {
            let checkpointer = checkpointer.clone();
            std::thread::spawn(move || {
                (1..=20)
                    .map(|i| checkpointer.at((i * (t + 1)) % 20 + 1).unwrap())
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    for thread in threads {
        for kept in thread.join().unwrap() {
            assert_eq!(checkpointer.at(kept.tree_size).unwrap(), kept);
        }
    }
    let text = std::fs::read_to_string(dir.path().join(CHECKPOINTS_FILE)).unwrap();
    assert_eq!(text.lines().count(), 20, "one line per size");
}

#[test]
fn a_line_torn_by_a_crash_is_dropped_and_the_next_one_is_whole() {
    let dir = tempfile::tempdir().unwrap();
    let key = create_key(dir.path(), Some(origin()), false, || unreachable!())
        .unwrap()
        .key;
    let mut kept = KeptCheckpoints::open(dir.path()).unwrap();
    kept.keep(KeptCheckpoint::new(&key.sign(1, [1; 32]), Utc::now()))
        .unwrap();
    kept.keep(KeptCheckpoint::new(&key.sign(2, [2; 32]), Utc::now()))
        .unwrap();
    drop(kept);
    let path = dir.path().join(CHECKPOINTS_FILE);
    let whole = std::fs::read(&path).unwrap();
    // (what the crash left after the two whole lines)
    let torn: [&[u8]; 3] = [
        br#"{"tree_size":3,"root":"03"#,
        b"{",
        br#"{"tree_size":3,"root":"0303","made_at":"2026-01-01T00:00:00Z","note":"x"}"#,
    ];
    for tail in torn {
        std::fs::write(&path, [whole.as_slice(), tail].concat()).unwrap();
        let mut kept = KeptCheckpoints::open(dir.path()).unwrap();
        assert_eq!(kept.len(), 2, "{}", String::from_utf8_lossy(tail));
        assert_eq!(kept.latest().unwrap().tree_size, 2);
        kept.keep(KeptCheckpoint::new(&key.sign(3, [3; 32]), Utc::now()))
            .unwrap();
        drop(kept);
        let kept = KeptCheckpoints::open(dir.path()).unwrap();
        assert_eq!(kept.len(), 3, "the new line is whole");
        assert_eq!(kept.at(3).unwrap().root, "03".repeat(32));
    }

    // A damaged line before the last is not a crash: it is refused.
    std::fs::write(&path, [b"{\n".as_slice(), whole.as_slice()].concat()).unwrap();
    let error = KeptCheckpoints::open(dir.path()).err().unwrap();
    assert!(error.to_string().contains("line 1"), "{error}");
}

#[test]
fn a_log_that_no_longer_has_the_kept_root_is_refused_at_start() {
    let dir = tempfile::tempdir().unwrap();
    let checkpointer = Checkpointer::open(dir.path(), Tree::of(5), origin).unwrap();
    checkpointer.now().unwrap();
    drop(checkpointer);
    // Another log of five records: record 3 differs.
    let mut other = MemoryTree::new();
    for i in 1..=5 {
        let record = if i == 3 {
            "altered".to_owned()
        } else {
            format!("record {i}")
        };
        other.push(record.as_bytes());
    }
    let other = Arc::new(Tree(std::sync::Mutex::new(other)));
    let error = Checkpointer::open(dir.path(), other, origin).err().unwrap();
    assert!(
        matches!(error, CheckpointError::Diverged { tree_size: 5, .. }),
        "{error}"
    );
    assert!(error.to_string().contains("trygglogg verify"), "{error}");
}
