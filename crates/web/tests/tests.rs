//! The site's integration tests: one binary, a module each.

mod results;
mod scopes;
mod through_the_router;
