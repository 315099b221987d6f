//! The benchmarks' shape: 50 agreements, each activity stream serving one in
//! turn, as the 32 appending tasks of earlier generators wrote them (task `t`
//! wrote streams `t`, `t + 32`, … until it had written `events / 32`), so a
//! size has the same number of events as before the generator was seeded
//! (1,000,368 at 1M), now in one fixed order.

use uuid::Uuid;

use crate::activity::{activity_events, agreement_events, ActivitySpec, AgreementSpec};
use crate::ids::Seeded;
use crate::GeneratedStream;

const AGREEMENTS: usize = 50;
const TASKS: u64 = 32;

pub(crate) fn streams(events: u64, seed: u64) -> impl Iterator<Item = GeneratedStream> {
    let mut ids = Seeded::new(seed);
    let agreements: Vec<Uuid> = (0..AGREEMENTS).map(|_| ids.uuid()).collect();
    let adopted: Vec<GeneratedStream> = agreements
        .iter()
        .map(|&id| GeneratedStream {
            stream: format!("agreement-{id}"),
            events: agreement_events(
                &mut ids,
                &AgreementSpec {
                    title: format!("Medborgarlöften {id}"),
                    municipality: "Hagfors kommun",
                    first_year: 2018,
                    years: 2,
                },
            ),
        })
        .collect();
    let per_task = events / TASKS;
    let mut written = [0u64; TASKS as usize];
    let mut n = 0u64;
    let activities = std::iter::from_fn(move || loop {
        if written.iter().all(|&w| w >= per_task) {
            return None;
        }
        let task = (n % TASKS) as usize;
        let this = n;
        n += 1;
        if written[task] >= per_task {
            continue;
        }
        let stream = format!("activity-{}", ids.uuid());
        let spec = ActivitySpec {
            agreement: agreements[this as usize % AGREEMENTS],
            date: format!(
                "{}-{:02}-{:02}",
                2018 + this % 2,
                this % 12 + 1,
                this % 28 + 1
            ),
            place: "Hagfors centrum",
            n: this,
        };
        let events = activity_events(&mut ids, &spec);
        written[task] += events.len() as u64;
        return Some(GeneratedStream { stream, events });
    });
    adopted.into_iter().chain(activities)
}
