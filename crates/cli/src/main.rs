//! `trygglogg`: the one binary. It owns flags and environment, and wires the
//! crates together; the work itself lives in the crates.

mod commands;
mod failure;
mod open_files;
mod progress;
mod server_pid;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use trygglogg_api::ConnectionLimits;
use trygglogg_store::StoreOptions;
use trygglogg_tokens::{NewToken, Role};

// Appends and rebuilds allocate small, short-lived values per event; glibc's
// malloc spent a fifth of the server's time on them (BENCHMARKS.md). The
// feature `system-allocator` keeps malloc, which heap profilers such as
// heaptrack hook (bench/memory-curve, BENCHMARKS.md).
#[cfg(not(feature = "system-allocator"))]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "trygglogg",
    version,
    about = "Trygglogg: the log of medborgarlöften work, immutable and verifiable.",
    after_help = "Logs: `serve` logs to standard error at level info; RUST_LOG sets another, e.g. RUST_LOG=debug or RUST_LOG=warn,trygglogg_api=debug.\n\nExit status: 0 ok, 1 failed (the reason is on stderr), 2 bad usage, 3 the hash chain is broken (or part of the log cannot be read), or a proof or checkpoint does not hold."
)]
struct Cli {
    /// Directory of the event store.
    #[arg(long, global = true, env = "TRYGGLOGG_DATA", default_value = "./data")]
    data: PathBuf,
    #[command(subcommand)]
    command: Command,
}

/// The flag of the commands that open the event store (not `token`, which
/// does not).
#[derive(clap::Args)]
struct StoreFlags {
    /// The event store's page cache, at most, in MiB as stored on disk (in
    /// memory it takes several times that). Smaller saves memory; appends
    /// are as fast, reads over the whole log slower.
    #[arg(long, env = "TRYGGLOGG_CACHE_MIB", default_value_t = StoreOptions::DEFAULT_CACHE_MIB,
          value_parser = clap::value_parser!(u64).range(8..=65536))]
    cache_mib: u64,
}

impl StoreFlags {
    fn options(&self) -> StoreOptions {
        StoreOptions {
            cache_bytes: self.cache_mib << 20,
        }
    }
}

