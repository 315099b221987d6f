use std::io::Write;
use std::path::Path;

use trygglogg_atomic_file::{partial_path, replace, replace_with, Error, Step};

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap()
}

fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn a_file_is_created_and_then_replaced_whole_with_nothing_left_beside_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tokens.json");
    replace(&path, b"a long first version of the file").unwrap();
    assert_eq!(read(&path), "a long first version of the file");
    replace(&path, b"shorter").unwrap();
    assert_eq!(read(&path), "shorter", "nothing of the longer one remains");
    assert_eq!(names(dir.path()), ["tokens.json"]);
}

#[test]
fn what_the_writer_returns_is_returned() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("export.jsonl");
    let lines = replace_with(&path, |file| -> std::io::Result<u64> {
        for line in 0..3 {
            writeln!(file, "line {line}")?;
        }
        Ok(3)
    })
    .unwrap();
    assert_eq!(lines, 3);
    assert_eq!(read(&path), "line 0\nline 1\nline 2\n");
}

/// A write that fails half-way leaves the old file as it was, and no
/// partial file behind; the caller gets its own error back.
#[test]
fn a_failed_write_leaves_the_old_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("follow-up.bin");
    replace(&path, b"old").unwrap();
    let failed = replace_with(&path, |file| {
        file.write_all(b"half of the new")?;
        file.flush()?;
        Err::<(), _>(std::io::Error::other("the export stopped"))
    });
    match failed {
        Err(Error::Writing(error)) => assert_eq!(error.to_string(), "the export stopped"),
        other => panic!("{other:?}"),
    }
    assert_eq!(read(&path), "old");
    assert_eq!(names(dir.path()), ["follow-up.bin"]);
}

/// Each step that can fail says which one it was, and leaves the old file.
#[test]
fn a_failed_step_is_named_and_leaves_the_old_file() {
    let dir = tempfile::tempdir().unwrap();
    // The partial file cannot be created where its name is a directory.
    let path = dir.path().join("a");
    replace(&path, b"old").unwrap();
    std::fs::create_dir(partial_path(&path)).unwrap();
    match replace(&path, b"new") {
        Err(Error::Io {
            step: Step::Create, ..
        }) => {}
        other => panic!("{other:?}"),
    }
    assert_eq!(read(&path), "old");
    std::fs::remove_dir(partial_path(&path)).unwrap();

    // A directory is not replaced by a file.
    let occupied = dir.path().join("b");
    std::fs::create_dir(&occupied).unwrap();
    std::fs::write(occupied.join("inside"), "kept").unwrap();
    match replace(&occupied, b"new") {
        Err(Error::Io {
            step: Step::Rename, ..
        }) => {}
        other => panic!("{other:?}"),
    }
    assert_eq!(read(&occupied.join("inside")), "kept");
    assert_eq!(names(dir.path()), ["a", "b"], "no partial file left");

    // Nowhere to write at all.
    let nowhere = replace(&dir.path().join("missing").join("c"), b"new");
    assert!(
        matches!(
            nowhere,
            Err(Error::Io {
                step: Step::Create,
                ..
            })
        ),
        "{nowhere:?}"
    );
    // As an I/O error, for callers that want one, it keeps its kind.
    let io = std::io::Error::from(nowhere.unwrap_err());
    assert_eq!(io.kind(), std::io::ErrorKind::NotFound);
}

#[test]
fn a_bare_file_name_is_replaced_in_the_current_directory() {
    let dir = tempfile::tempdir().unwrap();
    std::env::set_current_dir(dir.path()).unwrap();
    replace(Path::new("bare.txt"), b"here").unwrap();
    assert_eq!(read(&dir.path().join("bare.txt")), "here");
}
