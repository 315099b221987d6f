//! Reading a JSON document into a [`Value`] while refusing a key given twice in one
//! object, at any depth. `serde_json` keeps the last copy and drops the first without
//! a word, so `{"summary": "…", "summary": "…"}` would record only what the client
//! did not look at last. The HTTP append body and every import line are read here.
//!
//! The value is built by the same kind of visitor as `serde_json`'s own, so reading
//! costs no more; the only addition is one look-up per key.

use crate::privacy::redact_identity_numbers;
use serde::de::{DeserializeSeed, Error as _, MapAccess, SeqAccess, Visitor};
use serde::Deserializer;
use serde_json::{Map, Number, Value};
use std::cell::RefCell;
use std::fmt;

/// Why a document was refused.
#[derive(Debug, thiserror::Error)]
pub enum JsonRefused {
    /// Not JSON at all (or nested too deeply); serde_json's message says where.
    #[error("{0}")]
    Syntax(serde_json::Error),
    /// A key appears twice in one object.
    #[error("the key {key:?} appears twice in {where_}", where_ = describe(path))]
    DuplicateKey {
        /// Where the object is, e.g. `events[0].data` (empty: the whole document).
        path: String,
        /// The key, with any identity number in it redacted.
        key: String,
    },
}

impl JsonRefused {
    /// The path of the repeated key itself, e.g. `events[0].data.summary`, for
    /// naming the field in a refusal.
    pub fn key_path(&self) -> Option<String> {
        match self {
            Self::Syntax(_) => None,
            Self::DuplicateKey { path, key } if path.is_empty() => Some(key.clone()),
            Self::DuplicateKey { path, key } => Some(format!("{path}.{key}")),
        }
    }
}

fn describe(path: &str) -> String {
    if path.is_empty() {
        "the top-level object".to_owned()
    } else {
        format!("the object at {path}")
    }
}

/// Reads `bytes` as one JSON document, refusing duplicate keys.
pub fn json_with_unique_keys(bytes: &[u8]) -> Result<Value, JsonRefused> {
    let found = RefCell::new(None);
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let read = ValueSeed {
        at: Place::Root,
        found: &found,
    }
    .deserialize(&mut deserializer)
    .and_then(|value| deserializer.end().map(|()| value));
    match (read, found.into_inner()) {
        (_, Some(duplicate)) => Err(duplicate),
        (Ok(value), None) => Ok(value),
        (Err(e), None) => Err(JsonRefused::Syntax(e)),
    }
}

/// Where a value sits, as a chain back to the root: built only when a duplicate is
/// found, so reading allocates nothing for paths.
#[derive(Clone, Copy)]
enum Place<'p> {
    Root,
    Key(&'p Place<'p>, &'p str),
    Index(&'p Place<'p>, usize),
}

impl Place<'_> {
    fn path(&self) -> String {
        match self {
            Place::Root => String::new(),
            Place::Key(parent, key) => {
                let key = redact_identity_numbers(key);
                match parent.path() {
                    p if p.is_empty() => key.into_owned(),
                    p => format!("{p}.{key}"),
                }
            }
            Place::Index(parent, index) => format!("{}[{index}]", parent.path()),
        }
    }
}

struct ValueSeed<'p, 'f> {
    at: Place<'p>,
    /// The duplicate, when one was found: serde's errors carry only a message.
    found: &'f RefCell<Option<JsonRefused>>,
}

impl<'de> DeserializeSeed<'de> for ValueSeed<'_, '_> {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ValueSeed<'_, '_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        // serde_json never hands over a non-finite number.
        Ok(Number::from_f64(v).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        loop {
            let at = Place::Index(&self.at, items.len());
            let seed = ValueSeed {
                at,
                found: self.found,
            };
            match seq.next_element_seed(seed)? {
                Some(item) => items.push(item),
                None => return Ok(Value::Array(items)),
            }
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Value, A::Error> {
        let mut map = Map::new();
        while let Some(key) = access.next_key::<String>()? {
            if map.contains_key(&key) {
                self.found.replace(Some(JsonRefused::DuplicateKey {
                    path: self.at.path(),
                    key: redact_identity_numbers(&key).into_owned(),
                }));
                return Err(A::Error::custom("a key appears twice"));
            }
            let value = access.next_value_seed(ValueSeed {
                at: Place::Key(&self.at, &key),
                found: self.found,
            })?;
            map.insert(key, value);
        }
        Ok(Value::Object(map))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_what_serde_json_reads() {
        let documents = [
            r#"{"a": 1, "b": [true, null, -2, 3.5, "x"], "c": {"d": {}}}"#,
            "[]",
            "\"text\"",
            "18446744073709551615",
            r#"{"events": [{"type": "retraction", "data": {"target": "x"}}]}"#,
        ];
        for document in documents {
            let expected: Value = serde_json::from_str(document).unwrap();
            assert_eq!(
                json_with_unique_keys(document.as_bytes()).unwrap(),
                expected,
                "{document}"
            );
        }
    }

    #[test]
    fn refuses_a_repeated_key_at_any_depth_naming_it() {
        let cases = [
            (r#"{"a": 1, "a": 2}"#, "", "a", "a"),
            (
                r#"{"events": [{"data": {"summary": "x", "summary": "y"}}]}"#,
                "events[0].data",
                "summary",
                "events[0].data.summary",
            ),
            (
                r#"{"events": [{}, {"type": "a", "data": {}, "type": "b"}]}"#,
                "events[1]",
                "type",
                "events[1].type",
            ),
            (
                r#"[[{"x": {"y": 1, "y": {"z": 2}}}]]"#,
                "[0][0].x",
                "y",
                "[0][0].x.y",
            ),
        ];
        for (document, object, key, key_path) in cases {
            let refused = json_with_unique_keys(document.as_bytes()).unwrap_err();
            let JsonRefused::DuplicateKey { path, key: found } = &refused else {
                panic!("{document}: {refused}");
            };
            assert_eq!((path.as_str(), found.as_str()), (object, key), "{document}");
            assert_eq!(refused.key_path().as_deref(), Some(key_path), "{document}");
        }
    }

    #[test]
    fn the_same_key_in_different_objects_is_fine() {
        let document = r#"{"a": {"x": 1}, "b": {"x": 2}, "c": [{"x": 3}, {"x": 4}]}"#;
        assert_eq!(
            json_with_unique_keys(document.as_bytes()).unwrap(),
            json!({"a": {"x": 1}, "b": {"x": 2}, "c": [{"x": 3}, {"x": 4}]})
        );
    }

    #[test]
    fn a_repeated_key_holding_a_number_is_named_without_it() {
        let refused = json_with_unique_keys(br#"{"p6408233234": 1, "p6408233234": 2}"#)
            .unwrap_err()
            .to_string();
        assert!(refused.contains("p##########"), "{refused}");
        assert!(!refused.contains("6408233234"), "{refused}");
    }

    #[test]
    fn syntax_errors_and_trailing_bytes_are_syntax_errors() {
        for document in ["{", "{\"a\": 1} x", "", "[1,]"] {
            assert!(
                matches!(
                    json_with_unique_keys(document.as_bytes()),
                    Err(JsonRefused::Syntax(_))
                ),
                "{document}"
            );
        }
    }
}
