//! The pure step of a follow-up: from the selection and the rows of its
//! activities and amendments to the view, per focus area and commitment.

use super::rows::{ActivityRow, AmendmentRow, FocusAreaRow, Target};
use super::selection::Selection;
use super::view::{
    ActivityLine, AgreementHeader, AmendmentLine, Audience, CommitmentFollowUp, FocusAreaFollowUp,
    FollowUp, Progress, Status,
};

impl Selection {
    /// `in_scope`: the activities that count; `apart`: a tertial's
    /// year-precision work, listed but not counted.
    pub(super) fn build(
        &self,
        in_scope: &[ActivityRow],
        apart: &[ActivityRow],
        amendments: &[AmendmentRow],
        audience: Audience,
    ) -> FollowUp {
        let (row, agreement) = (&self.agreement, self.agreement.id);
        let (first_year, year) = self.scope.years(row);
        let days = self.scope.days(row);
        let counted = || in_scope.iter().filter(|a| !a.retracted);
        let serving = |focus: &FocusAreaRow, commitment: Option<&str>| -> Vec<&ActivityRow> {
            counted()
                .filter(|a| {
                    a.serves.as_ref().is_some_and(|s| {
                        s.agreement == agreement
                            && s.focus_area == focus.key
                            && s.commitment.as_deref() == commitment
                    })
                })
                .collect()
        };
        let focus_areas = row
            .focus_areas
            .iter()
            .map(|focus| FocusAreaFollowUp {
                key: focus.key.clone(),
                name: focus.name.clone(),
                description: focus.description.clone(),
                commitments: row
                    .commitments
                    .iter()
                    .filter(|c| c.focus_area == focus.key)
                    .map(|c| {
                        let progress = Progress::of(serving(focus, Some(&c.key)), audience);
                        // A one-off is judged over the period up to the scope's
                        // last year: done in 2018, it is still done in 2019.
                        let completed = match c.target {
                            Target::Once => self
                                .done_once
                                .get(&(c.focus_area.clone(), c.key.clone()))
                                .copied()
                                .unwrap_or_default(),
                            _ => progress.counts.completed,
                        };
                        CommitmentFollowUp {
                            key: c.key.clone(),
                            title: c.title.clone(),
                            description: c.description.clone(),
                            responsible: c.responsible.clone(),
                            target: c.target,
                            status: Status::of(c.target, completed),
                            progress,
                        }
                    })
                    .collect(),
                without_commitment: Progress::of(serving(focus, None), audience),
            })
            .collect();
        let attached = |a: &ActivityRow| {
            a.serves.as_ref().is_some_and(|s| {
                s.agreement == agreement
                    && row.focus_areas.iter().any(|f| f.key == s.focus_area)
                    && s.commitment.as_ref().is_none_or(|c| {
                        row.commitments
                            .iter()
                            .any(|k| &k.key == c && k.focus_area == s.focus_area)
                    })
            })
        };
        let unattached = counted()
            .filter(|a| !attached(a))
            .map(|a| ActivityLine::of(a, audience))
            .collect();
        let amendments = amendments
            .iter()
            .map(|m| AmendmentLine {
                kind: m.kind,
                position: m.position,
                recorded: m.recorded,
                subject: m.subject,
                target: m.target,
                reason: m.reason.clone(),
                changes: m.changes.clone().map(|changes| audience.show(changes)),
                recorded_by: (audience == Audience::Internal)
                    .then(|| format!("{} ({})", m.actor, m.organisation)),
            })
            .collect();
        FollowUp {
            agreement: AgreementHeader::of(row),
            scope: self.scope,
            year,
            built_from: self.built_from.clone(),
            totals: Progress::of(counted(), audience).counts,
            focus_areas,
            unattached,
            during_the_year: apart
                .iter()
                .filter(|a| !a.retracted)
                .map(|a| ActivityLine::of(a, audience))
                .collect(),
            indicators: row
                .indicators
                .iter()
                .filter(|i| days.is_some_and(|days| i.period.overlaps(days)))
                .cloned()
                .collect(),
            reviews: row
                .reviews
                .iter()
                .filter(|r| (first_year..=year).contains(&r.year))
                .cloned()
                .collect(),
            amendments,
        }
    }
}
