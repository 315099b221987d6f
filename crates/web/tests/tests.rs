//! The site's integration tests: one binary, a module each.

mod app;
mod forms;
mod indicator;
mod mine;
mod outcomes;
mod results;
mod scopes;
mod through_the_router;
