//! The committed JSON Schemas in events/schemas/ must match the Rust types.
//! Regenerate with: UPDATE_SCHEMAS=1 cargo test -p trygglogg-events schemas

use std::path::PathBuf;
use trygglogg_events::json_schemas;

#[test]
fn committed_schemas_match_the_types() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("schemas");
    let update = std::env::var_os("UPDATE_SCHEMAS").is_some_and(|v| v == "1");
    let expected: Vec<(String, String)> = json_schemas()
        .into_iter()
        .map(|(file, schema)| {
            let text = serde_json::to_string_pretty(&schema).expect("schema serialises") + "\n";
            (file, text)
        })
        .collect();
    if update {
        std::fs::create_dir_all(&dir).unwrap();
        for (file, text) in &expected {
            std::fs::write(dir.join(file), text).unwrap();
        }
    }
    let mut drifted = Vec::new();
    for (file, text) in &expected {
        let committed = std::fs::read_to_string(dir.join(file)).unwrap_or_default();
        if committed != *text {
            drifted.push(file.as_str());
        }
    }
    let mut committed_files: Vec<String> = std::fs::read_dir(&dir)
        .map(|entries| {
            entries
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    committed_files.retain(|f| !expected.iter().any(|(file, _)| file == f));
    assert!(
        drifted.is_empty() && committed_files.is_empty(),
        "events/schemas/ is out of date (differs: {drifted:?}; no longer generated: \
         {committed_files:?}).\nRegenerate with: UPDATE_SCHEMAS=1 cargo test -p \
         trygglogg-events schemas\n(and delete files that are no longer generated)"
    );
}

#[test]
fn every_event_type_has_a_schema() {
    let schemas = json_schemas();
    for event_type in trygglogg_events::EventType::ALL {
        let file = format!(
            "{}.v{}.json",
            event_type.as_str(),
            event_type.current_version()
        );
        assert!(schemas.iter().any(|(f, _)| *f == file), "{file}");
    }
}
