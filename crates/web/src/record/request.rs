//! A posted activity form as the append request the API would get: the
//! values as typed, so that the recorder refuses exactly what it refuses
//! over the API (a count that is not a number goes as the text typed, and
//! is refused at `facts.<name>`). Blank fields are left out; the recorder
//! says which of them it needs.

use chrono::{Months, NaiveDate};
use serde_json::{json, Map, Value};
use trygglogg_events::{AppendRequest, IncomingEvent};
use uuid::Uuid;

use super::catalogue::{Field, Status, Widget};
use super::custom_kind::{self, CUSTOM};
use crate::form::Fields;

/// The hidden fields drawn with the form.
pub(crate) const STATUS: &str = "status";
pub(crate) const KIND: &str = "kind";
pub(crate) const SERVES: &str = "serves";
pub(crate) const EVENT: &str = "event";
pub(crate) const STREAM: &str = "stream";
/// A date field's second day (a range) and its month, after its path.
pub(crate) const TO: &str = ".to";
pub(crate) const MONTH: &str = ".month";

/// What the officer chose: `<agreement>/<focus area>[/<commitment>]`.
pub(crate) fn serves_value(agreement: Uuid, focus_area: &str, commitment: Option<&str>) -> String {
    match commitment {
        Some(commitment) => format!("{agreement}/{focus_area}/{commitment}"),
        None => format!("{agreement}/{focus_area}"),
    }
}

/// The chosen value read back: agreement, focus area, commitment (unchecked:
/// the recorder checks them).
pub(crate) fn serves_parts(value: &str) -> (&str, &str, Option<&str>) {
    let mut parts = value.splitn(3, '/');
    let agreement = parts.next().unwrap_or("");
    let focus_area = parts.next().unwrap_or("");
    (agreement, focus_area, parts.next())
}

/// The append request of one event of `status` with the form's `fields`,
/// recorded as the work of `organisation`.
pub(crate) fn append_request(
    status: Status,
    kind: &str,
    asked: &[Field],
    posted: &Fields,
    organisation: &str,
    event_id: Uuid,
) -> AppendRequest {
    let mut data = Map::new();
    data.insert("kind".into(), json!(kind));
    let (agreement, focus_area, commitment) = serves_parts(posted.get(SERVES).unwrap_or(""));
    let mut serves = Map::new();
    for (name, value) in [
        ("agreement", Some(agreement)),
        ("focus_area", Some(focus_area)),
        ("commitment", commitment),
    ] {
        if let Some(value) = value.filter(|v| !v.is_empty()) {
            serves.insert(name.into(), json!(value));
        }
    }
    data.insert("serves".into(), Value::Object(serves));
    data.insert("responsible".into(), json!([organisation]));
    data.extend(data_of(asked, posted));
    if kind == CUSTOM {
        custom_kind::shape(&mut data, asked);
    }
    AppendRequest {
        expected_version: None,
        events: vec![IncomingEvent {
            id: Some(event_id),
            event_type: status.event_type.as_str().to_owned(),
            schema_version: None,
            data: Value::Object(data),
        }],
    }
}

/// The event data the `asked` fields of a form give, blank ones left out;
/// the kind's facts in `facts`.
pub(crate) fn data_of(asked: &[Field], posted: &Fields) -> Map<String, Value> {
    let mut data = Map::new();
    for field in asked {
        let Some(value) = value_of(field, posted) else {
            continue;
        };
        let path: Vec<&str> = field.path.split('.').collect();
        insert_at(&mut data, &path, value);
    }
    data
}

/// Puts `value` at `path` inside `object`: `facts.reports.drunk_driving` →
/// `{"facts": {"reports": {"drunk_driving": …}}}`.
fn insert_at(object: &mut Map<String, Value>, path: &[&str], value: Value) {
    match path {
        [] => {}
        [last] => {
            object.insert((*last).to_owned(), value);
        }
        [head, rest @ ..] => {
            let inner = object
                .entry(*head)
                .or_insert_with(|| Value::Object(Map::new()));
            if let Value::Object(inner) = inner {
                insert_at(inner, rest, value);
            }
        }
    }
}

/// A field's value as JSON, or `None` if left blank.
fn value_of(field: &Field, posted: &Fields) -> Option<Value> {
    let path = field.path.as_str();
    match &field.widget {
        Widget::Number => posted.get(path).map(number_or_text),
        Widget::Quantity => quantity(posted, path),
        Widget::Decimal => posted.get(path).map(decimal_or_text),
        Widget::OneOf(_) | Widget::Line(_) | Widget::Text(_) => posted.get(path).map(|v| json!(v)),
        Widget::SomeOf(_) | Widget::Parties | Widget::Places => {
            let values: Vec<&str> = posted.all(path).collect();
            (!values.is_empty()).then(|| json!(values))
        }
        Widget::Flag => posted.get(path).map(|_| json!(true)),
        Widget::Date => occurred(posted, path),
    }
}

/// A whole number as a number; anything else as typed, for the recorder to
/// refuse (or, like "several", to take).
pub(crate) fn number_or_text(raw: &str) -> Value {
    let digits: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
    match digits.parse::<u64>() {
        Ok(number) => json!(number),
        Err(_) => json!(raw),
    }
}

/// How a count is read (`<path>.antal`): exactly, at least, or "several".
pub(crate) const READ_AS: &str = ".antal";
pub(crate) const EXACTLY: &str = "exakt";
pub(crate) const AT_LEAST: &str = "minst";
pub(crate) const SEVERAL: &str = "flera";

