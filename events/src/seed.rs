//! The Hagfors 2017 seed as import lines, written into the code once: what
//! `serve --demo` records and what the tests load.

/// Where the seed is kept in the repository, as `trygglogg import` is given it.
pub const SEED_PATH: &str = "events/fixtures/hagfors-2017.jsonl";

/// The seed's import lines (JSON Lines, one append request and its stream each).
pub const SEED: &str = include_str!("../fixtures/hagfors-2017.jsonl");
