//! The forms in a real browser: headless Chromium, driven through
//! chromedriver (WebDriver) in a 390×844 window, against the real binary.
//! An officer signs in with a one-time link, records a completed traffic
//! control (first with a bad count, which is shown in Swedish at its field),
//! double-taps and resends, sees it in the follow-up, corrects it, and signs
//! out; a post without the CSRF token is refused; the page's screenshot is
//! not blank. A coordinator creates an agreement whose commitment has a
//! fact-sum target ("minst 25 kontroller") and sees it in its follow-up.
//!
//! chromedriver is required: `.ci/run` installs Debian's `chromium-driver`.
//! Where it is missing the test fails, never skips.

use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use reqwest::header::COOKIE;
use reqwest::Method;
use serde_json::{json, Map};

use crate::browser::{chromium, program, Screenshot};
use crate::server::Server;

/// The demo's 2018–2019 agreement, its traffic commitment as the form
/// offers it.
const AGREEMENT: &str = "5a1e0000-2018-4000-8000-000000000002";
const SERVES: &str = "5a1e0000-2018-4000-8000-000000000002/trafikmiljon/trafikkontroller";
const SUMMARY: &str = "Hastighetskontroll på Dalavägen, 40 fordon kontrollerade.";
const WINDOW: (u32, u32) = (390, 844);
/// How long chromedriver and Chromium may take to start, or a page to load.
const PATIENCE: Duration = Duration::from_secs(60);

/// chromedriver on a free port, ended when dropped.
pub(crate) struct Driver {
    child: Child,
    url: String,
}

