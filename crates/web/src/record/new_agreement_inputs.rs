//! The inputs of "Nytt medborgarlöfte", in the form's order: what each is
//! (for drawing it, `new_agreement_draw.rs`) and what its refusal says.

use trygglogg_events::find_identity_number;

use super::indicator_choice::NOT_DEFINED;
use super::new_agreement_request::*;
use super::refusals::IDENTITY_NUMBER;
use super::request::MONTH;
use crate::form::Fields;

/// What an input is, for drawing it and for what its refusal says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Line(usize),
    Text(usize),
    OtherParty,
    /// Who signed, by role (two lines, like the other parties).
    Roles,
    /// The agreement it continues: one of those the token may write into.
    Follows,
    Year,
    Years,
    Date,
    Municipality,
    Responsible,
    /// The commitment's activity kinds: checkboxes of the known kinds.
    ActivityKinds,
    Target,
    /// A target that may also be a defined indicator's ("Nytt åtagande").
    IndicatorTarget,
}

pub(crate) struct Input {
    pub name: String,
    pub label: String,
    pub hint: Option<&'static str>,
    pub kind: Kind,
}

pub(crate) fn input(name: &str, label: &str, hint: Option<&'static str>, kind: Kind) -> Input {
    Input {
        name: name.to_owned(),
        label: label.to_owned(),
        hint,
        kind,
    }
}

/// The agreement's own inputs, in the form's order.
pub(crate) fn agreement_inputs() -> Vec<Input> {
    vec![
        input(
            TITLE,
            "Rubrik",
            Some("Till exempel ”Medborgarlöften 2018–2019”."),
            Kind::Line(200),
        ),
        input(MUNICIPALITY, "Kommun", None, Kind::Municipality),
        input(
            OTHER_PARTIES,
            "Andra organisationer (frivilligt)",
            Some(
                "En per rad, till exempel ”Bergslagens räddningstjänst”. Aldrig enskilda personer.",
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
            Some("Till exempel ”Kommunstyrelsen”."),
            Kind::Line(200),
        ),
        input(
            SIGNATORIES,
            "Undertecknat av (frivilligt)",
            Some("Rollen, aldrig namnet: till exempel ”kommunstyrelsens ordförande” eller ”lokalpolisområdeschef”."),
            Kind::Roles,
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
        input(
            FOLLOWS,
            "Fortsätter (frivilligt)",
            Some("Medborgarlöftet som det här fortsätter, om något."),
            Kind::Follows,
        ),
    ]
}

/// One commitment row's inputs, named `<row>.<what>`, its target of kind
/// `target`.
pub(crate) fn commitment_inputs(row: &str, target: Kind) -> Vec<Input> {
    let name = |what: &str| format!("{row}.{what}");
    vec![
        input(&name("title"), "Löftets rubrik", None, Kind::Line(200)),
        input(
            &name("description"),
            "Beskrivning (offentlig)",
            Some("Vad parterna lovar, som i det publicerade löftet."),
            Kind::Text(4000),
        ),
        input(&name("responsible"), "Ansvarar", None, Kind::Responsible),
        input(
            &name(KINDS),
            "Slag av aktiviteter (frivilligt)",
            Some("Vad arbetet med löftet består av."),
            Kind::ActivityKinds,
        ),
        input(&name("target"), "Mål", None, target),
    ]
}

pub(crate) fn focus_area_input(a: usize) -> Input {
    input(
        &focus_input(a),
        "Fokusområdets namn",
        Some("Till exempel ”Trafikmiljön”."),
        Kind::Line(200),
    )
}

/// Every input, in the form's order.
pub(crate) fn all_inputs() -> Vec<Input> {
    let mut inputs = agreement_inputs();
    for a in 0..FOCUS_AREAS {
        inputs.push(focus_area_input(a));
        for c in 0..COMMITMENTS {
            inputs.extend(commitment_inputs(&commitment_row(a, c), Kind::Target));
        }
    }
    inputs
}
/// What to say at `input`, refused at `path`, from what kind of input it is
/// and what was typed in it.
pub(crate) fn message(input: &Input, path: &str, posted: &Fields) -> String {
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
        Kind::Municipality => "Ange kommunen som ”Hagfors kommun”: en kommun som din nyckel \
             får registrera i."
            .to_owned(),
        Kind::Responsible => "Kryssa i minst en part som ansvarar för löftet.".to_owned(),
        Kind::Roles => "Ange vem som undertecknade med sin roll, aldrig med namn: högst 200 \
             tecken per roll, på en rad, och samma roll bara en gång."
            .to_owned(),
        Kind::Follows => {
            "Välj ett medborgarlöfte i listan: ett annat som redan är registrerat.".to_owned()
        }
        Kind::ActivityKinds => "Kryssa bara i slag ur listan.".to_owned(),
        Kind::Target | Kind::IndicatorTarget if path.ends_with(".indicator") => {
            NOT_DEFINED.to_owned()
        }
        Kind::Target | Kind::IndicatorTarget if path.ends_with(".fact") => {
            "Välj utfallet som räknas, till exempel ”kontroller” under ”Trafikkontroll”.".to_owned()
        }
        Kind::Target | Kind::IndicatorTarget if path.ends_with(".at_least") => {
            "”Minst … av ett utfall” behöver ett heltal, till exempel 25.".to_owned()
        }
        Kind::Target | Kind::IndicatorTarget => {
            "Välj ett mål. ”Minst … per år” behöver ett heltal, till exempel 20.".to_owned()
        }
    }
}
