//! What the activity form offers, read from the catalogue's own JSON Schemas
//! (`trygglogg_events::data_schema`), not copied: the statuses whose event
//! type exists, the fields each type has, the known kinds, and each kind's
//! facts with their widget (a count, a choice among the schema's words, a
//! text with its length, the agreement's parties). A kind or fact the
//! catalogue gains shows up here without an edit; its Swedish label comes
//! from `words.rs`.

use std::sync::LazyLock;

use serde_json::{Map, Value};
use trygglogg_events::{data_schema, EventType};

use super::custom_kind::{self, CUSTOM};

/// How a value is entered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Widget {
    /// A whole number (`inputmode="numeric"`); hours, kronor, weeks.
    Number,
    /// A count as the source gives it: a number, "minst" a number, or
    /// "flera" (the catalogue's `Quantity`).
    Quantity,
    /// A number that may have decimals (`inputmode="decimal"`).
    Decimal,
    /// One of these words (radio buttons).
    OneOf(Vec<String>),
    /// Some of these words (checkboxes).
    SomeOf(Vec<String>),
    /// Some of the agreement's parties (checkboxes).
    Parties,
    /// A one-line text of at most this many characters.
    Line(usize),
    /// A text that may span lines, of at most this many characters.
    Text(usize),
    /// A day, a range or a month.
    Date,
    /// One or more places.
    Places,
    /// Yes or no.
    Flag,
}

/// One fact of a kind, or one field of an event type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Field {
    /// The field's path in the event's `data`: `summary`, `facts.controls`.
    pub path: String,
    pub widget: Widget,
    pub required: bool,
}

impl Field {
    /// The last part of the path: the fact's or field's own name.
    pub(crate) fn name(&self) -> &str {
        self.path.rsplit('.').next().unwrap_or(&self.path)
    }
}

/// A status the form offers: the word in the form and the event type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Status {
    pub word: &'static str,
    pub label: &'static str,
    pub event_type: EventType,
}

/// Done, under way, planned: each offered once the catalogue has its event
/// type (`activity_started` is on its way).
const STATUSES: [(&str, &str, &str); 3] = [
    ("genomford", "Genomförd", "activity_completed"),
    ("pagar", "Pågår", "activity_started"),
    ("planerad", "Planerad", "activity_planned"),
];

/// The catalogue as the form reads it, made once.
pub(crate) struct Catalogue {
    pub statuses: Vec<Status>,
    /// The known kinds, in the catalogue's order.
    pub kinds: Vec<String>,
    /// Per event type: its fields besides kind, serves, responsible and facts.
    fields: Vec<(EventType, Vec<Field>)>,
    /// Per kind: its facts, and whether the event types with `facts` take it.
    facts: Vec<(String, Vec<Field>)>,
}

pub(crate) static CATALOGUE: LazyLock<Catalogue> = LazyLock::new(Catalogue::read);

/// The fields the form draws itself, or fills in for the user; a custom
/// kind's label and plural are asked by `custom_kind.rs`.
const NOT_ASKED: [&str; 6] = [
    "kind",
    "kind_label",
    "kind_plural",
    "serves",
    "responsible",
    "facts",
];

/// Fields only stored history has, refused in new events: a measurement
/// from before indicators were defined.
const HISTORY_ONLY: [&str; 1] = ["unlinked"];

/// Facts the form leaves out: a traffic control's `reported` total is for a
/// source that does not say by which offence; an officer recording her own
/// control gives `reports` by offence, and the two together are refused.
const FACTS_NOT_ASKED: [&str; 1] = ["reported"];

