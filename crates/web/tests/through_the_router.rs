//! The pages, driven through the whole application (the API with the site
//! beside it, as `trygglogg serve` serves them) without a socket, on the
//! Hagfors 2017 seed plus one activity with an internal note.

use axum::http::StatusCode;
use axum::Router;
use serde_json::{json, Value};
use trygglogg_events::{ImportLine, ValidationContext};
use trygglogg_projections::Projections;
use trygglogg_recorder::{parse_stream, today_in_sweden, Author, Recorder};
use trygglogg_store::{Direction, Store};
use trygglogg_test_support::router::{self, Answer as Page};
use trygglogg_test_support::FIXTURE;

use trygglogg_api::{application, open_checkpoints, style_source, AppState};
use trygglogg_tokens::{tokens_path, update, NewToken, Role, Tokens};

pub(crate) const EARLIER: &str = "5a1e0000-2017-4000-8000-000000000001";
pub(crate) const NEW: &str = "5a1e0000-2018-4000-8000-000000000002";
/// The internal note and the staff member of the one extra activity: neither
/// may ever reach a public page.
const NOTE: &str = "Intern anteckning: ring rektorn om uppföljningen";
const ACTOR: &str = "karin.kvist";
const IMPORTER: &str = "seed.importer";

pub(crate) struct App {
    _dir: tempfile::TempDir,
    pub(crate) router: Router,
    pub(crate) store: Store,
    auditor: String,
}

fn author(actor: &str) -> Author {
    trygglogg_test_support::author(actor, "Hagfors kommun")
}

pub(crate) async fn app() -> App {
    app_with(&[]).await
}

/// The app, with these import lines recorded after the seed and the walk.
pub(crate) async fn app_with(extra: &[Value]) -> App {
    let walk = json!({
        "stream": "activity-ac710000-2017-4000-8000-0000000000ff",
        "events": [{"type": "activity_completed", "data": {
            "kind": "safety_walk", "facts": {"participants": 12},
            "serves": {"agreement": EARLIER, "focus_area": "trafiksituation"},
            "occurred": "2017-09-14", "places": ["Ekshärad"], "responsible": ["Hagfors kommun"],
            "hours": 3, "summary": "Trygghetsvandring i Ekshärad centrum.", "note": NOTE}}]
    });
    let lines: Vec<Value> = std::iter::once(walk).chain(extra.iter().cloned()).collect();
    app_on_seed(&lines).await
}

/// The app on the seed alone, with these import lines recorded after it by a
/// staff member (none: the seed exactly as `serve --demo` records it).
pub(crate) async fn app_on_seed(after: &[Value]) -> App {
    let dir = tempfile::tempdir().unwrap();
    let path = tokens_path(dir.path());
    let auditor = update(&path, |file| {
        file.create(NewToken::new("revisor", Role::Auditor, "Hagfors kommun"))
    })
    .unwrap();
    let store = Store::open(dir.path().join("store")).unwrap();
    let recorder = Recorder::new(store.clone());
    let context = ValidationContext::new(today_in_sweden());
    recorder
        .import(FIXTURE, &author(IMPORTER), &context, |_| {})
        .await
        .unwrap();
    for line in after {
        let line: ImportLine = serde_json::from_value(line.clone()).unwrap();
        let request = line.append_request();
        recorder
            .record(
                &parse_stream(&line.stream).unwrap(),
                &request,
                &author(ACTOR),
                &context,
            )
            .await
            .unwrap();
    }
    // Opened after the recording, so it has caught up with all of it.
    let projections = Projections::open(store.clone(), dir.path().join("views")).unwrap();
    let checkpoints = open_checkpoints(&store, dir.path(), Some("https://trygglogg.test")).unwrap();
    let tokens = Tokens::open(&path).unwrap();
    let state = AppState::new(store.clone(), projections, tokens, checkpoints);
    App {
        _dir: dir,
        router: application(
            state,
            trygglogg_web::site(trygglogg_web::PublicUrl::default()),
        ),
        store,
        auditor,
    }
}

/// `GET uri` through the app's router, its answer read whole; a page is
/// always UTF-8.
pub(crate) async fn get(app: &App, uri: &str, token: Option<&str>) -> Page {
    let page = router::send(&app.router, router::get(uri, token)).await;
    assert!(!page.text.contains('\u{FFFD}'), "{uri}: not UTF-8");
    page
}

