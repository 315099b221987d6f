//! The rules of an agreement stream: one adoption first, focus areas and
//! commitments named once, reviews within the period, and what an activity
//! may serve. Indicators and assessments: `result_rules.rs`.

use crate::activity::Serves;
use crate::agreement::{AgreementAdopted, CommitmentAdded};
use crate::error::RuleViolation;
use crate::event::DomainEvent;
use crate::indicator::IndicatorDefined;
use crate::key::Key;
use crate::occurred::Year;
use crate::party::Party;

use super::state::StreamState;

/// The agreement stream's effective content (retracted events left out).
pub(super) struct AgreementView<'a> {
    pub(super) adopted: &'a AgreementAdopted,
    pub(super) focus_areas: Vec<&'a Key>,
    pub(super) commitments: Vec<&'a CommitmentAdded>,
    reviewed_years: Vec<Year>,
    pub(super) indicators: Vec<&'a IndicatorDefined>,
    /// (commitment, year) of each assessment.
    pub(super) assessed: Vec<(&'a Key, Year)>,
}

impl StreamState {
    /// Checks, on the state of an *agreement* stream, that an activity may
    /// serve it as `serves` says: the agreement is adopted, has the focus
    /// area, and has the commitment (if one is named) under that focus area.
    /// `path` is where `serves` sits in the request, e.g. `events[0].data.serves`.
    pub fn check_serves(&self, serves: &Serves, path: &str) -> Result<(), RuleViolation> {
        let Some(view) = self.agreement_view() else {
            return Err(RuleViolation::new(
                "agreement_missing",
                format!("{path}.agreement"),
                format!("no agreement {} has been adopted", serves.agreement),
                "give the id of an agreement listed by GET /api/v1/agreements, or leave serves out",
            ));
        };
        check_focus_area(&view, &serves.focus_area, &format!("{path}.focus_area"))?;
        let Some(commitment) = &serves.commitment else {
            return Ok(());
        };
        let under_focus_area = || {
            view.commitments
                .iter()
                .filter(|c| c.focus_area == serves.focus_area)
        };
        if under_focus_area().any(|c| c.key == *commitment) {
            return Ok(());
        }
        let known: Vec<&str> = under_focus_area().map(|c| c.key.as_str()).collect();
        Err(RuleViolation::new(
            "commitment_missing",
            format!("{path}.commitment"),
            format!(
                "the focus area {:?} has no commitment {:?}",
                serves.focus_area.as_str(),
                commitment.as_str()
            ),
            if known.is_empty() {
                "leave commitment out, or add the commitment first (commitment_added)".to_owned()
            } else {
                format!("give one of: {}; or leave commitment out", known.join(", "))
            },
        ))
    }

    /// The parties of the agreement this stream holds, once adopted.
    pub fn agreement_parties(&self) -> Option<&[Party]> {
        self.agreement_view()
            .map(|view| view.adopted.parties.as_slice())
    }

