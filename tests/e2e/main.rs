//! Black-box tests: the real `trygglogg` binary, started on a free port, driven
//! over real sockets, with tokens made by the real `trygglogg token create`.
//!
//! Build the binary first (`cargo test --workspace` does, because crates/cli
//! has an integration test; alone: `cargo build -p trygglogg-cli`).

mod authorisation;
mod bad_requests;
mod browser;
mod checkpoint;
mod crash_loop;
mod forms;
mod full_disk;
mod journey;
mod ledger;
mod mount;
mod municipalities;
mod phone_chart;
mod proving;
mod published_follow_ups;
mod published_series;
mod read_only;
mod read_your_writes;
mod requests;
mod server;
mod slow_clients;
mod subscribe;
