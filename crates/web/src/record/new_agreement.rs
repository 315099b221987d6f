//! "Nytt medborgarlöfte" (`/registrera/medborgarlofte`): a coordinator
//! records a new agreement, with up to three focus areas of up to two
//! commitments each, in a new stream `agreement-<id>` made when the form is
//! drawn, as are the events' ids: a resend records once. The events go in
//! one append request through `Recorder::record` (`new_agreement_request.rs`),
//! so that the agreement is recorded whole or not at all, and each refusal
//! is shown in Swedish at its input.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use maud::{html, Markup};
use trygglogg_api::AppState;
use trygglogg_events::{find_identity_number, ValidationContext};
use trygglogg_recorder::{
    parse_stream, today_in_sweden, Author, Municipalities, RecordError, Scope,
};
use trygglogg_store::AppendError;
use uuid::Uuid;

use super::agreement_event::{self, problems, recorded_page, Said};
use super::new_agreement_request::*;
use super::recording_author;
use super::refusals::{Refusals, IDENTITY_NUMBER};
use super::request::{EVENT, MONTH};
use crate::form::{Fields, CSRF_FIELD};
use crate::session::SignedIn;
use crate::{follow_up_path, layout, PageError};

pub(crate) const NEW_AGREEMENT_PATH: &str = "/registrera/medborgarlofte";
/// The hidden field with the new stream's id.
const STREAM: &str = "agreement";
/// Ids drawn with the form: the agreement's, and one per commitment row.
const IDS: usize = 1 + FOCUS_AREAS * COMMITMENTS;

/// What an input is, for drawing it and for what its refusal says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Line(usize),
    Text(usize),
    OtherParty,
    Year,
    Years,
    Date,
    Municipality,
    Responsible,
    Target,
}

struct Input {
    name: String,
    label: String,
    hint: Option<&'static str>,
    kind: Kind,
}

fn input(name: &str, label: &str, hint: Option<&'static str>, kind: Kind) -> Input {
    Input {
        name: name.to_owned(),
        label: label.to_owned(),
        hint,
        kind,
    }
}

/// The agreement's own inputs, in the form's order.
fn agreement_inputs() -> Vec<Input> {
    vec![
        input(
            TITLE,
            "Rubrik",
            Some("Till exempel «Medborgarlöften 2018–2019»."),
            Kind::Line(200),
        ),
        input(MUNICIPALITY, "Kommun", None, Kind::Municipality),
        input(
            OTHER_PARTIES,
            "Andra organisationer (frivilligt)",
            Some(
                "En per rad, till exempel «Bergslagens räddningstjänst». Aldrig enskilda personer.",
            ),
            Kind::OtherParty,
        ),
        input(FIRST_YEAR, "Första år", None, Kind::Year),
        input(YEARS, "Antal år", None, Kind::Years),
        input(
            ADOPTED,
            "Antogs (frivilligt)",
            Some("Dagen, eller bara månaden."),
            Kind::Date,
        ),
        input(
            ADOPTED_BY,
            "Antogs av (frivilligt)",
            Some("Till exempel «Kommunstyrelsen»."),
            Kind::Line(200),
        ),
        input(
            DESCRIPTION,
            "Beskrivning (frivilligt, offentlig)",
            Some("Kan publiceras. Skriv hur många, aldrig vem."),
            Kind::Text(4000),
        ),
        input(
            SITUATION,
            "Lägesbild (frivilligt, offentlig)",
            Some("Vad lägesbilden som löftena bygger på visade."),
            Kind::Text(4000),
        ),
    ]
}

/// One commitment row's inputs.
fn commitment_inputs(a: usize, c: usize) -> Vec<Input> {
    let name = |what: &str| commitment_input(a, c, what);
    vec![
        input(&name("title"), "Löftets rubrik", None, Kind::Line(200)),
        input(
            &name("description"),
            "Beskrivning (offentlig)",
            Some("Vad parterna lovar, som i det publicerade löftet."),
            Kind::Text(4000),
        ),
        input(&name("responsible"), "Ansvarar", None, Kind::Responsible),
        input(&name("target"), "Mål", None, Kind::Target),
    ]
}

fn focus_area_input(a: usize) -> Input {
    input(
        &focus_input(a),
        "Fokusområdets namn",
        Some("Till exempel «Trafikmiljön»."),
        Kind::Line(200),
    )
}

