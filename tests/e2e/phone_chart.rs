//! The follow-up's month chart on a phone (390×844, as the forms' test):
//! its 13 bars keep a readable width and scroll sideways inside their own
//! box, while the page itself never scrolls sideways. (A `--window-size` of
//! 390 alone does not show this: headless windows are at least 500 px wide,
//! so the screenshot crops a wider page; the phone's viewport is emulated.)

use serde_json::Value;

use crate::forms::{browser, Driver};
use crate::server::Server;

const FOLLOW_UP_2017: &str = "/agreements/5a1e0000-2017-4000-8000-000000000001/follow-up/2017";

#[test]
fn the_month_chart_scrolls_in_its_own_box_and_the_page_does_not() {
    let server = Server::start_demo();
    let work = tempfile::tempdir().expect("a temporary directory");
    let driver = Driver::start(&work.path().join("chromedriver.log"));
    let runtime = tokio::runtime::Runtime::new().expect("a runtime");
    let widths = runtime.block_on(async {
        let client = browser(&driver, &work.path().join("profile")).await;
        client
            .goto(&server.url(FOLLOW_UP_2017))
            .await
            .expect("the follow-up loads");
        let measured = client
            .execute(
                "const page = document.documentElement;
                 const plot = document.querySelector('figure.chart .plot');
                 const bars = plot.querySelector('svg').getBoundingClientRect();
                 return [page.scrollWidth, page.clientWidth, plot.scrollWidth,
                         plot.clientWidth, bars.width,
                         getComputedStyle(plot).overflowX];",
                vec![],
            )
            .await
            .expect("the widths");
        client.close().await.expect("the session ends");
        measured
    });
    let widths = widths.as_array().expect("a list");
    let number = |i: usize| widths[i].as_f64().unwrap_or_else(|| panic!("{widths:?}"));
    let (page_scroll, page_client) = (number(0), number(1));
    let (plot_scroll, plot_client, chart) = (number(2), number(3), number(4));
    assert_eq!(page_client, 390.0, "a phone's viewport: {widths:?}");
    assert!(
        page_scroll <= page_client,
        "the page scrolls sideways: {widths:?}"
    );
    assert!(
        plot_scroll > plot_client,
        "the chart is wider than its box, so it scrolls: {widths:?}"
    );
    assert!(chart >= 480.0, "the chart keeps 30rem: {widths:?}");
    assert_eq!(widths[5], Value::from("auto"), "{widths:?}");
}
