//! The index's maps in a checkpoint: written as a sequence of (key, value)
//! pairs, as a `Vec` of them is, and read back straight into a map. At
//! millions of activities neither side makes a second copy of the map: the
//! checkpoint is written every few seconds, and read at every start.

use std::collections::HashMap;
use std::fmt;
use std::hash::Hash;
use std::marker::PhantomData;

use serde::de::{SeqAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The most entries reserved before the first is read. A checkpoint says how
/// many it holds, and its seal is checked before it is read; past this
/// (2.5 times a 10M-event log's activities) the map grows as the entries
/// come, so that not even a forged length can reserve more.
const MOST_RESERVED: usize = 1 << 24;

/// A map written as a sequence of (key, value) pairs.
pub(super) struct AsPairs<'a, K, V>(pub &'a HashMap<K, V>);

impl<K: Serialize, V: Serialize> Serialize for AsPairs<'_, K, V> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.iter())
    }
}

/// A map read from a sequence of (key, value) pairs, sized once for all of
/// them: no `Vec` of the pairs first, and no growing (each growth moves
/// every entry read so far).
pub(super) struct PairsMap<K, V>(pub HashMap<K, V>);

impl<'de, K, V> Deserialize<'de> for PairsMap<K, V>
where
    K: Deserialize<'de> + Eq + Hash,
    V: Deserialize<'de>,
{
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_seq(PairsVisitor(PhantomData))
    }
}

struct PairsVisitor<K, V>(PhantomData<(K, V)>);

impl<'de, K, V> Visitor<'de> for PairsVisitor<K, V>
where
    K: Deserialize<'de> + Eq + Hash,
    V: Deserialize<'de>,
{
    type Value = PairsMap<K, V>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a sequence of (key, value) pairs")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut pairs: A) -> Result<Self::Value, A::Error> {
        let reserved = pairs.size_hint().unwrap_or(0).min(MOST_RESERVED);
        let mut map = HashMap::with_capacity(reserved);
        while let Some((key, value)) = pairs.next_element()? {
            map.insert(key, value);
        }
        Ok(PairsMap(map))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What `AsPairs` writes is what a `Vec` of the pairs writes (the
    /// checkpoint's format), and it reads back as the same map, sized for
    /// its entries from the start.
    #[test]
    fn a_map_is_written_as_its_pairs_and_read_back_whole() {
        let map: HashMap<u32, String> = (0..1000).map(|n| (n, format!("v{n}"))).collect();
        let bytes = postcard::to_stdvec(&AsPairs(&map)).unwrap();
        let as_vec: Vec<(u32, String)> = postcard::from_bytes(&bytes).unwrap();
        assert_eq!(as_vec.into_iter().collect::<HashMap<_, _>>(), map);
        let PairsMap(read) = postcard::from_bytes::<PairsMap<u32, String>>(&bytes).unwrap();
        assert!(read.capacity() >= 1000 && read.capacity() < 2000);
        assert_eq!(read, map);
    }

    /// A length past the pairs that follow it is an error.
    #[test]
    fn a_length_past_the_pairs_is_an_error() {
        let mut bytes = postcard::to_stdvec(&1000u32).unwrap();
        bytes.extend_from_slice(&postcard::to_stdvec(&(1u32, 2u32)).unwrap());
        assert!(postcard::from_bytes::<PairsMap<u32, u32>>(&bytes).is_err());
    }
}