/// Every input, in the form's order.
fn all_inputs() -> Vec<Input> {
    let mut inputs = agreement_inputs();
    for a in 0..FOCUS_AREAS {
        inputs.push(focus_area_input(a));
        for c in 0..COMMITMENTS {
            inputs.extend(commitment_inputs(a, c));
        }
    }
    inputs
}

/// The author of a new agreement: a coordinator's or an administrator's
/// token; any other is refused with a page saying so.
fn coordinating_author(who: &SignedIn) -> Result<Author, PageError> {
    let author = recording_author(who)?;
    if author.scope != Scope::Everything {
        return Err(PageError::forbidden(format!(
            "Din nyckel har rollen {}, som inte registrerar medborgarlöften. \
             Nya medborgarlöften registreras med en nyckel för samordnare eller administratör.",
            who.credential.role
        )));
    }
    Ok(author)
}

/// `GET /registrera/medborgarlofte`: a new form, with new ids.
pub(crate) async fn form(who: SignedIn) -> Result<Response, PageError> {
    let author = coordinating_author(&who)?;
    let ids: Vec<Uuid> = (0..IDS).map(|_| Uuid::now_v7()).collect();
    let drawn = Drawn {
        posted: &defaults(&author),
        refusals: &Refusals::default(),
    };
    Ok(page(&who, &author, Uuid::now_v7(), &ids, &drawn).into_response())
}

/// A new form's values: this year, two years, both parties responsible for
/// each commitment, a target a year.
fn defaults(author: &Author) -> Fields {
    let year = today_in_sweden().format("%Y").to_string();
    let mut pairs = vec![
        (FIRST_YEAR.to_owned(), year),
        (YEARS.to_owned(), "2".into()),
    ];
    if let Municipalities::Listed(listed) = &author.municipalities {
        if let Some(first) = listed.first() {
            pairs.push((MUNICIPALITY.to_owned(), first.to_string()));
        }
    }
    for a in 0..FOCUS_AREAS {
        for c in 0..COMMITMENTS {
            let name = |what: &str| commitment_input(a, c, what);
            pairs.push((name("responsible"), THE_MUNICIPALITY.into()));
            pairs.push((name("responsible"), THE_POLICE.into()));
            pairs.push((name("target"), PER_YEAR.into()));
        }
    }
    Fields::from_pairs(pairs)
}

/// `POST /registrera/medborgarlofte`.
pub(crate) async fn record(
    State(state): State<AppState>,
    who: SignedIn,
    body: Bytes,
) -> Result<Response, PageError> {
    let posted = Fields::parse(&body);
    who.check_csrf(&posted)?;
    let author = coordinating_author(&who)?;
    let ids: Vec<Uuid> = posted
        .all(EVENT)
        .filter_map(|raw| Uuid::parse_str(raw).ok())
        .collect();
    let stream = posted.get(STREAM).and_then(|raw| Uuid::parse_str(raw).ok());
    let (Some(stream), Some(request)) = (stream, append_request(&posted, &ids)) else {
        return Err(PageError::bad_request(
            "Formuläret saknar sina dolda uppgifter. Ingenting har registrerats. \
             Öppna formuläret på nytt."
                .to_owned(),
        )
        .instead(NEW_AGREEMENT_PATH.to_owned(), "Nytt medborgarlöfte"));
    };
    let stream_name = parse_stream(&format!("agreement-{stream}"))
        .map_err(|e| PageError::fault(format!("a new agreement's stream: {e}")))?;
    let context = ValidationContext::new(today_in_sweden());
    match state
        .recorder
        .record(&stream_name, &request, &author, &context)
        .await
    {
        Ok(recorded) => {
            let year = posted.get(FIRST_YEAR).and_then(|y| y.parse::<i32>().ok());
            let follow_up = year.map(|year| follow_up_path(stream, year));
            Ok(recorded_page(
                &who,
                recorded.replayed,
                &Said {
                    recorded: "Medborgarlöftet är registrerat, med sina fokusområden och löften.",
                    already: "Medborgarlöftet var redan registrerat: en gång, inte två.",
                },
                match &follow_up {
                    Some(path) => (path.as_str(), "Se medborgarlöftets uppföljning"),
                    None => ("/", "Alla medborgarlöften"),
                },
            )
            .into_response())
        }
        Err(error) => {
            let (status, refusals) = refused(error, &posted)?;
            let drawn = Drawn {
                posted: &posted,
                refusals: &refusals,
            };
            Ok((status, page(&who, &author, stream, &ids, &drawn)).into_response())
        }
    }
}