#[derive(Subcommand)]
enum Command {
    /// Write the whole log as JSON Lines, exactly as stored: a verifiable backup.
    Export {
        /// File to write (replaced atomically); standard output if left out.
        #[arg(long)]
        out: Option<PathBuf>,
        /// Export from the server at this URL (GET /api/v1/export), while it
        /// runs, with the auditor's or admin's token in TRYGGLOGG_TOKEN.
        #[arg(long, value_name = "URL")]
        server: Option<String>,
        #[command(flatten)]
        store: StoreFlags,
    },
    /// Rebuild an empty store from an export, after verifying the whole export.
    Restore {
        /// The export file.
        file: PathBuf,
        #[command(flatten)]
        store: StoreFlags,
    },
    /// Recompute the hash chain of the store, or of an export file, and report
    /// the head or the first position where the chain breaks (or that cannot
    /// be read: the store's files are damaged).
    Verify {
        /// Verify this export file instead of the store.
        #[arg(long, conflicts_with = "server")]
        export: Option<PathBuf>,
        /// Have the server at this URL verify its log (GET
        /// /api/v1/audit/verify) while it runs, with the auditor's or
        /// admin's token in TRYGGLOGG_TOKEN.
        #[arg(long, value_name = "URL")]
        server: Option<String>,
        #[command(flatten)]
        store: StoreFlags,
    },
    /// Append the requests of a JSON Lines file (one `{"stream", "expected_version",
    /// "events"}` per line) through the same validation as the HTTP API. Events
    /// with fixed ids make a re-import record nothing new.
    Import {
        /// The file, e.g. events/fixtures/hagfors-2017.jsonl.
        file: PathBuf,
        /// Who is recorded as the actor of the imported events.
        #[arg(long, default_value = commands::import::DEFAULT_ACTOR, conflicts_with = "server")]
        actor: String,
        /// The organisation recorded for the imported events.
        #[arg(long, default_value = commands::import::DEFAULT_ORGANISATION, conflicts_with = "server")]
        org: String,
        /// Send the lines to the server at this URL (POST /api/v1/batches, a
        /// few hundred lines per request) while it runs, with a reporter's,
        /// coordinator's or admin's token in TRYGGLOGG_TOKEN; the token's
        /// holder and organisation are recorded as the author.
        #[arg(long, value_name = "URL")]
        server: Option<String>,
        #[command(flatten)]
        store: StoreFlags,
    },
    /// Rebuild every view (the follow-up) from the first event of the log and
    /// save its checkpoint; the server does this by itself when a checkpoint
    /// does not match the log. Stop the server first: the log is locked.
    Rebuild {
        #[command(flatten)]
        store: StoreFlags,
    },
    /// Serve the HTTP API (docs at /docs) until Ctrl-C or SIGTERM.
    Serve {
        /// Address to listen on, HOST:PORT; port 0 takes a free port (the line
        /// `listening on http://ADDR` says which).
        #[arg(long, env = "TRYGGLOGG_ADDR", default_value = "127.0.0.1:8080", value_parser = listen_address)]
        addr: String,
        /// Import the Hagfors 2017 demo (idempotently) and make a demo token for
        /// each role, printed with the URLs to open.
        #[arg(long)]
        demo: bool,
        /// Where people reach the site, e.g. https://trygglogg.hagfors.se
        /// (behind a proxy that serves HTTPS): the base of sign-in links,
        /// and with https:// the session cookie is sent over HTTPS only.
        #[arg(long, env = "TRYGGLOGG_PUBLIC_URL", default_value = trygglogg_web::PublicUrl::DEFAULT)]
        public_url: trygglogg_web::PublicUrl,
        /// Open connections at most; at the cap new ones wait in the
        /// kernel's backlog until one closes. Keep it well below the open
        /// file limit (`ulimit -n`).
        #[arg(long, env = "TRYGGLOGG_MAX_CONNECTIONS", default_value_t = ConnectionLimits::DEFAULT_MAX_CONNECTIONS as u32,
              value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
        max_connections: u32,
        /// Seconds a connection may take to send a request's head (method,
        /// path, headers); slower ones are closed.
        #[arg(long, env = "TRYGGLOGG_HEADER_TIMEOUT_SECS", default_value_t = ConnectionLimits::DEFAULT_HEADER_READ_TIMEOUT.as_secs(),
              value_parser = clap::value_parser!(u64).range(1..=300))]
        header_timeout_secs: u64,
        /// Seconds between the signed checkpoints of the log's head made
        /// while the log grows (none while it does not); at most a minute.
        #[arg(long, env = "TRYGGLOGG_CHECKPOINT_EVERY_SECS", default_value_t = trygglogg_api::CHECKPOINT_EVERY.as_secs(),
              value_parser = clap::value_parser!(u64).range(1..=60))]
        checkpoint_every_secs: u64,
        #[command(flatten)]
        store: StoreFlags,
    },
    /// Issue, list and revoke the API's bearer tokens (kept hashed in
    /// <data>/tokens.json; a running server notices changes within a second).
    Token {
        #[command(subcommand)]
        command: TokenCommand,
    },
    /// Make and show the key that signs the log's checkpoints (kept in
    /// <data>/checkpoint.key; only its public half is ever shown).
    Key {
        #[command(subcommand)]
        command: KeyCommand,
    },
    /// Check proofs against signed checkpoints, offline, with only the
    /// public key.
    Proof {
        #[command(subcommand)]
        command: ProofCommand,
    },
}

#[derive(Subcommand)]
enum KeyCommand {
    /// Make the key and print its public half; refuses when there is one,
    /// unless --rotate.
    Create {
        /// The log's name, the first line of every checkpoint and the key's
        /// name: a schema-less URL that must be unique (no other log may
        /// use it), e.g.
        /// trygglogg.hagfors.se/trygglogg (no spaces, no '+'). Default:
        /// <host>/trygglogg, the host from --public-url or else the
        /// machine's name; with --rotate, the old key's.
        #[arg(long)]
        origin: Option<trygglogg_checkpoints::Origin>,
        /// Retire the key there is and make a new one. The old public key
        /// stays listed in <data>/checkpoint-keys, so that the checkpoints
        /// it signed still verify. Stop the server first, and start it again
        /// after: it then signs with the new key.
        #[arg(long)]
        rotate: bool,
        /// Where people reach the site; its host names the log by default.
        #[arg(long, env = "TRYGGLOGG_PUBLIC_URL", default_value = trygglogg_web::PublicUrl::DEFAULT)]
        public_url: trygglogg_web::PublicUrl,
    },
    /// Print the public key, its fingerprint, and the retired keys.
    Show,
}

