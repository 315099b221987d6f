//! `/docs`: the OpenAPI document as one plain HTML page, rendered here on the
//! server. No JavaScript and no assets from elsewhere, so it works offline.

use std::fmt::Write;

use serde_json::Value;

use crate::openapi::{operations, shared_description};
use crate::problem::ProblemKind;
use crate::SiteRoute;

pub(crate) const STYLE: &str = "body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#222}\
    code,pre{font-family:ui-monospace,monospace;font-size:.9em}pre{background:#f5f5f5;padding:.75rem;overflow-x:auto}\
    table{border-collapse:collapse;margin:.5rem 0}td,th{border:1px solid #ddd;padding:.25rem .5rem;text-align:left;vertical-align:top}\
    .op{border-top:2px solid #ddd;margin-top:2rem}.method{font-weight:bold;text-transform:uppercase;margin-right:.5rem}";

/// The page of `document` and the `site`'s routes beside it (built once, by
/// `routes/docs.rs`).
pub(crate) fn render(document: &Value, site: &[SiteRoute]) -> String {
    let mut html = String::new();
    let title = text(&document["info"]["title"]);
    let _ = write!(
        html,
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{} API</title><style>{STYLE}</style></head><body>",
        escape(title)
    );
    let _ = write!(
        html,
        "<h1>{} API <small>{}</small></h1>{}<p>The same description as JSON: <a href=\"/openapi.json\">/openapi.json</a> (OpenAPI {}).</p>",
        escape(title),
        escape(text(&document["info"]["version"])),
        paragraphs(text(&document["info"]["description"])),
        escape(text(&document["openapi"]))
    );
    let operations = operations(document);
    html.push_str("<h2>Routes</h2><ul>");
    for (method, path, operation) in &operations {
        let _ = write!(
            html,
            "<li><a href=\"#{}\"><code>{} {}</code></a> — {}</li>",
            anchor(method, path),
            method.to_uppercase(),
            escape(path),
            escape(field(operation, "summary"))
        );
    }
    html.push_str("</ul>");
    for (method, path, operation) in &operations {
        render_operation(&mut html, method, path, operation);
    }
    render_site(&mut html, site);
    render_problems(&mut html);
    render_schemas(&mut html, &document["components"]["schemas"]);
    html.push_str("</body></html>");
    html
}

fn render_operation(
    html: &mut String,
    method: &str,
    path: &str,
    operation: &serde_json::Map<String, Value>,
) {
    let _ = write!(
        html,
        "<section class=\"op\" id=\"{}\"><h3><span class=\"method\">{method}</span><code>{}</code></h3><p><strong>{}</strong></p>{}",
        anchor(method, path),
        escape(path),
        escape(field(operation, "summary")),
        paragraphs(field(operation, "description"))
    );
    let secured = operation.get("security").is_some_and(|s| !s.is_null());
    if secured {
        html.push_str("<p>Needs <code>Authorization: Bearer &lt;token&gt;</code>.</p>");
    } else if !field(operation, "description").contains("Open to everyone") {
        // Said once: a route whose description says it already is not told twice.
        html.push_str("<p>Open to everyone, without a token.</p>");
    }
    if let Some(parameters) = operation.get("parameters").and_then(Value::as_array) {
        html.push_str("<h4>Parameters</h4><table><tr><th>name</th><th>in</th><th>type</th><th>required</th><th>description</th></tr>");
        for parameter in parameters {
            let _ = write!(
                html,
                "<tr><td><code>{}</code></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                escape(text(&parameter["name"])),
                escape(text(&parameter["in"])),
                schema_summary(&parameter["schema"]),
                if parameter["required"] == Value::Bool(true) {
                    "yes"
                } else {
                    "no"
                },
                escape(text(&parameter["description"]))
            );
        }
        html.push_str("</table>");
    }
    if let Some(content) = operation
        .get("requestBody")
        .and_then(|b| b["content"].as_object())
    {
        html.push_str("<h4>Request body</h4><ul>");
        for (media_type, body) in content {
            let _ = write!(
                html,
                "<li><code>{}</code>: {}</li>",
                escape(media_type),
                schema_summary(&body["schema"])
            );
        }
        html.push_str("</ul>");
        html.push_str(&paragraphs(text(&operation["requestBody"]["description"])));
        for (media_type, body) in content {
            if let Some(example) = body.get("example") {
                render_example(html, method, path, operation, media_type, example);
            }
        }
    }
    if let Some(responses) = operation.get("responses").and_then(Value::as_object) {
        html.push_str(
            "<h4>Responses</h4><table><tr><th>status</th><th>body</th><th>meaning</th></tr>",
        );
        for (status, response) in responses {
            let bodies: Vec<String> = response["content"]
                .as_object()
                .into_iter()
                .flatten()
                .map(|(media_type, body)| {
                    format!(
                        "<code>{}</code> {}",
                        escape(media_type),
                        schema_summary(&body["schema"])
                    )
                })
                .collect();
            let _ = write!(
                html,
                "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
                escape(status),
                bodies.join("<br>"),
                response_meaning(text(&response["description"]))
            );
        }
        html.push_str("</table>");
    }
    html.push_str("</section>");
}

