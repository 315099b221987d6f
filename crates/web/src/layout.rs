//! The frame of every page: Swedish, a viewport for phones, one stylesheet
//! inline (nothing fetched from elsewhere; the Content-Security-Policy admits
//! it by its hash, `security_headers.rs`), a print stylesheet for A4, and no
//! JavaScript.

use maud::{html, Markup, PreEscaped, DOCTYPE};

use crate::form::CSRF_FIELD;
use crate::session::SignedIn;
use trygglogg_recorder::Scope;

/// The stylesheet: readable on a phone, tables scroll sideways rather than
/// squeeze, and on paper an A4 page without the form and the navigation.
pub(crate) const CSS: &str = r#"
*, *::before, *::after { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body { margin: 0; font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  font-size: 1.0625rem; line-height: 1.55; color: #1b1f24; background: #fff; }
.site { background: #123a5c; color: #fff; }
.site .inner { display: flex; flex-wrap: wrap; gap: .25rem 1.5rem; align-items: baseline; }
.site a { color: #fff; }
.site .brand { font-weight: 700; font-size: 1.1rem; text-decoration: none; }
.inner { max-width: 56rem; margin: 0 auto; padding: .75rem 1rem; }
main.inner { padding-top: 1.25rem; padding-bottom: 2.5rem; }
h1 { font-size: 1.85rem; line-height: 1.2; margin: .25rem 0 .5rem; }
h2 { font-size: 1.4rem; line-height: 1.25; margin: 2.25rem 0 .5rem; padding-bottom: .25rem; border-bottom: 2px solid #d7dee5; }
h3 { font-size: 1.15rem; margin: 1.5rem 0 .35rem; }
p { margin: .4rem 0 .8rem; }
a { color: #0b5394; }
a:focus-visible, button:focus-visible, input:focus-visible { outline: 3px solid #f0a500; outline-offset: 2px; }
.lead { font-size: 1.1rem; }
.muted { color: #4a5561; }
.asof { border-left: 4px solid #123a5c; background: #f2f5f8; padding: .6rem .9rem; margin: 1rem 0; }
.asof p { margin: .2rem 0; }
.hash { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: .9em; overflow-wrap: anywhere; word-break: break-all; }
.note { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: .85em; white-space: pre-wrap; overflow-wrap: anywhere; word-break: break-all; background: #fff; border: 1px solid #d7dee5; padding: .4rem .6rem; margin: .3rem 0 .5rem; }
.tools { display: flex; flex-wrap: wrap; gap: .75rem 1.5rem; align-items: flex-end; margin: 1rem 0; }
.tools form { display: flex; flex-wrap: wrap; gap: .5rem; align-items: flex-end; }
.tools label { display: block; font-weight: 600; font-size: .95rem; }
.tools input[type=date] { font: inherit; padding: .35rem .5rem; border: 1px solid #8793a0; border-radius: 4px; min-height: 2.5rem; }
.tools button { font: inherit; padding: .4rem 1rem; min-height: 2.5rem; border: 0; border-radius: 4px; background: #123a5c; color: #fff; cursor: pointer; }
.tools .hint { margin: .25rem 0 0; max-width: 24rem; font-size: .9rem; color: #4a5561; }
.work-by { border-left: 4px solid #0b5394; padding: .2rem .9rem; margin: 1rem 0; }
.tools ul { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: .5rem 1.25rem; }
.activities { padding-left: 1.2rem; }
.activities li { margin: 0 0 .8rem; }
.activities li p { margin: 0; }
.meta { color: #4a5561; font-size: .95rem; }
.kind { font-weight: 600; color: #1b1f24; }
.status { display: inline-block; white-space: nowrap; padding: 0 .45rem; border-radius: 3px; font-weight: 600; font-size: .9rem; border: 1px solid currentColor; }
.status-achieved { color: #1d6b35; } .status-partly { color: #8a5a00; }
.status-not_started { color: #a12a2a; } .status-continuous_ongoing { color: #0b5394; }
.status-not_achieved { color: #a12a2a; } .status-not_measured, .status-no_target_value, .status-judged_for_year { color: #4a5561; }
.differs { color: #a12a2a; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .15rem 1rem; margin: .5rem 0 1rem; }
dl.facts dt { font-weight: 600; } dl.facts dd { margin: 0; }
.table-wrap { overflow-x: auto; margin: .5rem 0 1rem; }
/* The summary's ten columns do not fit the text's width: on a wide screen the
   table takes the window's width (up to 76rem), centred, so that its status
   and assessment are never cut off at the right edge. */
@media (min-width: 60rem) {
  .table-wrap.wide { width: min(calc(100vw - 3rem), 76rem); position: relative; left: 50%; transform: translateX(-50%); }
}
table { border-collapse: collapse; width: 100%; font-size: .95rem; }
caption { text-align: left; font-weight: 600; padding: .25rem 0 .5rem; }
th, td { text-align: left; vertical-align: top; padding: .35rem .6rem; border-bottom: 1px solid #d7dee5; }
thead th { border-bottom: 2px solid #8793a0; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
figure { margin: 1rem 0; }
.plot svg { width: 100%; height: auto; display: block; }
.plot.small svg { max-width: 28rem; }
/* The month chart: columns on a wide screen, rows (its bars lying down) on a
   phone, where thirteen columns would shrink its labels below reading size. */
.plot svg.rows { display: none; max-width: 30rem; }
@media (max-width: 40rem) {
  .plot svg.columns { display: none; }
  .plot svg.rows { display: block; }
}
figcaption { font-size: .95rem; color: #4a5561; margin-top: .35rem; }
.legend { list-style: none; padding: 0; margin: .5rem 0 0; display: flex; flex-wrap: wrap; gap: .25rem 1.25rem; font-size: .95rem; }
.legend svg { width: .9rem; height: .9rem; display: inline-block; vertical-align: -.1rem; margin-right: .35rem; }
.agreement { border-top: 1px solid #d7dee5; padding-top: .5rem; }
.years { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: .5rem; }
.years a { display: inline-block; padding: .35rem .8rem; border: 1px solid #0b5394; border-radius: 4px; text-decoration: none; min-height: 2.5rem; line-height: 1.8; }
.years a:hover { background: #eaf1f8; }
.visually-hidden { position: absolute !important; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
footer.site { font-size: .9rem; }
.site form.signout { margin: 0; }
.site form.signout button { font: inherit; color: #fff; background: none; border: 1px solid #fff; border-radius: 4px; padding: .35rem .8rem; min-height: 2.75rem; cursor: pointer; }
form.entry { max-width: 36rem; }
form.entry .field { margin: 0 0 1.25rem; padding: 0; border: 0; }
form.entry fieldset.field { min-width: 0; }
form.entry label, form.entry legend { display: block; font-weight: 600; margin: 0 0 .3rem; }
form.entry label.sub { font-weight: 400; margin-top: .5rem; }
form.entry label.choice { font-weight: 400; display: flex; gap: .6rem; align-items: center; min-height: 2.75rem; }
form.entry label.choice input { width: 1.4rem; height: 1.4rem; margin: 0; flex: none; }
form.entry .read-as { display: flex; flex-wrap: wrap; column-gap: 1.25rem; }
form.entry input[type=text], form.entry input[type=password], form.entry input[type=date], form.entry input[type=month],
form.entry select, form.entry textarea { display: block; width: 100%; font: inherit; font-size: 1.0625rem; padding: .55rem .65rem;
  min-height: 3rem; border: 1px solid #5b6672; border-radius: 4px; background: #fff; color: #1b1f24; }
form.entry textarea { min-height: 6rem; }
form.entry button, .entry-button { font: inherit; font-weight: 600; width: 100%; min-height: 3.25rem; padding: .6rem 1rem; border: 0;
  border-radius: 4px; background: #123a5c; color: #fff; cursor: pointer; }
form.entry .hint { color: #4a5561; font-size: .95rem; margin: 0 0 .35rem; }
form.entry .error { color: #a12a2a; font-weight: 600; margin: 0 0 .35rem; }
form.entry .invalid { border-left: 4px solid #a12a2a; padding-left: .75rem; }
form.entry .invalid input, form.entry .invalid textarea { border-color: #a12a2a; }
.problems { border: 2px solid #a12a2a; border-radius: 4px; padding: .5rem .9rem; margin: 1rem 0; }
ul.next li { margin: .5rem 0; }
article.entry-card { border-top: 1px solid #d7dee5; padding: .5rem 0 .75rem; }
article.entry-card h2 { border: 0; margin: .5rem 0 .25rem; font-size: 1.2rem; }
ul.actions { list-style: none; padding: 0; margin: .5rem 0 0; display: flex; flex-wrap: wrap; gap: .5rem; }
ul.actions a { display: inline-block; min-height: 2.75rem; line-height: 2.75rem; padding: 0 1rem; border: 1px solid #0b5394; border-radius: 4px; text-decoration: none; }
select:focus-visible, textarea:focus-visible { outline: 3px solid #f0a500; outline-offset: 2px; }
@media (max-width: 30rem) {
  body { font-size: 1rem; }
  h1 { font-size: 1.5rem; }
  h2 { font-size: 1.25rem; }
  .inner { padding-left: .75rem; padding-right: .75rem; }
  table { font-size: .9rem; }
  th, td { padding: .3rem .35rem; }
}
@media (max-width: 40rem) {
  /* On a phone a wide table becomes one card per row, each value labelled. */
  table.stack thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
  table.stack tr { display: block; border-bottom: 1px solid #d7dee5; padding: .4rem 0; }
  table.stack th, table.stack td { display: block; border: 0; padding: .1rem 0; text-align: left; }
  table.stack td[data-label]::before { content: attr(data-label) ": "; font-weight: 600; }
}
@media print {
  @page { size: A4; margin: 15mm; }
  body { font-size: 10.5pt; line-height: 1.4; color: #000; }
  .site, .tools, .no-print { display: none !important; }
  .table-wrap.wide { width: auto; left: 0; transform: none; }
  .inner, main.inner { max-width: none; padding: 0; }
  a { color: #000; text-decoration: none; }
  .lead { font-size: 11pt; }
  h1 { font-size: 18pt; } h2 { font-size: 14pt; margin-top: 1.2rem; } h3 { font-size: 12pt; }
  h2, h3 { break-after: avoid; page-break-after: avoid; }
  li, tr, figure, .asof, dl.facts { break-inside: avoid; page-break-inside: avoid; }
  .asof { background: none; border: 1px solid #000; }
  .table-wrap { overflow: visible; }
  .plot svg.columns { display: block; }
  .plot svg.rows { display: none; }
  svg, .status { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"#;

/// A whole page: `title` in the tab, `body` inside `<main>`.
pub(crate) fn page(title: &str, body: Markup) -> Markup {
    frame(title, None, body)
}

/// A page for someone signed in: the forms in the navigation, and signing
/// out (a form, with the session's CSRF token).
pub(crate) fn signed_in_page(title: &str, who: &SignedIn, body: Markup) -> Markup {
    frame(title, Some(who), body)
}

fn frame(title: &str, who: Option<&SignedIn>, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="sv" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="color-scheme" content="light";
                title { (title) " – Trygglogg" }
                style { (PreEscaped(CSS)) }
            }
            body {
                header.site {
                    nav.inner aria-label="Webbplats" {
                        a.brand href="/" { "Trygglogg" }
                        a href="/" { "Alla medborgarlöften" }
                        @if let Some(who) = who {
                            a href="/registrera" { "Registrera aktivitet" }
                            a href="/mina-registreringar" { "Mina registreringar" }
                            @if who.credential.role.recording_scope() == Some(Scope::Everything) {
                                a href="/registrera/medborgarlofte" { "Nytt medborgarlöfte" }
                                a href="/registrera/ny-indikator" { "Ny indikator" }
                                a href="/registrera/atagande" { "Nytt åtagande" }
                                a href="/registrera/indikator" { "Indikatorvärde" }
                                a href="/registrera/bedomning" { "Bedöm ett löfte" }
                                a href="/registrera/uppfoljning" { "Trygghetsrådets uppföljning" }
                            }
                            form.signout method="post" action="/logga-ut" {
                                input type="hidden" name=(CSRF_FIELD) value=(who.csrf);
                                button type="submit" { "Logga ut " (who.credential.name) }
                            }
                        } @else {
                            a href="/docs" { "API för utvecklare" }
                        }
                    }
                }
                main.inner { (body) }
                footer.site {
                    div.inner {
                        p {
                            "Offentlig uppföljning av medborgarlöften ur en logg som inte kan ändras i efterhand. "
                            "Visar inga interna anteckningar och inte vem som registrerat vad."
                        }
                    }
                }
            }
        }
    }
}

/// A refusal or fault as a page: what went wrong and the way on: `instead`
/// (address, link text), if given, and the start page.
pub(crate) fn error_page(title: &str, message: &str, instead: Option<&(String, String)>) -> Markup {
    page(
        title,
        html! {
            h1 { (title) }
            p.lead { (message) }
            ul {
                @if let Some((href, text)) = instead { li { a href=(href) { (text) } } }
                li { a href="/" { "Till alla medborgarlöften" } }
            }
        },
    )
}
