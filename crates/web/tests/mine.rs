//! "Mina registreringar" through the router: the organisation's activities
//! newest first with their status, and Rätta, Makulera, Inställd and Klar,
//! each recorded once and refused at its field in Swedish.

use axum::http::StatusCode;

use crate::app::*;

/// Records a plan through the form; its stream id.
async fn plan(app: &App, cookie: &str, title: &str) -> String {
    let page = app
        .get(&details_path(SERVES, "traffic_control", "planerad"), cookie)
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text);
    let mut form: Vec<(String, String)> = ["csrf", "serves", "kind", "status", "event", "stream"]
        .iter()
        .map(|name| (name.to_string(), hidden(&page.text, name)))
        .collect();
    for (name, value) in [
        ("title", title),
        ("planned", "2019-09-01"),
        ("places", "Sunnemo"),
    ] {
        form.push((name.to_owned(), value.to_owned()));
    }
    let recorded = app
        .post("/registrera/uppgifter", Some(cookie), &pairs(&form))
        .await;
    assert_eq!(recorded.status, StatusCode::OK, "{}", recorded.text);
    hidden(&page.text, "stream")
}

/// Records a completed traffic control through the form; its stream id.
async fn completed(app: &App, cookie: &str) -> String {
    let form = drawn_form(app, cookie).await;
    let recorded = app
        .post("/registrera/uppgifter", Some(cookie), &pairs(&form))
        .await;
    assert_eq!(recorded.status, StatusCode::OK, "{}", recorded.text);
    form.iter().find(|(n, _)| n == "stream").unwrap().1.clone()
}

/// The list's card of activity `stream`.
fn card<'a>(list: &'a str, stream: &str) -> &'a str {
    let start = list
        .find(&format!("<article class=\"entry-card\" id=\"a-{stream}\""))
        .unwrap_or_else(|| panic!("{stream} not listed in {list}"));
    let end = start + list[start..].find("</article>").unwrap();
    &list[start..end]
}

#[tokio::test]
async fn the_list_is_newest_first_with_each_status_and_what_may_be_done() {
    let app = App::new().await;
    let cookie = app.sign_in(&app.police("polis-4711")).await;
    let done = completed(&app, &cookie).await;
    let planned = plan(&app, &cookie, "Hastighetskontroll vid skolan").await;
    let list = app.get("/mina-registreringar", &cookie).await;
    assert_eq!(list.status, StatusCode::OK);
    let text = &list.text;
    assert!(
        text.find(&planned).unwrap() < text.find(&done).unwrap(),
        "newest first"
    );
    let plan_card = card(text, &planned);
    assert!(plan_card.contains("Planerad") && plan_card.contains("Hastighetskontroll vid skolan"));
    for action in ["ratta", "makulera", "installd"] {
        assert!(
            plan_card.contains(&format!("/mina-registreringar/{planned}/{action}")),
            "{action}"
        );
    }
    assert!(
        plan_card.contains(&format!("stream={planned}")),
        "Klar completes the plan's stream"
    );
    let done_card = card(text, &done);
    assert!(done_card.contains("Genomförd") && done_card.contains("Dalavägen"));
    assert!(!done_card.contains("installd") && !done_card.contains(">Klar<"));
    // The seed's activities are Hagfors kommun's, not the police's.
    assert_eq!(text.matches("<article").count(), 2);
}

