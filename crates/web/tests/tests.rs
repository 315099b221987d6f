//! The site's integration tests: one binary, a module each.

mod forms;
mod through_the_router;
