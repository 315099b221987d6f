//! What part of an agreement a follow-up covers: a year, a tertial of a year,
//! or the whole period. Where an activity counts is decided here, for the
//! index's entries and the activities' rows alike.

use chrono::{Datelike, NaiveDate};
use schemars::JsonSchema;
use serde::Serialize;
use trygglogg_events::{Precision, Tertial};

use super::dates::Dates;
use super::rows::{AgreementRow, Target};
use super::view::{Outcome, Status};

/// The follow-up's scope. Work counts by the day it starts (as in a year's
/// follow-up): in a tertial, the tertial that day lies in, so a range across
/// two tertials counts in the first; work dated only to a year counts in the
/// year and the period, and in no tertial (a tertial's follow-up lists it
/// apart, as "under året").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Scope {
    Year {
        year: i32,
    },
    /// T1 January–April, T2 May–August, T3 September–December.
    Tertial {
        year: i32,
        #[schemars(with = "u8", range(min = 1, max = 3))]
        tertial: Tertial,
    },
    /// Every year of the agreement's period together.
    Period,
}

/// As a reader names it: "2018", "T2 2018", "hela perioden".
impl std::fmt::Display for Scope {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Scope::Year { year } => write!(f, "{year}"),
            Scope::Tertial { year, tertial } => write!(f, "{tertial} {year}"),
            Scope::Period => write!(f, "hela perioden"),
        }
    }
}

impl From<i32> for Scope {
    fn from(year: i32) -> Scope {
        Scope::Year { year }
    }
}

impl Scope {
    /// The first and last year it covers of `agreement`.
    pub fn years(&self, agreement: &AgreementRow) -> (i32, i32) {
        match *self {
            Scope::Year { year } | Scope::Tertial { year, .. } => (year, year),
            Scope::Period => (agreement.first_year, agreement.last_year()),
        }
    }

    /// The year a one-off commitment is judged up to, and the follow-up's
    /// `year`: the year itself, or the period's last.
    pub fn last_year(&self, agreement: &AgreementRow) -> i32 {
        self.years(agreement).1
    }

    /// Whether it lies within the agreement's period: a follow-up outside it
    /// is not served.
    pub fn within_period(&self, agreement: &AgreementRow) -> bool {
        self.within_years(agreement.first_year, agreement.last_year())
    }

    /// Whether it lies within a period of the years `first` to `last`.
    pub fn within_years(&self, first: i32, last: i32) -> bool {
        match *self {
            Scope::Year { year } | Scope::Tertial { year, .. } => (first..=last).contains(&year),
            Scope::Period => true,
        }
    }

    /// The days it spans, for indicators measured over them.
    pub fn days(&self, agreement: &AgreementRow) -> Option<(NaiveDate, NaiveDate)> {
        match *self {
            Scope::Tertial { year, tertial } => tertial.days(year),
            _ => {
                let (first, last) = self.years(agreement);
                Some((
                    NaiveDate::from_ymd_opt(first, 1, 1)?,
                    NaiveDate::from_ymd_opt(last, 12, 31)?,
                ))
            }
        }
    }

    /// Whether work starting on `start`, dated as precisely as `precision`,
    /// counts in this scope of `agreement`.
    pub fn holds(&self, agreement: &AgreementRow, start: NaiveDate, precision: Precision) -> bool {
        let (first, last) = self.years(agreement);
        let in_years = (first..=last).contains(&start.year());
        match *self {
            Scope::Tertial { tertial, .. } => {
                in_years && Tertial::placing(start, precision) == Some(tertial)
            }
            _ => in_years,
        }
    }

    /// The status of a commitment's `outcome` against its yearly `target` in
    /// this scope of `years` years, and the target judged against where it is
    /// not the stated one. As a police area's tertial report is read:
    /// - in a tertial, a count or a fact's sum per year is judged pro rata,
    ///   4 of 12 months rounded up (25 a year is 9 in a tertial); a one-off
    ///   or an indicator is judged for the year (*bedöms för året*) unless
    ///   already met; continuous work as in the year;
    /// - over the period, a count or sum is the year's times its years (20
    ///   a year is 40 over 2018–2019); in a year, the target as stated.
    pub fn judge(
        &self,
        target: &Target,
        outcome: &Outcome,
        years: i32,
    ) -> (Status, Option<Target>) {
        let Scope::Tertial { .. } = self else {
            return (Status::of(&target.over_years(years), outcome), None);
        };
        let share = |n: u32| n.div_ceil(3);
        match target {
            Target::PerYear(n) => {
                let share = Target::PerYear(share(*n));
                (Status::of(&share, outcome), Some(share))
            }
            Target::FactSum { fact, at_least } => {
                let share = Target::FactSum {
                    fact: fact.clone(),
                    at_least: share(*at_least),
                };
                (Status::of(&share, outcome), Some(share))
            }
            Target::Once | Target::Indicator(_) => match Status::of(target, outcome) {
                Status::Achieved => (Status::Achieved, None),
                _ => (Status::JudgedForYear, None),
            },
            Target::Continuous => (Status::of(target, outcome), None),
        }
    }

    /// Whether `dates` count in this scope (see [`Scope::holds`]).
    pub fn holds_dates(&self, agreement: &AgreementRow, dates: &Dates) -> bool {
        self.holds(agreement, dates.from, dates.precision)
    }

