//! The Swedish the site writes quotes as ”…”, never «…» or “…”: every page,
//! hint and refusal is written in the crate's sources, so they are read here.

use std::path::Path;

fn sources(dir: &Path, found: &mut Vec<(String, String)>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, found);
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            let text = std::fs::read_to_string(&path).unwrap();
            for (n, line) in text.lines().enumerate() {
                if line.contains(['«', '»', '“']) {
                    found.push((format!("{}:{}", path.display(), n + 1), line.to_owned()));
                }
            }
        }
    }
}

#[test]
fn swedish_text_quotes_with_right_double_quotes_only() {
    let mut found = Vec::new();
    sources(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut found,
    );
    assert!(found.is_empty(), "quotes other than ”…”: {found:#?}");
}
