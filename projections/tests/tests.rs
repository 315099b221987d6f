//! The projections, fed through the real recorder and store.

mod as_of;
mod audit;
mod checkpoint;
mod follow;
mod golden;
mod helpers;
mod rebuild;
mod results;
mod scopes;
mod started;
mod upcast_placing;
