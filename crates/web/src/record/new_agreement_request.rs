//! "Nytt medborgarlöfte" as the append request the API would get: the
//! catalogue's `agreement_adopted`, then one `commitment_added` per
//! commitment row filled in, all in one request, so that the agreement is
//! recorded whole or not at all. Empty rows are left out; a focus area's and
//! a commitment's key are made from its name. A refusal's path
//! (`events[2].data.title`) is read back to the input it is about.

use serde_json::{json, Map, Value};
use trygglogg_events::{AppendRequest, EventType, IncomingEvent};
use uuid::Uuid;

use super::catalogue::{Field, Widget};
use super::request::{data_of, number_or_text};
use crate::form::Fields;

/// Focus-area rows on the form, and commitment rows in each.
pub(crate) const FOCUS_AREAS: usize = 3;
pub(crate) const COMMITMENTS: usize = 2;

pub(crate) const TITLE: &str = "title";
pub(crate) const MUNICIPALITY: &str = "municipality";
pub(crate) const OTHER_PARTIES: &str = "other_parties";
pub(crate) const FIRST_YEAR: &str = "period.first_year";
pub(crate) const YEARS: &str = "period.years";
pub(crate) const ADOPTED: &str = "adopted";
pub(crate) const ADOPTED_BY: &str = "adopted_by";
pub(crate) const DESCRIPTION: &str = "description";
pub(crate) const SITUATION: &str = "situation";
pub(crate) const SIGNATORIES: &str = "signatories";
pub(crate) const FOLLOWS: &str = "follows";

/// A commitment row's responsible parties, as the form's checkboxes say
/// them: the municipality chosen above, and Polisen.
pub(crate) const THE_MUNICIPALITY: &str = "municipality";
pub(crate) const THE_POLICE: &str = "police";
const POLICE: &str = "Polisen";

/// A commitment's target, as the form's radio buttons say it: at least N
/// completed a year (`per_year`, the number), at least N of one fact over
/// the year (`fact_sum`: the number in `at_least`, the fact in `fact`).
pub(crate) const PER_YEAR: &str = "per_year";
pub(crate) const FACT_SUM: &str = "fact_sum";
pub(crate) const AT_LEAST: &str = "at_least";
pub(crate) const FACT: &str = "fact";
pub(crate) const TARGETS: [&str; 4] = [PER_YEAR, FACT_SUM, "continuous", "once"];
/// A target of a defined indicator reaching its target value ("Nytt
/// åtagande" offers it: a new agreement has no indicators yet); also the
/// name of the row's indicator select.
pub(crate) const INDICATOR_TARGET: &str = "indicator";
/// A commitment row's activity kinds (checkboxes of the known kinds).
pub(crate) const KINDS: &str = "kinds";

/// A fact-sum target's choice, `<kind>:<fact>`: the fact, and the kind
/// whose fact it is (a fact of another kind may share its name).
pub(crate) fn fact_choice(kind: &str, fact: &str) -> String {
    format!("{kind}:{fact}")
}

/// The (kind, fact) of a posted fact choice; a value with no kind is a
/// fact alone, for the catalogue to judge.
pub(crate) fn fact_chosen(value: &str) -> (Option<&str>, &str) {
    match value.split_once(':') {
        Some((kind, fact)) => (Some(kind), fact),
        None => (None, value),
    }
}

/// The name of focus-area row `a`'s name input.
pub(crate) fn focus_input(a: usize) -> String {
    format!("fa{a}.name")
}

/// The name of commitment row `c` of focus area `a`'s input `what`
/// (`title`, `description`, `responsible`, `kinds`, `target`, `per_year`,
/// `at_least`, `fact`).
pub(crate) fn commitment_input(a: usize, c: usize, what: &str) -> String {
    format!("{}.{what}", commitment_row(a, c))
}

/// The prefix of commitment row `c` of focus area `a`'s inputs.
pub(crate) fn commitment_row(a: usize, c: usize) -> String {
    format!("fa{a}.c{c}")
}

/// The agreement's own fields that are posted as the catalogue has them.
fn agreement_fields() -> Vec<Field> {
    let field = |path: &str, widget: Widget| Field {
        path: path.to_owned(),
        widget,
        required: false,
    };
    vec![
        field(TITLE, Widget::Line(200)),
        field(OTHER_PARTIES, Widget::Places),
        field(FIRST_YEAR, Widget::Number),
        field(YEARS, Widget::Number),
        field(ADOPTED, Widget::Date),
        field(ADOPTED_BY, Widget::Line(200)),
        field(DESCRIPTION, Widget::Text(4000)),
        field(SITUATION, Widget::Text(4000)),
        field(SIGNATORIES, Widget::Places),
        field(FOLLOWS, Widget::Line(36)),
    ]
}

