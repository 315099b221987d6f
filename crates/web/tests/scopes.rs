//! Follow-ups of a tertial and of the whole period beside the year's, and
//! none outside the period: JSON, page and CSV alike.

use axum::http::StatusCode;
use serde_json::json;

use crate::through_the_router::{app_with, assert_html, get, EARLIER, NEW};

/// A 2018 control dated only to the year, and one in May, for the newer
/// agreement (2018–2019).
fn work_of_2018() -> Vec<serde_json::Value> {
    let control = |stream: &str, occurred: &str, place: &str| {
        json!({"stream": stream, "events": [{"type": "activity_completed", "data": {
            "kind": "traffic_control", "facts": {"focus": ["speed"], "checked": 10},
            "serves": {"agreement": NEW, "focus_area": "trafikmiljon"},
            "occurred": occurred, "places": [place], "responsible": ["Polisen"],
            "summary": "Hastighetskontroller."}}]})
    };
    vec![
        control(
            "activity-ac710000-2018-4000-8000-000000000001",
            "2018",
            "Hela kommunen",
        ),
        control(
            "activity-ac710000-2018-4000-8000-000000000002",
            "2018-05-14",
            "Dalavägen",
        ),
    ]
}

#[tokio::test]
async fn a_year_outside_the_period_is_not_found_in_every_format() {
    let app = app_with(&[]).await;
    // The earlier agreement covers 2017 only; the newer 2018–2019.
    for (uri, period) in [
        (format!("/agreements/{EARLIER}/follow-up/2018"), "2017"),
        (format!("/agreements/{EARLIER}/follow-up/2016/t1"), "2017"),
        (format!("/agreements/{NEW}/follow-up/2020"), "2018–2019"),
        (format!("/agreements/{NEW}/follow-up/2017/t3"), "2018–2019"),
    ] {
        let page = get(&app, &uri, None).await;
        assert_html(&page, StatusCode::NOT_FOUND);
        assert!(
            page.text.contains(&format!("avtalet gäller {period}")),
            "{uri}: {}",
            page.text
        );
        assert!(
            page.text.contains("/follow-up/period"),
            "{uri}: links the period"
        );

        let csv = get(&app, &format!("{uri}.csv"), None).await;
        assert_html(&csv, StatusCode::NOT_FOUND);
        assert!(
            csv.text.contains(&format!("avtalet gäller {period}")),
            "{uri}.csv"
        );

        let api = get(&app, &format!("/api/v1{uri}"), None).await;
        assert_eq!(api.status, StatusCode::NOT_FOUND, "{uri}: {}", api.text);
        assert_eq!(api.content_type(), "application/problem+json");
        let detail = api.body["detail"].as_str().unwrap();
        assert!(
            detail.contains(&format!("avtalet gäller {period}")),
            "{detail}"
        );
    }
    // Within it, all is served.
    for uri in [
        format!("/agreements/{EARLIER}/follow-up/2017"),
        format!("/agreements/{NEW}/follow-up/2019/t3"),
        format!("/agreements/{NEW}/follow-up/period"),
    ] {
        assert_eq!(get(&app, &uri, None).await.status, StatusCode::OK, "{uri}");
        let api = get(&app, &format!("/api/v1{uri}"), None).await;
        assert_eq!(api.status, StatusCode::OK, "/api/v1{uri}");
    }
}

