//! A small map kept as one sorted vector, for what there is one of per team: the per-team parts of the
//! scores (levels, dimensions, subdimensions, activities) and a team's activities in the model. A
//! `BTreeMap` allocates a node of 11 slots for even one entry, and a team has 31 level maps and 7 other
//! maps: at 10,000 teams the scores took 330 MB, most of it these maps (BENCHMARKS.md). Serialises exactly as a `BTreeMap` with the same entries (a JSON object with
//! keys in order).
//!
//! Written here rather than taken from a crate: `litemap`, the nearest, serialises an empty map as a
//! JSON array, which would change scores.json.

use serde::ser::{Serialize, SerializeMap, Serializer};
use std::borrow::Borrow;

/// Entries sorted by key, each key once (a later insert replaces the value, as in a `BTreeMap`).
#[derive(Debug, Clone, PartialEq)]
pub struct Keyed<K, V>(Vec<(K, V)>);

impl<K, V> Default for Keyed<K, V> {
    fn default() -> Self {
        Keyed(Vec::new())
    }
}

impl<K: Ord, V> Keyed<K, V> {
    fn find<Q: Ord + ?Sized>(&self, key: &Q) -> Result<usize, usize>
    where
        K: Borrow<Q>,
    {
        self.0.binary_search_by(|(k, _)| k.borrow().cmp(key))
    }

    pub fn get<Q: Ord + ?Sized>(&self, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
    {
        self.find(key).ok().map(|i| &self.0[i].1)
    }

    pub fn get_mut<Q: Ord + ?Sized>(&mut self, key: &Q) -> Option<&mut V>
    where
        K: Borrow<Q>,
    {
        self.find(key).ok().map(|i| &mut self.0[i].1)
    }

    pub fn contains_key<Q: Ord + ?Sized>(&self, key: &Q) -> bool
    where
        K: Borrow<Q>,
    {
        self.find(key).is_ok()
    }

    /// Inserts or replaces; returns the value replaced.
    pub fn insert(&mut self, key: K, value: V) -> Option<V> {
        match self.find(&key) {
            Ok(i) => Some(std::mem::replace(&mut self.0[i].1, value)),
            Err(i) => {
                self.0.insert(i, (key, value));
                None
            }
        }
    }
}

impl<K: Ord, V: Default> Keyed<K, V> {
    /// The value of `key`, inserted as the default first if missing (`BTreeMap::entry(k).or_default()`).
    pub fn entry_or_default(&mut self, key: K) -> &mut V {
        let i = match self.find(&key) {
            Ok(i) => i,
            Err(i) => {
                self.0.insert(i, (key, V::default()));
                i
            }
        };
        &mut self.0[i].1
    }
}

impl<K, V> Keyed<K, V> {
    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Entries in key order.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = (&K, &V)> + ExactSizeIterator {
        self.0.iter().map(|(k, v)| (k, v))
    }

    pub fn keys(&self) -> impl DoubleEndedIterator<Item = &K> + ExactSizeIterator {
        self.0.iter().map(|(k, _)| k)
    }

    pub fn values(&self) -> impl DoubleEndedIterator<Item = &V> + ExactSizeIterator {
        self.0.iter().map(|(_, v)| v)
    }

    pub fn values_mut(&mut self) -> impl DoubleEndedIterator<Item = &mut V> + ExactSizeIterator {
        self.0.iter_mut().map(|(_, v)| v)
    }

    /// Gives back the room of entries removed or never used (after the map is built).
    pub fn shrink_to_fit(&mut self) {
        self.0.shrink_to_fit();
    }
}

impl<K: Ord, V> FromIterator<(K, V)> for Keyed<K, V> {
    /// As `BTreeMap::from_iter`: sorted by key, and of equal keys the last one kept.
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        let mut v: Vec<(K, V)> = iter.into_iter().collect();
        // Stable: equal keys stay in insertion order, and `dedup_by` below keeps the last of them.
        v.sort_by(|a, b| a.0.cmp(&b.0));
        let mut out: Vec<(K, V)> = Vec::with_capacity(v.len());
        for e in v {
            match out.last_mut() {
                Some(last) if last.0 == e.0 => *last = e,
                _ => out.push(e),
            }
        }
        out.shrink_to_fit();
        Keyed(out)
    }
}

