//! `trygglogg-load mixed`: drives a running `trygglogg serve` with a mix of
//! durable appends (a reporter recording completed activities), public
//! follow-up reads, raw log reads (an auditor) and live subscriptions, for a
//! fixed time over many connections. Reports throughput, latency (p50, p99)
//! and every answer that was not the expected one; samples the server's
//! resident memory if given its pid. Exits non-zero on any error or 5xx.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::json;
use uuid::Uuid;

#[derive(clap::Args, Clone)]
pub struct Args {
    /// The server, e.g. http://127.0.0.1:8080.
    #[arg(long)]
    url: String,
    /// A reporter token of Polisen (appends).
    #[arg(long)]
    reporter: String,
    /// An auditor token (raw log reads, subscriptions).
    #[arg(long)]
    auditor: String,
    /// How long to run, in seconds.
    #[arg(long, default_value_t = 60)]
    seconds: u64,
    /// Concurrent connections making requests (besides the subscribers).
    #[arg(long, default_value_t = 256)]
    connections: usize,
    /// Live subscriptions held open for the whole run.
    #[arg(long, default_value_t = 8)]
    subscribers: usize,
    /// The server's pid, to sample its resident memory every second.
    #[arg(long)]
    pid: Option<u32>,
    /// The agreement whose follow-up the public reads.
    #[arg(long, default_value = "5a1e0000-2017-4000-8000-000000000001")]
    agreement: String,
    /// The follow-up year the public reads.
    #[arg(long, default_value_t = 2017)]
    year: i32,
}

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
enum Kind {
    Append,
    FollowUp,
    LogRead,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Append => "append (reporter)",
            Kind::FollowUp => "follow-up (public)",
            Kind::LogRead => "log page (auditor)",
        }
    }
    fn expected(self) -> u16 {
        match self {
            Kind::Append => 201,
            _ => 200,
        }
    }
    /// Four in ten connections append, five read the follow-up, one the log.
    fn of(connection: usize) -> Kind {
        match connection % 10 {
            0..=3 => Kind::Append,
            4..=8 => Kind::FollowUp,
            _ => Kind::LogRead,
        }
    }
}

#[derive(Default)]
struct Tally {
    latencies: BTreeMap<Kind, Vec<Duration>>,
    /// (kind, status or "transport error") → count, for unexpected answers.
    unexpected: BTreeMap<(Kind, String), u64>,
}