    pub(super) fn agreement_view(&self) -> Option<AgreementView<'_>> {
        let mut view: Option<AgreementView> = None;
        for entry in self.effective() {
            match (&entry.event, &mut view) {
                (DomainEvent::AgreementAdopted(adopted), None) => {
                    view = Some(AgreementView {
                        adopted,
                        focus_areas: adopted.focus_areas.iter().map(|a| &a.key).collect(),
                        commitments: Vec::new(),
                        reviewed_years: Vec::new(),
                        indicators: Vec::new(),
                        assessed: Vec::new(),
                    })
                }
                (DomainEvent::FocusAreaAdded(added), Some(view)) => {
                    view.focus_areas.push(&added.focus_area.key)
                }
                (DomainEvent::CommitmentAdded(commitment), Some(view)) => {
                    view.commitments.push(commitment)
                }
                (DomainEvent::FollowUpReviewed(review), Some(view)) => {
                    view.reviewed_years.push(review.year)
                }
                (DomainEvent::IndicatorDefined(indicator), Some(view)) => {
                    view.indicators.push(indicator)
                }
                (DomainEvent::CommitmentAssessed(assessed), Some(view)) => {
                    view.assessed.push((&assessed.commitment, assessed.year))
                }
                _ => {}
            }
        }
        view
    }

    pub(super) fn check_agreement_event(&self, event: &DomainEvent) -> Result<(), RuleViolation> {
        let view = self.agreement_view();
        let view = match (event, view) {
            (DomainEvent::AgreementAdopted(_), None) if self.entries.is_empty() => return Ok(()),
            (DomainEvent::AgreementAdopted(_), _) => {
                return Err(RuleViolation::new(
                    "agreement_already_adopted",
                    "type",
                    "this stream already holds an agreement",
                    "adopt each agreement in its own agreement-<uuid> stream; fix mistakes \
                     with a correction",
                ))
            }
            (_, None) => {
                return Err(RuleViolation::new(
                    "agreement_not_adopted",
                    "type",
                    format!(
                        "{} needs an agreement, but this stream holds none",
                        event.event_type().as_str()
                    ),
                    "start the agreement stream with agreement_adopted",
                ))
            }
            (_, Some(view)) => view,
        };
        match event {
            DomainEvent::FocusAreaAdded(added) => {
                let key = &added.focus_area.key;
                if view.focus_areas.contains(&key) {
                    return Err(RuleViolation::new(
                        "focus_area_exists",
                        "data.key",
                        format!("the agreement already has a focus area {:?}", key.as_str()),
                        "choose another key, or correct the existing focus area",
                    ));
                }
            }
            DomainEvent::CommitmentAdded(commitment) => {
                if view.commitments.iter().any(|c| c.key == commitment.key) {
                    return Err(RuleViolation::new(
                        "commitment_exists",
                        "data.key",
                        format!(
                            "the agreement already has a commitment {:?}",
                            commitment.key.as_str()
                        ),
                        "choose another key, or correct the existing commitment",
                    ));
                }
                check_focus_area(&view, &commitment.focus_area, "data.focus_area")?;
                if let Some(indicator) = commitment.target.indicator() {
                    view.check_indicator(indicator, "data.target.indicator")?;
                }
                let parties = view.adopted.parties.as_slice();
                if let Some((i, party)) = commitment
                    .responsible
                    .iter()
                    .enumerate()
                    .find(|(_, party)| !party.acts_for(parties))
                {
                    return Err(RuleViolation::new(
                        "responsible_not_a_party",
                        format!("data.responsible[{i}]"),
                        format!("{party} is not a party to this agreement"),
                        format!(
                            "name one of the parties ({}) or a department of {}",
                            join(parties),
                            view.adopted.municipality
                        ),
                    ));
                }
            }
            DomainEvent::FollowUpReviewed(review) => {
                view.check_year(review.year)?;
                if view.reviewed_years.contains(&review.year) {
                    return Err(RuleViolation::new(
                        "year_already_reviewed",
                        "data.year",
                        format!("{} has already been reviewed", review.year),
                        "correct the earlier review instead of recording a second one",
                    ));
                }
            }
            DomainEvent::IndicatorDefined(indicator) => view.check_definition(indicator)?,
            DomainEvent::IndicatorMeasured(measured) => view.check_measurement(measured)?,
            DomainEvent::CommitmentAssessed(assessed) => view.check_assessment(assessed)?,
            _ => {}
        }
        Ok(())
    }
}

pub(super) fn check_focus_area(
    view: &AgreementView,
    key: &Key,
    path: &str,
) -> Result<(), RuleViolation> {
    if view.focus_areas.contains(&key) {
        return Ok(());
    }
    let known: Vec<&str> = view.focus_areas.iter().map(|k| k.as_str()).collect();
    Err(RuleViolation::new(
        "focus_area_missing",
        path,
        format!("the agreement has no focus area {:?}", key.as_str()),
        if known.is_empty() {
            "add the focus area first (focus_area_added)".to_owned()
        } else {
            format!(
                "give one of: {}; or add the focus area first",
                known.join(", ")
            )
        },
    ))
}

fn join(parties: &[crate::party::Party]) -> String {
    parties
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}
