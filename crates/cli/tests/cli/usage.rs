//! What `trygglogg` offers and refuses before it does any work: the flags
//! each command takes, their help, and bad usage exiting 2.

use super::trygglogg;

fn help(args: &[&str]) -> String {
    let mut with_help = args.to_vec();
    with_help.push("--help");
    let out = trygglogg(&with_help);
    assert!(out.status.success(), "{args:?} --help failed");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn the_cache_flag_is_offered_only_where_the_store_is_opened() {
    // (command, offers --cache-mib)
    let cases: [(&[&str], bool); 12] = [
        (&["export"], true),
        (&["restore"], true),
        (&["verify"], true),
        (&["import"], true),
        (&["rebuild"], true),
        (&["serve"], true),
        (&["token", "create"], false),
        (&["token", "list"], false),
        (&["token", "revoke"], false),
        (&["key", "create"], false),
        (&["key", "show"], false),
        (&["proof", "verify"], false),
    ];
    for (command, offered) in cases {
        assert_eq!(
            help(command).contains("--cache-mib"),
            offered,
            "{command:?}"
        );
    }
    let out = trygglogg(&["token", "list", "--cache-mib", "64"]);
    assert_eq!(out.status.code(), Some(2), "refused where it does nothing");
}

#[test]
fn revoke_says_what_it_does_and_what_name_is() {
    let text = help(&["token", "revoke"]);
    assert!(text.contains("refuses it within a second"), "{text}");
    assert!(text.contains("as `token list` shows it"), "{text}");
}

#[test]
fn a_bad_listen_address_is_bad_usage() {
    for addr in [
        "nonsense",
        "127.0.0.1",
        "127.0.0.1:port",
        "127.0.0.1:99999",
        "",
    ] {
        let data = tempfile::tempdir().unwrap();
        let out = trygglogg(&[
            "serve",
            "--data",
            data.path().to_str().unwrap(),
            "--addr",
            addr,
        ]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{addr:?}: {stderr}");
        assert!(
            stderr.contains("--addr"),
            "{addr:?} names the flag: {stderr}"
        );
        assert!(
            stderr.contains("HOST:PORT"),
            "{addr:?} says what is accepted: {stderr}"
        );
        assert!(
            std::fs::read_dir(data.path()).unwrap().next().is_none(),
            "{addr:?}: nothing was made in the data directory"
        );
    }
}

#[test]
fn the_help_says_how_to_set_the_log_level() {
    let text = help(&[]);
    assert!(text.contains("RUST_LOG"), "{text}");
}