/// The rows filled in: focus areas by row, and commitments by (focus-area
/// row, commitment row), in the order they are recorded.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Rows {
    pub focus_areas: Vec<usize>,
    pub commitments: Vec<(usize, usize)>,
}

impl Rows {
    /// A commitment row counts if anything is typed in it (its checkboxes
    /// and target are pre-set); a focus area if it is named or has one.
    pub(crate) fn of(posted: &Fields) -> Rows {
        let mut rows = Rows::default();
        for a in 0..FOCUS_AREAS {
            let commitments: Vec<(usize, usize)> = (0..COMMITMENTS)
                .filter(|c| {
                    ["title", "description", PER_YEAR, AT_LEAST, KINDS]
                        .iter()
                        .any(|what| posted.get(&commitment_input(a, *c, what)).is_some())
                })
                .map(|c| (a, c))
                .collect();
            if posted.get(&focus_input(a)).is_some() || !commitments.is_empty() {
                rows.focus_areas.push(a);
                rows.commitments.extend(commitments);
            }
        }
        rows
    }
}

/// A key made from a name, as the catalogue's keys are: lower-case ASCII
/// letters and digits, å and ä as a, ö as o, spaces as "-" ("Trygg
/// skolväg" → "trygg-skolvag"). Other characters are left out.
pub(crate) fn key_of(name: &str) -> String {
    let mut key = String::new();
    for c in name.trim().to_lowercase().chars() {
        match c {
            'å' | 'ä' | 'à' | 'á' => key.push('a'),
            'ö' | 'ø' => key.push('o'),
            'é' | 'è' => key.push('e'),
            'ü' => key.push('u'),
            c if c.is_ascii_alphanumeric() => key.push(c),
            c if (c.is_whitespace() || c == '-') && !key.is_empty() && !key.ends_with('-') => {
                key.push('-')
            }
            _ => {}
        }
    }
    let key = key.trim_end_matches('-');
    key.chars().take(64).collect::<String>()
}

/// The request, with `ids` as the events' ids in order (drawn with the
/// form, so that a resend records once); `None` if there are too few.
pub(crate) fn append_request(posted: &Fields, ids: &[Uuid]) -> Option<AppendRequest> {
    let rows = Rows::of(posted);
    if ids.len() < 1 + rows.commitments.len() {
        return None;
    }
    let municipality = posted.get(MUNICIPALITY).unwrap_or("");
    let mut adopted = data_of(&agreement_fields(), posted);
    adopted.insert(MUNICIPALITY.into(), json!(municipality));
    adopted.insert("parties".into(), json!([municipality, POLICE]));
    let focus_areas: Vec<Value> = rows
        .focus_areas
        .iter()
        .map(|a| {
            let name = posted.get(&focus_input(*a)).unwrap_or("");
            json!({"key": key_of(name), "name": name})
        })
        .collect();
    adopted.insert("focus_areas".into(), Value::Array(focus_areas));
    let mut events = vec![event(ids[0], EventType::AgreementAdopted, adopted)];
    for (&(a, c), id) in rows.commitments.iter().zip(&ids[1..]) {
        let focus_area = key_of(posted.get(&focus_input(a)).unwrap_or(""));
        let data = commitment(posted, &commitment_row(a, c), municipality, &focus_area);
        events.push(event(*id, EventType::CommitmentAdded, data));
    }
    Some(AppendRequest {
        expected_version: None,
        events,
    })
}

fn event(id: Uuid, event_type: EventType, data: Map<String, Value>) -> IncomingEvent {
    IncomingEvent {
        id: Some(id),
        event_type: event_type.as_str().to_owned(),
        schema_version: None,
        data: Value::Object(data),
    }
}

