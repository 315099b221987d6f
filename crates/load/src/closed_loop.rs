//! A closed loop: each client sends one request, waits for the answer, sends
//! the next, for a fixed time. The same driver measures trygglogg and its
//! peers, so the client's own cost is the same on both sides.

use std::collections::BTreeMap;
use std::future::Future;
use std::time::{Duration, Instant};

use serde_json::json;

/// How long, how many clients, and how long to warm up first (requests sent
/// during the warm-up are made but not counted: connections, caches).
#[derive(clap::Args, Clone, Copy)]
pub struct Shape {
    /// Concurrent clients, each with its own connection.
    #[arg(long, default_value_t = 64)]
    pub clients: usize,
    /// Measured seconds.
    #[arg(long, default_value_t = 10)]
    pub seconds: u64,
    /// Seconds of load before measuring starts.
    #[arg(long, default_value_t = 1)]
    pub warmup: u64,
}

pub struct Report {
    pub answered: usize,
    pub per_second: f64,
    pub p50: Duration,
    pub p99: Duration,
    /// What went wrong → how often.
    pub errors: BTreeMap<String, u64>,
}

/// Runs `clients` loops of `request`, each given its own client state made
/// by `connect` (cheap to clone: a handle), for the shape's time.
pub async fn run<C, S, CF, R, RF>(shape: Shape, connect: C, request: R) -> Report
where
    C: Fn(usize) -> CF,
    CF: Future<Output = Result<S, String>>,
    S: Clone + Send + 'static,
    R: Fn(S) -> RF + Clone + Send + 'static,
    RF: Future<Output = Result<(), String>> + Send,
{
    let mut states = Vec::with_capacity(shape.clients);
    for client in 0..shape.clients {
        match connect(client).await {
            Ok(state) => states.push(state),
            Err(e) => {
                return Report {
                    answered: 0,
                    per_second: 0.0,
                    p50: Duration::ZERO,
                    p99: Duration::ZERO,
                    errors: BTreeMap::from([(format!("connect: {e}"), 1)]),
                }
            }
        }
    }
    let measured_from = Instant::now() + Duration::from_secs(shape.warmup);
    let deadline = measured_from + Duration::from_secs(shape.seconds);
    let tasks: Vec<_> = states
        .into_iter()
        .map(|state| {
            let request = request.clone();
            tokio::spawn(async move {
                let mut latencies = Vec::new();
                let mut errors = BTreeMap::<String, u64>::new();
                loop {
                    let sent = Instant::now();
                    if sent >= deadline {
                        break;
                    }
                    let answer = request(state.clone()).await;
                    if sent < measured_from {
                        continue;
                    }
                    match answer {
                        Ok(()) => latencies.push(sent.elapsed()),
                        Err(e) => *errors.entry(e).or_default() += 1,
                    }
                }
                (latencies, errors)
            })
        })
        .collect();
    let mut latencies = Vec::new();
    let mut errors = BTreeMap::new();
    for task in tasks {
        let (l, e) = task.await.expect("client task");
        latencies.extend(l);
        for (what, n) in e {
            *errors.entry(what).or_default() += n;
        }
    }
    // Requests sent before the deadline and answered after it count, over
    // the time they took.
    let elapsed = measured_from.elapsed();
    latencies.sort();
    let at = |q: f64| {
        latencies
            .get(((latencies.len().max(1) - 1) as f64 * q) as usize)
            .copied()
            .unwrap_or_default()
    };
    Report {
        answered: latencies.len(),
        per_second: latencies.len() as f64 / elapsed.as_secs_f64(),
        p50: at(0.50),
        p99: at(0.99),
        errors,
    }
}

impl Report {
    /// One markdown row for people, then one JSON line for scripts.
    /// Succeeds only without errors.
    pub fn print(&self, what: &str, clients: usize) -> std::process::ExitCode {
        let errors: u64 = self.errors.values().sum();
        println!(
            "| {what} | {clients} | {:.0} | {:.2} ms | {:.2} ms | {errors} |",
            self.per_second,
            ms(self.p50),
            ms(self.p99)
        );
        for (e, n) in &self.errors {
            eprintln!("error ({n}×): {e}");
        }
        println!(
            "{}",
            json!({"what": what, "clients": clients, "answered": self.answered,
                "per_second": self.per_second, "p50_ms": ms(self.p50), "p99_ms": ms(self.p99),
                "errors": errors})
        );
        if errors == 0 && self.answered > 0 {
            std::process::ExitCode::SUCCESS
        } else {
            std::process::ExitCode::FAILURE
        }
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
