//! `Keyed`: a value of one of the follow-up's interned tables (`tables.rs`)
//! with the key it is looked up by. A leaf, so that a row type can say its
//! key beside its definition without its module and `tables` importing
//! each other.

use std::hash::Hash;

/// A value of an interned table, with the key it is looked up by: the same
/// key type for the stored value and for a borrowed reading of one, so a
/// lookup needs no copy.
pub(crate) trait Keyed {
    type Key<'a>: Hash
    where
        Self: 'a;
    fn key(&self) -> Self::Key<'_>;
    /// Whether this is the value with `key`.
    fn is(&self, key: &Self::Key<'_>) -> bool;
}

impl Keyed for Vec<String> {
    type Key<'a> = Vec<&'a str>;
    fn key(&self) -> Self::Key<'_> {
        self.iter().map(String::as_str).collect()
    }
    fn is(&self, key: &Self::Key<'_>) -> bool {
        self.len() == key.len() && self.iter().zip(key).all(|(a, b)| a == b)
    }
}