/// One commitment row (its inputs named `<row>.<what>`) as
/// `commitment_added`; what is left blank is left out, for the catalogue to
/// refuse at its field. `municipality` is the party "Kommunen" stands for.
pub(crate) fn commitment(
    posted: &Fields,
    row: &str,
    municipality: &str,
    focus_area: &str,
) -> Map<String, Value> {
    let input = |what: &str| format!("{row}.{what}");
    let mut data = Map::new();
    data.insert("focus_area".into(), json!(focus_area));
    if let Some(title) = posted.get(&input("title")) {
        data.insert("key".into(), json!(key_of(title)));
        data.insert("title".into(), json!(title));
    }
    if let Some(description) = posted.get(&input("description")) {
        data.insert("description".into(), json!(description));
    }
    let responsible: Vec<&str> = posted
        .all(&input("responsible"))
        .filter_map(|party| match party {
            THE_MUNICIPALITY => Some(municipality),
            THE_POLICE => Some(POLICE),
            _ => None,
        })
        .collect();
    data.insert("responsible".into(), json!(responsible));
    let kinds_input = input(KINDS);
    let mut kinds: Vec<&str> = posted.all(&kinds_input).collect();
    let target = match posted.get(&input("target")) {
        Some(PER_YEAR) => {
            let n = posted.get(&input(PER_YEAR)).unwrap_or("");
            Some(json!({ PER_YEAR: number_or_text(n) }))
        }
        Some(FACT_SUM) => {
            let n = posted.get(&input(AT_LEAST)).unwrap_or("");
            let mut target = Map::new();
            if let Some((kind, fact)) = posted.get(&input(FACT)).map(fact_chosen) {
                // "Minst 25 kontroller" is work of the kind whose fact it is.
                if let Some(kind) = kind.filter(|k| !kinds.contains(k)) {
                    kinds.push(kind);
                }
                target.insert(FACT.into(), json!(fact));
            }
            target.insert(AT_LEAST.into(), number_or_text(n));
            Some(Value::Object(target))
        }
        Some(INDICATOR_TARGET) => {
            let key = posted.get(&input(INDICATOR_TARGET)).unwrap_or("");
            Some(json!({ INDICATOR_TARGET: key }))
        }
        Some(word) => Some(json!(word)),
        None => None,
    };
    data.insert("activity_kinds".into(), json!(kinds));
    if let Some(target) = target {
        data.insert("target".into(), target);
    }
    data
}

/// The input a refusal's path is about, given the rows recorded; `None`
/// for a path no input answers for (said above the form).
pub(crate) fn input_of(path: &str, rows: &Rows) -> Option<String> {
    let rest = path.strip_prefix("events[")?;
    let (index, rest) = rest.split_once(']')?;
    let index: usize = index.parse().ok()?;
    let within = rest.strip_prefix(".data.")?;
    let head = within.split(['.', '[']).next().unwrap_or("");
    if index == 0 {
        return Some(match head {
            TITLE | ADOPTED_BY | DESCRIPTION | SITUATION | MUNICIPALITY | OTHER_PARTIES
            | SIGNATORIES | FOLLOWS => head.to_owned(),
            ADOPTED => ADOPTED.to_owned(),
            "parties" => MUNICIPALITY.to_owned(),
            "period" if within.starts_with(YEARS) => YEARS.to_owned(),
            "period" => FIRST_YEAR.to_owned(),
            "focus_areas" => {
                let at = within.strip_prefix("focus_areas[")?.split_once(']')?.0;
                focus_input(*rows.focus_areas.get(at.parse::<usize>().ok()?)?)
            }
            _ => return None,
        });
    }
    let (a, c) = *rows.commitments.get(index - 1)?;
    match head {
        "focus_area" => Some(focus_input(a)),
        _ => commitment_what(head).map(|what| commitment_input(a, c, what)),
    }
}