/// The recorder's refusal, each at its input, in the form's order.
fn refused(error: RecordError, posted: &Fields) -> Result<(StatusCode, Refusals), PageError> {
    let paths = match error {
        RecordError::Invalid(errors) => errors.errors.into_iter().map(|e| e.path).collect(),
        RecordError::Rule(violation) => vec![violation.path],
        RecordError::Append(AppendError::IdConflict { .. } | AppendError::PartialRetry { .. }) => {
            let mut refused = Refusals::default();
            refused.general.push(
                "Ett medborgarlöfte med det här formulärets id är redan registrerat, med andra \
                 uppgifter än dessa. Öppna formuläret på nytt för att registrera ett nytt."
                    .to_owned(),
            );
            return Ok((StatusCode::CONFLICT, refused));
        }
        RecordError::Forbidden(why) => {
            // The only bound a new agreement can cross: its municipality.
            tracing::info!(%why, "a new agreement was refused by the token's bounds");
            let mut refused = Refusals::default();
            refused.by_field.push((
                MUNICIPALITY.to_owned(),
                "Din nyckel får inte registrera medborgarlöften i den kommunen. \
                 Välj en av kommunerna i listan."
                    .to_owned(),
            ));
            return Ok((StatusCode::FORBIDDEN, refused));
        }
        other => return agreement_event::refused(other, &[], posted, None),
    };
    let rows = Rows::of(posted);
    let inputs = all_inputs();
    let mut found = Refusals::default();
    for path in paths {
        let at = input_of(&path, &rows).and_then(|name| inputs.iter().find(|i| i.name == name));
        match at {
            Some(input) if found.of(&input.name).is_none() => found
                .by_field
                .push((input.name.clone(), message(input, &path, posted))),
            Some(_) => {}
            None => found.general.push(format!(
                "Uppgifterna kunde inte tas emot ({path}). Kontrollera formuläret och skicka det igen."
            )),
        }
    }
    found
        .by_field
        .sort_by_key(|(name, _)| inputs.iter().position(|i| i.name == *name));
    Ok((StatusCode::UNPROCESSABLE_ENTITY, found))
}

/// What to say at `input`, refused at `path`, from what kind of input it is
/// and what was typed in it.
fn message(input: &Input, path: &str, posted: &Fields) -> String {
    let month = format!("{}{MONTH}", input.name);
    let typed: Vec<&str> = posted.all(&input.name).chain(posted.all(&month)).collect();
    if typed.iter().any(|t| find_identity_number(t).is_some()) {
        return IDENTITY_NUMBER.to_owned();
    }
    match input.kind {
        Kind::Line(_) | Kind::Text(_) if typed.is_empty() => {
            format!("Fyll i {}.", input.label.to_lowercase())
        }
        // A key made from the name that is no key, or one used already
        // (the same name twice: the same focus area repeated).
        Kind::Line(_) if path.ends_with(".key") || path.ends_with(']') => {
            "Namnet behöver minst en bokstav eller siffra, och två fokusområden eller två löften \
             kan inte heta likadant."
                .to_owned()
        }
        Kind::Line(max) | Kind::Text(max) => format!(
            "{} får vara högst {max} tecken och får inte bestå av bara osynliga tecken \
             eller innehålla styrtecken för skrivriktning.",
            input
                .label
                .replace(" (frivilligt, offentlig)", "")
                .replace(" (frivilligt)", "")
        ),
        Kind::OtherParty => "Ange organisationer, aldrig personer: högst 200 tecken per namn, \
             på en rad, och samma organisation bara en gång."
            .to_owned(),
        Kind::Year => "Ange ett år, till exempel 2018, högst två år fram i tiden.".to_owned(),
        Kind::Years => "Välj mellan 1 och 4 år.".to_owned(),
        Kind::Date => {
            "Ange ett datum som 2017-11-20, eller en månad, som inte är efter i dag.".to_owned()
        }
        Kind::Municipality => "Ange kommunen som «Hagfors kommun»: en kommun som din nyckel \
             får registrera i."
            .to_owned(),
        Kind::Responsible => "Kryssa i minst en part som ansvarar för löftet.".to_owned(),
        Kind::Target => {
            "Välj ett mål. «Minst … per år» behöver ett heltal, till exempel 20.".to_owned()
        }
    }
}