/// A count as the catalogue's `Quantity`: the number typed, `{"at_least":
/// n}` for "minst", `"several"` for "flera" with no number. "Flera" with a
/// number is sent as typed, for the recorder to refuse at the field rather
/// than the number be dropped; blank, the count is left out.
fn quantity(posted: &Fields, path: &str) -> Option<Value> {
    let typed = posted.get(path);
    match (posted.get(&format!("{path}{READ_AS}")), typed) {
        (Some(SEVERAL), None) => Some(json!("several")),
        (Some(SEVERAL), Some(number)) => Some(json!({ "several": number })),
        (Some(AT_LEAST), Some(number)) => Some(json!({ "at_least": number_or_text(number) })),
        (_, typed) => typed.map(number_or_text),
    }
}

/// A number, with a decimal comma or point; anything else as typed.
fn decimal_or_text(raw: &str) -> Value {
    let number: String = raw
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| if c == ',' { '.' } else { c })
        .collect();
    match number
        .parse::<f64>()
        .ok()
        .and_then(serde_json::Number::from_f64)
    {
        Some(number) => Value::Number(number),
        None => json!(raw),
    }
}

/// A day, a range from the day to `<path>.to`, or a month `<path>.month`
/// (its first to its last day).
fn occurred(posted: &Fields, path: &str) -> Option<Value> {
    if let Some(month) = posted.get(&format!("{path}{MONTH}")) {
        return Some(match month_range(month) {
            Some((from, to)) => json!({"from": from.to_string(), "to": to.to_string()}),
            None => json!(month),
        });
    }
    let day = posted.get(path);
    match (day, posted.get(&format!("{path}{TO}"))) {
        (Some(from), Some(to)) => Some(json!({"from": from, "to": to})),
        (None, Some(to)) => Some(json!({"from": "", "to": to})),
        (day, None) => day.map(|d| json!(d)),
    }
}

/// `2017-05` as 2017-05-01 to 2017-05-31.
fn month_range(month: &str) -> Option<(NaiveDate, NaiveDate)> {
    let first = NaiveDate::parse_from_str(&format!("{month}-01"), "%Y-%m-%d").ok()?;
    let last = first.checked_add_months(Months::new(1))?.pred_opt()?;
    Some((first, last))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::catalogue::CATALOGUE;

    #[test]
    fn the_form_becomes_the_request_the_api_would_get() {
        let done = CATALOGUE.status("genomford").unwrap();
        let asked = CATALOGUE.fields(done, "traffic_control");
        let id = Uuid::nil();
        let posted = Fields::parse(
            format!(
                "serves={id}/trafikmiljo/kontroller&occurred.month=2017-05&places=Hagfors+centrum\
                 &places=&places=Ekshärad&facts.focus=speed&facts.focus=sobriety&facts.controls=1+200\
                 &facts.checked=m%C3%A5nga&summary=Kontroll&note=&continues=true"
            )
            .as_bytes(),
        );
        let request = append_request(done, "traffic_control", &asked, &posted, "Polisen", id);
        assert_eq!(request.events[0].event_type, "activity_completed");
        assert_eq!(request.events[0].id, Some(id));
        assert_eq!(
            request.events[0].data,
            json!({
                "kind": "traffic_control",
                "serves": {"agreement": id.to_string(), "focus_area": "trafikmiljo", "commitment": "kontroller"},
                "responsible": ["Polisen"],
                "occurred": {"from": "2017-05-01", "to": "2017-05-31"},
                "places": ["Hagfors centrum", "Ekshärad"],
                "facts": {"focus": ["speed", "sobriety"], "controls": 1200, "checked": "många"},
                "summary": "Kontroll",
                "continues": true
            })
        );
    }

    #[test]
    fn a_count_is_a_number_at_least_a_number_or_several_as_chosen() {
        let cases = [
            ("c=12", Some(json!(12))),
            ("c=12&c.antal=exakt", Some(json!(12))),
            ("c=1+200&c.antal=minst", Some(json!({"at_least": 1200}))),
            ("c=&c.antal=flera", Some(json!("several"))),
            ("c.antal=flera", Some(json!("several"))),
            // A number with "flera" is not dropped: the recorder refuses it.
            ("c=3&c.antal=flera", Some(json!({"several": "3"}))),
            ("c=tre&c.antal=minst", Some(json!({"at_least": "tre"}))),
            // Typed as the API takes it, still taken.
            ("c=several", Some(json!("several"))),
            ("c=&c.antal=minst", None),
            ("c=&c.antal=exakt", None),
        ];
        for (form, expected) in cases {
            assert_eq!(
                quantity(&Fields::parse(form.as_bytes()), "c"),
                expected,
                "{form}"
            );
        }
    }

    #[test]
    fn dates_are_a_day_a_range_or_a_month_as_typed() {
        let cases = [
            ("occurred=2017-10-03", Some(json!("2017-10-03"))),
            (
                "occurred=2017-10-03&occurred.to=2017-10-05",
                Some(json!({"from": "2017-10-03", "to": "2017-10-05"})),
            ),
            (
                "occurred.month=2016-02",
                Some(json!({"from": "2016-02-01", "to": "2016-02-29"})),
            ),
            ("occurred.month=februari", Some(json!("februari"))),
            ("occurred=igår", Some(json!("igår"))),
            ("occurred=", None),
        ];
        for (form, expected) in cases {
            assert_eq!(
                occurred(&Fields::parse(form.as_bytes()), "occurred"),
                expected,
                "{form}"
            );
        }
    }
}
