//! Reading untrusted JSON into validated types while collecting every problem with its
//! path. serde stops at the first error; reporters deserve the whole list.

use crate::error::{FieldError, Invalid};
use crate::privacy::{quoted, redact_identity_numbers};
use chrono::NaiveDate;
use serde_json::{Map, Value};
use std::fmt::Write;

/// What parsing may depend on besides the JSON itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ParseContext {
    /// `Some` for new events (dates are checked against it); `None` when reading stored
    /// events: they were checked on the day they were recorded, and re-checking them
    /// against a later "today" would refuse history.
    pub(crate) today: Option<NaiveDate>,
}

impl ParseContext {
    pub(crate) const STORED: Self = Self { today: None };

    pub(crate) fn source(self) -> Source {
        match self.today {
            Some(_) => Source::Incoming,
            None => Source::Stored,
        }
    }
}

/// Whether a string comes in now or was stored earlier. The rules on personal data
/// and misleading text are applied to what comes in. What is stored passed the rules
/// of its day, and is read as it stands: a rule made stricter later must not make the
/// log unreadable (a follow-up that cannot be built, a stream that takes no
/// correction), just as dates are not checked against a later "today".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Source {
    Incoming,
    Stored,
}

/// Where in the document a value sits: the steps from the root, written out
/// only when a problem there is reported, so reading a valid event builds no
/// path strings.
#[derive(Clone, Copy)]
enum Step<'p> {
    Root(&'p str),
    Field(&'p Step<'p>, &'p str),
    /// A field whose name was sent, not known beforehand.
    Entry(&'p Step<'p>, &'p str),
    Item(&'p Step<'p>, usize),
}

impl Step<'_> {
    fn write(&self, path: &mut String) {
        match *self {
            Step::Root(root) => path.push_str(root),
            Step::Field(parent, key) => {
                parent.write(path);
                path.push('.');
                path.push_str(key);
            }
            Step::Entry(parent, name) => {
                parent.write(path);
                path.push('.');
                path.push_str(&redact_identity_numbers(name));
            }
            Step::Item(parent, index) => {
                parent.write(path);
                // Writing to a `String` cannot fail.
                let _ = write!(path, "[{index}]");
            }
        }
    }
}

/// Where in the document a value sits, and where problems go.
pub(crate) struct Cursor<'c> {
    at: Step<'c>,
    errors: &'c mut Vec<FieldError>,
    ctx: ParseContext,
}

impl<'c> Cursor<'c> {
    pub(crate) fn new(root: &'c str, errors: &'c mut Vec<FieldError>, ctx: ParseContext) -> Self {
        Self {
            at: Step::Root(root),
            errors,
            ctx,
        }
    }

    pub(crate) fn field<'a>(&'a mut self, key: &'a str) -> Cursor<'a> {
        Cursor {
            at: Step::Field(&self.at, key),
            errors: self.errors,
            ctx: self.ctx,
        }
    }

    /// A field whose name was sent, not known beforehand (a fact name, a misspelt
    /// field): named in paths with identity numbers redacted.
    pub(crate) fn entry<'a>(&'a mut self, name: &'a str) -> Cursor<'a> {
        Cursor {
            at: Step::Entry(&self.at, name),
            errors: self.errors,
            ctx: self.ctx,
        }
    }

    pub(crate) fn item(&mut self, index: usize) -> Cursor<'_> {
        Cursor {
            at: Step::Item(&self.at, index),
            errors: self.errors,
            ctx: self.ctx,
        }
    }

    /// The path of this place, e.g. `data.places[0]`.
    fn path(&self) -> String {
        let mut path = String::new();
        self.at.write(&mut path);
        path
    }

    pub(crate) fn error_count(&self) -> usize {
        self.errors.len()
    }

    pub(crate) fn ctx(&self) -> ParseContext {
        self.ctx
    }

    pub(crate) fn reject(&mut self, invalid: Invalid) {
        let path = self.path();
        self.errors.push(FieldError {
            path,
            problem: invalid.problem,
            expected: invalid.expected,
        });
    }

    pub(crate) fn check<T>(&mut self, result: Result<T, Invalid>) -> Option<T> {
        result.map_err(|invalid| self.reject(invalid)).ok()
    }
}

/// A type that can be read from a JSON value, reporting problems at the cursor.
pub(crate) trait FromJson: Sized {
    /// What a correct value looks like, for "is required" messages.
    fn expected() -> String;
    fn from_json(value: &Value, at: &mut Cursor) -> Option<Self>;
}

/// A JSON object being read field by field; unread fields are refused at the end, so a
/// misspelt optional field is not silently dropped.
pub(crate) struct Object<'v> {
    map: &'v Map<String, Value>,
    read: Vec<&'static str>,
    /// A correction gives only the changed fields: missing ones are not errors there.
    partial: bool,
}

