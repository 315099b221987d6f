//! `trygglogg serve`: the HTTP API, until Ctrl-C or SIGTERM.

use std::io::{IsTerminal, Write};
use std::net::SocketAddr;
use std::path::Path;
use std::time::Duration;

use tokio::net::TcpListener;
use trygglogg_api::{checkpoint_while_growing, open_checkpoints, AppState, ConnectionLimits};
use trygglogg_projections::checkpoint::Reading as CheckpointReading;
use trygglogg_projections::Projections;
use trygglogg_recorder::{Author, Recorder};
use trygglogg_store::Store;
use trygglogg_tokens::{tokens_path, update, NewToken, Role, TokenFile, Tokens};
use trygglogg_web::PublicUrl;

use super::first_steps;
use super::import::{self, DEFAULT_ACTOR, DEFAULT_ORGANISATION};
use super::StoreDir;
use crate::failure::{Context, Failure};
use crate::server_pid::ServerPid;

/// One demo token per role: (name, role, organisation, the municipality it
/// serves, or `None` for the whole service). Hagfors' staff and the police's
/// reporter serve Hagfors, the administrator the whole service.
const DEMO_TOKENS: [(&str, Role, &str, Option<&str>); 4] = [
    ("demo-reporter", Role::Reporter, "Polisen", HAGFORS),
    (
        "demo-coordinator",
        Role::Coordinator,
        "Hagfors kommun",
        HAGFORS,
    ),
    ("demo-auditor", Role::Auditor, "Hagfors kommun", HAGFORS),
    ("demo-admin", Role::Admin, "Hagfors kommun", None),
];
const HAGFORS: Option<&str> = Some("Hagfors kommun");

/// A demo token made for this run, to print.
struct DemoToken {
    token: String,
    role: Role,
    organisation: String,
    reach: String,
}

/// How `serve` serves, besides where.
pub struct Serving {
    pub demo: bool,
    pub public_url: PublicUrl,
    pub limits: ConnectionLimits,
    /// How often a checkpoint of the head is signed while the log grows.
    pub checkpoint_every: Duration,
}

pub fn run(data: &StoreDir, addr: &str, serving: Serving) -> Result<(), Failure> {
    init_logging();
    let runtime = tokio::runtime::Runtime::new().context("cannot start the runtime")?;
    runtime.block_on(serve(data, addr, serving))
}

async fn serve(data: &StoreDir, addr: &str, serving: Serving) -> Result<(), Failure> {
    let Serving {
        demo,
        public_url,
        limits,
        checkpoint_every,
    } = serving;
    let started = std::time::Instant::now();
    // Read while the log opens: at 10M events each takes seconds.
    let reading = CheckpointReading::start(projections_dir(data.path()));
    let store = data.open_for_serving()?;
    tracing::info!(elapsed = ?started.elapsed(), "the log is open");
    // Written once the lock is ours; removed when `serve` returns. Only a
    // courtesy to the other commands: a disk too full for it still serves.
    let _pid_file = ServerPid::write(data.path())
        .inspect_err(|error| tracing::warn!(%error, "cannot write serve.pid"))
        .ok();
    let tokens_file = tokens_path(data.path());
    let demo_tokens = if demo {
        Some(prepare_demo(&store, &tokens_file).await?)
    } else {
        None
    };
    let tokens = Tokens::open(&tokens_file).context("cannot read the tokens")?;
    let projections = open_projections(&store, reading).await?;
    tracing::info!(
        elapsed = ?started.elapsed(),
        position = projections.applied(),
        "the follow-up is current"
    );
    let checkpoints = {
        let (store, dir, url) = (
            store.clone(),
            data.path().to_owned(),
            public_url.to_string(),
        );
        tokio::task::spawn_blocking(move || open_checkpoints(&store, &dir, Some(&url)))
            .await
            .context("cannot open the checkpoints")?
            .context("cannot open the checkpoints")?
    };
    tracing::info!(elapsed = ?started.elapsed(), "the signed checkpoints are open");
    let follower = Follower::start(projections.clone())?;
    let listener = TcpListener::bind(addr)
        .await
        .context(format_args!("cannot listen on {addr}"))?;
    let bound = listener
        .local_addr()
        .context(format_args!("cannot listen on {addr}"))?;
    if let Some(demo_tokens) = demo_tokens {
        print_demo(bound, &demo_tokens);
    } else {
        let found = first_steps::Found {
            events: store.head().position,
            // A file that cannot be read was refused above, by Tokens::open.
            tokens: TokenFile::load(&tokens_file).map_or(0, |file| file.tokens.len()),
        };
        for line in first_steps::lines(&found, data.path(), bound) {
            println!("{line}");
        }
    }
    // From here a signal stops the server cleanly; before, while the log
    // and the views open (minutes, for an old log's tree), it ends it at
    // once, which a crash-safe store allows.
    let stop = shutdown_signal();
    // The one line a script (or the end-to-end tests) waits for.
    println!("listening on http://{bound}");
    std::io::stdout()
        .flush()
        .context("cannot write to standard output")?;
    tracing::info!(%bound, data = %data.path().display(), ?limits, "serving");
    let state = AppState::new(
        store.clone(),
        projections.clone(),
        tokens,
        checkpoints.clone(),
    );
    let stopping = state.clone();
    let checkpointing = tokio::spawn(checkpoint_while_growing(
        store,
        checkpoints,
        checkpoint_every,
        state.shutting_down(),
    ));
    let served = trygglogg_api::serve(
        listener,
        state,
        trygglogg_web::site(public_url),
        limits,
        stop,
    )
    .await
    .context("the server failed");
    // Stops the checkpoints (`serve` began the shutdown already, unless it
    // failed); one being signed is finished first.
    stopping.begin_shutdown();
    if let Err(error) = checkpointing.await {
        tracing::warn!(%error, "the checkpoints stopped");
    }
    follower.stop();
    projections.save_checkpoint();
    served
}