/// What the form shows: the values (posted, or a new form's) and refusals.
struct Drawn<'a> {
    posted: &'a Fields,
    refusals: &'a Refusals,
}

impl Drawn<'_> {
    fn value(&self, name: &str) -> String {
        self.posted.get(name).unwrap_or("").to_owned()
    }
}

fn page(who: &SignedIn, author: &Author, stream: Uuid, ids: &[Uuid], drawn: &Drawn) -> Markup {
    let inputs = agreement_inputs();
    let municipality = drawn.value(MUNICIPALITY);
    let body = html! {
        h1 { "Nytt medborgarlöfte" }
        p.lead { "Medborgarlöftet som kommunen och Polisen kommit överens om, med fokusområden och löften. Tomma rader hoppas över." }
        (problems(drawn.refusals))
        form.entry method="post" action=(NEW_AGREEMENT_PATH) novalidate {
            input type="hidden" name=(CSRF_FIELD) value=(who.csrf);
            input type="hidden" name=(STREAM) value=(stream);
            @for id in ids { input type="hidden" name=(EVENT) value=(id); }
            @for input in &inputs {
                @if input.kind == Kind::Municipality {
                    (municipality_field(input, author, drawn))
                    fieldset.field {
                        legend { "Parter" }
                        label.choice { input type="checkbox" checked disabled; " " @if municipality.is_empty() { "Kommunen" } @else { (municipality) } }
                        label.choice { input type="checkbox" checked disabled; " Polisen" }
                    }
                } @else {
                    (draw_input(input, drawn))
                }
            }
            @for a in 0..FOCUS_AREAS {
                fieldset.field {
                    legend { "Fokusområde " (a + 1) }
                    (draw_input(&focus_area_input(a), drawn))
                    @for c in 0..COMMITMENTS {
                        fieldset.field {
                            legend { "Löfte " (c + 1) " i fokusområde " (a + 1) }
                            @for input in commitment_inputs(a, c) { (draw_input(&input, drawn)) }
                        }
                    }
                }
            }
            button type="submit" { "Registrera medborgarlöftet" }
        }
    };
    layout::signed_in_page("Nytt medborgarlöfte", who, body)
}

/// The municipality: one of the token's own, or typed by an administrator
/// of the whole service.
fn municipality_field(field: &Input, author: &Author, drawn: &Drawn) -> Markup {
    let chosen = drawn.value(MUNICIPALITY);
    match &author.municipalities {
        Municipalities::Listed(listed) => {
            let a = Aria::of(field, drawn);
            wrapped(
                field,
                drawn,
                html! {
                    select #f-municipality name=(MUNICIPALITY) required
                        aria-describedby=[a.described.as_deref()] aria-invalid=[a.invalid] autofocus[a.focus] {
                        @for municipality in listed {
                            @let name = municipality.to_string();
                            option value=(name) selected[chosen == name] { (name) }
                        }
                    }
                },
            )
        }
        Municipalities::WholeService => draw_input(
            &input(
                MUNICIPALITY,
                &field.label,
                Some("Till exempel «Hagfors kommun»."),
                Kind::Line(200),
            ),
            drawn,
        ),
    }
}

fn id_of(name: &str) -> String {
    format!("f-{}", name.replace('.', "-"))
}

/// An input's refusal and hint, as its control is described by them, and
/// whether it gets the focus (the first refused).
struct Aria {
    described: Option<String>,
    invalid: Option<&'static str>,
    focus: bool,
}

impl Aria {
    fn of(input: &Input, drawn: &Drawn) -> Aria {
        let id = id_of(&input.name);
        let refusal = drawn.refusals.of(&input.name);
        let described: Vec<String> = [
            refusal.map(|_| format!("{id}-fel")),
            input.hint.map(|_| format!("{id}-tips")),
        ]
        .into_iter()
        .flatten()
        .collect();
        Aria {
            described: (!described.is_empty()).then(|| described.join(" ")),
            invalid: refusal.map(|_| "true"),
            focus: drawn.refusals.first() == Some(input.name.as_str()),
        }
    }
}