#[derive(Subcommand)]
enum ProofCommand {
    /// Check a signed checkpoint and, with it, an inclusion proof, a
    /// consistency proof or an export. Offline: no server, no data
    /// directory. Exit 0 when everything holds, 3 naming what does not,
    /// 2 when the input cannot be read.
    #[command(group = clap::ArgGroup::new("what").required(true).multiple(true).args(["inclusion", "consistency", "export"]))]
    Verify {
        /// The log's public key (`trygglogg key show`), or a file of keys:
        /// one a line, or <data>/checkpoint-keys.
        #[arg(long)]
        key: String,
        /// The signed checkpoint (a note file, or a kept checkpoint's JSON).
        #[arg(long)]
        checkpoint: PathBuf,
        /// An inclusion proof (GET /api/v1/audit/proof/inclusion): the
        /// record is in the checkpoint's tree. With --export, the record is
        /// also the export's.
        #[arg(long, value_name = "PROOF.json")]
        inclusion: Option<PathBuf>,
        /// A consistency proof (GET /api/v1/audit/proof/consistency): the
        /// checkpoint's log extends the --earlier one's.
        #[arg(long, value_name = "PROOF.json", requires = "earlier")]
        consistency: Option<PathBuf>,
        /// The older checkpoint, for --consistency.
        #[arg(long, value_name = "NOTE", requires = "consistency")]
        earlier: Option<PathBuf>,
        /// An export (`trygglogg export`): its first tree-size records give
        /// the checkpoint's root.
        #[arg(long, value_name = "FILE")]
        export: Option<PathBuf>,
    },
}

#[derive(Subcommand)]
enum TokenCommand {
    /// Issue a token and print it, once; only its hash is kept.
    Create {
        /// reporter, coordinator, auditor or admin.
        #[arg(long)]
        role: Role,
        /// The party it acts for: "Polisen", "<Name> kommun" or
        /// "<Name> kommun/<department>".
        #[arg(long)]
        org: String,
        /// Who holds it; recorded as the actor of what it appends.
        #[arg(long)]
        name: String,
        /// A municipality it serves, "<Name> kommun"; once for each. A Polisen
        /// token names at least one; a municipality's token serves its own
        /// only; an admin token gives this or --whole-service.
        #[arg(long = "for", value_name = "MUNICIPALITY")]
        municipalities: Vec<String>,
        /// Every municipality of the service (admin tokens only).
        #[arg(long)]
        whole_service: bool,
        /// A Polisen token's lokalpolisområde, e.g. "LPO Norra Värmland": a
        /// label shown by `token list`.
        #[arg(long)]
        area: Option<String>,
        /// Also print a one-time sign-in link for the site, valid for 15
        /// minutes, so that nobody has to type the token on a phone.
        #[arg(long)]
        login: bool,
        /// Where people reach the site, e.g. https://trygglogg.hagfors.se
        /// (behind a proxy that serves HTTPS): the base of sign-in links,
        /// and with https:// the session cookie is sent over HTTPS only.
        #[arg(long, env = "TRYGGLOGG_PUBLIC_URL", default_value = trygglogg_web::PublicUrl::DEFAULT)]
        public_url: trygglogg_web::PublicUrl,
    },
    /// Every token: name, role, organisation, where it may write, created,
    /// revoked (never the token).
    List,
    /// Revoke the token with this name: the server refuses it within a
    /// second. The token stays listed, marked revoked; its name is not
    /// given to another.
    Revoke {
        /// The token's name, as `token list` shows it.
        name: String,
    },
}

