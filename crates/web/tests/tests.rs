//! The site's integration tests: one binary, a module each.

mod agreement_corrections;
mod agreement_events;
mod agreement_page;
mod app;
mod assessment;
mod custom_kind;
mod excel_csv;
mod forms;
mod indicator;
mod indicator_definition;
mod mine;
mod new_agreement;
mod new_commitment;
mod outcomes;
mod quantities;
mod quotes;
mod read_your_writes;
mod recording_time;
mod results;
mod review;
mod scopes;
mod seed_golden;
mod site_routes;
mod through_the_router;
mod unknown_paths;
