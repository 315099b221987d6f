//! Durable appends over HTTP with the full stack (auth, validation, rules,
//! group commit, fsync): one event per request, each a new activity stream.
//! The same requests measure the peer service (`peer-serve`).

use std::process::ExitCode;

use uuid::Uuid;

use crate::closed_loop::{self, Shape};
use crate::payload;

#[derive(clap::Args)]
pub struct Args {
    /// The server, e.g. http://127.0.0.1:8080.
    #[arg(long)]
    url: String,
    /// A reporter token of Polisen.
    #[arg(long)]
    reporter: String,
    /// What the report calls the server (the peer service is measured by
    /// this same code).
    #[arg(long, default_value = "trygglogg HTTP append")]
    name: String,
    #[command(flatten)]
    shape: Shape,
}

pub async fn run(args: Args) -> ExitCode {
    let client = http_client(args.shape.clients);
    let (url, token) = (args.url, args.reporter);
    let report = closed_loop::run(
        args.shape,
        |_| {
            let client = client.clone();
            async move { Ok(client) }
        },
        move |client: reqwest::Client| {
            let stream = payload::new_stream();
            let request = client
                .post(format!("{url}/api/v1/streams/{stream}/events"))
                .bearer_auth(&token)
                .header("content-type", "application/json")
                .body(payload::append_body(Uuid::new_v4()));
            answered(request, 201)
        },
    )
    .await;
    report.print(&args.name, args.shape.clients)
}

/// Sends `request` and reads the whole answer (its bytes are part of the
/// cost); an error unless its status is `expected`.
pub async fn answered(request: reqwest::RequestBuilder, expected: u16) -> Result<(), String> {
    let response = request.send().await.map_err(|e| e.to_string())?;
    let status = response.status().as_u16();
    response.bytes().await.map_err(|e| e.to_string())?;
    match status {
        status if status == expected => Ok(()),
        other => Err(format!("status {other}")),
    }
}

/// One pool with room for every client's connection, kept alive.
pub fn http_client(clients: usize) -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(std::time::Duration::from_secs(30))
        .pool_max_idle_per_host(clients)
        .build()
        .expect("an HTTP client")
}