pub async fn run(args: Args) -> std::process::ExitCode {
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .pool_max_idle_per_host(args.connections + args.subscribers)
        .build()
        .expect("an HTTP client");
    let stop = Arc::new(AtomicBool::new(false));
    let tally = Arc::new(Mutex::new(Tally::default()));
    let delivered = Arc::new(AtomicU64::new(0));
    let out_of_order = Arc::new(AtomicU64::new(0));
    let memory = Arc::new(Mutex::new(Vec::<u64>::new()));
    let started = Instant::now();

    let mut tasks = Vec::new();
    for connection in 0..args.connections {
        let (client, args, stop, tally) =
            (client.clone(), args.clone(), stop.clone(), tally.clone());
        tasks.push(tokio::spawn(async move {
            let kind = Kind::of(connection);
            while !stop.load(Ordering::Relaxed) {
                let sent = Instant::now();
                let answer = request(&client, &args, kind).await;
                let took = sent.elapsed();
                let mut tally = tally.lock().expect("tally");
                match answer {
                    Ok(status) if status == kind.expected() => {
                        tally.latencies.entry(kind).or_default().push(took)
                    }
                    Ok(status) => {
                        *tally
                            .unexpected
                            .entry((kind, status.to_string()))
                            .or_default() += 1
                    }
                    Err(e) => {
                        *tally
                            .unexpected
                            .entry((kind, format!("transport error: {e}")))
                            .or_default() += 1
                    }
                }
            }
        }));
    }
    for _ in 0..args.subscribers {
        let (client, args, stop) = (client.clone(), args.clone(), stop.clone());
        let (delivered, out_of_order) = (delivered.clone(), out_of_order.clone());
        tasks.push(tokio::spawn(subscribe(
            client,
            args,
            stop,
            delivered,
            out_of_order,
        )));
    }
    if let Some(pid) = args.pid {
        let (stop, memory) = (stop.clone(), memory.clone());
        tasks.push(tokio::spawn(async move {
            while !stop.load(Ordering::Relaxed) {
                if let Some(kib) = resident_kib(pid) {
                    memory.lock().expect("memory").push(kib);
                }
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
        }));
    }
    tokio::time::sleep(Duration::from_secs(args.seconds)).await;
    stop.store(true, Ordering::Relaxed);
    for task in tasks {
        let _ = tokio::time::timeout(Duration::from_secs(40), task).await;
    }
    let elapsed = started.elapsed().as_secs_f64();

    let tally = tally.lock().expect("tally");
    println!(
        "{} s, {} connections, {} subscribers, against {}\n",
        args.seconds, args.connections, args.subscribers, args.url
    );
    println!("| request | answered as expected | per second | p50 | p99 |");
    println!("|---|---:|---:|---:|---:|");
    for (kind, latencies) in &tally.latencies {
        let mut sorted = latencies.clone();
        sorted.sort();
        let at = |q: f64| sorted[((sorted.len() - 1) as f64 * q) as usize];
        println!(
            "| {} | {} | {:.0} | {:.1} ms | {:.1} ms |",
            kind.name(),
            sorted.len(),
            sorted.len() as f64 / elapsed,
            at(0.5).as_secs_f64() * 1000.0,
            at(0.99).as_secs_f64() * 1000.0
        );
    }
    println!(
        "\nsubscriptions: {} events delivered, {} out of order",
        delivered.load(Ordering::Relaxed),
        out_of_order.load(Ordering::Relaxed)
    );
    let memory = memory.lock().expect("memory");
    if let (Some(first), Some(max), Some(last)) =
        (memory.first(), memory.iter().max(), memory.last())
    {
        println!(
            "server RSS: {} MiB at the start, {} MiB at most, {} MiB at the end",
            first / 1024,
            max / 1024,
            last / 1024
        );
    }
    let errors: u64 = tally.unexpected.values().sum();
    for ((kind, what), count) in &tally.unexpected {
        println!("unexpected: {} × {} answered {what}", count, kind.name());
    }
    println!("errors: {errors}");
    if errors == 0 && out_of_order.load(Ordering::Relaxed) == 0 {
        std::process::ExitCode::SUCCESS
    } else {
        std::process::ExitCode::FAILURE
    }
}

async fn request(client: &reqwest::Client, args: &Args, kind: Kind) -> Result<u16, reqwest::Error> {
    let response = match kind {
        Kind::Append => {
            // A control of Polisen's, serving the demo's 2018–2019 agreement
            // (new work must serve one): the same event the append benchmark sends.
            let data: serde_json::Value =
                serde_json::from_str(crate::payload::DATA).expect("the payload is JSON");
            let body = json!({"events": [{"id": Uuid::new_v4(), "type": crate::payload::TYPE, "data": data}]});
            client
                .post(format!(
                    "{}/api/v1/streams/activity-{}/events",
                    args.url,
                    Uuid::new_v4()
                ))
                .bearer_auth(&args.reporter)
                .json(&body)
                .send()
                .await?
        }
        Kind::FollowUp => {
            client
                .get(format!(
                    "{}/api/v1/agreements/{}/follow-up/{}",
                    args.url, args.agreement, args.year
                ))
                .send()
                .await?
        }
        Kind::LogRead => {
            client
                .get(format!(
                    "{}/api/v1/events?direction=backward&limit=100",
                    args.url
                ))
                .bearer_auth(&args.auditor)
                .send()
                .await?
        }
    };
    let status = response.status().as_u16();
    response.bytes().await?;
    Ok(status)
}

/// Holds a subscription from the head open and checks that positions come in
/// order, one after the other.
async fn subscribe(
    client: reqwest::Client,
    args: Args,
    stop: Arc<AtomicBool>,
    delivered: Arc<AtomicU64>,
    out_of_order: Arc<AtomicU64>,
) {
    let request = client
        .get(format!("{}/api/v1/events/subscribe", args.url))
        .bearer_auth(&args.auditor)
        .timeout(Duration::from_secs(args.seconds + 60));
    let Ok(mut response) = request.send().await else {
        out_of_order.fetch_add(1, Ordering::Relaxed);
        return;
    };
    let mut last: Option<u64> = None;
    let mut pending = String::new();
    while !stop.load(Ordering::Relaxed) {
        let chunk = tokio::time::timeout(Duration::from_millis(500), response.chunk()).await;
        let Ok(chunk) = chunk else { continue };
        let Ok(Some(chunk)) = chunk else { break };
        pending.push_str(&String::from_utf8_lossy(&chunk));
        while let Some(end) = pending.find('\n') {
            let line: String = pending.drain(..=end).collect();
            if let Some(id) = line
                .strip_prefix("id:")
                .and_then(|v| v.trim().parse::<u64>().ok())
            {
                if last.is_some_and(|last| id != last + 1) {
                    out_of_order.fetch_add(1, Ordering::Relaxed);
                }
                last = Some(id);
                delivered.fetch_add(1, Ordering::Relaxed);
            }
        }
    }
}

fn resident_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}
