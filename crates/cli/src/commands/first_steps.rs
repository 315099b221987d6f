//! What `serve` prints on a store that has no events or no tokens yet: the
//! commands that make it useful, so that nobody has to find them in the README.

use std::net::SocketAddr;
use std::path::Path;

/// What the store holds when the server starts.
pub struct Found {
    pub events: u64,
    pub tokens: usize,
}

/// The lines to print (each starting `next:`), or none when the store has
/// both events and tokens.
pub fn lines(found: &Found, data: &Path, bound: SocketAddr) -> Vec<String> {
    if found.events > 0 && found.tokens > 0 {
        return Vec::new();
    }
    let data = data.display();
    let mut lines = vec![format!(
        "next: this store holds {} events and {} tokens; to begin (or start with --demo for the Hagfors 2017 demo):",
        found.events, found.tokens
    )];
    if found.tokens == 0 {
        lines.push(format!(
            "next:   make a token:  trygglogg token create --data '{data}' --role admin --org 'Hagfors kommun' --name NAME --whole-service"
        ));
    }
    if found.events == 0 {
        lines.push(format!(
            "next:   import events: trygglogg import --data '{data}' FILE.jsonl   (one request a line; see events/fixtures/hagfors-2017.jsonl)"
        ));
    }
    lines.push(format!(
        "next:   open http://{bound}/docs for every route and schema"
    ));
    lines
}
