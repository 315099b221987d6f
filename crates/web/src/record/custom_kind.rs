//! "Annat slag": an activity of a kind the catalogue has no types for. The
//! officer writes the kind's Swedish name and up to three counts, each with
//! its Swedish label (plural, as after any number but 1), an optional
//! singular (after 1) and the count as exakt, minst or flera. The post
//! becomes the catalogue's custom kind: `kind` is the key made from the name
//! as the new-agreement form makes keys (`key_of`, with `_` for `-`, since a
//! kind is snake_case), `kind_label` the name, `kind_plural` its optional
//! plural (asked with the counts, of completed work), and `facts` the generic
//! facts (`counts`, `labels`, `singular_labels`) keyed the same way from
//! each label. The recorder judges it as it judges the API's; its refusals,
//! which name a fact by the key made from a label, are put back here at the
//! row typed.

use serde_json::{json, Map, Value};
use trygglogg_events::{find_identity_number, redact_identity_numbers, SnakeName};

use super::catalogue::{Field, Widget};
use super::new_agreement_request::key_of;
use super::refusals::{quantity_message, IDENTITY_NUMBER};
use super::request::KIND;
use crate::form::Fields;

/// The kind chosen in step one for "Annat slag": not a valid kind name
/// (it has a `-`), so it can never be mistaken for a recorded one.
pub(crate) const CUSTOM: &str = "annat-slag";
/// What "Annat slag" is called in the choice and in the page's title.
pub(crate) const CUSTOM_TITLE: &str = "Annat slag";
/// The field with the kind's Swedish name: the event's own `kind_label`.
pub(crate) const NAME: &str = "kind_label";
/// The field with the kind's optional plural: the event's own `kind_plural`.
pub(crate) const PLURAL: &str = "kind_plural";
/// How many counts the form offers.
const ROWS: usize = 3;
/// The form's fields of count rows, before the event is made: `custom.0.label`.
const ROW_PREFIX: &str = "custom";
const LABEL: &str = "label";
const SINGULAR: &str = "singular";
const COUNT: &str = "count";
/// The parts of the generic facts a refusal may name.
const FACT_PARTS: [&str; 3] = ["counts", "labels", "singular_labels"];

/// The field of part `part` of count row `row`.
fn row_path(row: usize, part: &str) -> String {
    format!("{ROW_PREFIX}.{row}.{part}")
}

/// The kind's name, asked first.
pub(crate) fn name_field() -> Field {
    Field {
        path: NAME.to_owned(),
        widget: Widget::Line(200),
        required: true,
    }
}

/// The kind's plural, asked after its name where the event counts (a
/// completion).
pub(crate) fn plural_field() -> Field {
    Field {
        path: PLURAL.to_owned(),
        widget: Widget::Line(200),
        required: false,
    }
}

/// The count rows, asked where a known kind's facts are.
pub(crate) fn count_fields() -> Vec<Field> {
    (0..ROWS)
        .flat_map(|row| {
            [
                (LABEL, Widget::Line(200)),
                (SINGULAR, Widget::Line(200)),
                (COUNT, Widget::Quantity),
            ]
            .map(|(part, widget)| Field {
                path: row_path(row, part),
                widget,
                required: false,
            })
        })
        .collect()
}

/// The key of a kind or a count made from its Swedish name: "Riktad
/// trafikinsats" → `riktad_trafikinsats`.
pub(crate) fn snake_key(name: &str) -> String {
    key_of(name).replace('-', "_")
}

/// The label of one of this form's fields, or `None` for another's.
pub(crate) fn label(path: &str) -> Option<String> {
    if path == NAME {
        return Some("Vad heter slaget?".to_owned());
    }
    if path == PLURAL {
        return Some("Slaget efter ett tal större än 1 (frivilligt)".to_owned());
    }
    let (row, part) = row_and_part(path)?;
    let n = row + 1;
    Some(match part {
        LABEL => format!("Räknat {n}: vad"),
        SINGULAR => format!("Räknat {n}: efter talet 1"),
        _ => format!("Räknat {n}: antal"),
    })
}

/// The hint under one of this form's fields.
pub(crate) fn hint(path: &str) -> Option<&'static str> {
    if path == NAME {
        return Some("Till exempel ”Riktad trafikinsats” eller ”Nattvandring”.");
    }
    if path == PLURAL {
        return Some(
            "Till exempel ”riktade trafikinsatser”. Lämna tomt om slaget inte har någon \
             naturlig pluralform: då skrivs antalet efter namnet, ”Båtsamverkan (2)”.",
        );
    }
    match row_and_part(path)? {
        (_, LABEL) => Some("Som efter ett tal, till exempel ”riktade trafikinsatser”."),
        (_, SINGULAR) => Some("Till exempel ”riktad trafikinsats”."),
        _ => None,
    }
}

/// `custom.1.label` as (1, "label").
fn row_and_part(path: &str) -> Option<(usize, &str)> {
    let mut parts = path.strip_prefix(ROW_PREFIX)?.strip_prefix('.')?.split('.');
    let row = parts.next()?.parse().ok()?;
    let part = parts.next()?;
    [LABEL, SINGULAR, COUNT]
        .contains(&part)
        .then_some((row, part))
}

