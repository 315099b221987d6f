//! "Som den såg ut den" is recording time: a follow-up built from what had
//! been recorded in the log by then, not the work done by then (the two
//! times of `DOMAIN.md`). The words that say so on the page and in its
//! refusal, and, where a reader more likely meant the work done by a date
//! (a date inside the follow-up's years), that too, counted by when the
//! activities happened.

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use trygglogg_api::AppState;
use trygglogg_projections::follow_up::{ActivityStatus, Audience, Dates, FollowUp, Scope};
use uuid::Uuid;

use crate::chart::kind_key;
use crate::{placed_activities, words};

/// Beside the date picker.
pub(crate) const AS_OF_HINT: &str = "Visar det som hade registrerats i loggen vid dagens \
     slut (registreringstid), inte det arbete som var gjort då.";

/// Why there is no follow-up `as_of` an instant before the agreement was
/// `recorded`.
pub(crate) fn not_yet_recorded(as_of: DateTime<Utc>, recorded: DateTime<Utc>) -> String {
    format!(
        "Medborgarlöftet hade ännu inte registrerats i loggen den {} (svensk tid); det \
         registrerades {}. ”Som den såg ut den” visar det som hade registrerats i loggen \
         vid en tidpunkt, inte det arbete som var gjort då: välj ett senare datum.",
        words::instant(as_of),
        words::instant(recorded)
    )
}

/// "Menade du arbetet som det stod den 14 maj 2018? …": the activities of
/// `now` (the follow-up as the log now stands) completed by the Swedish
/// date of `as_of`, if that date lies within the follow-up's years.
pub(crate) fn work_by(now: &FollowUp, as_of: DateTime<Utc>) -> Option<String> {
    let date = words::local_date(as_of);
    let years = match now.scope {
        Scope::Year { year } | Scope::Tertial { year, .. } => year..=year,
        Scope::Period => now.agreement.first_year..=now.agreement.last_year,
    };
    if !years.contains(&date.year()) {
        return None;
    }
    Some(format!(
        "Menade du arbetet som det stod den {day}? {}",
        done_by(now, date),
        day = words::dates(Dates::day(date)),
    ))
}

/// How many of the follow-up's activities had been completed by `date`
/// (their last day on or before it), by kind.
fn done_by(view: &FollowUp, date: NaiveDate) -> String {
    let done: Vec<_> = placed_activities(view)
        .into_iter()
        .map(|placed| placed.activity)
        .chain(&view.during_the_year)
        .filter(|a| a.status == ActivityStatus::Completed && a.dates.to <= date)
        .collect();
    // By the kind's Swedish name: (its key, its plural if custom, how many).
    let mut by_kind = BTreeMap::<String, (&str, Option<&str>, u32)>::new();
    for activity in &done {
        let kind = kind_key(activity);
        let entry = by_kind
            .entry(words::kind_name(kind).into_owned())
            .or_insert((kind, None, 0));
        entry.1 = entry.1.or(activity.kind_plural.as_deref());
        entry.2 += 1;
    }
    let kinds: Vec<String> = by_kind
        .values()
        .map(|(kind, plural, n)| words::kind_count(kind, *n, *plural))
        .collect();
    match done.len() {
        0 => "Enligt loggen i dag hade ingen av uppföljningens aktiviteter genomförts till och \
              med den dagen."
            .to_owned(),
        1 => format!(
            "Enligt loggen i dag hade 1 av uppföljningens aktiviteter genomförts till och med \
             den dagen: {}.",
            words::and_list(&kinds)
        ),
        n => format!(
            "Enligt loggen i dag hade {n} av uppföljningens aktiviteter genomförts till och med \
             den dagen: {}.",
            words::and_list(&kinds)
        ),
    }
}

/// [`work_by`] for agreement `id`'s follow-up of `scope` as the log now
/// stands; nothing if that cannot be had (the page then goes without it).
pub(crate) async fn work_by_now(
    state: &AppState,
    id: Uuid,
    scope: Scope,
    as_of: DateTime<Utc>,
) -> Option<String> {
    let now = state
        .follow_ups
        .follow_up(id, scope, None, Audience::Public)
        .await;
    match now {
        Ok(now) => work_by(now?.view(), as_of),
        Err(error) => {
            tracing::warn!(
                ?error,
                "no follow-up as it stands now, beside one as of earlier"
            );
            None
        }
    }
}
