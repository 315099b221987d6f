//! Follow-ups for a tertial and for the whole period, beside the year's: the
//! same view, with work placed by the day it starts and year-precision work
//! in no tertial.

use serde_json::json;
use trygglogg_events::Tertial;
use trygglogg_projections::follow_up::{Audience, FollowUp, Scope};
use trygglogg_projections::Projections;
use uuid::Uuid;

use crate::helpers::{agreement, author, control, open, record};

fn completed(view: &FollowUp) -> u32 {
    view.totals.completed
}

fn checked(view: &FollowUp) -> u64 {
    view.focus_areas[0].commitments[0]
        .progress
        .facts
        .0
        .get("checked")
        .map_or(0, |total| total.sum)
}

fn places(view: &FollowUp) -> Vec<&str> {
    view.focus_areas[0].commitments[0]
        .progress
        .activities
        .iter()
        .map(|a| a.places[0].as_str())
        .collect()
}

#[tokio::test]
async fn tertials_and_the_period_count_work_by_the_day_it_starts() {
    let (dir, recorder) = open();
    let id = agreement(&recorder).await; // 2018–2019
    let police = author("polis-1", "Polisen");
    let range = |from: &str, to: &str, checked, place| {
        let mut event = control(id, from, checked, place);
        event["data"]["occurred"] = json!({"from": from, "to": to});
        event
    };
    // Each place names the work, and the tertial it must count in.
    let work = [
        control(id, "2018-04-30", 1, "T1 30 april"),
        range("2018-04-20", "2018-05-10", 2, "T1 april–maj"),
        control(id, "2018-05-01", 4, "T2 1 maj"),
        control(id, "2018-08-31", 8, "T2 31 augusti"),
        range("2018-08-25", "2018-09-05", 16, "T2 augusti–september"),
        control(id, "2018-09-01", 32, "T3 1 september"),
        control(id, "2018-12", 64, "T3 december"),
        control(id, "2018", 128, "under 2018"),
        control(id, "2019-03", 256, "T1 2019"),
    ];
    for event in work {
        record(
            &recorder,
            &format!("activity-{}", Uuid::new_v4()),
            json!([event]),
            &police,
        )
        .await;
    }
    let projections =
        Projections::open(recorder.store().clone(), dir.path().join("views")).unwrap();
    let view = |scope: Scope| {
        projections
            .follow_up(id, scope, Audience::Public)
            .unwrap()
            .unwrap_or_else(|| panic!("{scope:?} is served"))
    };
    let tertial = |year, tertial| view(Scope::Tertial { year, tertial });

    let t1 = tertial(2018, Tertial::T1);
    assert_eq!(places(&t1), ["T1 april–maj", "T1 30 april"]);
    let t2 = tertial(2018, Tertial::T2);
    assert_eq!(
        places(&t2),
        ["T2 1 maj", "T2 augusti–september", "T2 31 augusti"]
    );
    let t3 = tertial(2018, Tertial::T3);
    assert_eq!(places(&t3), ["T3 1 september", "T3 december"]);
    // Work of the whole year is in each tertial's list apart, counted in none.
    for view in [&t1, &t2, &t3] {
        let apart: Vec<&str> = view
            .during_the_year
            .iter()
            .map(|a| a.places[0].as_str())
            .collect();
        assert_eq!(apart, ["under 2018"], "{:?}", view.scope);
    }
    assert_eq!(checked(&t1) + checked(&t2) + checked(&t3), 127);

    // The year counts everything of the year, the whole-year work too.
    let year_2018 = view(Scope::from(2018));
    assert_eq!(completed(&year_2018), 8);
    assert_eq!(checked(&year_2018), 255);
    assert!(year_2018.during_the_year.is_empty());
    let year_2019 = view(Scope::from(2019));

    // The period is the sum of its years.
    let period = view(Scope::Period);
    assert_eq!(period.scope, Scope::Period);
    assert_eq!(period.year, 2019, "the period's last year");
    assert_eq!(
        completed(&period),
        completed(&year_2018) + completed(&year_2019)
    );
    assert_eq!(checked(&period), checked(&year_2018) + checked(&year_2019));
    assert_eq!(checked(&period), 511);
}

#[tokio::test]
async fn no_follow_up_is_served_outside_the_period() {
    let (dir, recorder) = open();
    let id = agreement(&recorder).await; // 2018–2019
    let projections =
        Projections::open(recorder.store().clone(), dir.path().join("views")).unwrap();
    let served = |scope: Scope| {
        projections
            .follow_up(id, scope, Audience::Public)
            .unwrap()
            .is_some()
    };
    // (scope, served?)
    let cases = [
        (Scope::from(2017), false),
        (Scope::from(2018), true),
        (Scope::from(2019), true),
        (Scope::from(2020), false),
        (
            Scope::Tertial {
                year: 2017,
                tertial: Tertial::T3,
            },
            false,
        ),
        (
            Scope::Tertial {
                year: 2019,
                tertial: Tertial::T3,
            },
            true,
        ),
        (
            Scope::Tertial {
                year: 2020,
                tertial: Tertial::T1,
            },
            false,
        ),
        (Scope::Period, true),
    ];
    for (scope, expected) in cases {
        assert_eq!(served(scope), expected, "{scope:?}");
    }
    assert_eq!(projections.read().period(id), Some((2018, 2019)));
    assert_eq!(projections.read().period(Uuid::nil()), None);
}
