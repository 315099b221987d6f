//! `trygglogg import --server URL`: the lines of an import file sent to a
//! running server in batches (`POST /api/v1/batches`), a few requests for a
//! year of records rather than one per line. It stops at the first refused
//! line, naming it as a local import does, with every line before it
//! recorded; lines already recorded (fixed ids) are answered as such, so a
//! failed import is resumed by running it again.

use std::collections::HashSet;
use std::path::Path;

use reqwest::StatusCode;
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use trygglogg_api::{BATCH_MAX_EVENTS, BODY_LIMIT_BYTES};
use trygglogg_events::{StreamCategory, StreamName};
use trygglogg_recorder::{import_lines, parse_stream, read_import_line, Imported};

use super::remote::{Refusal, Server};
use crate::failure::{Context, Failure};
use crate::progress;

const BATCHES: &str = "/api/v1/batches";
/// `{"items":[` and `]}` around the lines.
const BODY_FRAME_BYTES: usize = 12;

pub fn run(server: &str, file: &Path) -> Result<(), Failure> {
    let text =
        std::fs::read_to_string(file).context(format_args!("cannot read {}", file.display()))?;
    let server = Server::new(
        server,
        "import --server",
        "a reporter's, coordinator's or admin's",
    )?;
    let mut import = Import {
        server: &server,
        file,
        imported: Imported::default(),
        bar: progress::lines(import_lines(&text).count() as u64, "importing"),
    };
    let mut batch = Batch::default();
    for (line, json) in import_lines(&text) {
        let item = match Item::read(json) {
            Ok(item) => item,
            Err(reason) => {
                // As a local import: every line before this one recorded.
                import.send(batch)?;
                return Err(import.refused_at(line, &reason));
            }
        };
        if !batch.takes(&item) {
            import.send(std::mem::take(&mut batch))?;
        }
        // Later lines may serve (or follow) an agreement: each item of a
        // batch is checked against the log before it, so the agreement
        // must be recorded first.
        let closes = item.stream.category() == StreamCategory::Agreement;
        batch.push(line, item);
        if closes {
            import.send(std::mem::take(&mut batch))?;
        }
    }
    import.send(batch)?;
    import.bar.finish_and_clear();
    let Imported {
        lines,
        recorded,
        already_there,
    } = import.imported;
    eprintln!(
        "imported {} into {}: {lines} lines, {recorded} events recorded, {already_there} already there",
        file.display(),
        server.url(""),
    );
    Ok(())
}

/// A line read as the server will read it, with what batching needs.
struct Item<'a> {
    stream: StreamName,
    events: usize,
    json: &'a RawValue,
}

impl<'a> Item<'a> {
    /// Refused with the words a local import uses.
    fn read(json: &'a str) -> Result<Item<'a>, String> {
        let line = read_import_line(json)?;
        let stream = parse_stream(&line.stream).map_err(|e| e.to_string())?;
        let json = serde_json::from_str(json).map_err(|e| format!("not an import line: {e}"))?;
        Ok(Item {
            stream,
            events: line.events.len(),
            json,
        })
    }
}

/// Lines to be sent as one batch: within the server's limits, each stream
/// once.
#[derive(Default)]
struct Batch<'a> {
    /// The file's line number of each item.
    lines: Vec<usize>,
    items: Vec<&'a RawValue>,
    streams: HashSet<StreamName>,
    events: usize,
    bytes: usize,
}

impl<'a> Batch<'a> {
    /// Whether `item` may join. An empty batch takes any line: one over the
    /// limits alone is the server's to refuse, naming the limit.
    fn takes(&self, item: &Item) -> bool {
        let bytes = self.bytes + item.json.get().len() + 1;
        self.items.is_empty()
            || (self.events + item.events <= BATCH_MAX_EVENTS
                && BODY_FRAME_BYTES + bytes <= BODY_LIMIT_BYTES
                && !self.streams.contains(&item.stream))
    }

    fn push(&mut self, line: usize, item: Item<'a>) {
        self.lines.push(line);
        self.items.push(item.json);
        self.streams.insert(item.stream);
        self.events += item.events;
        self.bytes += item.json.get().len() + 1;
    }