impl Catalogue {
    fn read() -> Catalogue {
        let statuses: Vec<Status> = STATUSES
            .iter()
            .filter_map(|&(word, label, name)| {
                let event_type = EventType::ALL.into_iter().find(|t| t.as_str() == name)?;
                Some(Status {
                    word,
                    label,
                    event_type,
                })
            })
            .collect();
        let mut fields = Vec::new();
        let mut kinds = Vec::new();
        let mut facts = Vec::new();
        for status in &statuses {
            let schema = schema_of(status.event_type);
            let needed = required(&schema);
            let own: Vec<Field> = properties(&schema)
                .filter(|(name, _)| !NOT_ASKED.contains(&name.as_str()))
                .map(|(name, property)| match name.as_str() {
                    // A length in days, weeks or months: the form asks weeks,
                    // the unit operations are planned in ("sex veckor").
                    "expected_length" => Field {
                        widget: Widget::Number,
                        required: false,
                        path: "expected_length.weeks".to_owned(),
                    },
                    _ => Field {
                        widget: top_level_widget(name, property, &schema),
                        required: needed.contains(&name.as_str()),
                        path: name.clone(),
                    },
                })
                .collect();
            fields.push((status.event_type, own));
            // The kinds and their facts: `oneOf` pairs a kind's `const` with
            // its facts' definition.
            for variant in schema["oneOf"].as_array().into_iter().flatten() {
                let Some(kind) = variant["properties"]["kind"]["const"].as_str() else {
                    continue;
                };
                if kinds.iter().any(|k| k == kind) {
                    continue;
                }
                let definition = resolve(&variant["properties"]["facts"], &schema);
                let needed = required(definition);
                let mut kind_facts: Vec<Field> = properties(definition)
                    .filter(|(name, _)| !FACTS_NOT_ASKED.contains(&name.as_str()))
                    .flat_map(|(name, property)| {
                        fact_fields(name, property, needed.contains(&name.as_str()), &schema)
                    })
                    .collect();
                // What must be given first, then the rest as the schema lists them.
                kind_facts.sort_by_key(|f| !f.required);
                kinds.push(kind.to_owned());
                facts.push((kind.to_owned(), kind_facts));
            }
        }
        Catalogue {
            statuses,
            kinds,
            fields,
            facts,
        }
    }

    /// Every field of an event of `event_type`, the required ones first,
    /// for a form of its own (an indicator's value).
    pub(crate) fn event_fields(&self, event_type: EventType) -> Vec<Field> {
        let schema = schema_of(event_type);
        let needed = required(&schema);
        let mut fields: Vec<Field> = properties(&schema)
            .filter(|(name, _)| !HISTORY_ONLY.contains(&name.as_str()))
            .map(|(name, property)| Field {
                widget: top_level_widget(name, property, &schema),
                required: needed.contains(&name.as_str()),
                path: name.clone(),
            })
            .collect();
        let rank = |f: &Field| {
            needed
                .iter()
                .position(|n| *n == f.path)
                .unwrap_or(needed.len())
        };
        fields.sort_by_key(rank);
        fields
    }

    pub(crate) fn status(&self, word: &str) -> Option<Status> {
        self.statuses.iter().copied().find(|s| s.word == word)
    }

    pub(crate) fn knows_kind(&self, kind: &str) -> bool {
        self.kinds.iter().any(|k| k == kind)
    }

    /// Every field the form asks for an event of `status` of `kind`, in
    /// order: the type's own, with the kind's facts where `facts` belongs;
    /// for "Annat slag" (`CUSTOM`) its name first and count rows as facts.
    pub(crate) fn fields(&self, status: Status, kind: &str) -> Vec<Field> {
        let own = self
            .fields
            .iter()
            .find(|(t, _)| *t == status.event_type)
            .map(|(_, fields)| fields.as_slice())
            .unwrap_or_default();
        let takes_facts = properties(&schema_of(status.event_type)).any(|(n, _)| n == "facts");
        let facts = match (takes_facts, kind) {
            (false, _) => Vec::new(),
            (true, CUSTOM) => custom_kind::count_fields(),
            (true, _) => self
                .facts
                .iter()
                .find(|(k, _)| k == kind)
                .map(|(_, facts)| facts.clone())
                .unwrap_or_default(),
        };
        let order = |field: &Field| FIELD_ORDER.iter().position(|n| *n == field.path);
        let mut fields: Vec<Field> = own.to_vec();
        fields.sort_by_key(|f| order(f).unwrap_or(FIELD_ORDER.len()));
        // The facts after the date and places, before the texts.
        let at = fields
            .iter()
            .position(|f| order(f) > Some(FACTS_AFTER))
            .unwrap_or(fields.len());
        fields.splice(at..at, facts);
        // A kind of the officer's own is named first, and, where it is
        // counted, its plural next.
        if kind == CUSTOM {
            fields.insert(0, custom_kind::name_field());
            if takes_facts {
                fields.insert(1, custom_kind::plural_field());
            }
        }
        fields
    }
}

