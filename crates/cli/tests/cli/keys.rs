//! `trygglogg key create|show`: the key that signs the checkpoints, made
//! once, shown without its private half, and rotated.

use super::{path, text, trygglogg};

const ORIGIN: &str = "test.example/trygglogg";

#[test]
fn a_key_is_made_once_shown_without_its_private_half_and_rotated() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let out = trygglogg(&["key", "create", "--data", path(&data), "--origin", ORIGIN]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let public = text(&out.stdout).trim().to_owned();
    assert!(public.starts_with("test.example/trygglogg+"), "{public}");
    assert!(text(&out.stderr).contains("checkpoint.key"), "says where");
    let private = std::fs::read_to_string(data.join("checkpoint.key")).unwrap();
    let secret = private.trim().splitn(5, '+').nth(4).unwrap().to_owned();

    let again = trygglogg(&["key", "create", "--data", path(&data)]);
    assert_eq!(again.status.code(), Some(2), "{}", text(&again.stderr));
    assert!(text(&again.stderr).contains("--rotate"));
    assert_eq!(
        std::fs::read_to_string(data.join("checkpoint.key")).unwrap(),
        private
    );

    let show = trygglogg(&["key", "show", "--data", path(&data)]);
    let shown = text(&show.stdout);
    assert!(show.status.success());
    assert_eq!(shown.lines().next(), Some(public.as_str()));
    assert!(shown.contains("fingerprint: "), "{shown}");

    let rotated = trygglogg(&["key", "create", "--data", path(&data), "--rotate"]);
    assert!(rotated.status.success(), "{}", text(&rotated.stderr));
    let new = text(&rotated.stdout).trim().to_owned();
    assert_ne!(new, public);
    assert!(
        new.starts_with("test.example/trygglogg+"),
        "keeps the origin: {new}"
    );
    let shown = text(&trygglogg(&["key", "show", "--data", path(&data)]).stdout);
    assert!(shown.starts_with(&new), "{shown}");
    assert!(shown.contains(&format!("retired: {public}")), "{shown}");

    for output in [&out, &again, &show, &rotated] {
        for said in [text(&output.stdout), text(&output.stderr)] {
            assert!(
                !said.contains(&secret) && !said.contains("PRIVATE"),
                "{said}"
            );
        }
    }
    let named = tmp.path().join("named");
    let out = trygglogg(&[
        "key",
        "create",
        "--data",
        path(&named),
        "--public-url",
        "https://trygglogg.hagfors.se",
    ]);
    assert!(
        text(&out.stdout).starts_with("trygglogg.hagfors.se/trygglogg+"),
        "the default origin is the public host's: {}",
        text(&out.stdout)
    );

    let none = trygglogg(&["key", "show", "--data", path(&tmp.path().join("none"))]);
    assert_eq!(none.status.code(), Some(1));
    assert!(text(&none.stderr).contains("key create"));
}