#[tokio::test]
async fn a_correction_shows_the_current_values_needs_a_reason_and_records_once() {
    let app = App::new().await;
    let cookie = app.sign_in(&app.police("polis-4711")).await;
    let stream = completed(&app, &cookie).await;
    let path = format!("/mina-registreringar/{stream}/ratta");
    let page = app.get(&path, &cookie).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text);
    for shown in [
        "value=\"Dalavägen\"",
        "value=\"2019-05-14\"",
        "value=\"speed\" checked",
        "Bra väder.",
    ] {
        assert!(page.text.contains(shown), "{shown} shown");
    }
    let csrf = hidden(&page.text, "csrf");
    let event = hidden(&page.text, "event");
    let form = |places: &str, controls: &str, reason: Option<&str>| {
        let mut form = vec![
            ("csrf".to_owned(), csrf.clone()),
            ("event".to_owned(), event.clone()),
            ("occurred".to_owned(), "2019-05-14".to_owned()),
            ("places".to_owned(), places.to_owned()),
            ("facts.focus".to_owned(), "speed".to_owned()),
            ("facts.controls".to_owned(), controls.to_owned()),
            ("facts.checked".to_owned(), "40".to_owned()),
            (
                "summary".to_owned(),
                "Hastighetskontroll på Dalavägen.".to_owned(),
            ),
            ("note".to_owned(), "Bra väder.".to_owned()),
        ];
        if let Some(reason) = reason {
            form.push(("reason".to_owned(), reason.to_owned()));
        }
        form
    };
    let before = app.log_length();
    // (what, form, the field or the words refused)
    let refused = [
        (
            "no reason",
            form("Ekshärad", "1", None),
            "id=\"f-reason-fel\"",
        ),
        (
            "nothing changed",
            form("Dalavägen", "1", Some("Fel ort.")),
            "Ändra minst en uppgift",
        ),
        (
            "a bad count",
            form("Dalavägen", "tre", Some("Fel antal.")),
            "id=\"f-facts-controls-fel\"",
        ),
        (
            "personnummer in the reason",
            form("Ekshärad", "1", Some("Enligt 640823-3234")),
            "personnummer",
        ),
    ];
    for (what, form, shown) in refused {
        let answer = app.post(&path, Some(&cookie), &pairs(&form)).await;
        assert_eq!(
            answer.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{what}: {}",
            answer.text
        );
        assert!(answer.text.contains(shown), "{what}: {}", answer.text);
        assert_eq!(app.log_length(), before, "{what}");
    }
    let good = form("Ekshärad", "1", Some("Fel ort angavs."));
    let answer = app.post(&path, Some(&cookie), &pairs(&good)).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
    assert!(answer.text.contains("Rättelsen är registrerad"));
    let again = app.post(&path, Some(&cookie), &pairs(&good)).await;
    assert!(again.text.contains("Redan registrerad"), "{}", again.text);
    assert_eq!(app.log_length(), before + 1);
    let list = app.get("/mina-registreringar", &cookie).await;
    assert!(card(&list.text, &stream).contains("Ekshärad"));
}

/// A field's name and a value, or a word of its refusal.
type Pair = (&'static str, &'static str);

#[tokio::test]
async fn every_refusal_of_a_correction_is_shown_at_its_field() {
    let app = App::new().await;
    let cookie = app.sign_in(&app.police("polis-4711")).await;
    let stream = completed(&app, &cookie).await;
    let path = format!("/mina-registreringar/{stream}/ratta");
    let page = app.get(&path, &cookie).await;
    let good: Vec<(String, String)> = [
        ("csrf", hidden(&page.text, "csrf")),
        ("event", hidden(&page.text, "event")),
        ("occurred", "2019-05-14".to_owned()),
        ("places", "Dalavägen".to_owned()),
        ("facts.focus", "speed".to_owned()),
        ("facts.controls", "1".to_owned()),
        ("facts.checked", "40".to_owned()),
        ("summary", "Hastighetskontroll på Dalavägen.".to_owned()),
        ("reason", "Fel uppgift.".to_owned()),
    ]
    .into_iter()
    .map(|(n, v)| (n.to_owned(), v))
    .collect();
    let before = app.log_length();
    // (what, changed fields, each field refused with the start of its
    // message): refused by the correction's own catalogue, or by the event
    // the correction would leave, which names its fields structurally.
    let cases: [(&str, Vec<Pair>, Vec<Pair>); 4] = [
        (
            "a count that is no number",
            vec![("facts.controls", "tre")],
            vec![("facts-controls", "Ange ett heltal")],
        ),
        (
            "two counts that are no numbers",
            vec![("facts.controls", "tre"), ("facts.checked", "-1")],
            vec![
                ("facts-controls", "Ange ett heltal"),
                ("facts-checked", "Ange ett heltal"),
            ],
        ),
        (
            "a personnummer in the summary",
            vec![("summary", "Ring 19811218-9876.")],
            vec![(
                "summary",
                "Det här innehåller något som liknar ett personnummer",
            )],
        ),
        (
            "a date in the future",
            vec![("occurred", "2999-01-01")],
            vec![("occurred", "Ange ett datum")],
        ),
    ];
    for (what, changed, refused) in cases {
        let form = changed.iter().fold(good.clone(), |form, (name, value)| {
            with(&form, name, Some(value))
        });
        let answer = app.post(&path, Some(&cookie), &pairs(&form)).await;
        assert_eq!(
            answer.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{what}: {}",
            answer.text
        );
        for (field, word) in refused {
            assert_refused_at(&answer, what, field, word);
        }
        assert_eq!(app.log_length(), before, "{what}");
    }
}

