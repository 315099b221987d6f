//! The follow-up for Swedish Excel (issue 18): UTF-8 with a BOM, `;` between
//! cells, decimal commas, each counted fact in a numeric column of its own;
//! the targets and outcomes first, then the activities; the formula guard kept.
//! And the same tables as an `.xlsx` workbook, read back with calamine.

use axum::http::{header, StatusCode};
use serde_json::{json, Value};

use crate::results::results;
use crate::through_the_router::{app_with, follow_up, get, get_file, NEW};

/// A control in 2018 for the newer agreement, counting its controls, with
/// a summary that would be a formula in a spreadsheet.
fn hostile_control() -> Value {
    json!({"stream": "activity-ec710000-2018-4000-8000-000000000001", "events": [
        {"type": "activity_completed", "data": {
            "kind": "traffic_control", "facts": {"controls": 25},
            "serves": {"agreement": NEW, "focus_area": "trafikmiljon", "commitment": "trafikkontroller"},
            "occurred": "2018-05-14", "places": ["Hagfors centrum"], "responsible": ["Polisen"],
            "summary": "=HYPERLINK(\"http://evil.example\";\"Klicka\")"}}]})
}

/// The file's three sections, each as its rows (the title row left out, the
/// header first), read back with `;` as Excel with Swedish settings does.
pub(crate) struct Sections {
    pub targets: Vec<Vec<String>>,
    pub activities: Vec<Vec<String>>,
    pub source: Vec<Vec<String>>,
}

pub(crate) fn read_back(text: &str) -> Sections {
    let text = text
        .strip_prefix('\u{feff}')
        .expect("the file begins with a UTF-8 byte-order mark");
    let [targets, activities, source] = text
        .split("\r\n\r\n")
        .collect::<Vec<_>>()
        .try_into()
        .expect("three sections, a blank line between them");
    let rows = |section: &str, title: &str| -> Vec<Vec<String>> {
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(b';')
            .has_headers(false)
            .flexible(true)
            .from_reader(section.as_bytes());
        let mut rows = reader
            .records()
            .map(|row| row.unwrap().iter().map(str::to_owned).collect::<Vec<_>>());
        assert_eq!(rows.next(), Some(vec![title.to_owned()]), "{section}");
        rows.collect()
    };
    Sections {
        targets: rows(targets, "Mål och utfall"),
        activities: rows(activities, "Aktiviteter"),
        source: rows(source, "Underlag"),
    }
}

/// The cell of `column` (by its header) in the row whose `key` column holds `value`.
fn cell<'a>(rows: &'a [Vec<String>], key: (&str, &str), column: &str) -> &'a str {
    let header = &rows[0];
    let at = |name: &str| header.iter().position(|h| h == name).expect(name);
    let row = rows[1..]
        .iter()
        .find(|row| row[at(key.0)] == key.1)
        .unwrap_or_else(|| panic!("no row with {} = {}", key.0, key.1));
    assert_eq!(row.len(), header.len(), "{row:?}");
    &row[at(column)]
}

#[tokio::test]
async fn the_excel_csv_has_targets_then_activities_with_numbers_as_excel_reads_them() {
    let mut events = results();
    events.push(hostile_control());
    let app = app_with(&events).await;
    let file = get(&app, &format!("{}.excel.csv", follow_up(NEW, 2018)), None).await;
    assert_eq!(file.status, StatusCode::OK, "{}", file.text);
    assert_eq!(file.content_type(), "text/csv; charset=utf-8");
    let disposition = file.headers[header::CONTENT_DISPOSITION].to_str().unwrap();
    assert_eq!(
        disposition,
        format!("attachment; filename=\"uppfoljning-2018-{NEW}.excel.csv\"")
    );
    // The separator is `;`: the header would be one cell if it were `,`.
    let first_header = file.text.lines().nth(1).unwrap();
    assert!(
        first_header.starts_with("fokusområde;löfte;mål;"),
        "{first_header}"
    );

    let sections = read_back(&file.text);
    // What it was built from, so that a saved file can be checked later.
    let source = &sections.source;
    let head = app.store.head();
    let fact = |name: &str| cell(source, ("uppgift", name), "värde").to_owned();
    assert_eq!(
        fact("sammanställd ur registreringar"),
        head.position.to_string()
    );
    assert_eq!(fact("kontrollsumma för loggen"), head.hash.to_hex());
    let json = get(&app, &format!("/api/v1{}", follow_up(NEW, 2018)), None).await;
    let checkpoint = &json.body["built_from"]["checkpoint"];
    for (name, field) in [
        ("signerad kontrollpunkt", "note"),
        ("kontrollpunktens rot (hex)", "root_hash"),
        ("nyckelns fingeravtryck", "fingerprint"),
        ("offentlig nyckel", "key"),
    ] {
        assert_eq!(fact(name), checkpoint[field].as_str().unwrap(), "{name}");
    }
    let targets = &sections.targets;
    // The indicator's outcome with a decimal comma, its target value beside it.
    let centrum = ("löfte", "Tryggare centrum");
    assert_eq!(cell(targets, centrum, "utfallsvärde"), "64,5");
    assert_eq!(cell(targets, centrum, "målvärde"), "70");
    assert_eq!(cell(targets, centrum, "utfall"), "64,5 procent");
    // A commitment's counts as numbers, its assessment as text.
    let controls = ("löfte", "Trafikkontroller");
    assert_eq!(cell(targets, controls, "genomförda"), "1");
    assert_eq!(cell(targets, controls, "planerade"), "0");
    assert_eq!(cell(targets, controls, "bedömning"), "Uppfyllt");

    // The activity with its counted fact in a column of its own.
    let activities = &sections.activities;
    let control = ("aktivitet_id", "ec710000-2018-4000-8000-000000000001");
    assert_eq!(cell(activities, control, "kontroller"), "25");
    assert_eq!(cell(activities, control, "fakta"), "25 kontroller");
    // The formula guard: the summary stays text.
    assert_eq!(
        cell(activities, control, "beskrivning"),
        "'=HYPERLINK(\"http://evil.example\";\"Klicka\")"
    );
}