/// A request body's example as a curl command to paste: the path's own
/// example parameters filled in, the server as `serve` starts it by default.
fn render_example(
    html: &mut String,
    method: &str,
    path: &str,
    operation: &serde_json::Map<String, Value>,
    media_type: &str,
    example: &Value,
) {
    let mut url = path.to_owned();
    for parameter in operation
        .get("parameters")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter(|p| p["in"] == "path")
    {
        if let Some(value) = parameter["example"].as_str() {
            url = url.replace(&format!("{{{}}}", text(&parameter["name"])), value);
        }
    }
    let body = serde_json::to_string(example).unwrap_or_default();
    let token = if operation.get("security").is_some_and(|s| !s.is_null()) {
        " -H \"Authorization: Bearer $TOKEN\""
    } else {
        ""
    };
    let curl = format!(
        "curl -X {}{token} -H 'Content-Type: {media_type}' \\\n  {EXAMPLE_BASE}{url} \\\n  -d '{body}'",
        method.to_uppercase()
    );
    let _ = write!(html, "<h4>Example</h4><pre>{}</pre>", escape(&curl));
}

/// Where the examples send their requests: `trygglogg serve`'s default address.
const EXAMPLE_BASE: &str = "http://127.0.0.1:8080";

/// The site's pages beside the API, as `trygglogg_web` serves them.
/// The site's routes, as its router has them ([`crate::Site::listed`]); a
/// page without a variable part is linked. Nothing when the API is served
/// alone.
fn render_site(html: &mut String, site: &[SiteRoute]) {
    if site.is_empty() {
        return;
    }
    html.push_str(
        "<h2 id=\"site\">The site</h2><p>The follow-ups are also pages in Swedish for people, printable on A4, at <a href=\"/\">the site</a>; they need no token. Officers and coordinators sign in there (<a href=\"/logga-in\"><code>/logga-in</code></a>) to record with forms. The pages that read the view take <code>?min_position=</code> as the API does (a form's link to the follow-up carries it). Its routes, as its router has them:</p><table><tr><th>route</th><th>what</th></tr>",
    );
    for route in site {
        let shown = format!("{} {}", route.method, escape(&route.path));
        let shown = if route.method == "GET" && !route.path.contains('{') {
            format!(
                "<a href=\"{}\"><code>{shown}</code></a>",
                escape(&route.path)
            )
        } else {
            format!("<code>{shown}</code>")
        };
        let _ = write!(
            html,
            "<tr><td>{shown}</td><td>{}</td></tr>",
            inline_code(&route.what)
        );
    }
    html.push_str("</table>");
}

/// A response's description, with each problem every route shares (a 500, a
/// 503, …) as a link to its row of "Problem types" instead of its whole
/// explanation, which would otherwise stand on every route.
fn response_meaning(description: &str) -> String {
    description
        .split("\n\n")
        .filter(|p| !p.trim().is_empty())
        .map(|paragraph| {
            match ProblemKind::ALL
                .into_iter()
                .find(|kind| shared_description(*kind) == paragraph)
            {
                Some(kind) => format!(
                    "<p><a href=\"#problem-{}\">{}</a></p>",
                    kind.slug(),
                    escape(kind.title())
                ),
                None => format!("<p>{}</p>", inline_code(paragraph)),
            }
        })
        .collect()
}