/// One input with its label, hint and refusal.
fn draw_input(input: &Input, drawn: &Drawn) -> Markup {
    let name = input.name.as_str();
    let id = id_of(name);
    let value = drawn.value(name);
    let a = Aria::of(input, drawn);
    let (described, invalid, focus) = (a.described.as_deref(), a.invalid, a.focus);
    let control = match input.kind {
        Kind::Line(max) => html! {
            input type="text" id=(id) name=(name) value=(value) maxlength=(max)
                aria-describedby=[described] aria-invalid=[invalid] autofocus[focus];
        },
        Kind::Text(max) => html! {
            textarea id=(id) name=(name) rows="4" maxlength=(max)
                aria-describedby=[described] aria-invalid=[invalid] autofocus[focus] { (value) }
        },
        Kind::OtherParty => {
            let typed: Vec<&str> = drawn.posted.all(name).collect();
            html! {
                @for i in 0..2 {
                    @let first = i == 0;
                    input type="text" id=[first.then_some(id.as_str())] name=(name) maxlength="200"
                        value=(typed.get(i).copied().unwrap_or(""))
                        aria-describedby=[described] aria-invalid=[invalid] autofocus[focus && first];
                }
            }
        }
        Kind::Year => html! {
            input type="text" id=(id) name=(name) value=(value) inputmode="numeric" required
                aria-describedby=[described] aria-invalid=[invalid] autofocus[focus];
        },
        Kind::Years => html! {
            select id=(id) name=(name) required aria-describedby=[described] aria-invalid=[invalid] autofocus[focus] {
                @for years in 1..=4 {
                    @let years = years.to_string();
                    option value=(years) selected[value == years] { (years) }
                }
            }
        },
        Kind::Date => {
            let month = format!("{name}{MONTH}");
            html! {
                input type="date" id=(id) name=(name) value=(value)
                    aria-describedby=[described] aria-invalid=[invalid] autofocus[focus];
                label for=(id_of(&month)) { "eller bara månaden" }
                input type="month" id=(id_of(&month)) name=(month) value=(drawn.value(&month))
                    placeholder="2017-11" aria-describedby=[described];
            }
        }
        Kind::Responsible => {
            let checked: Vec<&str> = drawn.posted.all(name).collect();
            html! {
                @for (i, (value, label)) in [(THE_MUNICIPALITY, "Kommunen"), (THE_POLICE, "Polisen")].into_iter().enumerate() {
                    label.choice {
                        input type="checkbox" name=(name) value=(value) checked[checked.contains(&value)]
                            autofocus[focus && i == 0];
                        " " (label)
                    }
                }
            }
        }
        Kind::Target => {
            let per_year = format!("{}.{PER_YEAR}", name.trim_end_matches(".target"));
            let labels = ["Minst … per år", "Löpande", "En gång under perioden"];
            html! {
                @for (i, (target, label)) in TARGETS.iter().zip(labels).enumerate() {
                    label.choice {
                        input type="radio" name=(name) value=(target) checked[value == *target]
                            autofocus[focus && i == 0];
                        " " (label)
                    }
                }
                label for=(id_of(&per_year)) { "Hur många per år (för «minst … per år»)" }
                input type="text" id=(id_of(&per_year)) name=(per_year) value=(drawn.value(&per_year))
                    inputmode="numeric" aria-describedby=[described] aria-invalid=[invalid];
            }
        }
        // Drawn by `municipality_field`, from the token's municipalities.
        Kind::Municipality => html! {},
    };
    wrapped(input, drawn, control)
}

/// `control` in its field: the label (a legend for a group), the hint and
/// the refusal.
fn wrapped(input: &Input, drawn: &Drawn, control: Markup) -> Markup {
    let id = id_of(&input.name);
    let refusal = drawn.refusals.of(&input.name);
    let a = Aria::of(input, drawn);
    let hint = html! {
        @if let Some(hint) = input.hint { p.hint id=(format!("{id}-tips")) { (hint) } }
        @if let Some(message) = refusal { p.error id=(format!("{id}-fel")) { (message) } }
    };
    html! {
        @if matches!(input.kind, Kind::Responsible | Kind::Target) {
            fieldset.field.invalid[refusal.is_some()] id=(id) aria-describedby=[a.described.as_deref()] {
                legend { (input.label) }
                (hint)
                (control)
            }
        } @else {
            div.field.invalid[refusal.is_some()] {
                label for=(id) { (input.label) }
                (hint)
                (control)
            }
        }
    }
}