/// `GET uri` for a file that is not text (a workbook): its bytes, unchecked.
pub(crate) async fn get_file(app: &App, uri: &str) -> Page {
    router::send(&app.router, router::get(uri, None)).await
}

pub(crate) fn follow_up(id: &str, year: i32) -> String {
    format!("/agreements/{id}/follow-up/{year}")
}

/// The as-of line's position, as the page prints it.
fn built_from(position: impl Into<u64>) -> String {
    match position.into() {
        1 => "ur den första registreringen i loggen".to_owned(),
        n => format!("ur de <strong>{n}</strong> första registreringarna i loggen"),
    }
}

pub(crate) fn assert_html(page: &Page, status: StatusCode) {
    assert_eq!(page.status, status, "{}", page.text);
    assert_eq!(page.content_type(), "text/html; charset=utf-8");
    assert!(page.text.starts_with("<!DOCTYPE html><html lang=\"sv\">"));
    assert!(page
        .text
        .contains(r#"<meta name="viewport" content="width=device-width, initial-scale=1">"#));
    assert!(!page.text.contains("<script"), "no JavaScript at all");
}

#[tokio::test]
async fn the_follow_up_page_has_headings_tables_a_chart_and_the_log_position() {
    let app = app().await;
    let page = get(&app, &follow_up(EARLIER, 2017), None).await;
    assert_html(&page, StatusCode::OK);
    let html = &page.text;
    assert_eq!(html.matches("<h1>").count(), 1);
    assert!(html.contains("<h1>Uppföljning 2017</h1>"));
    // A heading per focus area, in the seed's words.
    assert!(html.contains(r#"<h2 id="omrade-trafiksituation">En tryggare trafiksituation</h2>"#));
    assert!(html.contains(
        r#"<h2 id="omrade-alkohol-droger-unga">Minskad risk för alkohol- och droganvändning för unga</h2>"#
    ));
    // Tables with captions: the summary, and the chart's numbers.
    assert!(html.contains("<caption>Måluppfyllelse 2017 per fokusområde och löfte</caption>"));
    assert_eq!(
        html.matches("<table").count(),
        html.matches("<caption>").count()
    );
    assert!(html.contains(r#"<th class="num" scope="col">Genomförda</th>"#));
    // What was done, where and when, and the counts.
    assert!(html.contains("Allvarssamtal har startats upp av Hagfors kommun och polisen"));
    assert!(html.contains("4 samtal"));
    // "flertalet" in the seed: a number it does not give, never "flertalet kontroller".
    assert!(html.contains("ett flertal kontroller"));
    assert!(!html.contains("flertalet kontroller"));
    // Categorical facts: what a control looked at, what a test purchase bought.
    assert!(html.contains("inriktning: hastighet"));
    assert!(html.contains("varor: öl, tobak och receptfria läkemedel"));
    assert!(html.contains("Hagfors och Ekshärad"));
    assert!(html.contains("1–15 november 2017"));
    assert!(html.contains("<span class=\"kind\">Kontrollköp</span>"));
    assert!(html.contains("juli 2017"));
    assert!(html.contains("<strong>Pågår: </strong>En viktig sex veckor lång insats"));
    assert!(html.contains("12 deltagare"));
    // The chart: server-side SVG, an image with a title, as columns and as
    // the phone's rows.
    assert!(html.contains("<svg class=\"columns\" xmlns=\"http://www.w3.org/2000/svg\""));
    assert!(html.contains("<svg class=\"rows\" xmlns=\"http://www.w3.org/2000/svg\""));
    assert!(html.contains(r#"role="img" aria-labelledby="chart-title-2017 chart-desc-2017""#));
    assert!(
        html.contains(r#"role="img" aria-labelledby="chart-rows-title-2017 chart-rows-desc-2017""#)
    );
    assert!(html.contains("Genomförda aktiviteter per månad och slag 2017</title>"));
    // The "as of" line: the head's position and hash.
    let head = app.store.head();
    assert!(html.contains(&built_from(head.position)));
    assert!(html.contains(&format!(
        "<code class=\"hash\">{}</code>",
        head.hash.to_hex()
    )));
    // The signed checkpoint of exactly those registrations, as the JSON
    // names it, with its key's fingerprint.
    let json = get(&app, &format!("/api/v1{}", follow_up(EARLIER, 2017)), None).await;
    let checkpoint = &json.body["built_from"]["checkpoint"];
    assert_eq!(checkpoint["tree_size"], head.position);
    let note = checkpoint["note"].as_str().unwrap();
    assert!(note.starts_with(&format!("trygglogg.test/trygglogg\n{}\n", head.position)));
    assert!(html.contains(&format!(r#"<pre class="note">{note}</pre>"#)));
    let fingerprint = checkpoint["fingerprint"].as_str().unwrap();
    assert!(html.contains(&format!(
        r#"Loggens nyckel har fingeravtrycket <code class="hash">{fingerprint}</code>."#
    )));
    // In plain words, with a link to what they mean; never the log's jargon.
    assert!(html.contains("Kontrollsumma för loggen: "));
    assert!(html.contains(r#"<a class="no-print" href="/om-loggen">"#));
    for jargon in ["Kedjehash", "position"] {
        assert!(
            !html.contains(&format!(">{jargon}")) && !html.contains(&format!(" {jargon} ")),
            "{jargon}"
        );
    }
    let about = get(&app, "/om-loggen", None).await;
    assert_html(&about, StatusCode::OK);
    assert!(about.text.contains("<h2>Kontrollsumma</h2>"));
    assert!(about.text.contains("<h2>Registreringar</h2>"));
    // How anyone checks it, linked from the follow-up and from /om-loggen.
    let check = r#"href="/om-loggen/kontrollera""#;
    assert!(html.contains(check) && about.text.contains(check));
    let how = get(&app, "/om-loggen/kontrollera", None).await;
    assert_html(&how, StatusCode::OK);
    for words in [
        "<h2>Vad ni sparar när ni godkänner en uppföljning</h2>",
        "<strong>Hela kontrollpunkten</strong>",
        "<code>trygglogg proof verify</code>",
        "<code>golang.org/x/mod/sumdb/note</code>",
        "/api/v1/audit/checkpoints?from=",
    ] {
        assert!(how.text.contains(words), "{words}");
    }
    // The date picker, and links to the same follow-up as CSV and JSON.
    assert!(html.contains(r#"<form method="get" action="/agreements/5a1e0000-2017-4000-8000-000000000001/follow-up/2017">"#));
    assert!(html.contains(
        r#"<input type="date" id="as_of" name="as_of" value="" aria-describedby="as_of_hint">"#
    ));
    assert!(html
        .contains(r#"href="/agreements/5a1e0000-2017-4000-8000-000000000001/follow-up/2017.csv""#));
    assert!(html.contains(
        r#"href="/api/v1/agreements/5a1e0000-2017-4000-8000-000000000001/follow-up/2017""#
    ));
    // A stylesheet for A4 paper.
    assert!(html.contains("@media print"));
    assert!(html.contains("@page { size: A4; margin: 15mm; }"));
}

#[tokio::test]
async fn commitments_show_their_target_and_status() {
    let app = app().await;
    let page = get(&app, &follow_up(NEW, 2018), None).await;
    assert_html(&page, StatusCode::OK);
    let html = &page.text;
    assert!(html.contains("<h2 id=\"omrade-trafikmiljon\">Trafikmiljön</h2>"));
    assert!(html.contains("<h3>Trafikkontroller</h3>"));
    assert!(html.contains("<h3>Utredning om rökfri skoltid</h3>"));
    assert!(html.contains("en gång under perioden"));
    assert!(html.contains("löpande arbete"));
    assert!(html.contains(r#"<span class="status status-not_started">Ej påbörjat</span>"#));
    // The summary's ten columns take the window's width on a wide screen, so
    // that the status is not cut off at the right edge (seen at 1280 px).
    assert!(html
        .contains(r#"<div class="table-wrap wide"><table class="stack"><caption>Måluppfyllelse"#));
    assert!(html.contains(".table-wrap.wide { width: min(calc(100vw - 3rem), 76rem);"));
    assert!(html.contains("Inga aktiviteter registrerade."));
    assert!(html.contains("Inga genomförda aktiviteter detta år"));
    // Links between the agreement's years.
    assert!(html.contains(&format!(r#"href="{}""#, follow_up(NEW, 2019))));
}

#[tokio::test]
async fn the_public_page_shows_no_internal_note_and_no_actor_even_to_an_auditor() {
    let app = app().await;
    // The note and the actor are there, for those who may see them.
    let internal = get(
        &app,
        &format!("/api/v1{}", follow_up(EARLIER, 2017)),
        Some(&app.auditor),
    )
    .await;
    assert!(internal.text.contains(NOTE), "{}", internal.text);
    assert!(internal.text.contains(ACTOR), "{}", internal.text);
    for token in [None, Some(app.auditor.as_str())] {
        for uri in [
            follow_up(EARLIER, 2017),
            format!("{}.csv", follow_up(EARLIER, 2017)),
            "/".to_owned(),
        ] {
            let page = get(&app, &uri, token).await;
            assert_eq!(page.status, StatusCode::OK, "{uri}");
            assert!(!page.text.contains(NOTE), "{uri} shows the note");
            assert!(!page.text.contains(ACTOR), "{uri} shows who recorded");
            assert!(!page.text.contains(IMPORTER), "{uri} shows who recorded");
        }
        let page = get(&app, &follow_up(EARLIER, 2017), token).await;
        assert!(page.text.contains("Trygghetsvandring i Ekshärad centrum."));
    }
}

#[tokio::test]
async fn the_csv_has_a_header_and_one_row_per_activity() {
    let app = app().await;
    let json = get(&app, &format!("/api/v1{}", follow_up(EARLIER, 2017)), None).await;
    let view: Value = serde_json::from_str(&json.text).unwrap();
    let mut activities = view["unattached"].as_array().unwrap().len();
    for focus in view["focus_areas"].as_array().unwrap() {
        activities += focus["without_commitment"]["activities"]
            .as_array()
            .unwrap()
            .len();
        for commitment in focus["commitments"].as_array().unwrap() {
            activities += commitment["progress"]["activities"]
                .as_array()
                .unwrap()
                .len();
        }
    }
    assert_eq!(activities, 13, "the seed's 12 of 2017 and the safety walk");

    let page = get(&app, &format!("{}.csv", follow_up(EARLIER, 2017)), None).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text);
    assert_eq!(page.content_type(), "text/csv; charset=utf-8");
    let mut reader = csv::Reader::from_reader(page.text.as_bytes());
    let header = reader.headers().unwrap().clone();
    assert_eq!(&header[0], "fokusområde");
    assert_eq!(&header[3], "slag");
    assert_eq!(&header[5], "status");
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), activities);
    assert!(rows.iter().all(|row| row.len() == header.len()));
    let talk = rows.iter().find(|row| &row[4] == "serious_talk").unwrap();
    assert_eq!(&talk[3], "allvarssamtal");
    assert_eq!(&talk[12], "4 samtal");
    let inspection = rows
        .iter()
        .find(|row| &row[4] == "licensing_inspection")
        .unwrap();
    assert_eq!(&inspection[9], "Hagfors; Ekshärad");
    assert_eq!(&inspection[8], "1–15 november 2017");
    assert_eq!(
        rows.iter().filter(|row| &row[5] == "pågår").count(),
        1,
        "the six-week operation is under way"
    );
}

#[tokio::test]
async fn a_summary_that_is_a_formula_is_text_in_the_csv() {
    let formula = r#"=HYPERLINK("http://evil.example","x")"#;
    let app = app_with(&[json!({
        "stream": "activity-ac710000-2017-4000-8000-0000000000fe",
        "events": [{"type": "activity_completed", "data": {
            "kind": "safety_walk", "facts": {"participants": 3},
            "serves": {"agreement": EARLIER, "focus_area": "trafiksituation"},
            "occurred": "2017-09-15", "places": ["@Hagfors"], "responsible": ["Hagfors kommun"],
            "hours": 2, "summary": formula}}]
    })])
    .await;
    let page = get(&app, &format!("{}.csv", follow_up(EARLIER, 2017)), None).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text);
    let mut reader = csv::Reader::from_reader(page.text.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let row = rows
        .iter()
        .find(|row| &row[2] == "ac710000-2017-4000-8000-0000000000fe")
        .expect("the activity's row");
    assert_eq!(&row[11], format!("'{formula}"));
    assert_eq!(&row[9], "'@Hagfors");
    assert_eq!(&row[14], "2", "a number stays a number");
    for row in &rows {
        for cell in row {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "a live formula: {cell:?}"
            );
        }
    }
}

#[tokio::test]
async fn pages_forbid_scripts_and_framing_and_nothing_is_sniffed() {
    let app = app().await;
    let header = |page: &Page, name: &str| {
        page.headers
            .get(name)
            .map(|v| v.to_str().unwrap().to_owned())
            .unwrap_or_default()
    };
    let html = [
        "/".to_owned(),
        follow_up(EARLIER, 2017),
        follow_up("inte-ett-id", 2017),
        "/docs".to_owned(),
    ];
    for uri in &html {
        let page = get(&app, uri, None).await;
        let policy = header(&page, "content-security-policy");
        for directive in [
            "default-src 'none'",
            "img-src 'self'",
            "frame-ancestors 'none'",
            "base-uri 'none'",
            "form-action 'self'",
        ] {
            assert!(policy.contains(directive), "{uri}: {policy}");
        }
        assert!(!policy.contains("unsafe"), "{uri}: {policy}");
        assert!(!policy.contains("script-src"), "{uri}: {policy}");
        // The page's own stylesheet is the one the policy admits.
        let style = page
            .text
            .split_once("<style>")
            .and_then(|(_, rest)| rest.split_once("</style>"))
            .map(|(css, _)| css)
            .expect("an inline stylesheet");
        let admitted = style_source(style);
        assert!(policy.contains(&admitted), "{uri}: {admitted} in {policy}");
        assert_eq!(header(&page, "referrer-policy"), "no-referrer", "{uri}");
        assert_eq!(header(&page, "x-frame-options"), "DENY", "{uri}");
    }
    let others = [
        format!("{}.csv", follow_up(EARLIER, 2017)),
        format!("/api/v1{}", follow_up(EARLIER, 2017)),
        "/api/v1/nothing".to_owned(),
        "/openapi.json".to_owned(),
    ];
    for uri in html.iter().chain(&others) {
        let page = get(&app, uri, None).await;
        assert_eq!(header(&page, "x-content-type-options"), "nosniff", "{uri}");
    }
    for uri in &others {
        let page = get(&app, uri, None).await;
        assert_eq!(header(&page, "content-security-policy"), "", "{uri}");
    }
}

#[tokio::test]
async fn the_index_links_every_year_of_every_agreement() {
    let app = app().await;
    let page = get(&app, "/", None).await;
    assert_html(&page, StatusCode::OK);
    assert!(page.text.contains("<h1>"));
    assert!(page
        .text
        .contains("<h2 id=\"a-5a1e0000-2017-4000-8000-000000000001\">Medborgarlöften Hagfors kommun och Polisen (tidigare löften)</h2>"));
    for (id, year) in [(EARLIER, 2017), (NEW, 2018), (NEW, 2019)] {
        let link = format!(
            r#"<a href="{}">Uppföljning {year}</a>"#,
            follow_up(id, year)
        );
        assert!(page.text.contains(&link), "{link}");
    }
    for id in [EARLIER, NEW] {
        let link = format!(r#"<a href="/agreements/{id}/follow-up/period">Hela perioden</a>"#);
        assert!(page.text.contains(&link), "{link}");
    }
}

#[tokio::test]
async fn as_of_shows_the_follow_up_as_it_stood() {
    let app = app().await;
    // Just after the agreement was adopted: nothing done yet.
    let log = app.store.read_all(1, Direction::Forward, 100).unwrap();
    let adopted = log[0].recorded;
    let included = log.iter().filter(|e| e.recorded <= adopted).count();
    let instant = adopted.to_rfc3339();
    let query: String = form_urlencoded::Serializer::new(String::new())
        .append_pair("as_of", &instant)
        .finish();
    let page = get(&app, &format!("{}?{query}", follow_up(EARLIER, 2017)), None).await;
    assert_html(&page, StatusCode::OK);
    assert!(page.text.contains(&built_from(included as u64)));
    assert!(page.text.contains("Som uppföljningen såg ut"));
    assert!(page.text.contains("0 genomförda aktiviteter"));
    assert!(!page.text.contains("4 samtal"));
    // The links to the same view in other formats keep the instant.
    assert!(page.text.contains(".csv?as_of="));
    assert!(page
        .text
        .contains("/api/v1/agreements/5a1e0000-2017-4000-8000-000000000001/follow-up/2017?as_of="));

    // A date from the picker is the end of that day: today shows everything.
    let today = today_in_sweden();
    let page = get(
        &app,
        &format!("{}?as_of={today}", follow_up(EARLIER, 2017)),
        None,
    )
    .await;
    assert_html(&page, StatusCode::OK);
    assert!(page
        .text
        .contains(&format!(r#"name="as_of" value="{today}""#)));
    assert!(page.text.contains(&built_from(app.store.head().position)));
    assert!(page.text.contains("4 samtal"));

    // The CSV takes it too.
    let csv = get(
        &app,
        &format!("{}.csv?{query}", follow_up(EARLIER, 2017)),
        None,
    )
    .await;
    assert_eq!(csv.status, StatusCode::OK);
    assert_eq!(csv.text.lines().count(), 1, "only the header: {}", csv.text);

    // Before the agreement existed: a page that says so.
    let page = get(
        &app,
        &format!("{}?as_of=2001-01-01", follow_up(EARLIER, 2017)),
        None,
    )
    .await;
    assert_html(&page, StatusCode::NOT_FOUND);
    assert!(page
        .text
        .contains("hade ännu inte registrerats i loggen den 2001-01-01"));
    assert!(page.text.contains(&format!(
        r#"<a href="{}">Visa uppföljningen som den ser ut nu</a>"#,
        follow_up(EARLIER, 2017)
    )));
}

#[tokio::test]
async fn mistakes_get_a_swedish_page_with_a_4xx_status() {
    let app = app().await;
    let unknown = "5a1e0000-2017-4000-8000-0000000000aa";
    for (uri, status, says) in [
        (
            follow_up("inte-ett-id", 2017),
            StatusCode::BAD_REQUEST,
            "är inget id för ett medborgarlöfte",
        ),
        (
            format!("/agreements/{EARLIER}/follow-up/tjugosjutton"),
            StatusCode::BAD_REQUEST,
            "”tjugosjutton” är inget uppföljningsår",
        ),
        (
            format!("/agreements/{EARLIER}/follow-up/99999.csv"),
            StatusCode::BAD_REQUEST,
            "”99999” är inget uppföljningsår",
        ),
        // The domain's years, as in the API: 2000 to 2100.
        (
            follow_up(EARLIER, 1999),
            StatusCode::BAD_REQUEST,
            "”1999” är inget uppföljningsår. Ange ett år med fyra siffror mellan 2000 och 2100",
        ),
        (
            format!("{}?as_of=igår", follow_up(EARLIER, 2017)),
            StatusCode::BAD_REQUEST,
            "”igår” är inget datum",
        ),
        (
            format!("{}?as_of=2017-02-30", follow_up(EARLIER, 2017)),
            StatusCode::BAD_REQUEST,
            "”2017-02-30” är inget datum",
        ),
        // Only the one canonical form of a year, an id, a date and a query.
        (
            format!("/agreements/{EARLIER}/follow-up/+2017"),
            StatusCode::BAD_REQUEST,
            "”+2017” är inget uppföljningsår",
        ),
        (
            format!("/agreements/%7B{EARLIER}%7D/follow-up/2017"),
            StatusCode::BAD_REQUEST,
            "är inget id för ett medborgarlöfte",
        ),
        (
            format!("{}?as_of=%2B2017-12-12", follow_up(EARLIER, 2017)),
            StatusCode::BAD_REQUEST,
            "”+2017-12-12” är inget datum",
        ),
        (
            format!("{}?as_of=%FF", follow_up(EARLIER, 2017)),
            StatusCode::BAD_REQUEST,
            "Parametern ”as_of” i adressen innehåller tecken som inte är UTF-8",
        ),
        (
            "/?sida=%FF".to_owned(),
            StatusCode::BAD_REQUEST,
            "Parametern ”sida” i adressen innehåller tecken som inte är UTF-8",
        ),
        (
            follow_up(unknown, 2017),
            StatusCode::NOT_FOUND,
            "Det finns inget medborgarlöfte med id",
        ),
        (
            format!("{}.csv", follow_up(unknown, 2017)),
            StatusCode::NOT_FOUND,
            "Det finns inget medborgarlöfte med id",
        ),
    ] {
        let page = get(&app, &uri, None).await;
        assert_html(&page, status);
        assert!(page.text.contains(says), "{uri}: {}", page.text);
        assert!(page
            .text
            .contains(r#"<a href="/">Till alla medborgarlöften</a>"#));
    }
}
