//! The site's integration tests: one binary, a module each.

mod app;
mod assessment;
mod forms;
mod indicator;
mod indicator_definition;
mod mine;
mod new_agreement;
mod new_commitment;
mod outcomes;
mod results;
mod review;
mod scopes;
mod seed_golden;
mod through_the_router;