#[tokio::test]
async fn makulera_inställd_and_klar() {
    let app = App::new().await;
    let cookie = app.sign_in(&app.police("polis-4711")).await;
    let done = completed(&app, &cookie).await;
    let cancelled = plan(&app, &cookie, "Kontroll som ställs in").await;
    let finished = plan(&app, &cookie, "Kontroll som blir av").await;
    for (stream, action, reason) in [
        (&done, "makulera", "Registrerades två gånger."),
        (&cancelled, "installd", "Personalbrist."),
    ] {
        let path = format!("/mina-registreringar/{stream}/{action}");
        let page = app.get(&path, &cookie).await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.text);
        let form = [
            ("csrf", hidden(&page.text, "csrf")),
            ("event", hidden(&page.text, "event")),
        ];
        let without: Vec<(&str, &str)> = form.iter().map(|(n, v)| (*n, v.as_str())).collect();
        let refused = app.post(&path, Some(&cookie), &without).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{action}");
        assert!(
            refused.text.contains("id=\"f-reason-fel\""),
            "{action}: {}",
            refused.text
        );
        let mut with_reason = without.clone();
        with_reason.push(("reason", reason));
        let answer = app.post(&path, Some(&cookie), &with_reason).await;
        assert_eq!(answer.status, StatusCode::OK, "{action}: {}", answer.text);
    }
    // Klar: the activity form, in the plan's own stream.
    let list = app.get("/mina-registreringar", &cookie).await;
    let plan_card = card(&list.text, &finished);
    let href = plan_card
        .split("href=\"")
        .find(|h| h.starts_with("/registrera/uppgifter"))
        .unwrap();
    let href = href.split('"').next().unwrap().replace("&amp;", "&");
    let page = app.get(&href, &cookie).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text);
    assert_eq!(hidden(&page.text, "stream"), finished);
    let mut form: Vec<(String, String)> = ["csrf", "serves", "kind", "status", "event", "stream"]
        .iter()
        .map(|name| (name.to_string(), hidden(&page.text, name)))
        .collect();
    for (name, value) in [
        ("occurred", "2019-09-01"),
        ("places", "Sunnemo"),
        ("facts.focus", "sobriety"),
        ("summary", "Nykterhetskontroll i Sunnemo."),
    ] {
        form.push((name.to_owned(), value.to_owned()));
    }
    let answer = app
        .post("/registrera/uppgifter", Some(&cookie), &pairs(&form))
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);

    let list = app.get("/mina-registreringar", &cookie).await;
    let void = card(&list.text, &done);
    assert!(
        void.contains("Makulerad") && !void.contains("ratta"),
        "{void}"
    );
    assert!(card(&list.text, &cancelled).contains("Inställd"));
    let completed_plan = card(&list.text, &finished);
    assert!(
        completed_plan.contains("Genomförd")
            && completed_plan.contains("Nykterhetskontroll i Sunnemo.")
    );
}