impl<'v> Object<'v> {
    pub(crate) fn open(value: &'v Value, at: &mut Cursor) -> Option<Self> {
        Self::open_with(value, at, false)
    }

    pub(crate) fn open_partial(value: &'v Value, at: &mut Cursor) -> Option<Self> {
        Self::open_with(value, at, true)
    }

    fn open_with(value: &'v Value, at: &mut Cursor, partial: bool) -> Option<Self> {
        match value {
            Value::Object(map) => Some(Self {
                map,
                read: Vec::new(),
                partial,
            }),
            other => {
                at.reject(Invalid::new(
                    format!("must be a JSON object, not {}", kind_of(other)),
                    "give an object with named fields, e.g. {\"summary\": \"...\"}",
                ));
                None
            }
        }
    }

    /// Whether only some fields are given (a correction's changes).
    pub(crate) fn is_partial(&self) -> bool {
        self.partial
    }

    /// The raw value of a field, marking it as read.
    pub(crate) fn raw(&mut self, key: &'static str) -> Option<&'v Value> {
        self.read.push(key);
        self.map.get(key).filter(|v| !v.is_null())
    }

    pub(crate) fn required<T: FromJson>(
        &mut self,
        at: &mut Cursor,
        key: &'static str,
    ) -> Option<T> {
        self.required_with(at, key, &T::expected(), T::from_json)
    }

    pub(crate) fn required_with<T>(
        &mut self,
        at: &mut Cursor,
        key: &'static str,
        expected: &str,
        parse: impl FnOnce(&Value, &mut Cursor) -> Option<T>,
    ) -> Option<T> {
        match self.raw(key) {
            Some(value) => parse(value, &mut at.field(key)),
            None => {
                if !self.partial {
                    at.field(key).reject(Invalid::new(
                        "is required but missing",
                        format!("give {expected}"),
                    ));
                }
                None
            }
        }
    }

    /// `Some(None)` when absent or null, `None` when present but invalid.
    pub(crate) fn optional<T: FromJson>(
        &mut self,
        at: &mut Cursor,
        key: &'static str,
    ) -> Option<Option<T>> {
        self.optional_with(at, key, T::from_json)
    }

    pub(crate) fn optional_with<T>(
        &mut self,
        at: &mut Cursor,
        key: &'static str,
        parse: impl FnOnce(&Value, &mut Cursor) -> Option<T>,
    ) -> Option<Option<T>> {
        match self.raw(key) {
            Some(value) => parse(value, &mut at.field(key)).map(Some),
            None => Some(None),
        }
    }

    /// A list that may be left out, meaning empty.
    pub(crate) fn list<T: FromJson + PartialEq>(
        &mut self,
        at: &mut Cursor,
        key: &'static str,
    ) -> Option<Vec<T>> {
        self.optional::<Vec<T>>(at, key)
            .map(Option::unwrap_or_default)
    }

    /// A flag that may be left out, meaning false.
    pub(crate) fn flag(&mut self, at: &mut Cursor, key: &'static str) -> Option<bool> {
        self.optional::<bool>(at, key)
            .map(Option::unwrap_or_default)
    }

    /// Refuses fields nobody read: typos must not vanish.
    pub(crate) fn finish(self, at: &mut Cursor) {
        for key in self.map.keys() {
            if !self.read.contains(&key.as_str()) {
                at.entry(key).reject(Invalid::new(
                    "is not a known field here",
                    format!(
                        "remove it or fix its name; known fields: {}",
                        self.read.join(", ")
                    ),
                ));
            }
        }
    }
}

pub(crate) fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

pub(crate) fn string<'v>(value: &'v Value, at: &mut Cursor, expected: &str) -> Option<&'v str> {
    match value {
        Value::String(s) => Some(s),
        other => {
            at.reject(Invalid::new(
                format!("must be a string, not {}", kind_of(other)),
                format!("give {expected}"),
            ));
            None
        }
    }
}

/// A whole number; fractions and other types are refused with a message.
pub(crate) fn integer(value: &Value, at: &mut Cursor, expected: &str) -> Option<i64> {
    match value {
        Value::Number(n) => match n.as_i64() {
            Some(i) => Some(i),
            None => {
                let problem = if n.as_u64().is_some() {
                    format!(
                        "{} is far too large",
                        redact_identity_numbers(&n.to_string())
                    )
                } else {
                    format!(
                        "{} is not a whole number",
                        redact_identity_numbers(&n.to_string())
                    )
                };
                at.reject(Invalid::new(problem, format!("give {expected}")));
                None
            }
        },
        other => {
            at.reject(Invalid::new(
                format!("must be a number, not {}", kind_of(other)),
                format!("give {expected}"),
            ));
            None
        }
    }
}

