//! The agreements as the public reads them: the list, and one agreement with
//! its focus areas, commitments, reviews and indicators.

use schemars::JsonSchema;
use serde::Serialize;
use uuid::Uuid;

use super::results::{AgreementLink, Assessment, Continuity, IndicatorDefinition};
use super::rows::{AgreementRow, CommitmentRow, FocusAreaRow, IndicatorRow, ReviewRow};
use super::state::FollowUpState;
use super::view::AgreementHeader;

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct AgreementSummary {
    #[serde(flatten)]
    pub header: AgreementHeader,
    /// The years a follow-up can be read for: the agreement's period.
    pub follow_up_years: Vec<i32>,
    pub continuity: Continuity,
}

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct AgreementView {
    #[serde(flatten)]
    pub header: AgreementHeader,
    pub follow_up_years: Vec<i32>,
    pub continuity: Continuity,
    pub focus_areas: Vec<FocusAreaRow>,
    pub commitments: Vec<CommitmentRow>,
    pub reviews: Vec<ReviewRow>,
    pub indicator_definitions: Vec<IndicatorDefinition>,
    pub indicators: Vec<IndicatorRow>,
    pub assessments: Vec<Assessment>,
}

impl FollowUpState {
    /// Every agreement, in id order.
    pub fn agreement_summaries(&self) -> Vec<AgreementSummary> {
        self.agreements()
            .map(|row| AgreementSummary {
                header: AgreementHeader::of(row),
                follow_up_years: self.follow_up_years(row),
                continuity: self.continuity(row),
            })
            .collect()
    }

    pub fn agreement_view(&self, id: Uuid) -> Option<AgreementView> {
        let row = self.agreement(id)?;
        Some(AgreementView {
            header: AgreementHeader::of(row),
            follow_up_years: self.follow_up_years(row),
            continuity: self.continuity(row),
            focus_areas: row.focus_areas.clone(),
            commitments: row.commitments.clone(),
            reviews: row.reviews.clone(),
            indicator_definitions: row.indicator_definitions.clone(),
            indicators: row.indicators.clone(),
            assessments: row.assessments.clone(),
        })
    }

    /// The period's years: a follow-up outside them is not served (work
    /// recorded outside them before the period rule is in no follow-up).
    fn follow_up_years(&self, row: &AgreementRow) -> Vec<i32> {
        (row.first_year..=row.last_year()).collect()
    }

    /// The agreement `row` continues and those that continue it, both ways
    /// from the one field `follows`.
    pub(super) fn continuity(&self, row: &AgreementRow) -> Continuity {
        let link = |other: &AgreementRow, year: i32| AgreementLink {
            id: other.id,
            title: other.title.clone(),
            year,
        };
        Continuity {
            follows: row
                .context
                .follows
                .and_then(|id| self.agreement(id))
                .map(|earlier| link(earlier, earlier.first_year + earlier.years as i32 - 1)),
            followed_by: self
                .agreements()
                .filter(|later| later.context.follows == Some(row.id))
                .map(|later| link(later, later.first_year))
                .collect(),
        }
    }
}