/// `--addr`: a HOST:PORT that resolves, checked with the other flags so that a
/// mistyped address is bad usage (exit 2), not a failure to serve (exit 1).
fn listen_address(raw: &str) -> Result<String, String> {
    use std::net::ToSocketAddrs;
    let expected = "HOST:PORT, e.g. 127.0.0.1:8080 (port 0 takes a free port)";
    match raw.to_socket_addrs().map(|mut addresses| addresses.next()) {
        Ok(Some(_)) => Ok(raw.to_owned()),
        Ok(None) => Err(format!("{raw:?} names no address; give {expected}")),
        Err(e) => Err(format!("{raw:?} is not an address ({e}); give {expected}")),
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    if !matches!(cli.command, Command::Serve { .. }) {
        init_store_notices();
    }
    let data = cli.data.clone();
    let in_store = |flags: &StoreFlags| commands::StoreDir::new(data.clone(), flags.options());
    let result = match cli.command {
        Command::Export {
            out,
            server: None,
            store,
        } => commands::export::run(&in_store(&store).or_through_server(), out.as_deref()),
        Command::Export {
            out,
            server: Some(server),
            ..
        } => commands::export_remote::run(&server, out.as_deref()),
        Command::Restore { file, store } => commands::restore::run(&in_store(&store), &file),
        Command::Verify {
            export,
            server: None,
            store,
        } => commands::verify::run(&in_store(&store).or_through_server(), export.as_deref()),
        Command::Verify {
            server: Some(server),
            ..
        } => commands::verify_remote::run(&server),
        Command::Import {
            file,
            server: Some(server),
            ..
        } => commands::import_remote::run(&server, &file),
        Command::Import {
            file,
            actor,
            org,
            server: None,
            store,
        } => {
            // The operator records anywhere: an import is the service's own.
            let author = trygglogg_recorder::Author::operator(actor, org);
            commands::import::run(&in_store(&store).or_through_server(), &file, &author)
        }
        Command::Rebuild { store } => commands::rebuild::run(&in_store(&store)),
        Command::Serve {
            addr,
            demo,
            public_url,
            max_connections,
            header_timeout_secs,
            checkpoint_every_secs,
            store,
        } => {
            let open_files = open_files::raise_limit();
            let fitted = open_files::fitting(max_connections as usize, open_files);
            if fitted < max_connections as usize {
                eprintln!(
                    "trygglogg: at most {fitted} connections, not {max_connections}: \
                     the open-file limit is {} (ulimit -n), and {} are kept for the log",
                    open_files.unwrap_or_default(),
                    open_files::RESERVED
                );
            }
            let limits = ConnectionLimits {
                max_connections: fitted,
                header_read_timeout: std::time::Duration::from_secs(header_timeout_secs),
            };
            let serving = commands::serve::Serving {
                demo,
                public_url,
                limits,
                checkpoint_every: std::time::Duration::from_secs(checkpoint_every_secs),
            };
            commands::serve::run(&in_store(&store), &addr, serving)
        }
        Command::Token { command } => match command {
            TokenCommand::Create {
                role,
                org,
                name,
                municipalities,
                whole_service,
                area,
                login,
                public_url,
            } => commands::token::create(
                &cli.data,
                login.then_some(public_url),
                NewToken {
                    name,
                    role,
                    organisation: org,
                    municipalities,
                    whole_service,
                    area,
                },
            ),
            TokenCommand::List => commands::token::list(&cli.data),
            TokenCommand::Revoke { name } => commands::token::revoke(&cli.data, &name),
        },
        Command::Key { command } => match command {
            KeyCommand::Create {
                origin,
                rotate,
                public_url,
            } => commands::key::create(&cli.data, origin, rotate, &public_url.to_string()),
            KeyCommand::Show => commands::key::show(&cli.data),
        },
        Command::Proof {
            command:
                ProofCommand::Verify {
                    key,
                    checkpoint,
                    inclusion,
                    consistency,
                    earlier,
                    export,
                },
        } => commands::proof::verify(&commands::proof::Verify {
            key,
            checkpoint,
            inclusion,
            consistency,
            earlier,
            export,
        }),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => failure.report(),
    }
}

/// The store's own notices on stderr for the commands other than `serve`
/// (which logs everything): building an old log's Merkle tree once takes
/// minutes at a million events, and a command should not sit silent meanwhile.
fn init_store_notices() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("trygglogg_store=info"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .without_time()
        .with_target(false)
        .with_ansi(false)
        .init();
}
