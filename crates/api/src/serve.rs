//! The accept loop: the router served over HTTP/1.1 on a TCP listener, with
//! the limits that keep slow or idle clients from holding the server:
//! a header-read timeout (a connection that has not sent a whole request
//! head within it is closed) and a cap on open connections. `axum::serve`
//! has neither knob, so this is hyper's own connection builder.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::{ConnectInfo, Request};
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tower::ServiceExt;

use crate::application::{application, Site};
use crate::state::AppState;

/// How many connections may be open, and how long a request head may take.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConnectionLimits {
    /// Open connections at most. At the cap the server stops accepting until
    /// one closes; the kernel keeps the next ones waiting in its backlog.
    pub max_connections: usize,
    /// From the first byte a connection is waited on for a request (and
    /// between requests of a kept-alive connection) to the end of the
    /// request's head.
    pub header_read_timeout: Duration,
}

impl ConnectionLimits {
    pub const DEFAULT_MAX_CONNECTIONS: usize = 1024;
    pub const DEFAULT_HEADER_READ_TIMEOUT: Duration = Duration::from_secs(5);
}

impl Default for ConnectionLimits {
    fn default() -> Self {
        ConnectionLimits {
            max_connections: Self::DEFAULT_MAX_CONNECTIONS,
            header_read_timeout: Self::DEFAULT_HEADER_READ_TIMEOUT,
        }
    }
}

/// Serves the API with `site` beside it on `listener` until `shutdown`
/// resolves, then ends subscriptions and waits for requests in flight.
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    site: Site,
    limits: ConnectionLimits,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let app = application(state.clone(), site);
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(limits.header_read_timeout);
    let open = Arc::new(Semaphore::new(limits.max_connections.max(1)));
    let graceful = GracefulShutdown::new();
    tokio::pin!(shutdown);
    loop {
        // At the cap, wait for a connection to close before accepting: a
        // connection accepted only to be closed at once is an error for
        // every client, one left in the backlog is answered once a slot
        // frees, at the latest after the header-read timeout, since no
        // connection holds a slot longer without a complete request head.
        let permit = tokio::select! {
            permit = open.clone().acquire_owned() => permit.expect("the semaphore is never closed"),
            () = &mut shutdown => break,
        };
        let (stream, remote) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(error) => {
                    pause_after(error).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        // The client's address, for throttling failed authentications.
        let service = app
            .clone()
            .map_request(move |mut request: Request<Incoming>| {
                request.extensions_mut().insert(ConnectInfo(remote));
                request
            });
        let connection =
            http.serve_connection(TokioIo::new(stream), TowerToHyperService::new(service));
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            if let Err(error) = connection.await {
                tracing::debug!(%remote, %error, "connection ended with an error");
            }
            drop(permit);
        });
    }
    drop(listener);
    tracing::info!("shutting down");
    state.begin_shutdown();
    graceful.shutdown().await;
    Ok(())
}

/// After a failed accept: a connection that went away before it was accepted
/// is nothing; anything else (out of file descriptors, above all) is logged,
/// and accepting waits a second rather than spinning.
async fn pause_after(error: std::io::Error) {
    use std::io::ErrorKind::{ConnectionAborted, ConnectionRefused, ConnectionReset};
    if matches!(
        error.kind(),
        ConnectionAborted | ConnectionRefused | ConnectionReset
    ) {
        return;
    }
    tracing::error!(%error, "cannot accept a connection; trying again in 1 s");
    tokio::time::sleep(Duration::from_secs(1)).await;
}
