//! What was done, as the source gives it (issue 15): the follow-up's JSON,
//! page and CSV say the same, through the whole application.

use serde_json::{json, Value};

use crate::through_the_router::{app_with, follow_up, get, EARLIER};

/// Outcomes as the source gives them, in the JSON, the page and the CSV alike:
/// "at least" sums to "minst", reports by offence and a custom kind with its
/// Swedish labels, categorical facts listed.
#[tokio::test]
async fn outcomes_read_the_same_in_json_page_and_csv() {
    let completed = |id: &str, data: Value| {
        let mut data = data;
        data["serves"] = json!({"agreement": EARLIER, "focus_area": "trafiksituation"});
        data["places"] = json!(["Hagfors centrum"]);
        data["responsible"] = json!(["Polisen"]);
        json!({"stream": format!("activity-{id}"), "events": [{"type": "activity_completed", "data": data}]})
    };
    let app = app_with(&[
        completed(
            "0c710000-2017-4000-8000-000000000001",
            json!({
            "kind": "riktad_trafikinsats", "kind_label": "Riktad trafikinsats",
            "facts": {"counts": {"utan_korkort": 2, "kontroller": {"at_least": 30}},
                      "texts": {"inriktning": "Hastighet"},
                      "labels": {"utan_korkort": "körde utan körkort"}},
            "occurred": "2017-10-05", "summary": "Drygt trettio kontroller i centrum."}),
        ),
        completed(
            "0c710000-2017-4000-8000-000000000002",
            json!({
            "kind": "riktad_trafikinsats",
            "facts": {"counts": {"kontroller": 7}},
            "occurred": "2017-10-12", "summary": "Sju kontroller."}),
        ),
        json!({"stream": "activity-0c710000-2017-4000-8000-000000000004", "events": [
            {"type": "activity_planned", "data": {
                "title": "Planerad insats", "kind": "riktad_trafikinsats",
                "kind_label": "Riktad trafikinsats på landsbygden",
                "serves": {"agreement": EARLIER, "focus_area": "trafiksituation"},
                "planned": "2017-12-05", "places": ["Sunnemo"], "responsible": ["Polisen"]}}]}),
        completed(
            "0c710000-2017-4000-8000-000000000003",
            json!({
            "kind": "traffic_control",
            "facts": {"focus": ["sobriety"], "reports": {"drunk_driving": 2, "speeding": "several"},
                      "vehicles_seized": 1, "camera": false},
            "occurred": "2017-10-20", "summary": "Nykterhetskontroll vid infarten."}),
        ),
    ])
    .await;
    let json = get(&app, &format!("/api/v1{}", follow_up(EARLIER, 2017)), None).await;
    let view: Value = serde_json::from_str(&json.text).unwrap();
    let traffic = &view["focus_areas"][0]["without_commitment"];
    assert_eq!(
        traffic["facts"]["kontroller"],
        json!({"label": "kontroller", "sum": 37, "at_least": 1})
    );
    assert_eq!(
        traffic["facts"]["reports.speeding"],
        json!({"label": "rapporter om hastighetsöverträdelse", "sum": 0, "several": 1})
    );
    let custom = traffic["activities"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == "0c710000-2017-4000-8000-000000000001")
        .unwrap();
    assert_eq!(custom["kind_label"], "Riktad trafikinsats");
    assert_eq!(
        custom["categories"]["inriktning"],
        json!({"label": "inriktning", "values": ["Hastighet"]})
    );

    let page = get(&app, &follow_up(EARLIER, 2017), None).await;
    let html = &page.text;
    assert!(
        html.contains("minst 37 kontroller"),
        "the sum keeps the lower bound"
    );
    assert!(html.contains("minst 30 kontroller, 2 körde utan körkort · inriktning: Hastighet"));
    assert!(html.contains("<span class=\"kind\">Riktad trafikinsats</span>"));
    assert!(!html.contains("Riktad_trafikinsats") && !html.contains("riktad_trafikinsats</span>"));
    assert!(html.contains("<span class=\"kind\">Riktad trafikinsats på landsbygden</span>"));
    assert!(html.contains(
        "2 rapporter om rattfylleri, ett flertal rapporter om hastighetsöverträdelse, \
         1 omhändertaget fordon · med fartkamera: nej; inriktning: nykterhet"
    ));

    let csv = get(&app, &format!("{}.csv", follow_up(EARLIER, 2017)), None).await;
    let mut reader = csv::Reader::from_reader(csv.text.as_bytes());
    let header = reader.headers().unwrap().clone();
    assert_eq!(&header[13], "kategorier");
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let row = |id: &str| rows.iter().find(|row| &row[2] == id).unwrap().clone();
    let labelled = row("0c710000-2017-4000-8000-000000000001");
    assert_eq!(&labelled[3], "Riktad trafikinsats");
    assert_eq!(&labelled[4], "riktad_trafikinsats");
    assert_eq!(&labelled[12], "minst 30 kontroller, 2 körde utan körkort");
    assert_eq!(&labelled[13], "inriktning: Hastighet");
    assert_eq!(
        &row("0c710000-2017-4000-8000-000000000002")[3],
        "riktad trafikinsats"
    );
}

/// Work under way reads "pågår" on the page and in the CSV, with its expected
/// length, until it is completed.
#[tokio::test]
async fn work_under_way_reads_pagar_until_completed() {
    let stream = "activity-0c710000-2017-4000-8000-000000000010";
    let start = json!({"stream": stream, "events": [{"type": "activity_started", "data": {
        "title": "Insats mot ungdomar och narkotika", "kind": "targeted_operation",
        "serves": {"agreement": EARLIER, "focus_area": "trafiksituation"},
        "started": "2017-11-06", "expected_length": {"weeks": 6},
        "places": ["Hagfors kommun"], "responsible": ["Polisen"],
        "description": "En sex veckor lång insats pågår just nu."}}]});
    let app = app_with(std::slice::from_ref(&start)).await;
    let page = get(&app, &follow_up(EARLIER, 2017), None).await;
    assert!(page
        .text
        .contains("<strong>Pågår: </strong>En sex veckor lång insats pågår just nu."));
    assert!(page.text.contains("beräknad längd 6 veckor"));
    assert!(page
        .text
        .contains(r#"<td class="num" data-label="Pågår">1</td>"#));
    let csv = get(&app, &format!("{}.csv", follow_up(EARLIER, 2017)), None).await;
    let row = csv
        .text
        .lines()
        .find(|line| line.contains("0c710000-2017-4000-8000-000000000010"))
        .unwrap();
    assert!(row.contains(",pågår,"), "{row}");

    let done = json!({"stream": stream, "events": [{"type": "activity_completed", "data": {
        "kind": "targeted_operation", "facts": {"theme": "ungdomar och narkotika"},
        "occurred": {"from": "2017-11-06", "to": "2017-12-15"},
        "places": ["Hagfors kommun"], "responsible": ["Polisen"],
        "summary": "Sex veckors insats mot ungdomar och narkotika genomförd."}}]});
    let app = app_with(&[start, done]).await;
    let page = get(&app, &follow_up(EARLIER, 2017), None).await;
    assert!(!page.text.contains("<strong>Pågår: </strong>"));
    assert!(page
        .text
        .contains("Sex veckors insats mot ungdomar och narkotika genomförd."));
}
