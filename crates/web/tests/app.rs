//! A signed-in browser's view of the site, driven through the router: the
//! seed, tokens made as `token create` makes them, forms posted with the
//! session's cookie. Shared by the forms' tests.

use axum::body::Body;
use axum::http::header::{CONTENT_TYPE, COOKIE, LOCATION, SET_COOKIE};
use axum::http::{Request, StatusCode};
use axum::Router;
use trygglogg_api::{application, open_checkpoints, AppState};
use trygglogg_events::ValidationContext;
use trygglogg_projections::Projections;
use trygglogg_recorder::{today_in_sweden, Recorder};
use trygglogg_store::Store;
use trygglogg_test_support::router::{self, Answer};
use trygglogg_test_support::FIXTURE;
use trygglogg_tokens::{tokens_path, update, NewToken, Role, Tokens};

/// The seed's 2018–2019 agreement and its traffic commitment.
pub const AGREEMENT: &str = "5a1e0000-2018-4000-8000-000000000002";
pub const SERVES: &str = "5a1e0000-2018-4000-8000-000000000002/trafikmiljon/trafikkontroller";

pub struct App {
    pub dir: tempfile::TempDir,
    router: Router,
    store: Store,
}

impl App {
    pub async fn new() -> App {
        App::with_imports(&[]).await
    }

    /// The seed and then `lines` (as `import` records them), folded into
    /// the projections when the app opens: the app has no live follower of
    /// the log, so that what the forms offer (read from the projections)
    /// includes them.
    pub async fn with_imports(lines: &[&str]) -> App {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path().join("store")).unwrap();
        let recorder = Recorder::new(store.clone());
        let context = ValidationContext::new(today_in_sweden());
        let operator = trygglogg_test_support::author("seed", "Hagfors kommun");
        for line in std::iter::once(FIXTURE).chain(lines.iter().copied()) {
            recorder
                .import(line, &operator, &context, |_| {})
                .await
                .unwrap();
        }
        App::over(store, dir)
    }

    /// The site over `store`, its projections folded now, its tokens and
    /// views in `dir`.
    fn over(store: Store, dir: tempfile::TempDir) -> App {
        let projections = Projections::open(store.clone(), dir.path().join("views")).unwrap();
        let path = tokens_path(dir.path());
        update(&path, |_| Ok(())).unwrap();
        let checkpoints =
            open_checkpoints(&store, dir.path(), Some("https://trygglogg.test")).unwrap();
        let tokens = Tokens::open(&path).unwrap();
        let state = AppState::new(store.clone(), projections, tokens, checkpoints);
        let site = trygglogg_web::site(trygglogg_web::PublicUrl::default());
        App {
            router: application(state, site),
            store,
            dir,
        }
    }

    /// A second site over the same log, its views folded now: what the
    /// public pages show once a follower has caught up (this app has none).
    /// It has no tokens of its own.
    pub fn caught_up(&self) -> App {
        App::over(self.store.clone(), tempfile::tempdir().unwrap())
    }

    /// A new token; the server sees it once it re-reads the file.
    pub fn token(&self, new: NewToken) -> String {
        let token = update(&tokens_path(self.dir.path()), |file| file.create(new)).unwrap();
        // The server re-reads the token file at most once a second.
        std::thread::sleep(trygglogg_tokens::RELOAD_INTERVAL);
        token
    }

    /// Signs in as Hagfors kommun's coordinator; the session's cookie.
    pub async fn coordinator(&self) -> String {
        let token = self.token(NewToken::new(
            "samordnare",
            Role::Coordinator,
            "Hagfors kommun",
        ));
        self.sign_in(&token).await
    }

    pub fn police(&self, name: &str) -> String {
        self.token(NewToken::new(name, Role::Reporter, "Polisen").serving(&["Hagfors kommun"]))
    }

    pub async fn send(&self, request: Request<Body>) -> Answer {
        router::send(&self.router, request).await
    }

    pub async fn post(&self, path: &str, cookie: Option<&str>, form: &[(&str, &str)]) -> Answer {
        let body = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(form)
            .finish();
        let mut request =
            Request::post(path).header(CONTENT_TYPE, "application/x-www-form-urlencoded");
        if let Some(cookie) = cookie {
            request = request.header(COOKIE, cookie);
        }
        self.send(request.body(Body::from(body)).unwrap()).await
    }

    /// Posts `form` to `path` twice, as a resend would: the first answer says
    /// "Registrerat", the second "Redan registrerat", and the log grows by one
    /// event. The first answer, for what else the caller checks in it.
    pub async fn records_once(&self, path: &str, cookie: &str, form: &[(&str, &str)]) -> Answer {
        let before = self.log_length();
        let answer = self.post(path, Some(cookie), form).await;
        assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
        assert!(
            answer.text.contains("<h1>Registrerat</h1>"),
            "{}",
            answer.text
        );
        let again = self.post(path, Some(cookie), form).await;
        assert!(
            again.text.contains("<h1>Redan registrerat</h1>"),
            "{}",
            again.text
        );
        assert_eq!(self.log_length(), before + 1);
        answer
    }

    pub async fn get(&self, path: &str, cookie: &str) -> Answer {
        self.send(
            Request::get(path)
                .header(COOKIE, cookie)
                .body(Body::empty())
                .unwrap(),
        )
        .await
    }

    /// Signs in with `token`; the session's cookie.
    pub async fn sign_in(&self, token: &str) -> String {
        let answer = self.post("/logga-in", None, &[("token", token)]).await;
        assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.text);
        assert_eq!(answer.headers[LOCATION], "/registrera");
        cookie_of(&answer)
    }

    pub fn log_length(&self) -> u64 {
        self.store.head().position
    }

    /// The data of the log's last event.
    pub fn last_data(&self) -> serde_json::Value {
        let head = self.log_length();
        let last = self
            .store
            .read_all(head, trygglogg_store::Direction::Forward, 1)
            .unwrap();
        serde_json::from_str(last[0].data.get()).unwrap()
    }
}

