//! A checkpoint signed as a note opens with its key, and with nothing
//! else: every changed part of it is refused, and named.

use signed_note::{Note, StandardSigner};
use trygglogg_checkpoints::{OpenError, PublicKey, SignedCheckpoint, SigningKey};

/// A key made as signed_note makes them, so that a test can also sign any
/// text with it, as a forger holding the key could.
struct TestKey {
    key: SigningKey,
    private: String,
}

impl std::ops::Deref for TestKey {
    type Target = SigningKey;
    fn deref(&self) -> &SigningKey {
        &self.key
    }
}

fn key(origin: &str) -> TestKey {
    let (private, _) = signed_note::generate_key(&mut rand_core::OsRng, origin);
    TestKey {
        key: SigningKey::from_private(&private).unwrap(),
        private,
    }
}

/// The signature line of `text` signed with `key`.
fn sign_text(key: &TestKey, text: &str) -> String {
    let mut note = Note::new(text.as_bytes(), &[]).unwrap();
    note.add_sigs(&[&StandardSigner::new(&key.private).unwrap()])
        .unwrap();
    let note = String::from_utf8(note.to_bytes()).unwrap();
    note.split_once("\n\n").unwrap().1.to_owned()
}

const ROOT: [u8; 32] = [7; 32];

#[test]
fn a_signed_checkpoint_is_the_c2sp_text_and_one_signature_line() {
    let key = key("test.example/trygglogg");
    let signed = key.sign(42, ROOT);
    let note = signed.note();
    let (body, signatures) = note.split_once("\n\n").unwrap();
    assert_eq!(
        body,
        "test.example/trygglogg\n42\nBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwc="
    );
    let lines: Vec<&str> = signatures.lines().collect();
    assert_eq!(lines.len(), 1, "{note}");
    assert!(
        lines[0].starts_with("\u{2014} test.example/trygglogg "),
        "{note}"
    );
    assert!(note.ends_with('\n'));

    let opened = SignedCheckpoint::open(note, key.public()).unwrap();
    assert_eq!(opened, signed);
    assert_eq!(opened.tree_size(), 42);
    assert_eq!(opened.root(), ROOT);
    assert_eq!(opened.origin().as_str(), "test.example/trygglogg");
    assert_eq!(opened.root_hex(), "07".repeat(32));
}

#[test]
fn every_tampering_is_refused_and_named() {
    let key = key("test.example/trygglogg");
    let other = self::key("test.example/trygglogg");
    let other_log = self::key("other.example/trygglogg");
    let note = key.sign(42, ROOT).note().to_owned();
    let (body, signature) = note.split_once("\n\n").unwrap();
    let resigned_by = |signer: &TestKey, text: &str| {
        // The same text signed by another key: only its signature line is used.
        let theirs = signer.sign(42, ROOT).note().to_owned();
        let (_, line) = theirs.split_once("\n\n").unwrap();
        format!("{text}\n\n{line}")
    };
    // (what, the note, the key it is opened with, the error it must be)
    type Expect = fn(&OpenError) -> bool;
    let cases: Vec<(&str, String, &PublicKey, Expect)> = vec![
        ("wrong key", note.clone(), other.public(), |e| {
            matches!(e, OpenError::WrongKey { .. })
        }),
        (
            "signed by another key",
            resigned_by(&other, body),
            key.public(),
            |e| matches!(e, OpenError::WrongKey { .. }),
        ),
        (
            "changed size",
            note.replacen("\n42\n", "\n43\n", 1),
            key.public(),
            |e| matches!(e, OpenError::BadSignature),
        ),
        (
            "changed root",
            note.replacen("BwcHBwcH", "CAcHBwcH", 1),
            key.public(),
            |e| matches!(e, OpenError::BadSignature),
        ),
        (
            "changed origin",
            note.replacen("test.example/trygglogg\n", "test.example/tryggloga\n", 1),
            key.public(),
            |e| matches!(e, OpenError::BadSignature),
        ),
        ("unsigned", format!("{body}\n"), key.public(), |e| {
            matches!(e, OpenError::Unsigned)
        }),
        (
            "no signature block",
            format!("{body}\n\n"),
            key.public(),
            |e| matches!(e, OpenError::Unsigned),
        ),
        (
            "changed signature",
            {
                let mut bytes = signature.trim_end().to_owned().into_bytes();
                let last = bytes.len() - 3;
                bytes[last] = if bytes[last] == b'A' { b'B' } else { b'A' };
                format!("{body}\n\n{}\n", String::from_utf8(bytes).unwrap())
            },
            key.public(),
            |e| matches!(e, OpenError::BadSignature),
        ),
        (
            "an extra line, signed",
            {
                let text = format!("{body}\nextra\n");
                format!("{text}\n{}", sign_text(&key, &text))
            },
            key.public(),
            |e| matches!(e, OpenError::NotACheckpoint(_)),
        ),
        (
            "a missing line, signed",
            {
                let text = "test.example/trygglogg\n42\n".to_owned();
                format!("{text}\n{}", sign_text(&key, &text))
            },
            key.public(),
            |e| matches!(e, OpenError::NotACheckpoint(_)),
        ),
        (
            "another log's checkpoint under its own key",
            other_log.sign(42, ROOT).note().to_owned(),
            key.public(),
            |e| matches!(e, OpenError::WrongKey { .. }),
        ),
        ("not a note", "hello".into(), key.public(), |e| {
            matches!(e, OpenError::Unsigned)
        }),
    ];
    for (what, note, public, expected) in cases {
        let error = SignedCheckpoint::open(&note, public).expect_err(what);
        assert!(expected(&error), "{what}: {error:?}");
        let text = error.to_string();
        assert_eq!(text.lines().count(), 1, "{what}: one line: {text}");
    }
    // The wrong key is named, and who did sign.
    let error = SignedCheckpoint::open(&note, other.public()).unwrap_err();
    let text = error.to_string();
    assert!(text.contains("wrong key"), "{text}");
    assert!(
        text.contains(&format!("{:08x}", key.public().id())),
        "{text}"
    );
}
