//! The pure step of a follow-up: from the selection and the rows of its
//! activities and amendments to the view, per focus area and commitment.

use super::results::{IndicatorDefinition, IndicatorSeries, SeriesPoint};
use super::rows::{ActivityRow, AmendmentRow, CommitmentRow, FocusAreaRow, IndicatorRow, Target};
use super::selection::Selection;
use super::view::{
    ActivityLine, AgreementHeader, AmendmentLine, Audience, CommitmentFollowUp, FocusAreaFollowUp,
    FollowUp, Outcome, Progress,
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
        let series: Vec<IndicatorSeries> = row
            .indicator_definitions
            .iter()
            .map(|d| series_up_to(d, &row.indicators, year))
            .collect();
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
                        let outcome = self.outcome(c, &progress, &series);
                        let (status, scope_target) =
                            self.scope.judge(&c.target, &outcome, year - first_year + 1);
                        // The assessment of the scope's (last) year.
                        let assessment = row
                            .assessments
                            .iter()
                            .find(|a| a.commitment == c.key && a.year == year)
                            .cloned();
                        CommitmentFollowUp {
                            key: c.key.clone(),
                            title: c.title.clone(),
                            description: c.description.clone(),
                            responsible: c.responsible.clone(),
                            target: c.target.clone(),
                            scope_target,
                            outcome,
                            status,
                            assessment_differs: assessment
                                .as_ref()
                                .and_then(|a| status.agrees_with(a.verdict))
                                .is_some_and(|agrees| !agrees),
                            assessment,
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
            indicator_series: series,
            continuity: self.continuity.clone(),
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

impl Selection {
    /// What `commitment` achieved in the year, in its target's terms.
    fn outcome(
        &self,
        commitment: &CommitmentRow,
        progress: &Progress,
        series: &[IndicatorSeries],
    ) -> Outcome {
        match &commitment.target {
            Target::FactSum { fact, .. } => Outcome::FactSum {
                fact: fact.clone(),
                total: progress.facts.0.get(fact).cloned().unwrap_or_default(),
            },
            Target::Indicator(key) => {
                let point = series
                    .iter()
                    .find(|s| s.definition.key == *key)
                    .and_then(|s| s.in_year(self.scope.last_year(&self.agreement)));
                Outcome::Indicator {
                    indicator: key.clone(),
                    value: point.map(|p| p.value),
                    right_way: point.is_some_and(|p| p.right_way),
                    reaches_target: point.and_then(|p| p.reaches_target),
                }
            }
            // A one-off is judged over the period up to the scope's last
            // year: done in 2018, it is still done in 2019.
            Target::Once => Outcome::Activities {
                completed: self
                    .done_once
                    .get(&(commitment.focus_area.clone(), commitment.key.clone()))
                    .copied()
                    .unwrap_or_default(),
            },
            Target::PerYear(_) | Target::Continuous => Outcome::Activities {
                completed: progress.counts.completed,
            },
        }
    }
}

/// The series of `definition` from `measurements`, those whose period starts
/// in `year` or before. Here, beside its one caller, so that the results do
/// not import the rows back.
fn series_up_to(
    definition: &IndicatorDefinition,
    measurements: &[IndicatorRow],
    year: i32,
) -> IndicatorSeries {
    let mut points: Vec<SeriesPoint> = measurements
        .iter()
        .filter(|m| m.key.as_deref() == Some(definition.key.as_str()))
        .filter(|m| m.period.year() <= year)
        .map(|m| {
            let direction = trygglogg_events::Direction::from(definition.direction);
            SeriesPoint {
                period: m.period,
                value: m.value,
                change_from_baseline: difference(m.value, definition.baseline),
                right_way: direction.improves(definition.baseline, m.value),
                reaches_target: definition.target.map(|t| direction.reaches(m.value, t)),
            }
        })
        .collect();
    points.sort_by_key(|p| p.period);
    IndicatorSeries {
        definition: definition.clone(),
        points,
    }
}

/// `value − baseline` to six decimals: the values are given in decimals, and
/// binary floating point would make 1,69 − 1,78 read −0,0899999999999999.
fn difference(value: f64, baseline: f64) -> f64 {
    // `+ 0.0` makes a rounded −0 a plain 0.
    ((value - baseline) * 1e6).round() / 1e6 + 0.0
}

#[cfg(test)]
mod tests {
    use super::difference;

    #[test]
    fn a_change_from_the_baseline_reads_as_its_decimals() {
        for (value, baseline, change) in [
            (1.69, 1.78, -0.09),
            (1.53, 1.78, -0.25),
            (71.5, 60.0, 11.5),
            (0.3, 0.1, 0.2),
            (40.0, 40.0, 0.0),
        ] {
            let found = difference(value, baseline);
            assert_eq!(found, change, "{value} − {baseline}");
            assert_eq!(found.to_string(), change.to_string());
        }
    }
}