pub fn cookie_of(answer: &Answer) -> String {
    let set = answer.headers[SET_COOKIE].to_str().unwrap();
    set.split(';').next().unwrap().to_owned()
}

/// The value of the hidden field `name` in a page.
pub fn hidden(page: &str, name: &str) -> String {
    let at = format!("name=\"{name}\" value=\"");
    let start = page
        .find(&at)
        .unwrap_or_else(|| panic!("no {name} in {page}"))
        + at.len();
    page[start..].split('"').next().unwrap().to_owned()
}

/// That `answer` refuses `field` with a message beginning with `word`.
pub fn assert_refused_at(answer: &Answer, what: &str, field: &str, word: &str) {
    let at = answer
        .text
        .find(&format!("id=\"f-{field}-fel\""))
        .unwrap_or_else(|| panic!("{what}: no refusal at {field}: {}", answer.text));
    assert!(
        answer.text[at..].starts_with(&format!("id=\"f-{field}-fel\">{word}")),
        "{what}: {}",
        &answer.text[at..]
    );
}

pub fn details_path(serves: &str, kind: &str, status: &str) -> String {
    let query = form_urlencoded::Serializer::new(String::new())
        .append_pair("serves", serves)
        .append_pair("kind", kind)
        .append_pair("status", status)
        .finish();
    format!("/registrera/uppgifter?{query}")
}

/// A completed traffic control as the form would post it, drawn for
/// `cookie`; each test changes what it needs.
pub async fn drawn_form(app: &App, cookie: &str) -> Vec<(String, String)> {
    let page = app
        .get(
            &details_path(SERVES, "traffic_control", "genomford"),
            cookie,
        )
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text);
    let mut form: Vec<(String, String)> = ["csrf", "serves", "kind", "status", "event", "stream"]
        .iter()
        .map(|name| (name.to_string(), hidden(&page.text, name)))
        .collect();
    for (name, value) in [
        ("occurred", "2019-05-14"),
        ("places", "Dalavägen"),
        ("facts.focus", "speed"),
        ("facts.controls", "1"),
        ("facts.checked", "40"),
        ("summary", "Hastighetskontroll på Dalavägen."),
        ("note", "Bra väder."),
    ] {
        form.push((name.to_owned(), value.to_owned()));
    }
    form
}

pub fn pairs(form: &[(String, String)]) -> Vec<(&str, &str)> {
    form.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect()
}

/// `form` with `name` set to `value` (`None`: left out).
pub fn with(form: &[(String, String)], name: &str, value: Option<&str>) -> Vec<(String, String)> {
    let mut changed: Vec<(String, String)> =
        form.iter().filter(|(n, _)| n != name).cloned().collect();
    if let Some(value) = value {
        changed.push((name.to_owned(), value.to_owned()));
    }
    changed
}