/// Implements [`FromJson`] for a type with `parse(&str) -> Result<Self, Invalid>`, or,
/// given `parse_from`, with `parse_from(&str, Source)` (types whose rules are
/// applied only to what comes in).
macro_rules! from_json_via_str {
    ($type:ty, $expected:expr, parse_from) => {
        $crate::fields::from_json_via_str!(@impl $type, $expected, |raw, source| {
            <$type>::parse_from(raw, source)
        });
    };
    ($type:ty, $expected:expr) => {
        $crate::fields::from_json_via_str!(@impl $type, $expected, |raw, _source| {
            <$type>::parse(raw)
        });
    };
    (@impl $type:ty, $expected:expr, |$raw:ident, $source:ident| $parse:block) => {
        impl $crate::fields::FromJson for $type {
            fn expected() -> String {
                String::from($expected)
            }

            fn from_json(
                value: &serde_json::Value,
                at: &mut $crate::fields::Cursor,
            ) -> Option<Self> {
                let $raw = $crate::fields::string(value, at, $expected)?;
                let $source = at.ctx().source();
                at.check($parse)
            }
        }
    };
}
pub(crate) use from_json_via_str;

/// Implements [`FromJson`] for a struct read field by field with `read(&mut Object, at)`.
macro_rules! from_json_via_object {
    ($type:ty, $expected:expr) => {
        impl $crate::fields::FromJson for $type {
            fn expected() -> String {
                String::from($expected)
            }

            fn from_json(
                value: &serde_json::Value,
                at: &mut $crate::fields::Cursor,
            ) -> Option<Self> {
                let mut object = $crate::fields::Object::open(value, at)?;
                let parsed = <$type>::read(&mut object, at);
                object.finish(at);
                parsed
            }
        }
    };
}
pub(crate) use from_json_via_object;

impl FromJson for bool {
    fn expected() -> String {
        "true or false".into()
    }

    fn from_json(value: &Value, at: &mut Cursor) -> Option<Self> {
        match value {
            Value::Bool(b) => Some(*b),
            other => {
                at.reject(Invalid::new(
                    format!("must be true or false, not {}", kind_of(other)),
                    "give true or false",
                ));
                None
            }
        }
    }
}

impl FromJson for uuid::Uuid {
    fn expected() -> String {
        "an event or stream id as a UUID, e.g. \"0196a3c2-0000-7000-8000-000000000001\"".into()
    }

    fn from_json(value: &Value, at: &mut Cursor) -> Option<Self> {
        let raw = string(value, at, &Self::expected())?;
        at.check(uuid::Uuid::parse_str(raw).map_err(|_| {
            Invalid::new(
                format!("{} is not a UUID", quoted(raw)),
                format!("give {}", Self::expected()),
            )
        }))
    }
}

/// Up to this many items per list: a report, not a bulk load.
pub(crate) const MAX_LIST_ITEMS: usize = 50;

/// Lists refuse repeated items: a place or party listed twice is a typo, not emphasis.
impl<T: FromJson + PartialEq> FromJson for Vec<T> {
    fn expected() -> String {
        format!("a list of {}", T::expected())
    }

    fn from_json(value: &Value, at: &mut Cursor) -> Option<Self> {
        let Value::Array(items) = value else {
            at.reject(Invalid::new(
                format!("must be a list, not {}", kind_of(value)),
                format!("give {}", Self::expected()),
            ));
            return None;
        };
        if items.len() > MAX_LIST_ITEMS {
            at.reject(Invalid::new(
                format!(
                    "has {} items, more than the {MAX_LIST_ITEMS} allowed",
                    items.len()
                ),
                "split the report or summarise",
            ));
            return None;
        }
        let mut parsed = Vec::with_capacity(items.len());
        let mut all_valid = true;
        for (index, item) in items.iter().enumerate() {
            let mut at_item = at.item(index);
            match T::from_json(item, &mut at_item) {
                Some(value) if parsed.contains(&value) => {
                    at_item.reject(Invalid::new(
                        "repeats an earlier item",
                        "list each item once",
                    ));
                    all_valid = false;
                }
                Some(value) => parsed.push(value),
                None => all_valid = false,
            }
        }
        all_valid.then_some(parsed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_problem_is_reported_at_the_path_of_every_step() {
        let mut errors = Vec::new();
        let mut root = Cursor::new("data", &mut errors, ParseContext::STORED);
        root.field("places")
            .item(2)
            .reject(Invalid::new("is empty", "a place"));
        root.field("facts")
            .entry("sedd_640823-3234")
            .item(0)
            .reject(Invalid::new("is not a count", "a whole number"));
        root.reject(Invalid::new("is not an object", "an object"));
        let paths: Vec<&str> = errors.iter().map(|e| e.path.as_str()).collect();
        assert_eq!(paths[0], "data.places[2]");
        assert!(paths[1].starts_with("data.facts.sedd_"), "{}", paths[1]);
        assert!(paths[1].ends_with("[0]"), "{}", paths[1]);
        assert!(
            !paths[1].contains("640823"),
            "never an identity number in a path"
        );
        assert_eq!(paths[2], "data");
    }
}
