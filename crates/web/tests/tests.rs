//! The site's integration tests: one binary, a module each.

mod through_the_router;
