//! An activity that serves an agreement lies within the agreement's period
//! (its years); the rule new input is held to, checked on the agreement's
//! stream as corrected.

use crate::agreement::AgreementPeriod;
use crate::error::RuleViolation;
use crate::event::DomainEvent;
use crate::occurred::Occurred;

use super::state::StreamState;

impl StreamState {
    /// The period of the agreement this stream holds, as corrected; `None`
    /// before it is adopted.
    pub fn agreement_period(&self) -> Option<AgreementPeriod> {
        self.effective().find_map(|entry| match &entry.event {
            DomainEvent::AgreementAdopted(adopted) => Some(adopted.period),
            _ => None,
        })
    }

    /// Checks, on an *agreement* stream, that work dated `when` lies within
    /// its period. `path` is where the date sits, e.g. `events[0].data.occurred`.
    pub fn check_within_period(&self, when: &Occurred, path: &str) -> Result<(), RuleViolation> {
        let Some(period) = self.agreement_period() else {
            return Ok(());
        };
        let (first, last) = (period.first_year.get(), period.last_year());
        let (from, to) = (when.start(), when.end());
        use chrono::Datelike;
        if first <= from.year() && to.year() <= last {
            return Ok(());
        }
        Err(RuleViolation::new(
            "outside_agreement_period",
            path,
            format!(
                "{when} lies outside the agreement's period: avtalet gäller {}",
                period_words(period.first_year.get(), period.last_year())
            ),
            format!(
                "give a date within {}, or serve the agreement whose period holds it",
                period_words(period.first_year.get(), period.last_year())
            ),
        ))
    }
}

/// A period's years as written: "2018–2019", or "2017" for one year.
pub fn period_words(first: i32, last: i32) -> String {
    if first == last {
        first.to_string()
    } else {
        format!("{first}–{last}")
    }
}