impl Driver {
    pub(crate) fn start(log: &Path) -> Driver {
        let chromedriver = program(
            &["chromedriver"],
            "chromium-driver",
            "the forms' browser test",
        );
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let child = Command::new(chromedriver)
            .arg(format!("--port={port}"))
            .arg(format!("--log-path={}", log.display()))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver");
        let deadline = Instant::now() + PATIENCE;
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                Instant::now() < deadline,
                "chromedriver did not listen on {port}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        Driver {
            child,
            url: format!("http://127.0.0.1:{port}"),
        }
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub(crate) async fn browser(driver: &Driver, profile: &Path) -> Client {
    let mut capabilities = Map::new();
    capabilities.insert(
        "goog:chromeOptions".into(),
        json!({
            "binary": chromium().display().to_string(),
            "args": [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--no-first-run", "--disable-background-networking", "--disable-sync",
                "--hide-scrollbars", "--lang=sv-SE",
                format!("--window-size={},{}", WINDOW.0, WINDOW.1),
                format!("--user-data-dir={}", profile.display()),
            ],
            // A phone's viewport: headless windows are at least 500 px wide.
            "mobileEmulation": {"deviceMetrics": {"width": WINDOW.0, "height": WINDOW.1, "pixelRatio": 1}}
        }),
    );
    ClientBuilder::new(HttpConnector::new())
        .capabilities(capabilities)
        .connect(&driver.url)
        .await
        .expect("a WebDriver session with Chromium")
}

async fn text_of(client: &Client, css: &str) -> String {
    client
        .wait()
        .at_most(PATIENCE)
        .for_element(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css}: {e}"))
        .text()
        .await
        .expect("the element's text")
}

/// Waits until the page's heading is one of `expected` (after a click, the
/// old page may still be there for a moment) and returns it.
async fn heading(client: &Client, expected: &[&str]) -> String {
    let deadline = Instant::now() + PATIENCE;
    let mut last = String::new();
    while Instant::now() < deadline {
        if let Ok(h1) = client.find(Locator::Css("h1")).await {
            if let Ok(text) = h1.text().await {
                if expected.contains(&text.as_str()) {
                    return text;
                }
                last = text;
            }
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the page's heading stayed {last:?}, not one of {expected:?}");
}

async fn fill(client: &Client, css: &str, text: &str) {
    let input = client.find(Locator::Css(css)).await.expect(css);
    input.clear().await.expect("clear");
    input.send_keys(text).await.expect("type");
}

async fn click(client: &Client, css: &str) {
    client
        .find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css}: {e}"))
        .click()
        .await
        .unwrap_or_else(|e| panic!("click {css}: {e}"));
}

/// The form's fields as the browser would post them, read from the page.
async fn form_fields(client: &Client) -> Vec<(String, String)> {
    let mut fields = Vec::new();
    for input in client
        .find_all(Locator::Css("form.entry input, form.entry textarea"))
        .await
        .unwrap()
    {
        let name = input.attr("name").await.unwrap().unwrap_or_default();
        let kind = input.attr("type").await.unwrap().unwrap_or_default();
        if matches!(kind.as_str(), "checkbox" | "radio") && !input.is_selected().await.unwrap() {
            continue;
        }
        let value = input.prop("value").await.unwrap().unwrap_or_default();
        fields.push((name, value));
    }
    fields
}

/// The events of the log, as the auditor reads them.
fn events_with_id(server: &Server, auditor: &str, id: &str) -> usize {
    let log = server.get("/api/v1/events?limit=1000", Some(auditor));
    assert_eq!(log.status, 200, "{}", log.text);
    log.body["events"]
        .as_array()
        .expect("a page of events")
        .iter()
        .filter(|e| e["id"] == id)
        .count()
}

/// A new token for Hagfors kommun's work, and its one-time sign-in link to
/// `server`.
fn sign_in_link(server: &Server, role: &str, organisation: &str, name: &str) -> String {
    let created = server.cli(&[
        "token",
        "create",
        "--role",
        role,
        "--org",
        organisation,
        "--name",
        name,
        "--for",
        "Hagfors kommun",
        "--login",
        "--public-url",
        &server.base,
    ]);
    let printed = String::from_utf8_lossy(&created.stdout).into_owned();
    let link = printed.lines().nth(1).expect("the sign-in link").to_owned();
    assert!(
        link.starts_with(&format!("{}/logga-in?kod=", server.base)),
        "{printed}"
    );
    link
}

#[test]
fn an_officer_records_a_traffic_control_from_a_phone() {
    let server = Server::start_demo();
    let auditor = server.token("auditor", "Hagfors kommun", "revisor");
    // A reporter's token with a one-time sign-in link to this server.
    let link = sign_in_link(&server, "reporter", "Polisen", "polis-4711");
    let work = tempfile::tempdir().expect("a temporary directory");
    let driver = Driver::start(&work.path().join("chromedriver.log"));
    let runtime = tokio::runtime::Runtime::new().expect("a runtime");
    let client = runtime.block_on(browser(&driver, &work.path().join("profile")));

    // Signing in with the link, and on to step one.
    let (posted, cookie) = runtime.block_on(async {
        client.goto(&link).await.expect("open the link");
        click(&client, "form.entry button[type=submit]").await;
        heading(&client, &["Registrera aktivitet"]).await;
        let width = client
            .execute("return window.innerWidth", vec![])
            .await
            .unwrap();
        assert_eq!(width, json!(WINDOW.0), "a phone's width");

        // Step one: the commitment, the kind by its Swedish name, done.
        let serves = client
            .find(Locator::Css("select[name=serves]"))
            .await
            .unwrap();
        serves
            .select_by_value(SERVES)
            .await
            .expect("the commitment is offered");
        let kind = client
            .find(Locator::Css("select[name=kind]"))
            .await
            .unwrap();
        kind.select_by_label("Trafikkontroll")
            .await
            .expect("the kind by its Swedish name");
        click(&client, "input[name=status][value=genomford]").await;
        click(&client, "form.entry button[type=submit]").await;
        heading(&client, &["Genomförd: Trafikkontroll"]).await;

        // Step two, with a count that is no number.
        let day = client.find(Locator::Css("#f-occurred-dag")).await.unwrap();
        client
            .execute(
                "arguments[0].value = '2019-05-14'",
                vec![serde_json::to_value(&day).unwrap()],
            )
            .await
            .expect("set the date");
        fill(&client, "#f-places-0", "Dalavägen").await;
        click(&client, "input[name='facts.focus'][value=speed]").await;
        fill(&client, "#f-facts-controls", "tre").await;
        fill(&client, "#f-facts-checked", "40").await;
        fill(&client, "#f-summary", SUMMARY).await;
        click(&client, "form.entry button[type=submit]").await;
        let error = text_of(&client, "#f-facts-controls-fel").await;
        assert!(
            error.contains("heltal"),
            "the Swedish error at the count: {error}"
        );
        let controls = client
            .find(Locator::Css("#f-facts-controls"))
            .await
            .unwrap();
        assert_eq!(
            controls.prop("value").await.unwrap().as_deref(),
            Some("tre"),
            "kept"
        );
        let described = controls
            .attr("aria-describedby")
            .await
            .unwrap()
            .unwrap_or_default();
        assert!(described.contains("f-facts-controls-fel"), "{described}");
        let focused = client.active_element().await.unwrap();
        assert_eq!(
            focused.attr("id").await.unwrap().as_deref(),
            Some("f-facts-controls")
        );
        let summary = client.find(Locator::Css("#f-summary")).await.unwrap();
        assert_eq!(
            summary.prop("value").await.unwrap().as_deref(),
            Some(SUMMARY)
        );

        // Fixed, and a double tap on the button.
        fill(&client, "#f-facts-controls", "1").await;
        let posted = form_fields(&client).await;
        let button = client
            .find(Locator::Css("form.entry button[type=submit]"))
            .await
            .unwrap();
        button.clone().click().await.expect("the first tap");
        // The second tap may find the page already gone: that is a double
        // tap too.
        let _ = button.click().await;
        heading(&client, &["Registrerad", "Redan registrerad"]).await;

        // The screenshot of the answer, at phone size.
        let png = client.screenshot().await.expect("a screenshot");
        let shot = Screenshot::decode(png.as_slice());
        assert_eq!(shot.width, WINDOW.0);
        shot.assert_a_styled_page();

        let cookie = client
            .get_named_cookie("trygglogg_session")
            .await
            .expect("the session cookie");
        assert_eq!(cookie.http_only(), Some(true));
        let same_site = cookie.same_site().map(|s| s.to_string());
        assert_eq!(same_site.as_deref(), Some("Strict"));
        (posted, format!("trygglogg_session={}", cookie.value()))
    });
    let event = posted
        .iter()
        .find(|(name, _)| name == "event")
        .map(|(_, id)| id.clone())
        .expect("the event id drawn with the form");
    assert_eq!(
        events_with_id(&server, &auditor, &event),
        1,
        "recorded once"
    );

    // A resend after the connection dropped: the same form, once more.
    let resend = server
        .request(Method::POST, "/registrera/uppgifter", None)
        .header(COOKIE, &cookie)
        .form(&posted)
        .send()
        .expect("the resend");
    assert_eq!(resend.status(), 200);
    let page = resend.text().unwrap();
    assert!(page.contains("Redan registrerad"), "{page}");
    assert_eq!(events_with_id(&server, &auditor, &event), 1, "still once");

    // A post without the CSRF token: 403, a Swedish page, nothing recorded.
    let without: Vec<(String, String)> = posted
        .iter()
        .filter(|(name, _)| name != "csrf")
        .cloned()
        .map(|(name, value)| match name.as_str() {
            "event" | "stream" => (name, uuid::Uuid::new_v4().to_string()),
            _ => (name, value),
        })
        .collect();
    let forged = server
        .request(Method::POST, "/registrera/uppgifter", None)
        .header(COOKIE, &cookie)
        .form(&without)
        .send()
        .expect("the post without CSRF");
    assert_eq!(forged.status(), 403);
    let page = forged.text().unwrap();
    assert!(
        page.contains("<html lang=\"sv\">") && page.contains("kontrollkod"),
        "{page}"
    );
    let forged_id = &without.iter().find(|(n, _)| n == "event").unwrap().1;
    assert_eq!(events_with_id(&server, &auditor, forged_id), 0);

    runtime.block_on(async {
        // Seeing it in the follow-up: the answer links to the year's.
        let href = format!("/agreements/{AGREEMENT}/follow-up/2019");
        let deadline = Instant::now() + PATIENCE;
        loop {
            client.goto(&server.url(&href)).await.unwrap();
            if client.source().await.unwrap().contains(SUMMARY) {
                break;
            }
            assert!(
                Instant::now() < deadline,
                "the activity never showed in {href}"
            );
            tokio::time::sleep(Duration::from_millis(250)).await;
        }
        assert!(client.source().await.unwrap().contains("Dalavägen"));

        // A correction, from "Mina registreringar".
        client
            .goto(&server.url("/mina-registreringar"))
            .await
            .unwrap();
        heading(&client, &["Mina registreringar"]).await;
        click(&client, "article.entry-card ul.actions a[href$='/ratta']").await;
        heading(&client, &["Rätta: Trafikkontroll"]).await;
        let place = client.find(Locator::Css("#f-places-0")).await.unwrap();
        assert_eq!(
            place.prop("value").await.unwrap().as_deref(),
            Some("Dalavägen"),
            "the current value"
        );
        fill(&client, "#f-places-0", "Ekshärad").await;
        fill(&client, "#f-reason", "Fel ort angavs.").await;
        click(&client, "form.entry button[type=submit]").await;
        heading(&client, &["Registrerad"]).await;
        assert!(text_of(&client, "main")
            .await
            .contains("Rättelsen är registrerad"));
        client
            .goto(&server.url("/mina-registreringar"))
            .await
            .unwrap();
        let card = text_of(&client, "article.entry-card").await;
        assert!(
            card.contains("Ekshärad") && card.contains("Genomförd"),
            "{card}"
        );

        // Signing out, and the forms need signing in again.
        client.goto(&server.url("/registrera")).await.unwrap();
        click(&client, "form.signout button").await;
        heading(&client, &["Du är utloggad"]).await;
        client.goto(&server.url("/registrera")).await.unwrap();
        heading(&client, &["Logga in"]).await;
        client.close().await.expect("end the WebDriver session");
    });
    // The old cookie signs nobody in any more.
    let after = server
        .request(Method::GET, "/registrera", None)
        .header(COOKIE, &cookie)
        .send()
        .expect("a request with the old cookie");
    assert!(after.url().path().ends_with("/logga-in"), "{}", after.url());
}

#[test]
fn a_coordinator_creates_an_agreement_with_a_fact_sum_target_from_a_phone() {
    let server = Server::start_demo();
    let link = sign_in_link(&server, "coordinator", "Hagfors kommun", "samordnare-2");
    let work = tempfile::tempdir().expect("a temporary directory");
    let driver = Driver::start(&work.path().join("chromedriver.log"));
    let runtime = tokio::runtime::Runtime::new().expect("a runtime");
    let client = runtime.block_on(browser(&driver, &work.path().join("profile")));
    runtime.block_on(async {
        client.goto(&link).await.expect("open the link");
        click(&client, "form.entry button[type=submit]").await;
        heading(&client, &["Registrera aktivitet"]).await;
        client
            .goto(&server.url("/registrera/medborgarlofte"))
            .await
            .unwrap();
        heading(&client, &["Nytt medborgarlöfte"]).await;
        fill(&client, "#f-title", "Medborgarlöften i Sunnemo").await;
        fill(&client, "#f-fa0-name", "Trafikmiljön").await;
        fill(&client, "#f-fa0-c0-title", "Trafikkontroller").await;
        fill(
            &client,
            "#f-fa0-c0-description",
            "Minst 25 kontroller under året.",
        )
        .await;
        click(&client, "input[name='fa0.c0.target'][value=fact_sum]").await;
        fill(&client, "#f-fa0-c0-at_least", "25").await;
        client
            .find(Locator::Css("#f-fa0-c0-fact"))
            .await
            .unwrap()
            .select_by_label("kontroller")
            .await
            .expect("the traffic control's count of controls is offered");
        click(&client, "form.entry button[type=submit]").await;
        heading(&client, &["Registrerat"]).await;
        let png = client.screenshot().await.expect("a screenshot");
        let shot = Screenshot::decode(png.as_slice());
        assert_eq!(shot.width, WINDOW.0);
        shot.assert_a_styled_page();

        // The answer links to the follow-up of the first year, where the
        // target is shown once the follower has read the append.
        let href = client
            .find(Locator::Css("main a[href^='/agreements/']"))
            .await
            .expect("a link to the follow-up")
            .attr("href")
            .await
            .unwrap()
            .expect("its address");
        let deadline = Instant::now() + PATIENCE;
        loop {
            client.goto(&server.url(&href)).await.unwrap();
            let page = client.source().await.unwrap();
            if page.contains("minst 25 kontroller per år") {
                assert!(page.contains("Trafikkontroller"), "{page}");
                break;
            }
            assert!(
                Instant::now() < deadline,
                "the target never showed in {href}: {page}"
            );
            tokio::time::sleep(Duration::from_millis(250)).await;
        }
        client.close().await.expect("end the WebDriver session");
    });
}