fn render_problems(html: &mut String) {
    html.push_str(
        "<h2 id=\"problems\">Problem types</h2><p>Every error is <code>application/problem+json</code> (RFC 9457) with <code>type</code>, <code>title</code>, <code>status</code> and <code>detail</code>; refused fields are listed in <code>errors</code> (each with <code>path</code>, <code>problem</code> and <code>expected</code>), and a broken stream rule is named in <code>rule</code>.</p><table><tr><th>type</th><th>status</th><th>title</th><th>when, and what to do</th></tr>",
    );
    for kind in ProblemKind::ALL {
        let _ = write!(
            html,
            "<tr id=\"problem-{slug}\"><td><code>/docs#problem-{slug}</code></td><td>{}</td><td>{}</td><td>{}</td></tr>",
            kind.status().as_u16(),
            escape(kind.title()),
            inline_code(kind.explanation()),
            slug = kind.slug(),
        );
    }
    html.push_str("</table>");
}

fn render_schemas(html: &mut String, schemas: &Value) {
    html.push_str("<h2 id=\"schemas\">Schemas</h2><p>JSON Schema 2020-12. Event data schemas are named <code>&lt;type&gt;.v&lt;version&gt;</code>.</p>");
    for (name, schema) in schemas.as_object().into_iter().flatten() {
        let pretty = serde_json::to_string_pretty(schema).unwrap_or_default();
        let _ = write!(
            html,
            "<details id=\"schema-{}\"><summary><code>{}</code> {}</summary><pre>{}</pre></details>",
            escape(name),
            escape(name),
            escape(first_line(text(&schema["description"]))),
            escape(&pretty)
        );
    }
}

/// A schema as a short phrase: a link to a named schema, or its type.
fn schema_summary(schema: &Value) -> String {
    if let Some(target) = schema["$ref"].as_str() {
        let name = target.rsplit('/').next().unwrap_or(target);
        return format!("<a href=\"#schema-{0}\"><code>{0}</code></a>", escape(name));
    }
    if let Some(items) = schema.get("items") {
        return format!("array of {}", schema_summary(items));
    }
    if let Some(choices) = schema["enum"].as_array() {
        let names: Vec<String> = choices
            .iter()
            .map(|c| format!("<code>{}</code>", escape(&c.to_string())))
            .collect();
        return format!("one of {}", names.join(", "));
    }
    for combinator in ["oneOf", "anyOf"] {
        if let Some(choices) = schema[combinator].as_array() {
            let parts: Vec<String> = choices.iter().map(schema_summary).collect();
            return parts.join(" or ");
        }
    }
    match &schema["type"] {
        Value::String(t) => escape(t),
        Value::Array(types) => types
            .iter()
            .map(|t| escape(text(t)))
            .collect::<Vec<_>>()
            .join(" or "),
        _ => "any".into(),
    }
}

/// A text field of an object, or "" where it has none.
fn field<'a>(object: &'a serde_json::Map<String, Value>, key: &str) -> &'a str {
    object.get(key).map_or("", text)
}

fn text(value: &Value) -> &str {
    value.as_str().unwrap_or("")
}

fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or("")
}

fn anchor(method: &str, path: &str) -> String {
    let path: String = path
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    format!("{method}{path}")
}

/// Paragraphs of plain text, with `code` and **bold** as in the descriptions.
fn paragraphs(text: &str) -> String {
    text.split("\n\n")
        .filter(|p| !p.trim().is_empty())
        .map(|p| format!("<p>{}</p>", inline_code(p)))
        .collect()
}

fn inline_code(text: &str) -> String {
    let escaped = escape(text);
    let mut html = String::new();
    for (i, part) in escaped.split('`').enumerate() {
        if i % 2 == 1 {
            let _ = write!(html, "<code>{part}</code>");
        } else {
            for (j, piece) in part.split("**").enumerate() {
                if j % 2 == 1 {
                    let _ = write!(html, "<strong>{piece}</strong>");
                } else {
                    html.push_str(piece);
                }
            }
        }
    }
    html
}

fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            c => escaped.push(c),
        }
    }
    escaped
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_and_marked_up() {
        assert_eq!(
            escape("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
        assert_eq!(
            inline_code("use `a<b>` with **care**"),
            "use <code>a&lt;b&gt;</code> with <strong>care</strong>"
        );
        assert_eq!(paragraphs("one\n\ntwo"), "<p>one</p><p>two</p>");
    }

    /// The page, beside a site of two routes.
    fn page() -> &'static str {
        static PAGE: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
            let route = |method, path: &str, what: &str| SiteRoute {
                method,
                path: path.into(),
                what: what.into(),
            };
            render(
                crate::routes::openapi_document(),
                &[
                    route("GET", "/", "Every agreement."),
                    route("POST", "/logga-in", "Signs in with a `token`."),
                    route("GET", "/agreements/{id}", "An agreement's page."),
                ],
            )
        });
        &PAGE
    }

    /// The page's section of one route, from its heading to the next.
    fn sections() -> Vec<&'static str> {
        page().split("<section class=\"op\"").skip(1).collect()
    }

    #[test]
    fn a_shared_problem_is_explained_once_and_linked_from_each_route() {
        for kind in [ProblemKind::Internal, ProblemKind::Unavailable] {
            assert_eq!(
                page().matches(&inline_code(kind.explanation())).count(),
                1,
                "{kind:?} is explained in the problem types only"
            );
            let link = format!("<a href=\"#problem-{}\">", kind.slug());
            for section in sections() {
                assert!(
                    section.contains(&link),
                    "{kind:?} linked from {}",
                    &section[..80]
                );
            }
        }
    }

    #[test]
    fn each_route_says_once_whether_it_is_open_to_everyone() {
        for section in sections() {
            assert!(
                section.matches("Open to everyone").count() <= 1,
                "{}",
                &section[..120]
            );
        }
        assert!(page().contains("Open to everyone, without a token."));
    }

    #[test]
    fn each_write_route_has_an_example_body_and_a_curl() {
        let document = crate::routes::openapi_document();
        let mut writes = 0;
        for (method, path, operation) in crate::openapi::operations(document) {
            let Some(content) = operation.get("requestBody") else {
                continue;
            };
            writes += 1;
            let example = &content["content"]["application/json"]["example"];
            let request = match path {
                "/api/v1/batches" => {
                    serde_json::from_value::<trygglogg_events::BatchRequest>(example.clone())
                        .map(drop)
                }
                _ => serde_json::from_value::<trygglogg_events::AppendRequest>(example.clone())
                    .map(drop),
            };
            assert!(request.is_ok(), "{method} {path}: {request:?}");
            let section = sections()
                .into_iter()
                .find(|s| s.contains(&format!("<code>{}</code></h3>", escape(path))))
                .expect("the route's section");
            assert!(
                section.contains(&format!("curl -X {}", method.to_uppercase())),
                "{method} {path}"
            );
            assert!(
                !section.contains("{stream}/events \\"),
                "the path's example is filled in"
            );
        }
        assert!(writes > 0, "the append route has a body");
    }

    /// Each of the site's routes is a row; a GET without a variable part is
    /// linked; the API alone lists no site.
    #[test]
    fn the_site_is_listed_and_linked() {
        let site = page()
            .split("<h2 id=\"site\">")
            .nth(1)
            .expect("a section on the site");
        for shown in [
            "<tr><td><a href=\"/\"><code>GET /</code></a></td><td>Every agreement.</td></tr>",
            "<tr><td><code>POST /logga-in</code></td><td>Signs in with a <code>token</code>.</td></tr>",
            "<tr><td><code>GET /agreements/{id}</code></td><td>An agreement&#39;s page.</td></tr>",
        ] {
            assert!(site.contains(shown), "{shown}");
        }
        let alone = render(crate::routes::openapi_document(), &[]);
        assert!(!alone.contains("<h2 id=\"site\">"));
    }

    #[test]
    fn no_rust_doc_link_is_left_raw() {
        // `[`Name`]` is rustdoc's link syntax: in a schema's description it
        // is noise to a reader of the API.
        assert!(!page().contains("[<code>"), "a raw doc link on /docs");
        let document = crate::routes::openapi_document().to_string();
        let raw = document
            .find("[`")
            .map(|at| &document[at.saturating_sub(80)..at + 40]);
        assert_eq!(raw, None, "a raw doc link in /openapi.json");
    }
}