impl<K: Ord + Borrow<Q>, Q: Ord + ?Sized, V> std::ops::Index<&Q> for Keyed<K, V> {
    type Output = V;
    /// As `BTreeMap`'s: panics when the key is missing.
    fn index(&self, key: &Q) -> &V {
        self.get(key).expect("no entry found for key")
    }
}

impl<'a, K, V> IntoIterator for &'a Keyed<K, V> {
    type Item = (&'a K, &'a V);
    type IntoIter = std::iter::Map<std::slice::Iter<'a, (K, V)>, fn(&'a (K, V)) -> (&'a K, &'a V)>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter().map(|(k, v)| (k, v))
    }
}

impl<K: Serialize, V: Serialize> Serialize for Keyed<K, V> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

/// The keys of the per-level maps ("1" to "5").
pub const LEVEL_KEYS: [&str; 5] = ["1", "2", "3", "4", "5"];

/// A value per level 1 to 5, inline (a team's scores have 31 of them); serialises as the map
/// `{"1": .., "5": ..}`, as a `BTreeMap<String, _>` with those keys did.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Levels<V>(pub [V; 5]);

impl<V> Levels<V> {
    /// The value of level `key` ("1" to "5").
    pub fn get(&self, key: &str) -> Option<&V> {
        LEVEL_KEYS
            .iter()
            .position(|k| *k == key)
            .map(|i| &self.0[i])
    }

    pub fn values_mut(&mut self) -> impl Iterator<Item = &mut V> {
        self.0.iter_mut()
    }
}

impl<V: Serialize> Serialize for Levels<V> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(5))?;
        for (k, v) in LEVEL_KEYS.iter().zip(&self.0) {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

#[cfg(test)]
mod tests {
    use super::Keyed;
    use std::collections::BTreeMap;

    #[test]
    fn levels_serialise_as_a_btreemap() {
        let l = super::Levels([Some(0.5), None, Some(1.0), None, Some(0.0)]);
        let b: BTreeMap<String, Option<f64>> =
            (1..=5).map(|i| (i.to_string(), l.0[i - 1])).collect();
        assert_eq!(
            serde_json::to_string(&l).unwrap(),
            serde_json::to_string(&b).unwrap()
        );
        assert_eq!(l.get("3"), Some(&Some(1.0)));
        assert_eq!(l.get("6"), None);
    }

    #[test]
    fn behaves_and_serialises_as_a_btreemap() {
        let cases: &[&[(&str, i32)]] = &[
            &[],
            &[("b", 1)],
            &[("b", 1), ("a", 2), ("c", 3)],
            &[("b", 1), ("a", 2), ("b", 3), ("a", 4)],
        ];
        for entries in cases {
            let k: Keyed<String, i32> = entries.iter().map(|(a, b)| (a.to_string(), *b)).collect();
            let b: BTreeMap<String, i32> =
                entries.iter().map(|(a, b)| (a.to_string(), *b)).collect();
            assert_eq!(
                serde_json::to_string(&k).unwrap(),
                serde_json::to_string(&b).unwrap()
            );
            assert_eq!(k.len(), b.len());
            assert!(k.iter().eq(b.iter()));
            for key in ["a", "b", "c", "d"] {
                assert_eq!(k.get(key), b.get(key));
            }
            let mut k2 = Keyed::default();
            let mut b2 = BTreeMap::new();
            for (a, v) in entries.iter() {
                assert_eq!(k2.insert(a.to_string(), *v), b2.insert(a.to_string(), *v));
            }
            assert!(k2.iter().eq(b2.iter()));
        }
    }
}