#[tokio::test]
async fn a_year_without_activities_still_gives_its_targets() {
    let app = app_with(&results()).await;
    let file = get(&app, &format!("{}.excel.csv", follow_up(NEW, 2019)), None).await;
    assert_eq!(file.status, StatusCode::OK, "{}", file.text);
    let sections = read_back(&file.text);
    assert_eq!(sections.activities.len(), 1, "the header alone");
    let centrum = ("löfte", "Tryggare centrum");
    assert_eq!(cell(&sections.targets, centrum, "utfallsvärde"), "71");
    assert_eq!(
        cell(&sections.targets, centrum, "beräknad_status"),
        "Uppfyllt"
    );
}

#[tokio::test]
async fn the_follow_up_page_links_the_excel_file() {
    let app = app_with(&[]).await;
    for path in [
        follow_up(NEW, 2018),
        format!("/agreements/{NEW}/follow-up/2018/t2"),
    ] {
        // The link keeps the date asked for, as the page's end of that day.
        let page = get(&app, &format!("{path}?as_of=2100-01-01"), None).await;
        assert_eq!(page.status, StatusCode::OK, "{path}");
        assert!(
            page.text.contains(&format!(
                r#"<a href="{path}.excel.csv?as_of=2100-01-01T22%3A59%3A59.999999Z" download>Ladda ner för Excel</a>"#
            )),
            "{path}"
        );
        assert!(
            page.text.contains(&format!(
                r#"<a href="{path}.xlsx?as_of=2100-01-01T22%3A59%3A59.999999Z" download>Som Excel-arbetsbok (.xlsx)</a>"#
            )),
            "{path}"
        );
        let file = get(&app, &format!("{path}.excel.csv"), None).await;
        assert_eq!(file.status, StatusCode::OK, "{path}");
        assert!(
            file.text.starts_with("\u{feff}Mål och utfall\r\n"),
            "{path}"
        );
    }
}

/// The same follow-up as a workbook, read back with calamine: a sheet per
/// table, numbers stored as numbers, the hostile summary stored as text.
#[tokio::test]
async fn the_workbook_has_a_sheet_per_table_with_numbers_as_numbers() {
    use calamine::{open_workbook_from_rs, Data, Reader, Xlsx};

    let mut events = results();
    events.push(hostile_control());
    let app = app_with(&events).await;
    let file = get_file(&app, &format!("{}.xlsx", follow_up(NEW, 2018))).await;
    assert_eq!(file.status, StatusCode::OK, "{}", file.text);
    assert_eq!(
        file.content_type(),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    let mut workbook: Xlsx<_> =
        open_workbook_from_rs(std::io::Cursor::new(file.bytes)).expect("a workbook");
    assert_eq!(
        workbook.sheet_names(),
        ["Mål och utfall", "Aktiviteter", "Underlag"]
    );
    let sheet = |workbook: &mut Xlsx<_>, name: &str| -> Vec<Vec<Data>> {
        let range = workbook.worksheet_range(name).expect(name);
        range.rows().map(<[Data]>::to_vec).collect()
    };
    let find = |rows: &[Vec<Data>], key: (&str, &str), column: &str| -> Data {
        let at = |name: &str| {
            rows[0]
                .iter()
                .position(|h| *h == Data::String(name.to_owned()))
                .expect(name)
        };
        let row = rows[1..]
            .iter()
            .find(|row| row[at(key.0)] == Data::String(key.1.to_owned()))
            .unwrap_or_else(|| panic!("no row with {} = {}", key.0, key.1));
        row[at(column)].clone()
    };
    let targets = sheet(&mut workbook, "Mål och utfall");
    let centrum = ("löfte", "Tryggare centrum");
    assert_eq!(find(&targets, centrum, "utfallsvärde"), Data::Float(64.5));
    assert_eq!(find(&targets, centrum, "målvärde"), Data::Float(70.0));
    let controls = ("löfte", "Trafikkontroller");
    assert_eq!(find(&targets, controls, "genomförda"), Data::Float(1.0));

    let activities = sheet(&mut workbook, "Aktiviteter");
    let control = ("aktivitet_id", "ec710000-2018-4000-8000-000000000001");
    assert_eq!(find(&activities, control, "kontroller"), Data::Float(25.0));
    assert_eq!(
        find(&activities, control, "beskrivning"),
        Data::String("=HYPERLINK(\"http://evil.example\";\"Klicka\")".to_owned())
    );
    // Stored as text, never as a formula.
    let formulas = workbook.worksheet_formula("Aktiviteter").unwrap();
    assert!(formulas.used_cells().all(|(_, _, f)| f.is_empty()));
}
