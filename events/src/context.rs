//! What validation of a new event depends on besides the event itself.

use crate::fields::ParseContext;
use chrono::NaiveDate;

/// Passed in by the caller so that this crate stays pure and deterministic.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ValidationContext {
    /// Today's date in Sweden (Europe/Stockholm). Dates of things that happened must
    /// not be after it; plans must not be far beyond it.
    pub today: NaiveDate,
}

impl ValidationContext {
    pub fn new(today: NaiveDate) -> Self {
        Self { today }
    }

    pub(crate) fn parse_context(self) -> ParseContext {
        ParseContext {
            today: Some(self.today),
        }
    }
}
