//! The Hagfors 2017 fixture gives the 2017 follow-up of the press release.

use trygglogg_projections::follow_up::{Audience, FollowUp};
use trygglogg_projections::Projections;

use crate::helpers::{import_fixture, open, EARLIER_AGREEMENT};

async fn follow_up_2017(audience: Audience) -> FollowUp {
    let (dir, recorder) = open();
    import_fixture(&recorder).await;
    let projections =
        Projections::open(recorder.store().clone(), dir.path().join("views")).unwrap();
    projections
        .follow_up(EARLIER_AGREEMENT.parse().unwrap(), 2017, audience)
        .unwrap()
        .expect("the agreement exists")
}

#[tokio::test]
async fn the_2017_follow_up_reads_like_the_press_release() {
    let view = follow_up_2017(Audience::Public).await;
    // Reviewed once by hand against "Uppföljning av tidigare löften" in the seed.
    insta::assert_json_snapshot!("hagfors_2017_follow_up", view, {
        ".built_from.hash" => "[hash]",
        ".built_from.recorded" => "[recorded]",
        ".amendments[].recorded" => "[recorded]",
    });
}

#[tokio::test]
async fn the_seed_facts_add_up() {
    let view = follow_up_2017(Audience::Public).await;
    let names: Vec<&str> = view.focus_areas.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "En tryggare trafiksituation",
            "Minskad risk för alkohol- och droganvändning för unga"
        ]
    );
    let youth = &view.focus_areas[1].without_commitment;
    let talks = youth.facts.0.get("talks").expect("the serious talks");
    assert_eq!(talks.sum, 4, "fyra samtal har skett hittills");
    let traffic = &view.focus_areas[0].without_commitment;
    assert!(traffic
        .activities
        .iter()
        .all(|a| a.kind == "traffic_control"));
    // "såväl i Hagfors centrum som i yttre områden": one body of work each
    // for speed and sobriety, in both places, and the behaviour monitoring.
    assert_eq!(traffic.activities.len(), 3);
    assert!(traffic
        .activities
        .iter()
        .any(|a| a.places == ["Hagfors centrum", "yttre områden"]));
    // The seed says follow-ups are made yearly in Trygghetsrådet, not that one
    // was held in November 2017: no review is recorded, so none is shown.
    assert!(view.reviews.is_empty());
    // The six-week operation is under way; everything else in 2017 is done:
    // the ten activities of the follow-up and the November inspection.
    assert_eq!(view.totals.planned, 0);
    assert_eq!(view.totals.started, 1);
    assert_eq!(view.totals.cancelled, 0);
    assert_eq!(view.totals.completed, 11);
    // The public sees no notes and no actors.
    let text = serde_json::to_string(&view).unwrap();
    assert!(!text.contains("recorded_by") && !text.contains("\"note\""));
}