    /// Whether work dated `dates` is listed apart in this scope: a tertial's
    /// year-precision work, in its year but in no tertial.
    pub fn apart(&self, dates: &Dates) -> bool {
        matches!(*self, Scope::Tertial { year, .. }
            if dates.precision == Precision::Year && dates.from.year() == year)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::follow_up::FactTotal;

    fn activities(completed: u32) -> Outcome {
        Outcome::Activities { completed }
    }

    fn controls(sum: u64) -> Outcome {
        Outcome::FactSum {
            fact: "controls".into(),
            total: FactTotal {
                label: "kontroller".into(),
                singular_label: None,
                sum,
                at_least: 0,
                several: 0,
            },
        }
    }

    fn indicator(value: Option<f64>, reaches_target: bool) -> Outcome {
        Outcome::Indicator {
            indicator: "trygghet".into(),
            value,
            right_way: reaches_target,
            reaches_target: Some(reaches_target),
        }
    }

    /// What is judged, the target, the outcome; the status in a year and in a
    /// tertial, and the tertial's target.
    type Case<'a> = (&'a str, &'a Target, Outcome, Status, Status, Option<Target>);

    /// Every kind of target, in a year and in each tertial: the status, and
    /// the target judged against where it is not the stated one.
    #[test]
    fn a_tertial_judges_a_yearly_count_pro_rata_and_a_one_off_or_indicator_for_the_year() {
        let per_year = Target::PerYear(25);
        let sum = Target::FactSum {
            fact: "controls".into(),
            at_least: 25,
        };
        let share_sum = Target::FactSum {
            fact: "controls".into(),
            at_least: 9,
        };
        let key = Target::Indicator("trygghet".into());
        let year = Scope::Year { year: 2019 };
        let tertials = [Tertial::T1, Tertial::T2, Tertial::T3].map(|tertial| Scope::Tertial {
            year: 2019,
            tertial,
        });
        // (what, target, outcome, in a year, in a tertial, the tertial's target)
        let cases: Vec<Case> = vec![
            (
                "9 of 25 a year: a tertial's share",
                &per_year,
                activities(9),
                Status::Partly,
                Status::Achieved,
                Some(Target::PerYear(9)),
            ),
            (
                "8 of 25 a year: short of the share",
                &per_year,
                activities(8),
                Status::Partly,
                Status::Partly,
                Some(Target::PerYear(9)),
            ),
            (
                "none of 25 a year",
                &per_year,
                activities(0),
                Status::NotStarted,
                Status::NotStarted,
                Some(Target::PerYear(9)),
            ),
            (
                "25 of 25 a year",
                &per_year,
                activities(25),
                Status::Achieved,
                Status::Achieved,
                Some(Target::PerYear(9)),
            ),
            (
                "9 of 25 controls a year",
                &sum,
                controls(9),
                Status::Partly,
                Status::Achieved,
                Some(share_sum.clone()),
            ),
            (
                "8 of 25 controls a year",
                &sum,
                controls(8),
                Status::Partly,
                Status::Partly,
                Some(share_sum.clone()),
            ),
            (
                "no controls",
                &sum,
                controls(0),
                Status::NotStarted,
                Status::NotStarted,
                Some(share_sum.clone()),
            ),
            (
                "a one-off done",
                &Target::Once,
                activities(1),
                Status::Achieved,
                Status::Achieved,
                None,
            ),
            (
                "a one-off not done",
                &Target::Once,
                activities(0),
                Status::NotStarted,
                Status::JudgedForYear,
                None,
            ),
            (
                "an indicator at its target",
                &key,
                indicator(Some(1.5), true),
                Status::Achieved,
                Status::Achieved,
                None,
            ),
            (
                "an indicator short of it",
                &key,
                indicator(Some(1.9), false),
                Status::NotAchieved,
                Status::JudgedForYear,
                None,
            ),
            (
                "an indicator not measured",
                &key,
                indicator(None, false),
                Status::NotMeasured,
                Status::JudgedForYear,
                None,
            ),
            (
                "continuous work done",
                &Target::Continuous,
                activities(2),
                Status::ContinuousOngoing,
                Status::ContinuousOngoing,
                None,
            ),
            (
                "continuous work not done",
                &Target::Continuous,
                activities(0),
                Status::NotStarted,
                Status::NotStarted,
                None,
            ),
        ];
        for (what, target, outcome, in_year, in_tertial, share) in cases {
            assert_eq!(
                year.judge(target, &outcome, 1),
                (in_year, None),
                "{what}: the year"
            );
            for tertial in tertials {
                assert_eq!(
                    tertial.judge(target, &outcome, 1),
                    (in_tertial, share.clone()),
                    "{what}: {tertial}"
                );
            }
        }
    }

    /// 4 of 12 months, rounded up: what a tertial's share of a yearly count is.
    #[test]
    fn a_tertials_share_is_rounded_up() {
        let tertial = Scope::Tertial {
            year: 2019,
            tertial: Tertial::T2,
        };
        for (per_year, share) in [(1, 1), (2, 1), (3, 1), (4, 2), (12, 4), (20, 7), (25, 9)] {
            let (_, judged) = tertial.judge(&Target::PerYear(per_year), &activities(0), 1);
            assert_eq!(judged, Some(Target::PerYear(share)), "{per_year} a year");
        }
    }
}