/// Makes the event data of a custom kind out of what `data_of` read from
/// the form: `kind` from the name, and the rows (under `custom`) as generic
/// facts, if the event type takes facts (the form `asked` count rows).
pub(crate) fn shape(data: &mut Map<String, Value>, asked: &[Field]) {
    let takes_facts = asked.iter().any(|f| row_and_part(&f.path).is_some());
    let name = data.get(NAME).and_then(Value::as_str).unwrap_or("");
    data.insert("kind".into(), json!(snake_key(name)));
    let rows = data.remove(ROW_PREFIX);
    if !takes_facts {
        return;
    }
    let (mut counts, mut labels, mut singulars) = (Map::new(), Map::new(), Map::new());
    for row in rows
        .iter()
        .filter_map(Value::as_object)
        .flat_map(|r| r.values())
    {
        let label = row[LABEL].as_str().unwrap_or("");
        let key = snake_key(label);
        if let Some(count) = row.get(COUNT) {
            counts.insert(key.clone(), count.clone());
        }
        if !label.is_empty() {
            labels.insert(key.clone(), json!(label));
        }
        if let Some(singular) = row.get(SINGULAR) {
            singulars.insert(key, singular.clone());
        }
    }
    let mut facts = Map::new();
    for (part, values) in FACT_PARTS.into_iter().zip([counts, labels, singulars]) {
        if !values.is_empty() {
            facts.insert(part.into(), Value::Object(values));
        }
    }
    data.insert("facts".into(), Value::Object(facts));
}

/// One count row as typed.
struct Row<'a> {
    index: usize,
    label: &'a str,
    singular: &'a str,
    count: bool,
}

impl Row<'_> {
    fn key(&self) -> String {
        snake_key(self.label)
    }
}

fn rows(posted: &Fields) -> Vec<Row<'_>> {
    (0..ROWS)
        .map(|index| Row {
            index,
            label: posted.get(&row_path(index, LABEL)).unwrap_or(""),
            singular: posted.get(&row_path(index, SINGULAR)).unwrap_or(""),
            count: posted.get(&row_path(index, COUNT)).is_some(),
        })
        .filter(|r| !r.label.is_empty() || !r.singular.is_empty() || r.count)
        .collect()
}

/// What the form refuses before the recorder sees it: two rows whose
/// labels make one key, which one JSON object cannot hold (one count would
/// silently replace the other). (field, message) per row refused.
pub(crate) fn same_keys(posted: &Fields) -> Vec<(String, String)> {
    let rows = rows(posted);
    rows.iter()
        .enumerate()
        .filter(|(i, row)| {
            !row.label.is_empty() && rows[..*i].iter().any(|earlier| earlier.key() == row.key())
        })
        .map(|(_, row)| {
            (
                row_path(row.index, LABEL),
                "En annan rad räknar redan samma sak. Slå ihop raderna till en, \
                 eller skriv vad som skiljer dem åt."
                    .to_owned(),
            )
        })
        .collect()
}

/// A recorder's refusal at `within` (a path in the event's data) as the
/// fields of this form it is about, with what to say there; empty if it is
/// about no field of this form (or the form is not for a custom kind).
pub(crate) fn refusals_at(within: &str, posted: &Fields) -> Vec<(String, String)> {
    if posted.get(KIND) != Some(CUSTOM) {
        return Vec::new();
    }
    if within == "kind" || within == NAME {
        let name = posted.get(NAME).unwrap_or("");
        return vec![(NAME.to_owned(), name_message(name, Named::Kind))];
    }
    if within == PLURAL {
        let plural = posted.get(PLURAL).unwrap_or("");
        let message = if has_identity_number(plural) {
            IDENTITY_NUMBER.to_owned()
        } else {
            "Skriv pluralformen på en rad, högst 200 tecken, eller lämna fältet tomt.".to_owned()
        };
        return vec![(PLURAL.to_owned(), message)];
    }
    let Some((part, name)) = within
        .strip_prefix("facts.")
        .and_then(|rest| rest.split_once('.'))
    else {
        return Vec::new();
    };
    let name = name.split('.').next().unwrap_or(name);
    let rows = rows(posted);
    // A key is named redacted when it holds an identity number: then the
    // row typed with one is meant.
    let mut meant: Vec<&Row> = rows
        .iter()
        .filter(|r| redact_identity_numbers(&r.key()) == name)
        .collect();
    if meant.is_empty() {
        meant = rows
            .iter()
            .filter(|r| has_identity_number(r.label) || has_identity_number(r.singular))
            .collect();
    }
    meant
        .into_iter()
        .filter(|_| FACT_PARTS.contains(&part))
        .map(|row| row_refusal(row, part))
        .collect()
}