/// The follow-up kept current on a thread of its own. Following writes the
/// whole view as a checkpoint every few seconds, synchronously (and fsyncs
/// it), which takes longer as the log grows: on a worker of the server's
/// runtime it held up every request that worker had (bench/run: the
/// appends' p99). Here it holds up nothing but itself.
struct Follower {
    stop: tokio::sync::oneshot::Sender<()>,
    thread: std::thread::JoinHandle<()>,
}

impl Follower {
    fn start(projections: Projections) -> Result<Follower, Failure> {
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .context("cannot start the follow-up's runtime")?;
        let thread = std::thread::Builder::new()
            .name("follow-up".into())
            .spawn(move || {
                runtime.block_on(async {
                    tokio::select! {
                        () = projections.follow() => {}
                        _ = stopped => {}
                    }
                })
            })
            .context("cannot start the follow-up's thread")?;
        Ok(Follower { stop, thread })
    }

    /// Stops following (the caller saves the checkpoint).
    fn stop(self) {
        let _ = self.stop.send(());
        let _ = self.thread.join();
    }
}

/// Loads the views' checkpoint and catches up with the log before serving,
/// so the first request already sees every durable event.
async fn open_projections(
    store: &Store,
    reading: CheckpointReading,
) -> Result<Projections, Failure> {
    let store = store.clone();
    tokio::task::spawn_blocking(move || Projections::open_with(store, reading))
        .await
        .context("cannot start the projections")?
        .context("cannot build the follow-up from the log")
}

/// Where the views keep their checkpoints: beside the log, never inside it.
pub fn projections_dir(data: &Path) -> std::path::PathBuf {
    data.join("projections")
}

/// Imports the seed (a no-op when it is there already: its ids are fixed) and
/// makes the demo tokens anew, since only their hashes were kept.
async fn prepare_demo(store: &Store, tokens_file: &Path) -> Result<Vec<DemoToken>, Failure> {
    let author = Author::operator(DEFAULT_ACTOR, DEFAULT_ORGANISATION);
    let recorder = Recorder::new(store.clone());
    // The seed is in the binary, so that `--demo` works from any directory.
    let imported = import::import(
        &recorder,
        trygglogg_events::SEED,
        Path::new(trygglogg_events::SEED_PATH),
        &author,
    )
    .await?;
    println!(
        "demo: the Hagfors 2017 seed is in the store ({} events recorded now, {} already there)",
        imported.recorded, imported.already_there
    );
    update(tokens_file, |file| {
        DEMO_TOKENS
            .iter()
            .map(|&(name, role, organisation, municipality)| {
                let new = NewToken::new(name, role, organisation);
                let token = file.replace(match municipality {
                    Some(municipality) => new.serving(&[municipality]),
                    None => new.whole_service(),
                })?;
                let reach = file.tokens.last().map(|t| t.describe_reach());
                Ok(DemoToken {
                    token,
                    role,
                    organisation: organisation.to_owned(),
                    reach: reach.unwrap_or_default(),
                })
            })
            .collect()
    })
    .context("cannot make the demo tokens")
}

fn print_demo(bound: SocketAddr, tokens: &[DemoToken]) {
    let base = format!("http://{bound}");
    println!("demo: open {base}/ for the follow-ups, e.g. {base}/agreements/5a1e0000-2017-4000-8000-000000000001/follow-up/2017");
    println!("demo: open {base}/docs for every route and schema");
    println!("demo: tokens for this run (made anew at every start):");
    // The token last on each line: scripts take it with awk's $NF.
    for demo in tokens {
        let (role, organisation) = (demo.role, &demo.organisation);
        let serves = format!("(serves {})", demo.reach);
        println!(
            "demo:   {role:<12} {organisation:<15} {serves:<28} {}",
            demo.token
        );
    }
    if let Some(auditor) = tokens
        .iter()
        .find(|demo| demo.role == Role::Auditor)
        .map(|demo| &demo.token)
    {
        println!("demo: the log:    curl -H 'Authorization: Bearer {auditor}' '{base}/api/v1/events?limit=5'");
        println!("demo: the chain:  curl -H 'Authorization: Bearer {auditor}' {base}/api/v1/audit/verify");
    }
    println!("demo: health and metrics: {base}/healthz {base}/metrics");
}

/// Logs go to standard error; `RUST_LOG` overrides the default level.
fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .init();
}

/// Resolves on Ctrl-C or SIGTERM. The handlers are installed when this is
/// called, not when the future is first polled: a signal that comes after
/// "listening on" but before the routes are built (which takes a moment)
/// then stops the server cleanly, with `serve.pid` removed, rather than
/// killing it.
fn shutdown_signal() -> impl std::future::Future<Output = ()> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        let interrupt = signal(SignalKind::interrupt());
        let terminate = signal(SignalKind::terminate());
        async move {
            let (Ok(mut interrupt), Ok(mut terminate)) = (interrupt, terminate) else {
                return std::future::pending::<()>().await;
            };
            tokio::select! {
                _ = interrupt.recv() => {}
                _ = terminate.recv() => {}
            }
        }
    }
    #[cfg(not(unix))]
    async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    }
}