#[tokio::test]
async fn a_tertial_lists_the_years_undated_work_apart_and_the_period_counts_it() {
    let app = app_with(&work_of_2018()).await;
    let base = format!("/agreements/{NEW}/follow-up");

    let t2 = get(&app, &format!("/api/v1{base}/2018/t2"), None).await;
    assert_eq!(t2.status, StatusCode::OK, "{}", t2.text);
    assert_eq!(
        t2.body["scope"],
        json!({"kind": "tertial", "year": 2018, "tertial": 2})
    );
    assert_eq!(t2.body["totals"]["completed"], 1, "May's control only");
    let apart = &t2.body["during_the_year"];
    assert_eq!(apart.as_array().map(Vec::len), Some(1));
    assert_eq!(apart[0]["dates"]["precision"], "year");
    let t1 = get(&app, &format!("/api/v1{base}/2018/t1"), None).await;
    assert_eq!(t1.body["totals"]["completed"], 0);

    let year = get(&app, &format!("/api/v1{base}/2018"), None).await;
    assert_eq!(year.body["totals"]["completed"], 2);
    assert!(year.body.get("during_the_year").is_none());
    let period = get(&app, &format!("/api/v1{base}/period"), None).await;
    assert_eq!(period.body["scope"], json!({"kind": "period"}));
    assert_eq!(period.body["totals"]["completed"], 2);

    let page = get(&app, &format!("{base}/2018/t2"), None).await;
    assert_html(&page, StatusCode::OK);
    assert!(page.text.contains("Uppföljning T2 2018 (maj–augusti)"));
    assert!(page.text.contains("Under året 2018"));
    assert!(
        page.text.contains("under 2018"),
        "the whole-year date in words"
    );
    assert!(page.text.contains("14 maj 2018"));
    assert!(page.text.contains(&format!(r#"href="{base}/period""#)));
    assert!(page
        .text
        .contains(&format!(r#"href="/api/v1{base}/2018/t2""#)));

    let year_page = get(&app, &format!("{base}/2018"), None).await;
    for tertial in ["t1", "t2", "t3"] {
        let link = format!(r#"href="{base}/2018/{tertial}""#);
        assert!(year_page.text.contains(&link), "{link}");
    }
    assert!(year_page
        .text
        .contains("<title>under året: 1 trafikkontroll</title>"));

    let period_page = get(&app, &format!("{base}/period"), None).await;
    assert!(period_page
        .text
        .contains("Uppföljning hela perioden 2018–2019"));
    assert!(period_page.text.contains("chart-title-2018"));
    assert!(period_page.text.contains("chart-title-2019"));

    // As of an instant before the work was recorded: the same scope, empty.
    let before = "2001-01-01T00:00:00Z";
    for scope in ["2018/t2", "period"] {
        let then = get(&app, &format!("/api/v1{base}/{scope}?as_of={before}"), None).await;
        assert_eq!(
            then.status,
            StatusCode::NOT_FOUND,
            "nothing was recorded then"
        );
        let now = get(
            &app,
            &format!("/api/v1{base}/{scope}?as_of=2100-01-01T00:00:00Z"),
            None,
        )
        .await;
        assert_eq!(now.status, StatusCode::OK, "{scope}: {}", now.text);
        assert_eq!(now.body["built_from"]["as_of"], "2100-01-01T00:00:00Z");
        assert_eq!(
            now.body["totals"]["completed"],
            if scope == "period" { 2 } else { 1 }
        );
    }
    let openapi = get(&app, "/openapi.json", None).await;
    for path in [
        "/api/v1/agreements/{id}/follow-up/{year}/{tertial}",
        "/api/v1/agreements/{id}/follow-up/period",
    ] {
        assert!(
            openapi.body["paths"].get(path).is_some(),
            "{path} is documented"
        );
    }

    let csv = get(&app, &format!("{base}/2018/t2.csv"), None).await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(csv.text.contains("Dalavägen"));
    let disposition = csv.headers["content-disposition"].to_str().unwrap();
    assert!(
        disposition.contains(&format!("uppfoljning-2018-t2-{NEW}.csv")),
        "{disposition}"
    );
    let csv = get(&app, &format!("{base}/period.csv"), None).await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(csv.text.contains("Hela kommunen") && csv.text.contains("Dalavägen"));
}

#[tokio::test]
async fn a_tertial_is_t1_t2_or_t3() {
    let app = app_with(&[]).await;
    for tertial in ["t4", "T2", "2", "t0"] {
        let uri = format!("/agreements/{NEW}/follow-up/2018/{tertial}");
        let page = get(&app, &uri, None).await;
        assert_html(&page, StatusCode::BAD_REQUEST);
        assert!(page.text.contains("t2 (maj–augusti)"), "{uri}");
        let api = get(&app, &format!("/api/v1{uri}"), None).await;
        assert_eq!(api.status, StatusCode::BAD_REQUEST, "{uri}");
        assert_eq!(api.content_type(), "application/problem+json");
    }
}

/// The newer agreement (2018–2019) given a fact-sum target of 25 checked a
/// year and a one-off, with 10 checked in May 2018 and 10 more dated only
/// to 2018: T2 2018 is judged against its share, 9, and meets it, while the
/// year reads "Delvis"; the one-off, not done, is judged for the year.
fn targets_of_2018() -> Vec<serde_json::Value> {
    let commitment = |key: &str, title: &str, target: serde_json::Value| {
        json!({"type": "commitment_added", "data": {
            "key": key, "focus_area": "trafikmiljon", "title": title,
            "description": "Ett löfte med mål, för provet.", "responsible": ["Polisen"],
            "activity_kinds": ["traffic_control"], "target": target}})
    };
    let agreement = json!({"stream": format!("agreement-{NEW}"), "events": [
        commitment("kontrollerade", "Kontrollerade förare", json!({"fact": "checked", "at_least": 25})),
        commitment("utredning", "Utredning av trafikmiljön", json!("once")),
    ]});
    let control = |n: u32, occurred: &str, place: &str| {
        json!({"stream": format!("activity-ac710000-2018-4000-8000-00000000010{n}"),
            "events": [{"type": "activity_completed", "data": {
            "kind": "traffic_control", "facts": {"focus": ["speed"], "checked": 10},
            "serves": {"agreement": NEW, "focus_area": "trafikmiljon", "commitment": "kontrollerade"},
            "occurred": occurred, "places": [place], "responsible": ["Polisen"],
            "summary": "Hastighetskontroller."}}]})
    };
    vec![
        agreement,
        control(1, "2018-05-14", "Dalavägen"),
        control(2, "2018", "Hela kommunen"),
    ]
}

#[tokio::test]
async fn a_tertial_is_judged_against_its_share_of_the_years_target() {
    let app = app_with(&targets_of_2018()).await;
    let base = format!("/agreements/{NEW}/follow-up");
    let commitment = |view: &serde_json::Value, key: &str| {
        view["focus_areas"][0]["commitments"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["key"] == key)
            .cloned()
            .unwrap_or_else(|| panic!("no {key} in {view}"))
    };

    let t2 = get(&app, &format!("/api/v1{base}/2018/t2"), None).await;
    assert_eq!(t2.status, StatusCode::OK, "{}", t2.text);
    let checked = commitment(&t2.body, "kontrollerade");
    assert_eq!(
        checked["target"],
        json!({"fact_sum": {"fact": "checked", "at_least": 25}})
    );
    assert_eq!(
        checked["scope_target"],
        json!({"fact_sum": {"fact": "checked", "at_least": 9}})
    );
    assert_eq!(checked["status"], "achieved");
    assert_eq!(
        commitment(&t2.body, "utredning")["status"],
        "judged_for_year"
    );
    let t1 = get(&app, &format!("/api/v1{base}/2018/t1"), None).await;
    assert_eq!(
        commitment(&t1.body, "kontrollerade")["status"],
        "not_started"
    );

    let year = get(&app, &format!("/api/v1{base}/2018"), None).await;
    let checked = commitment(&year.body, "kontrollerade");
    assert!(checked.get("scope_target").is_none(), "{checked}");
    assert_eq!(checked["status"], "partly", "20 of 25");
    assert_eq!(commitment(&year.body, "utredning")["status"], "not_started");

    let page = get(&app, &format!("{base}/2018/t2"), None).await;
    assert_html(&page, StatusCode::OK);
    for text in [
        "minst 9 kontrollerade förare för tertialet (minst 25 kontrollerade förare per år)",
        "Bedöms för året",
    ] {
        assert!(page.text.contains(text), "the T2 page lacks {text:?}");
    }
    let year_page = get(&app, &format!("{base}/2018"), None).await;
    assert!(!year_page.text.contains("för tertialet"));
    assert!(year_page
        .text
        .contains("minst 25 kontrollerade förare per år"));

    // The CSV says the same, and has the year's undated work, as the page.
    let csv = get(&app, &format!("{base}/2018/t2.csv"), None).await;
    assert_eq!(csv.status, StatusCode::OK);
    let rows: Vec<&str> = csv.text.lines().collect();
    let dalavagen = rows.iter().find(|r| r.contains("Dalavägen")).unwrap();
    assert!(
        dalavagen.contains(
            "minst 9 kontrollerade förare för tertialet (minst 25 kontrollerade förare per år),"
        ) && dalavagen.contains(",Uppfyllt,"),
        "{dalavagen}"
    );
    let whole_year = rows.iter().find(|r| r.contains("Hela kommunen")).unwrap();
    assert!(whole_year.contains("under 2018"), "{whole_year}");
    assert!(
        whole_year.starts_with(",,"),
        "counted in no commitment in a tertial: {whole_year}"
    );
    let one_off = rows
        .iter()
        .find(|r| r.contains("Utredning av trafikmiljön"))
        .unwrap();
    assert!(one_off.contains("Bedöms för året"), "{one_off}");
}

/// The summary sentence names only the areas where something was done: in
/// 2018 the newer agreement's traffic work, never its alcohol area, which has
/// nothing yet.
#[tokio::test]
async fn the_summary_names_only_the_areas_with_work() {
    let app = app_with(&work_of_2018()).await;
    let page = get(&app, &format!("/agreements/{NEW}/follow-up/2018"), None).await;
    assert_html(&page, StatusCode::OK);
    assert!(
        page.text
            .contains("Följande har gjorts inom området ”Trafikmiljön”."),
        "{}",
        page.text
    );
    assert!(!page.text.contains("och ”Alkohol- och droganvändningen”"));
    // With nothing done at all, no sentence.
    let empty = get(&app, &format!("/agreements/{NEW}/follow-up/2019"), None).await;
    assert!(!empty.text.contains("Följande har gjorts"));
}
