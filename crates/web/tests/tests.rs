//! The site's integration tests: one binary, a module each.

mod outcomes;
mod through_the_router;
