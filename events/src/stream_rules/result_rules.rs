//! The rules of an agreement's result follow-up: indicators defined once under
//! a focus area (or a commitment of it), measured only once defined;
//! commitments assessed once per year of the period; an agreement continues
//! only one that exists.

use uuid::Uuid;

use crate::assessment::CommitmentAssessed;
use crate::error::RuleViolation;
use crate::indicator::{IndicatorDefined, IndicatorMeasured};
use crate::key::Key;
use crate::occurred::Year;

use super::agreement_rules::{check_focus_area, AgreementView};
use super::state::StreamState;

impl StreamState {
    /// Checks, on the state of the agreement stream `follows` names, that
    /// the agreement `follower` may continue it: it is another agreement, adopted
    /// and in force. `path` is where `follows` sits in the request.
    pub fn check_followed(
        &self,
        follows: Uuid,
        follower: Uuid,
        path: &str,
    ) -> Result<(), RuleViolation> {
        if follows == follower {
            return Err(RuleViolation::new(
                "agreement_follows_itself",
                path,
                "an agreement cannot continue itself",
                "give the id of the earlier agreement this one continues, or leave follows out",
            ));
        }
        match self.agreement_view() {
            Some(_) => Ok(()),
            None => Err(RuleViolation::new(
                "followed_agreement_missing",
                path,
                format!("no agreement {follows} has been adopted"),
                "give the id of the agreement this one continues, as listed by \
                 GET /api/v1/agreements, or leave follows out",
            )),
        }
    }
}

impl AgreementView<'_> {
    /// The year lies within the agreement's period.
    pub(super) fn check_year(&self, year: Year) -> Result<(), RuleViolation> {
        let period = self.adopted.period;
        if period.contains(year) {
            return Ok(());
        }
        Err(RuleViolation::new(
            "year_outside_period",
            "data.year",
            format!("the agreement does not cover {year}"),
            format!(
                "give a year from {} to {}",
                period.first_year,
                period.last_year()
            ),
        ))
    }

    /// `key` names a defined indicator of the agreement.
    pub(super) fn check_indicator(&self, key: &Key, path: &str) -> Result<(), RuleViolation> {
        if self.indicators.iter().any(|i| i.key == *key) {
            return Ok(());
        }
        let known: Vec<&str> = self.indicators.iter().map(|i| i.key.as_str()).collect();
        Err(RuleViolation::new(
            "indicator_missing",
            path,
            format!("the agreement has no indicator {:?}", key.as_str()),
            if known.is_empty() {
                "define the indicator first (indicator_defined)".to_owned()
            } else {
                format!(
                    "give one of: {}; or define the indicator first",
                    known.join(", ")
                )
            },
        ))
    }

    /// `commitment` is a commitment of the agreement (under `focus_area`, when
    /// one is given).
    fn check_commitment(
        &self,
        commitment: &Key,
        focus_area: Option<&Key>,
        path: &str,
    ) -> Result<(), RuleViolation> {
        let candidates = || {
            self.commitments
                .iter()
                .filter(|c| focus_area.is_none_or(|f| c.focus_area == *f))
        };
        if candidates().any(|c| c.key == *commitment) {
            return Ok(());
        }
        let known: Vec<&str> = candidates().map(|c| c.key.as_str()).collect();
        Err(RuleViolation::new(
            "commitment_missing",
            path,
            match focus_area {
                Some(f) => format!(
                    "the focus area {:?} has no commitment {:?}",
                    f.as_str(),
                    commitment.as_str()
                ),
                None => format!("the agreement has no commitment {:?}", commitment.as_str()),
            },
            if known.is_empty() {
                "add the commitment first (commitment_added)".to_owned()
            } else {
                format!("give one of: {}", known.join(", "))
            },
        ))
    }

    pub(super) fn check_definition(&self, defined: &IndicatorDefined) -> Result<(), RuleViolation> {
        if self.indicators.iter().any(|i| i.key == defined.key) {
            return Err(RuleViolation::new(
                "indicator_exists",
                "data.key",
                format!(
                    "the agreement already has an indicator {:?}",
                    defined.key.as_str()
                ),
                "choose another key, or correct the existing indicator",
            ));
        }
        check_focus_area(self, &defined.focus_area, "data.focus_area")?;
        if let Some(commitment) = &defined.commitment {
            self.check_commitment(commitment, Some(&defined.focus_area), "data.commitment")?;
        }
        Ok(())
    }

    pub(super) fn check_measurement(
        &self,
        measured: &IndicatorMeasured,
    ) -> Result<(), RuleViolation> {
        if let Some(key) = &measured.indicator {
            self.check_indicator(key, "data.indicator")?;
        }
        if let Some(key) = measured
            .unlinked
            .as_ref()
            .and_then(|u| u.focus_area.as_ref())
        {
            check_focus_area(self, key, "data.unlinked.focus_area")?;
        }
        Ok(())
    }

    pub(super) fn check_assessment(
        &self,
        assessed: &CommitmentAssessed,
    ) -> Result<(), RuleViolation> {
        self.check_commitment(&assessed.commitment, None, "data.commitment")?;
        self.check_year(assessed.year)?;
        if self
            .assessed
            .iter()
            .any(|(c, y)| **c == assessed.commitment && *y == assessed.year)
        {
            return Err(RuleViolation::new(
                "commitment_already_assessed",
                "data.year",
                format!(
                    "{:?} has already been assessed for {}",
                    assessed.commitment.as_str(),
                    assessed.year
                ),
                "correct the earlier assessment instead of recording a second one",
            ));
        }
        Ok(())
    }
}
