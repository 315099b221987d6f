//! Generated logs of a realistic mix, shared by the projections' rebuild
//! benchmark and `trygglogg-load generate` (the rebuild-vs-SQL comparison and
//! the Sweden × 70 years measurements), so they all measure the same shapes of
//! log.
//!
//! The mix per activity stream (`activity.rs`): 40 % completed unplanned,
//! 30 % planned then completed, 5 % planned then cancelled, 5 % planned,
//! rescheduled, completed, 10 % completed then corrected, 5 % completed then
//! retracted, 5 % planned and still open (1.6 events a stream). Each stream's
//! events are appended together. The shapes ([`Shape`]):
//! - `bench`: 50 agreements (2018–2019) of 2 focus areas and 6 commitments
//!   each, the activities spread evenly over them, so one agreement-year holds
//!   about 1/100 of the log (12,501 activities at 1M events);
//! - `sweden`: 290 municipalities, each with one medborgarlöfte after another
//!   (1–3 years each) from 2000 on, and 20–30 activity streams a month each
//!   (about 40 events, so about 140,000 events a year; 10M events are about
//!   72 years), so one agreement-year holds a few hundred activities.
//!
//! The same [`Plan`] gives the same log: every id, date and choice comes from
//! a ChaCha8 generator seeded by [`Plan::seed`], and streams are appended in
//! one order (batches of whole streams, one after another). Only the recorded
//! time, which the store stamps, differs between two generations. Every event
//! goes through the domain's parser and encoder, as the recorder would store
//! it.

mod activity;
mod bench_shape;
mod ids;
mod sweden;
mod write;

use serde_json::Value;
use uuid::Uuid;

pub use write::{generated_log, generated_log_with};

/// The seed of [`Plan::bench`] and of `trygglogg-load generate` by default.
pub const DEFAULT_SEED: u64 = 19;

/// Which kind of log to generate (see the crate's header).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// 50 agreements, the activities spread evenly over them.
    Bench,
    /// 290 municipalities, one agreement after another, about 40 events a
    /// month each.
    Sweden,
}

impl std::str::FromStr for Shape {
    type Err = String;

    fn from_str(raw: &str) -> Result<Self, String> {
        match raw {
            "bench" => Ok(Shape::Bench),
            "sweden" => Ok(Shape::Sweden),
            other => Err(format!("unknown shape {other:?}: bench or sweden")),
        }
    }
}

/// What to generate: the same plan gives the same events in the same order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Plan {
    pub shape: Shape,
    /// How many events, about: whole streams are written, so a few more.
    pub events: u64,
    pub seed: u64,
}

impl Plan {
    /// The benchmarks' log: the bench shape with the default seed.
    pub fn bench(events: u64) -> Plan {
        Plan {
            shape: Shape::Bench,
            events,
            seed: DEFAULT_SEED,
        }
    }

    /// Every stream of the log, in the order they are appended.
    pub fn streams(&self) -> Box<dyn Iterator<Item = GeneratedStream> + Send> {
        match self.shape {
            Shape::Bench => Box::new(bench_shape::streams(self.events, self.seed)),
            Shape::Sweden => Box::new(sweden::streams(self.events, self.seed)),
        }
    }

    /// The "today" the events are validated against: the last day they cover.
    pub fn today(&self) -> chrono::NaiveDate {
        let year = match self.shape {
            Shape::Bench => 2020,
            Shape::Sweden => trygglogg_events::Year::LAST.get(),
        };
        chrono::NaiveDate::from_ymd_opt(year, 12, 31).expect("a date")
    }
}

/// One stream's events, appended together to a new stream.
#[derive(Debug, Clone, PartialEq)]
pub struct GeneratedStream {
    pub stream: String,
    pub events: Vec<GeneratedEvent>,
}

/// One event as a client would send it: id, type and data.
#[derive(Debug, Clone, PartialEq)]
pub struct GeneratedEvent {
    pub id: Uuid,
    pub event_type: String,
    pub data: Value,
}