    /// The lines it spans, for messages.
    fn span(&self) -> String {
        match (self.lines.first(), self.lines.last()) {
            (Some(first), Some(last)) if first != last => format!("lines {first}–{last}"),
            (Some(line), _) => format!("line {line}"),
            _ => "no lines".into(),
        }
    }
}

#[derive(Serialize)]
struct BatchBody<'a> {
    items: &'a [&'a RawValue],
}

#[derive(Deserialize)]
struct BatchAnswer {
    items: Vec<ItemAnswer>,
}

#[derive(Deserialize)]
struct ItemAnswer {
    positions: Vec<u64>,
    replayed: bool,
}

struct Import<'s> {
    server: &'s Server,
    file: &'s Path,
    imported: Imported,
    bar: indicatif::ProgressBar,
}

impl Import<'_> {
    /// Sends `batch`. Refused at an item, the items before it are sent
    /// again on their own, so that, as in a local import, every line before
    /// the refused one is recorded.
    fn send(&mut self, mut batch: Batch) -> Result<(), Failure> {
        if batch.items.is_empty() {
            return Ok(());
        }
        let url = self.server.url(BATCHES);
        let response = self
            .server
            .post(BATCHES)
            .json(&BatchBody {
                items: &batch.items,
            })
            .send()
            .context(format_args!("cannot reach {url}"))?;
        let status = response.status();
        if status.is_success() {
            let answer: BatchAnswer = response.json().context(format_args!(
                "{url} answered {}, but not as a batch",
                batch.span()
            ))?;
            self.count(&batch, &answer);
            return Ok(());
        }
        let refusal = Refusal::read(response);
        let refused = at_item(&refusal)
            .and_then(|(item, reason)| Some((item, *batch.lines.get(item)?, reason)));
        let Some((item, line, reason)) = refused else {
            return Err(self.refused_whole(&batch, status, &refusal));
        };
        // What comes before the refused line goes on its own; should it be
        // refused too, that earlier line is the one named.
        batch.lines.truncate(item);
        batch.items.truncate(item);
        self.send(batch)?;
        Err(self.refused_at(line, &reason))
    }

    fn count(&mut self, batch: &Batch, answer: &BatchAnswer) {
        for item in &answer.items {
            let events = item.positions.len() as u64;
            if item.replayed {
                self.imported.already_there += events;
            } else {
                self.imported.recorded += events;
            }
        }
        self.imported.lines += batch.lines.len() as u64;
        self.bar.inc(batch.lines.len() as u64);
    }

    /// "FILE:LINE: reason", as a local import says it.
    fn refused_at(&self, line: usize, reason: &str) -> Failure {
        self.bar.finish_and_clear();
        Failure::Failed(format!("{}:{line}: {reason}", self.file.display()))
    }

    fn refused_whole(&self, batch: &Batch, status: StatusCode, refusal: &Refusal) -> Failure {
        self.bar.finish_and_clear();
        Failure::Failed(format!(
            "{}: {}: {} refused them ({status}): {}",
            self.file.display(),
            batch.span(),
            self.server.url(BATCHES),
            refusal.detail
        ))
    }
}

/// The item a refusal names (`items[N]: …`), and its reason in the words of
/// a single append: every refused field where the request was invalid.
fn at_item(refusal: &Refusal) -> Option<(usize, String)> {
    let rest = refusal.detail.strip_prefix("items[")?;
    let (index, detail) = rest.split_once("]: ")?;
    let index: usize = index.parse().ok()?;
    let prefix = format!("items[{index}].");
    if !refusal.problem_type.ends_with("validation-failed") || refusal.errors.is_empty() {
        return Some((index, detail.to_owned()));
    }
    let fields: Vec<String> = refusal
        .errors
        .iter()
        .map(|e| {
            let path = e.path.strip_prefix(&prefix).unwrap_or(&e.path);
            format!("{path}: {}; {}", e.problem, e.expected)
        })
        .collect();
    Some((index, fields.join("\n")))
}
