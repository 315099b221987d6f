//! The site's integration tests: one binary, a module each.

mod outcomes;
mod results;
mod scopes;
mod through_the_router;
