//! The seed's 2017 follow-up as its reader gets it: the page's visible text
//! and the CSV, each a reviewed snapshot. Every number on the page comes from
//! the press release (`events/fixtures/README.md` maps each to its sentence).

use axum::http::StatusCode;

use crate::through_the_router::{app_on_seed, follow_up, get, EARLIER};

/// Tags that end a line of text: blocks, list items, table rows, the chart's
/// labels. A table cell becomes " | ", a link starts after a space (the
/// navigation's links are not glued), any other tag is dropped.
const LINE_BREAKING: &[&str] = &[
    "h1",
    "h2",
    "h3",
    "h4",
    "p",
    "li",
    "tr",
    "div",
    "section",
    "header",
    "footer",
    "nav",
    "caption",
    "figcaption",
    "dt",
    "dd",
    "br",
    "form",
    "table",
    "ul",
    "ol",
    "text",
    "title",
    "desc",
    "label",
    "summary",
    "details",
    "main",
    "article",
    "figure",
    "svg",
    "g",
];

/// The text a reader sees: the `<head>` (title, stylesheet) left out, tags
/// stripped, maud's five escapes read back, whitespace normalised, one line
/// per block and no empty lines.
fn visible_text(html: &str) -> String {
    let body = html.split_once("</head>").map_or(html, |(_, body)| body);
    let mut text = String::new();
    let mut rest = body;
    while let Some(open) = rest.find('<') {
        text.push_str(&rest[..open]);
        let close = rest[open..].find('>').expect("a tag ends") + open;
        let tag = &rest[open + 1..close];
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        if name == "td" || name == "th" {
            text.push_str(if tag.starts_with('/') { "" } else { " | " });
        } else if LINE_BREAKING.contains(&name.as_str()) {
            text.push('\n');
        } else if name == "a" && !tag.starts_with('/') {
            text.push(' ');
        }
        rest = &rest[close + 1..];
    }
    text.push_str(rest);
    let text = text
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    text.lines()
        .map(|line| {
            let line = line.split_whitespace().collect::<Vec<_>>().join(" ");
            line.trim_start_matches("| ").to_owned()
        })
        .filter(|line| !line.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The parts of the page that change with every recording of the seed: when
/// the last event was recorded, the chain hash that covers that time, and
/// the signed checkpoint's root, signature and key (a new key each test).
fn without_recording_time(text: &str) -> String {
    text.lines()
        .map(|line| {
            let is_root = line.len() == 44
                && line.ends_with('=')
                && line
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"+/=".contains(&b));
            if is_root {
                "[rot]".to_owned()
            } else if let Some(signature) = line.strip_prefix("— ") {
                let name = signature.split_once(' ').map_or("", |(name, _)| name);
                format!("— {name} [signatur]")
            } else if line.starts_with("Loggens nyckel har fingeravtrycket ") {
                "Loggens nyckel har fingeravtrycket [fingeravtryck].".to_owned()
            } else if let Some((before, after)) = line.split_once("Kontrollsumma för loggen: ") {
                let rest = after.split_once(' ').map_or("", |(_, rest)| rest);
                format!("{before}Kontrollsumma för loggen: [hash] {rest}")
            } else if let (Some(start), Some(end)) =
                (line.find("registrerad "), line.find(" (svensk tid)"))
            {
                format!("{}registrerad [tid]{}", &line[..start], &line[end..])
            } else {
                line.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[tokio::test]
async fn the_2017_page_reads_like_the_press_release() {
    let app = app_on_seed(&[]).await;
    let page = get(&app, &follow_up(EARLIER, 2017), None).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text);
    let text = without_recording_time(&visible_text(&page.text));
    // What the seed says and the earlier encoding did not: the period is
    // "tidigare år", no review was held, and work without a month is "under
    // 2017", apart from the months and never in January.
    assert!(text.contains("Period: tidigare år – 2017"));
    assert!(
        !text.contains("Uppföljningen gjordes"),
        "no invented review"
    );
    assert!(text.contains("Januari | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0"));
    // Speed and sobriety are one body of work each, in both places: 3 traffic
    // controls under the year, not 5.
    assert!(text.contains("Under året | 0 | 1 | 1 | 0 | 1 | 1 | 3 | 7"));
    // Reviewed line by line against the seed (events/fixtures/README.md).
    insta::assert_snapshot!("hagfors_2017_page_text", text);
}

#[tokio::test]
async fn the_2017_csv_reads_like_the_press_release() {
    let app = app_on_seed(&[]).await;
    let page = get(&app, &format!("{}.csv", follow_up(EARLIER, 2017)), None).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text);
    insta::assert_snapshot!("hagfors_2017_csv", without_checkpoint(&page.text));
}

/// The CSV with its checkpoint's root and key (the last two columns, which
/// change with every recording of the seed and every new key) as
/// placeholders, once checked to be the same in every row.
fn without_checkpoint(text: &str) -> String {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(reader.headers().unwrap()).unwrap();
    let mut seen = None;
    for row in reader.records() {
        let row = row.unwrap();
        let (size, root, key) = (
            &row[row.len() - 3],
            &row[row.len() - 2],
            &row[row.len() - 1],
        );
        assert_eq!(size, "20");
        assert_eq!(root.len(), 64, "{root}");
        let checkpoint = (root.to_owned(), key.to_owned());
        assert_eq!(seen.get_or_insert(checkpoint.clone()), &checkpoint);
        let mut cells: Vec<&str> = row.iter().collect();
        let at = cells.len() - 2;
        cells.splice(at.., ["[rot]", "[nyckel]"]);
        writer.write_record(cells).unwrap();
    }
    String::from_utf8(writer.into_inner().unwrap()).unwrap()
}
