//! The agreements as the public reads them: the list, and one agreement with
//! its focus areas, commitments, reviews and indicators.

use schemars::JsonSchema;
use serde::Serialize;
use uuid::Uuid;

use super::rows::{AgreementRow, CommitmentRow, FocusAreaRow, IndicatorRow, ReviewRow};
use super::state::FollowUpState;
use super::view::AgreementHeader;

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct AgreementSummary {
    #[serde(flatten)]
    pub header: AgreementHeader,
    /// The years a follow-up can be read for: the agreement's period.
    pub follow_up_years: Vec<i32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct AgreementView {
    #[serde(flatten)]
    pub header: AgreementHeader,
    pub follow_up_years: Vec<i32>,
    pub focus_areas: Vec<FocusAreaRow>,
    pub commitments: Vec<CommitmentRow>,
    pub reviews: Vec<ReviewRow>,
    pub indicators: Vec<IndicatorRow>,
}

impl FollowUpState {
    /// Every agreement, in id order.
    pub fn agreement_summaries(&self) -> Vec<AgreementSummary> {
        self.agreements()
            .map(|row| AgreementSummary {
                header: AgreementHeader::of(row),
                follow_up_years: self.follow_up_years(row),
            })
            .collect()
    }

    pub fn agreement_view(&self, id: Uuid) -> Option<AgreementView> {
        let row = self.agreement(id)?;
        Some(AgreementView {
            header: AgreementHeader::of(row),
            follow_up_years: self.follow_up_years(row),
            focus_areas: row.focus_areas.clone(),
            commitments: row.commitments.clone(),
            reviews: row.reviews.clone(),
            indicators: row.indicators.clone(),
        })
    }

    /// The period's years: a follow-up outside them is not served (work
    /// recorded outside them before the period rule is in no follow-up).
    fn follow_up_years(&self, row: &AgreementRow) -> Vec<i32> {
        (row.first_year..=row.last_year()).collect()
    }
}
