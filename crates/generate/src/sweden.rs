//! Sweden's shape: 290 municipalities from 2000 on, each with one
//! medborgarlöfte after another (1–3 years each, adopted at the start of its
//! first year), and 20–30 activity streams a month each (25 on average, 1.6
//! events a stream: about 40 events a month, 140,000 a year over the
//! country). The streams of a month come municipality by municipality in
//! turn, so the log interleaves them as a live one would.

use std::collections::VecDeque;

use uuid::Uuid;

use crate::activity::{activity_events, agreement_events, ActivitySpec, AgreementSpec};
use crate::ids::Seeded;
use crate::GeneratedStream;

/// Sweden's municipalities.
pub(crate) const MUNICIPALITIES: usize = 290;
/// The first year of the log.
pub(crate) const FIRST_YEAR: i32 = 2000;
/// Activity streams a month, per municipality.
pub(crate) const STREAMS_A_MONTH: std::ops::RangeInclusive<u32> = 20..=30;
/// Years an agreement runs.
pub(crate) const AGREEMENT_YEARS: std::ops::RangeInclusive<u32> = 1..=3;

/// Made-up but plausible names, "Ekby kommun" and so on: 15 × 20 of them.
const NAME_STARTS: [&str; 15] = [
    "Al", "Berg", "Dal", "Ek", "Fal", "Gran", "Hag", "Kal", "Lin", "Mal", "Ny", "Os", "Sö", "Tor",
    "Väs",
];
const NAME_ENDS: [&str; 20] = [
    "by", "berga", "dala", "holm", "köping", "sund", "torp", "vik", "ås", "hult", "ryd", "stad",
    "näs", "fors", "lunda", "mark", "tuna", "hamn", "ö", "skog",
];

/// The name of municipality `i` (0-based), unique for each `i` below 300.
pub(crate) fn municipality_name(i: usize) -> String {
    let start = NAME_STARTS[i % NAME_STARTS.len()];
    let end = NAME_ENDS[i / NAME_STARTS.len()];
    format!("{start}{end} kommun")
}

struct Municipality {
    name: String,
    place: String,
    /// The agreement in force, and the last year it covers.
    agreement: Uuid,
    until_year: i32,
}

struct Sweden {
    ids: Seeded,
    municipalities: Vec<Municipality>,
    /// The next month to generate, counted from January of `FIRST_YEAR`.
    month: u32,
    /// Activity streams made so far: picks each one's shape from the mix.
    n: u64,
    events: u64,
    target: u64,
    ready: VecDeque<GeneratedStream>,
}

pub(crate) fn streams(events: u64, seed: u64) -> impl Iterator<Item = GeneratedStream> {
    let municipalities = (0..MUNICIPALITIES)
        .map(|i| {
            let name = municipality_name(i);
            let place = format!("{} centrum", name.trim_end_matches(" kommun"));
            Municipality {
                name,
                place,
                agreement: Uuid::nil(),
                until_year: FIRST_YEAR - 1,
            }
        })
        .collect();
    let mut sweden = Sweden {
        ids: Seeded::new(seed),
        municipalities,
        month: 0,
        n: 0,
        events: 0,
        target: events,
        ready: VecDeque::new(),
    };
    std::iter::from_fn(move || {
        if sweden.ready.is_empty() && sweden.events < sweden.target {
            sweden.make_month();
        }
        sweden.ready.pop_front()
    })
}

impl Sweden {
    /// One month: new agreements where one ended, then every municipality's
    /// activity streams in turn, until the log has the events asked for.
    fn make_month(&mut self) {
        let year = FIRST_YEAR + (self.month / 12) as i32;
        let month = self.month % 12 + 1;
        self.month += 1;
        assert!(
            year <= trygglogg_events::Year::LAST.get(),
            "the Sweden shape ends with {}: ask for fewer events",
            trygglogg_events::Year::LAST.get()
        );
        for m in 0..self.municipalities.len() {
            if self.municipalities[m].until_year < year {
                self.adopt(m, year);
            }
        }
        let counts: Vec<u32> = (0..self.municipalities.len())
            .map(|_| {
                self.ids
                    .between(*STREAMS_A_MONTH.start(), *STREAMS_A_MONTH.end())
            })
            .collect();
        for slot in 0..*STREAMS_A_MONTH.end() {
            for (m, &count) in counts.iter().enumerate() {
                if slot >= count || self.events >= self.target {
                    continue;
                }
                let day = self.ids.between(1, 28);
                let stream = format!("activity-{}", self.ids.uuid());
                let spec = ActivitySpec {
                    agreement: self.municipalities[m].agreement,
                    date: format!("{year}-{month:02}-{day:02}"),
                    place: &self.municipalities[m].place,
                    n: self.n,
                };
                self.n += 1;
                let events = activity_events(&mut self.ids, &spec);
                self.push(GeneratedStream { stream, events });
            }
        }
    }

    fn adopt(&mut self, m: usize, year: i32) {
        let years = self
            .ids
            .between(*AGREEMENT_YEARS.start(), *AGREEMENT_YEARS.end());
        let last_year = trygglogg_events::Year::LAST.get();
        let years = years.min((last_year - year + 1) as u32);
        let id = self.ids.uuid();
        let municipality = &self.municipalities[m];
        let spec = AgreementSpec {
            title: format!("Medborgarlöften {} {year}", municipality.name),
            municipality: &municipality.name,
            first_year: year,
            years,
        };
        let events = agreement_events(&mut self.ids, &spec);
        self.municipalities[m].agreement = id;
        self.municipalities[m].until_year = year + years as i32 - 1;
        self.push(GeneratedStream {
            stream: format!("agreement-{id}"),
            events,
        });
    }

    fn push(&mut self, stream: GeneratedStream) {
        self.events += stream.events.len() as u64;
        self.ready.push_back(stream);
    }
}
