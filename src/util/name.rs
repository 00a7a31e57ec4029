//! A shared, immutable name: one allocation for a catalogue uuid or a dimension's name, however many
//! teams' scores are keyed by it (a `String` key per team and activity took 20 MB at 10,000 teams).
//! Orders, compares, hashes and serialises as the string itself.

use serde::{Serialize, Serializer};
use std::borrow::Borrow;
use std::fmt;
use std::ops::Deref;
use std::sync::Arc;

#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Name(Arc<str>);

impl Name {
    pub fn new(s: &str) -> Name {
        Name(Arc::from(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Deref for Name {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl Borrow<str> for Name {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl From<&str> for Name {
    fn from(s: &str) -> Name {
        Name::new(s)
    }
}

impl PartialEq<str> for Name {
    fn eq(&self, other: &str) -> bool {
        &*self.0 == other
    }
}

impl PartialEq<String> for Name {
    fn eq(&self, other: &String) -> bool {
        *self.0 == **other
    }
}

impl fmt::Debug for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

impl fmt::Display for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&*self.0, f)
    }
}

impl Serialize for Name {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::Name;

    #[test]
    fn behaves_as_the_string() {
        let words = ["b", "a", "", "a b", "ä", "B"];
        for x in words {
            let n = Name::new(x);
            assert_eq!(
                serde_json::to_string(&n).unwrap(),
                serde_json::to_string(x).unwrap()
            );
            assert_eq!(format!("{n:?}"), format!("{x:?}"));
            assert_eq!(n.to_string(), x);
            for y in words {
                assert_eq!(n.cmp(&Name::new(y)), x.cmp(y), "{x} {y}");
            }
        }
    }
}
