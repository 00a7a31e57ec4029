//! Short titles of framework references (ISO 27001 controls, SAMM streams), from the built-in
//! `catalog/references.yaml` (our own words), for the compliance page and its exports.

use crate::load::yaml::{self, Node};
use std::collections::BTreeMap;
use std::sync::OnceLock;

const TITLES: &str = include_str!("../../catalog/references.yaml");

/// The title of `code` in `framework` (`iso27001-2022`, `iso27001-2017`, `samm2`), if known.
pub fn title(framework: &str, code: &str) -> Option<&'static str> {
    static MAP: OnceLock<BTreeMap<(String, String), String>> = OnceLock::new();
    let map = MAP.get_or_init(|| {
        let mut out = BTreeMap::new();
        let docs = yaml::parse(TITLES).unwrap_or_default();
        for (fk, fv) in docs.first().and_then(Node::map).unwrap_or_default() {
            for (ck, cv) in fv.map().unwrap_or_default() {
                if let (Some(f), Some(c), Some(t)) = (fk.str(), ck.str(), cv.str()) {
                    out.insert((f.to_string(), c.to_string()), t.to_string());
                }
            }
        }
        out
    });
    map.get(&(framework.to_string(), code.to_string()))
        .map(String::as_str)
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_reference_of_the_built_in_catalogue_has_a_title() {
        assert!(crate::load::yaml::parse(super::TITLES).is_ok());
        let (cat, _) = crate::read_catalog(None).unwrap();
        let mut missing = Vec::new();
        for a in &cat.activities {
            for (key, _) in crate::score::compliance::FRAMEWORKS {
                for code in crate::score::compliance::codes(a, key) {
                    if super::title(key, code).is_none() {
                        missing.push(format!("{key} {code}"));
                    }
                }
            }
        }
        missing.dedup();
        assert!(missing.is_empty(), "no title for {missing:?}");
    }
}