/// The field of `row` a refusal of its `part` of the facts is about.
fn row_refusal(row: &Row, part: &str) -> (String, String) {
    let label_refused = || {
        (
            row_path(row.index, LABEL),
            name_message(row.label, Named::Count),
        )
    };
    if has_identity_number(row.label) || SnakeName::parse(&row.key()).is_err() {
        return label_refused();
    }
    match part {
        "singular_labels" => (
            row_path(row.index, SINGULAR),
            if has_identity_number(row.singular) {
                IDENTITY_NUMBER.to_owned()
            } else if !row.count {
                "Ett ord efter talet 1 ges bara till ett antal: fyll i antalet, \
                 eller töm fältet."
                    .to_owned()
            } else {
                "Skriv ordet efter talet 1 på en rad, högst 200 tecken.".to_owned()
            },
        ),
        "labels" if !row.count => (
            row_path(row.index, COUNT),
            format!("Ange hur många ”{}” det var, eller töm raden.", row.label),
        ),
        "labels" => label_refused(),
        _ => (row_path(row.index, COUNT), quantity_message()),
    }
}

/// Whose name a refusal is about.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Named {
    Kind,
    Count,
}

/// What to say at a name (the kind's, or what a row counts) the recorder
/// refused.
fn name_message(name: &str, named: Named) -> String {
    let (what, example) = match named {
        Named::Kind => ("vad slaget heter", "Nattvandring"),
        Named::Count => ("vad som räknades", "riktade trafikinsatser"),
    };
    if has_identity_number(name) {
        IDENTITY_NUMBER.to_owned()
    } else if name.trim().is_empty() {
        format!("Skriv {what}, till exempel ”{example}”.")
    } else if SnakeName::parse(&snake_key(name)).is_err() {
        format!(
            "Namnet ska börja med en bokstav och ha minst två bokstäver eller siffror \
             (högst 48 utan mellanslag), till exempel ”{example}”."
        )
    } else if named == Named::Kind {
        format!(
            "”{name}” kan inte användas som namn på ett eget slag: finns det i listan \
             över slag, välj det där; skriv annars högst 200 tecken på en rad."
        )
    } else {
        "Skriv namnet på en rad, högst 200 tecken.".to_owned()
    }
}

fn has_identity_number(text: &str) -> bool {
    find_identity_number(text).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rows_become_the_catalogue_s_generic_facts() {
        let mut data = Map::new();
        data.insert(NAME.into(), json!("Riktad trafikinsats"));
        data.insert(
            ROW_PREFIX.into(),
            json!({
                "0": {"label": "riktade trafikinsatser", "singular": "riktad trafikinsats", "count": 1},
                "1": {"label": "Kontrollerade förare", "count": {"at_least": 40}},
                "2": {"count": 3}
            }),
        );
        shape(&mut data, &count_fields());
        assert_eq!(
            Value::Object(data),
            json!({
                "kind": "riktad_trafikinsats",
                "kind_label": "Riktad trafikinsats",
                "facts": {
                    "counts": {"riktade_trafikinsatser": 1, "kontrollerade_forare": {"at_least": 40}, "": 3},
                    "labels": {"riktade_trafikinsatser": "riktade trafikinsatser", "kontrollerade_forare": "Kontrollerade förare"},
                    "singular_labels": {"riktade_trafikinsatser": "riktad trafikinsats"}
                }
            })
        );
    }

    #[test]
    fn a_plan_has_the_kind_and_no_facts() {
        let mut data = Map::new();
        data.insert(NAME.into(), json!("Nattvandring"));
        shape(&mut data, &[name_field()]);
        assert_eq!(
            Value::Object(data),
            json!({"kind": "nattvandring", "kind_label": "Nattvandring"})
        );
    }

    #[test]
    fn the_form_asks_the_name_first_and_counts_only_where_facts_go() {
        use crate::record::catalogue::CATALOGUE;
        let paths = |status: &str| -> Vec<String> {
            let status = CATALOGUE.status(status).unwrap();
            CATALOGUE
                .fields(status, CUSTOM)
                .into_iter()
                .map(|f| f.path)
                .collect()
        };
        let done = paths("genomford");
        assert_eq!(
            done[..4],
            ["kind_label", "kind_plural", "occurred", "places"]
        );
        assert_eq!(
            done[4..7],
            ["custom.0.label", "custom.0.singular", "custom.0.count"]
        );
        assert!(done.contains(&"custom.2.count".to_owned()), "{done:?}");
        assert!(!done.contains(&"custom.3.count".to_owned()), "{done:?}");
        let planned = paths("planerad");
        assert_eq!(planned[0], "kind_label");
        assert!(!planned.contains(&PLURAL.to_owned()), "{planned:?}");
        assert!(
            planned.iter().all(|p| !p.starts_with("custom.")),
            "{planned:?}"
        );
    }

    #[test]
    fn two_rows_that_make_one_key_are_refused_at_the_second() {
        let posted = Fields::parse(
            "custom.0.label=Tr%C3%A4ffar&custom.0.count=2&custom.2.label=tr%C3%A4ffar&custom.2.count=3"
                .as_bytes(),
        );
        let refused: Vec<String> = same_keys(&posted).into_iter().map(|(f, _)| f).collect();
        assert_eq!(refused, ["custom.2.label"]);
        let distinct = Fields::parse("custom.0.label=a1&custom.1.label=a2".as_bytes());
        assert!(same_keys(&distinct).is_empty());
    }
}
