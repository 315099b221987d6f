//! Plain GETs of one URL: a trygglogg follow-up, or nginx serving the same
//! bytes as a static file. One client for both, so its cost is the same.

use std::process::ExitCode;

use crate::closed_loop::{self, Shape};
use crate::http_append::{answered, http_client};

#[derive(clap::Args)]
pub struct Args {
    /// What to GET, e.g. http://127.0.0.1:8080/api/v1/agreements/…/follow-up/2017.
    #[arg(long)]
    url: String,
    /// The name for this run in the report.
    #[arg(long, default_value = "GET")]
    name: String,
    #[command(flatten)]
    shape: Shape,
}

pub async fn run(args: Args) -> ExitCode {
    let client = http_client(args.shape.clients);
    let url = args.url;
    let report = closed_loop::run(
        args.shape,
        |_| {
            let client = client.clone();
            async move { Ok(client) }
        },
        move |client: reqwest::Client| answered(client.get(&url), 200),
    )
    .await;
    report.print(&args.name, args.shape.clients)
}