/// The order the officer fills the fields in; unknown fields come last.
const FIELD_ORDER: [&str; 12] = [
    "title",
    "occurred",
    "planned",
    "started",
    "expected_length.weeks",
    "places",
    "hours",
    "cost_sek",
    "summary",
    "description",
    "continues",
    "note",
];
/// The index in [`FIELD_ORDER`] after which the facts are asked: after the
/// places.
const FACTS_AFTER: usize = 5;

fn schema_of(event_type: EventType) -> Value {
    serde_json::to_value(data_schema(event_type)).unwrap_or_default()
}

fn properties(schema: &Value) -> impl Iterator<Item = (&String, &Value)> {
    schema["properties"]
        .as_object()
        .into_iter()
        .flat_map(Map::iter)
}

fn required(schema: &Value) -> Vec<&str> {
    schema["required"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect()
}

/// `{"$ref": "#/$defs/X"}` as the definition it names; anything else as it is.
fn resolve<'a>(value: &'a Value, root: &'a Value) -> &'a Value {
    match value["$ref"]
        .as_str()
        .and_then(|r| r.strip_prefix("#/$defs/"))
    {
        Some(name) => &root["$defs"][name],
        None => value,
    }
}

/// The definition's name, if the value refers to one.
fn definition_name(value: &Value) -> Option<&str> {
    value["$ref"].as_str()?.strip_prefix("#/$defs/")
}

/// An optional value's schema, `anyOf: [X, {type: null}]`, as X.
fn unwrap_optional(value: &Value) -> &Value {
    match value["anyOf"].as_array().map(Vec::as_slice) {
        Some([inner, null]) if null["type"] == "null" => inner,
        _ => value,
    }
}

fn words(definition: &Value) -> Option<Vec<String>> {
    let words = definition["enum"].as_array()?;
    Some(
        words
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect(),
    )
}

/// A fact's fields: one, or one per part of a fact made of parts (a traffic
/// control's `reports` by offence: `facts.reports.drunk_driving`, …).
fn fact_fields(name: &str, property: &Value, required: bool, root: &Value) -> Vec<Field> {
    let definition = resolve(unwrap_optional(property), root);
    if definition["type"] == "object" && definition["properties"].is_object() {
        return properties(definition)
            .map(|(part, property)| Field {
                path: format!("facts.{name}.{part}"),
                widget: fact_widget(property, root),
                required: false,
            })
            .collect();
    }
    vec![Field {
        path: format!("facts.{name}"),
        widget: fact_widget(property, root),
        required,
    }]
}

fn fact_widget(property: &Value, root: &Value) -> Widget {
    let inner = unwrap_optional(property);
    // An optional list is typed `["array", "null"]`.
    let array =
        |t: &Value| t == "array" || t.as_array().is_some_and(|t| t.contains(&"array".into()));
    if array(&inner["type"]) {
        let items = &inner["items"];
        return match (definition_name(items), words(resolve(items, root))) {
            // The form offers the agreement's parties; other organisations
            // are named through the API.
            (Some("Party" | "OrganisationName"), _) => Widget::Parties,
            (_, Some(words)) => Widget::SomeOf(words),
            _ => Widget::Line(max_length(resolve(items, root))),
        };
    }
    let definition = resolve(inner, root);
    if let Some(words) = words(definition) {
        return Widget::OneOf(words);
    }
    // Yes or a count (a camera used, or in how many controls): the form asks
    // yes or no.
    let takes_yes = |v: &Value| v["type"] == "boolean";
    if definition["anyOf"]
        .as_array()
        .is_some_and(|forms| forms.iter().any(takes_yes))
    {
        return Widget::Flag;
    }
    match definition_name(inner) {
        Some("Quantity") => Widget::Quantity,
        Some("Count" | "Weeks" | "Hours" | "CostSek") => Widget::Number,
        Some("Occurred") => Widget::Date,
        Some("Summary" | "PublicText" | "InternalNote") => Widget::Text(max_length(definition)),
        _ if definition["type"] == "integer" => Widget::Number,
        _ if definition["type"] == "number" => Widget::Decimal,
        _ => Widget::Line(max_length(definition)),
    }
}

fn top_level_widget(name: &str, property: &Value, root: &Value) -> Widget {
    let inner = unwrap_optional(property);
    match name {
        "places" => Widget::Places,
        _ if inner["type"] == "boolean" => Widget::Flag,
        _ => fact_widget(property, root),
    }
}

/// A text's most characters, from its schema (generous if it says none).
fn max_length(definition: &Value) -> usize {
    definition["maxLength"]
        .as_u64()
        .and_then(|n| usize::try_from(n).ok())
        .unwrap_or(200)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field<'a>(fields: &'a [Field], path: &str) -> &'a Field {
        fields
            .iter()
            .find(|f| f.path == path)
            .unwrap_or_else(|| panic!("{path} in {fields:?}"))
    }

    #[test]
    fn a_completed_traffic_control_asks_what_the_catalogue_has() {
        let catalogue = &*CATALOGUE;
        let done = catalogue.status("genomford").unwrap();
        let fields = catalogue.fields(done, "traffic_control");
        let paths: Vec<&str> = fields.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "occurred",
                "places",
                "facts.basis",
                "facts.camera",
                "facts.checked",
                "facts.controls",
                "facts.focus",
                "facts.operations",
                "facts.reports.drugged_driving",
                "facts.reports.drunk_driving",
                "facts.reports.other",
                "facts.reports.speeding",
                "facts.reports.unlicensed_driving",
                "facts.vehicles_seized",
                "hours",
                "cost_sek",
                "summary",
                "continues",
                "note"
            ]
        );
        assert_eq!(field(&fields, "facts.controls").widget, Widget::Quantity);
        assert_eq!(
            field(&fields, "facts.reports.drunk_driving").widget,
            Widget::Quantity
        );
        assert_eq!(field(&fields, "hours").widget, Widget::Number);
        assert_eq!(field(&fields, "facts.camera").widget, Widget::Flag);
        assert!(!field(&fields, "facts.controls").required);
        let focus = field(&fields, "facts.focus");
        assert_eq!(
            focus.widget,
            Widget::SomeOf(vec!["speed".into(), "sobriety".into(), "behaviour".into()])
        );
        // Not stated (ej angivet) is leaving every box unticked.
        assert!(!focus.required);
        assert_eq!(field(&fields, "facts.operations").widget, Widget::Quantity);
        assert!(matches!(
            field(&fields, "facts.basis").widget,
            Widget::OneOf(_)
        ));
        assert_eq!(field(&fields, "summary").widget, Widget::Text(1000));
        assert!(field(&fields, "summary").required);
        assert_eq!(field(&fields, "occurred").widget, Widget::Date);
        assert_eq!(field(&fields, "continues").widget, Widget::Flag);
        assert_eq!(field(&fields, "places").widget, Widget::Places);
    }

    #[test]
    fn a_plan_has_a_title_and_no_facts_and_every_kind_is_offered() {
        let catalogue = &*CATALOGUE;
        let planned = catalogue.status("planerad").unwrap();
        let fields = catalogue.fields(planned, "traffic_control");
        let paths: Vec<&str> = fields.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(paths, ["title", "planned", "places", "description"]);
        assert_eq!(field(&fields, "title").widget, Widget::Line(200));
        assert!(catalogue.knows_kind("serious_talk"));
        assert!(catalogue.knows_kind("citizen_dialogue"));
        assert!(!catalogue.knows_kind("made_up"));
        let meeting = catalogue.fields(
            catalogue.status("genomford").unwrap(),
            "coordination_meeting",
        );
        assert_eq!(
            field(&meeting, "facts.organisations").widget,
            Widget::Parties
        );
    }
}
