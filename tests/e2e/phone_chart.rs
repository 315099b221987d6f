//! The follow-up's month chart on a phone (390×844, as the forms' test): it
//! fits the screen, neither the page nor the chart scrolls sideways, and its
//! labels stay readable, because a phone gets its bars lying down (a row per
//! month) in place of thirteen columns. (A `--window-size` of 390 alone does
//! not show this: headless windows are at least 500 px wide, so the
//! screenshot crops a wider page; the phone's viewport is emulated.)

use serde_json::Value;

use crate::forms::{browser, Driver};
use crate::server::Server;

const FOLLOW_UP_2017: &str = "/agreements/5a1e0000-2017-4000-8000-000000000001/follow-up/2017";

#[test]
fn the_month_chart_fits_a_phone_with_readable_labels() {
    let server = Server::start_demo();
    let work = tempfile::tempdir().expect("a temporary directory");
    let driver = Driver::start(&work.path().join("chromedriver.log"));
    let runtime = tokio::runtime::Runtime::new().expect("a runtime");
    let measured = runtime.block_on(async {
        let client = browser(&driver, &work.path().join("profile")).await;
        client
            .goto(&server.url(FOLLOW_UP_2017))
            .await
            .expect("the follow-up loads");
        let measured = client
            .execute(
                "const page = document.documentElement;
                 const plot = document.querySelector('figure.chart .plot');
                 const rows = plot.querySelector('svg.rows');
                 const columns = plot.querySelector('svg.columns');
                 const drawn = rows.getBoundingClientRect();
                 const scale = drawn.width / rows.viewBox.baseVal.width;
                 const sizes = [...rows.querySelectorAll('text')]
                     .map(t => parseFloat(t.getAttribute('font-size')) * scale);
                 return [page.scrollWidth, page.clientWidth, plot.scrollWidth,
                         plot.clientWidth, drawn.width, Math.min(...sizes),
                         getComputedStyle(columns).display,
                         rows.querySelectorAll('rect').length,
                         drawn.right];",
                vec![],
            )
            .await
            .expect("the measures");
        client.close().await.expect("the session ends");
        measured
    });
    let measured = measured.as_array().expect("a list");
    let number = |i: usize| {
        measured[i]
            .as_f64()
            .unwrap_or_else(|| panic!("{measured:?}"))
    };
    let (page_scroll, page_client) = (number(0), number(1));
    let (plot_scroll, plot_client) = (number(2), number(3));
    let (chart_width, smallest_text) = (number(4), number(5));
    assert_eq!(page_client, 390.0, "a phone's viewport: {measured:?}");
    assert!(
        page_scroll <= page_client,
        "the page scrolls sideways: {measured:?}"
    );
    assert!(
        plot_scroll <= plot_client,
        "the chart scrolls sideways in its box: {measured:?}"
    );
    assert!(
        number(8) <= page_client,
        "the chart reaches past the screen's edge: {measured:?}"
    );
    assert!(
        chart_width >= 300.0,
        "the chart takes the column's width: {measured:?}"
    );
    assert!(
        smallest_text >= 11.0,
        "a label is drawn smaller than 11 px: {measured:?}"
    );
    assert_eq!(
        measured[6],
        Value::from("none"),
        "the columns give way to rows: {measured:?}"
    );
    assert!(
        number(7) > 0.0,
        "the demo's 2017 has bars to draw: {measured:?}"
    );
}