/// The input of a commitment row (`title`, …) that a refusal of the
/// `commitment_added` field `head` is about; `None` for the focus area
/// (chosen apart from the row) and for what no input answers for.
pub(crate) fn commitment_what(head: &str) -> Option<&'static str> {
    Some(match head {
        "title" | "key" => "title",
        "description" => "description",
        "responsible" => "responsible",
        "target" => "target",
        "activity_kinds" => KINDS,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_made_from_names() {
        let cases = [
            ("Trafikmiljön", "trafikmiljon"),
            ("Trygg skolväg", "trygg-skolvag"),
            ("  Alkohol  och   droger ", "alkohol-och-droger"),
            ("Ökad närvaro – centrum", "okad-narvaro-centrum"),
            ("!!!", ""),
        ];
        for (name, key) in cases {
            assert_eq!(key_of(name), key, "{name}");
        }
    }

    #[test]
    fn the_form_becomes_one_request_with_empty_rows_left_out() {
        let posted = Fields::parse(
            "title=L%C3%B6ften&municipality=Hagfors+kommun&period.first_year=2018\
             &period.years=2&adopted.month=2017-11&other_parties=R%C3%A4ddningstj%C3%A4nsten\
             &other_parties=&fa0.name=Trafikmilj%C3%B6n&fa0.c0.title=Kontroller\
             &fa0.c0.description=Minst+20.&fa0.c0.responsible=police&fa0.c0.target=per_year\
             &fa0.c0.per_year=20&fa0.c1.title=&fa0.c1.target=per_year&fa0.c1.responsible=police\
             &signatories=kommunstyrelsens+ordf%C3%B6rande&signatories=\
             &follows=5a1e0000-2017-4000-8000-000000000001\
             &fa1.name=&fa1.c0.target=once&fa2.name=&fa2.c0.title=Kontroller+i+skolan\
             &fa2.c0.responsible=police&fa2.c0.target=fact_sum&fa2.c0.at_least=25\
             &fa2.c0.fact=traffic_control%3Acontrols&fa2.c0.kinds=safety_walk&fa2.c1.title=Vandring\
             &fa2.c1.responsible=municipality&fa2.c1.responsible=police&fa2.c1.target=continuous"
                .as_bytes(),
        );
        let ids: Vec<Uuid> = (1..=7).map(Uuid::from_u128).collect();
        let request = append_request(&posted, &ids).unwrap();
        let events: Vec<(Option<Uuid>, &str, &Value)> = request
            .events
            .iter()
            .map(|e| (e.id, e.event_type.as_str(), &e.data))
            .collect();
        assert_eq!(
            events,
            vec![
                (
                    Some(ids[0]),
                    "agreement_adopted",
                    &json!({"title": "Löften", "municipality": "Hagfors kommun",
                        "parties": ["Hagfors kommun", "Polisen"],
                        "other_parties": ["Räddningstjänsten"],
                        "period": {"first_year": 2018, "years": 2},
                        "adopted": {"from": "2017-11-01", "to": "2017-11-30"},
                        "signatories": ["kommunstyrelsens ordförande"],
                        "follows": "5a1e0000-2017-4000-8000-000000000001",
                        "focus_areas": [{"key": "trafikmiljon", "name": "Trafikmiljön"},
                                        {"key": "", "name": ""}]})
                ),
                (
                    Some(ids[1]),
                    "commitment_added",
                    &json!({"key": "kontroller", "focus_area": "trafikmiljon",
                        "title": "Kontroller", "description": "Minst 20.",
                        "responsible": ["Polisen"], "activity_kinds": [],
                        "target": {"per_year": 20}})
                ),
                (
                    Some(ids[2]),
                    "commitment_added",
                    &json!({"key": "kontroller-i-skolan", "focus_area": "",
                        "title": "Kontroller i skolan", "responsible": ["Polisen"],
                        "activity_kinds": ["safety_walk", "traffic_control"],
                        "target": {"fact": "controls", "at_least": 25}})
                ),
                (
                    Some(ids[3]),
                    "commitment_added",
                    &json!({"key": "vandring", "focus_area": "", "title": "Vandring",
                        "responsible": ["Hagfors kommun", "Polisen"], "activity_kinds": [],
                        "target": "continuous"})
                ),
            ]
        );
        assert!(append_request(&posted, &ids[..3]).is_none());
    }

    #[test]
    fn a_refusals_path_names_its_input() {
        let rows = Rows {
            focus_areas: vec![0, 2],
            commitments: vec![(0, 0), (2, 1)],
        };
        let cases = [
            ("events[0].data.title", Some("title")),
            ("events[0].data.period.years", Some("period.years")),
            ("events[0].data.period", Some("period.first_year")),
            ("events[0].data.parties[0]", Some("municipality")),
            ("events[0].data.adopted.from", Some("adopted")),
            ("events[0].data.focus_areas[1].key", Some("fa2.name")),
            ("events[2].data.title", Some("fa2.c1.title")),
            ("events[1].data.key", Some("fa0.c0.title")),
            ("events[2].data.target.per_year", Some("fa2.c1.target")),
            ("events[2].data.target.fact", Some("fa2.c1.target")),
            ("events[1].data.activity_kinds[0]", Some("fa0.c0.kinds")),
            ("events[0].data.signatories[1]", Some("signatories")),
            ("events[0].data.follows", Some("follows")),
            ("events[2].data.focus_area", Some("fa2.name")),
            ("events[3].data.title", None),
            ("events[0].data.until", None),
            ("events[0].data", None),
            ("data.title", None),
        ];
        for (path, input) in cases {
            assert_eq!(input_of(path, &rows).as_deref(), input, "{path}");
        }
    }
}
