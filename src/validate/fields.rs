//! Typed reads from YAML nodes that report a diagnostic (with file:line:col) instead of failing.

use crate::load::yaml::{Kind, Node};
use crate::util::date::Date;
use crate::util::diag::{Diagnostics, Pos};

/// The file being validated and where its diagnostics go.
pub struct Ctx<'a> {
    pub file: &'a str,
    pub diags: &'a mut Diagnostics,
}

impl<'a> Ctx<'a> {
    pub fn new(file: &'a str, diags: &'a mut Diagnostics) -> Self {
        Ctx { file, diags }
    }

    pub fn error(
        &mut self,
        pos: Pos,
        code: &'static str,
        msg: impl Into<String>,
        hint: impl Into<String>,
    ) {
        let hint = hint.into();
        let d = self.diags.error(self.file, pos, code, msg);
        if !hint.is_empty() {
            d.hint(hint);
        }
    }

    pub fn warning(
        &mut self,
        pos: Pos,
        code: &'static str,
        msg: impl Into<String>,
        hint: impl Into<String>,
    ) {
        let hint = hint.into();
        let d = self.diags.warning(self.file, pos, code, msg);
        if !hint.is_empty() {
            d.hint(hint);
        }
    }

    fn wrong_type(&mut self, node: &Node, what: &str, expected: &str) {
        self.error(
            node.pos,
            "wrong-type",
            format!("`{what}` must be {expected}, found {}", node.type_name()),
            "",
        );
    }

    /// A mapping's entries; a null node is an empty mapping.
    pub fn map<'n>(&mut self, node: &'n Node, what: &str) -> &'n [(Node, Node)] {
        match &node.kind {
            Kind::Map(m) => m,
            Kind::Null => &[],
            _ => {
                self.wrong_type(node, what, "a mapping (`key: value` lines)");
                &[]
            }
        }
    }

    /// A list's items; a null node is empty, a single scalar counts as a one-item list.
    pub fn seq<'n>(&mut self, node: &'n Node, what: &str) -> &'n [Node] {
        match &node.kind {
            Kind::Seq(s) => s,
            Kind::Null => &[],
            Kind::Scalar(..) => std::slice::from_ref(node),
            Kind::Map(_) => {
                self.wrong_type(node, what, "a list");
                &[]
            }
        }
    }

    /// A scalar as text (numbers and booleans as written).
    pub fn text(&mut self, node: &Node, what: &str) -> Option<String> {
        match &node.kind {
            Kind::Scalar(s, _) => Some(s.clone()),
            Kind::Null => None,
            _ => {
                self.wrong_type(node, what, "a text value");
                None
            }
        }
    }

    /// A key's text; keys that are not scalars are reported.
    pub fn key(&mut self, node: &Node) -> Option<String> {
        match &node.kind {
            Kind::Scalar(s, _) => Some(s.clone()),
            _ => {
                self.error(
                    node.pos,
                    "wrong-type",
                    format!("a key must be a text value, found {}", node.type_name()),
                    "",
                );
                None
            }
        }
    }

    /// A list of texts.
    pub fn texts(&mut self, node: &Node, what: &str) -> Vec<String> {
        let items = self.seq(node, what);
        items.iter().filter_map(|n| self.text(n, what)).collect()
    }

    /// An integer within `lo..=hi`.
    pub fn int(&mut self, node: &Node, what: &str, lo: i64, hi: i64) -> Option<i64> {
        let s = self.text(node, what)?;
        match s.trim().parse::<i64>() {
            Ok(v) if (lo..=hi).contains(&v) => Some(v),
            _ => {
                self.error(
                    node.pos,
                    "invalid-number",
                    format!("`{what}` must be a whole number from {lo} to {hi}, found `{s}`"),
                    "",
                );
                None
            }
        }
    }

    /// A date `YYYY-MM-DD`.
    pub fn date(&mut self, node: &Node, what: &str) -> Option<Date> {
        let s = match &node.kind {
            Kind::Scalar(s, _) => s.clone(),
            _ => {
                self.error(
                    node.pos,
                    "invalid-date",
                    format!("{what} needs a date, found {}", node.type_name()),
                    "write the date as YYYY-MM-DD, e.g. 2025-06-07",
                );
                return None;
            }
        };
        let d = Date::parse(&s);
        if d.is_none() {
            self.error(
                node.pos,
                "invalid-date",
                format!("`{s}` is not a valid date for {what}"),
                "write the date as YYYY-MM-DD, e.g. 2025-06-07",
            );
        }
        d
    }

    /// Warns about keys of a mapping that are not in `known`.
    pub fn unknown_keys(&mut self, entries: &[(Node, Node)], known: &[&str], what: &str) {
        for (k, _) in entries {
            if let Some(name) = k.str()
                && !known.contains(&name)
            {
                let hint = match crate::util::diag::did_you_mean(name, known.iter().copied()) {
                    Some(s) => format!("did you mean `{s}`? known keys: {}", known.join(", ")),
                    None => format!("known keys: {}", known.join(", ")),
                };
                self.warning(
                    k.pos,
                    "unknown-key",
                    format!("unknown key `{name}` in {what}; it is ignored"),
                    hint,
                );
            }
        }
    }
}
