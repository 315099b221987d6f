//! Lists that must hold at least one item, e.g. the places of an activity.

use crate::error::Invalid;
use crate::fields::{Cursor, FromJson};
use serde_json::Value;

/// A list with at least one item and no repeated items.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(transparent)]
pub struct NonEmpty<T>(Vec<T>);

impl<T: PartialEq> NonEmpty<T> {
    pub fn parse(items: Vec<T>) -> Result<Self, Invalid> {
        if items.is_empty() {
            return Err(Invalid::new("must not be empty", "give at least one item"));
        }
        if items
            .iter()
            .enumerate()
            .any(|(i, item)| items[..i].contains(item))
        {
            return Err(Invalid::new("repeats an item", "list each item once"));
        }
        Ok(Self(items))
    }
}

impl<T> NonEmpty<T> {
    pub fn first(&self) -> &T {
        &self.0[0]
    }

    pub fn as_slice(&self) -> &[T] {
        &self.0
    }

    pub fn iter(&self) -> std::slice::Iter<'_, T> {
        self.0.iter()
    }
}

impl<'a, T> IntoIterator for &'a NonEmpty<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl<T: FromJson + PartialEq> FromJson for NonEmpty<T> {
    fn expected() -> String {
        format!("a non-empty list of {}", T::expected())
    }

    fn from_json(value: &Value, at: &mut Cursor) -> Option<Self> {
        let items = Vec::<T>::from_json(value, at)?;
        if items.is_empty() {
            at.reject(Invalid::new(
                "must not be empty",
                format!("give at least one: {}", T::expected()),
            ));
            return None;
        }
        Some(Self(items))
    }
}

impl<T: schemars::JsonSchema> schemars::JsonSchema for NonEmpty<T> {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        format!("NonEmpty_{}", T::schema_name()).into()
    }

    fn inline_schema() -> bool {
        true
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "array",
            "items": generator.subschema_for::<T>(),
            "minItems": 1,
            "maxItems": crate::fields::MAX_LIST_ITEMS,
            "uniqueItems": true
        })
    }
}
