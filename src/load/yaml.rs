//! A YAML document as a tree of nodes that remember where they were written (line:column),
//! built from serde-saphyr's event parser with limits against alias bombs and deep nesting.

use crate::util::diag::Pos;
use serde_saphyr::granit_parser::{Event, Parser, ScalarStyle};
use std::collections::HashMap;

/// How many nodes one file may hold. Plain data cannot reach it within the file size limit (a node takes
/// at least two bytes of text), so it admits every organisation the team limit allows; it bounds memory.
pub const MAX_NODES: usize = 32 * 1024 * 1024;
/// How many nodes aliases may add to one file (guards against "billion laughs").
pub const MAX_ALIAS_NODES: usize = 2_000_000;
/// How deeply collections may nest, aliases included (the parser itself stops at 255 block and 255 flow
/// levels, but an alias can hang a deep anchor under another one); keeps every recursive walk of a tree
/// (clone, drop, comparison) far from the stack limit.
pub const MAX_DEPTH: usize = 512;
/// How many bytes of text aliases may copy in one file (one long anchored text repeated is a bomb too).
pub const MAX_ALIAS_BYTES: usize = 16 * 1024 * 1024;

#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    Null,
    /// Scalar text exactly as written (after YAML unescaping) and whether it was a plain (unquoted) scalar.
    Scalar(String, bool),
    Seq(Vec<Node>),
    Map(Vec<(Node, Node)>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub pos: Pos,
    pub kind: Kind,
}

/// A YAML syntax or limit error with the position it was found at.
#[derive(Debug, Clone)]
pub struct SyntaxError {
    pub pos: Pos,
    pub message: String,
    /// A limit of this tool was hit (the text may be valid YAML).
    pub limit: bool,
}

/// A key written twice in one mapping: YAML forbids it, and a reader would silently keep one of them.
#[derive(Debug, Clone, PartialEq)]
pub struct Duplicate {
    pub key: String,
    pub first: Pos,
    pub second: Pos,
}

impl Node {
    pub fn str(&self) -> Option<&str> {
        match &self.kind {
            Kind::Scalar(s, _) => Some(s),
            _ => None,
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(self.kind, Kind::Null)
    }

    pub fn map(&self) -> Option<&[(Node, Node)]> {
        match &self.kind {
            Kind::Map(m) => Some(m),
            _ => None,
        }
    }

    pub fn seq(&self) -> Option<&[Node]> {
        match &self.kind {
            Kind::Seq(s) => Some(s),
            _ => None,
        }
    }

    /// The value of `key` in a mapping.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.map()?
            .iter()
            .find(|(k, _)| k.str() == Some(key))
            .map(|(_, v)| v)
    }

    /// A short name of the node's type, for "expected X, found Y" messages.
    pub fn type_name(&self) -> &'static str {
        match &self.kind {
            Kind::Null => "nothing",
            Kind::Scalar(..) => "a text value",
            Kind::Seq(_) => "a list",
            Kind::Map(_) => "a mapping",
        }
    }
}

fn pos(m: &serde_saphyr::granit_parser::Marker) -> Pos {
    Pos {
        line: m.line() as u32,
        col: m.col() as u32 + 1,
    }
}

/// A collection being built, with the size of what it holds so far.
struct Open {
    frame: Frame,
    anchor: usize,
    size: Size,
}

enum Frame {
    Seq(Pos, Vec<Node>),
    Map(Pos, Vec<(Node, Node)>, Option<Node>),
}

/// What a finished node costs: nodes, nesting depth and scalar bytes (tracked so anchors never need a walk).
#[derive(Clone, Copy, Default)]
struct Size {
    nodes: usize,
    depth: usize,
    bytes: usize,
}

impl Size {
    fn add(&mut self, child: Size) {
        self.nodes += child.nodes;
        self.depth = self.depth.max(child.depth);
        self.bytes += child.bytes;
    }
}

fn limit(at: Pos, message: String) -> SyntaxError {
    SyntaxError {
        pos: at,
        message,
        limit: true,
    }
}

/// Takes what an anchor's copy or an alias's expansion costs from the alias node and text budgets.
fn charge(nodes: &mut usize, bytes: &mut usize, size: Size, at: Pos) -> Result<(), SyntaxError> {
    if size.nodes > *nodes {
        let msg = format!("anchors and aliases expand to more than {MAX_ALIAS_NODES} nodes");
        return Err(limit(at, msg));
    }
    if size.bytes > *bytes {
        let msg =
            format!("anchors and aliases expand to more than {MAX_ALIAS_BYTES} bytes of text");
        return Err(limit(at, msg));
    }
    *nodes -= size.nodes;
    *bytes -= size.bytes;
    Ok(())
}

/// Parses every document of a YAML stream into node trees.
pub fn parse(text: &str) -> Result<Vec<Node>, SyntaxError> {
    parse_checked(text).map(|(docs, _)| docs)
}

/// Parses every document, and lists every key written twice in one mapping.
pub fn parse_checked(text: &str) -> Result<(Vec<Node>, Vec<Duplicate>), SyntaxError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut docs = Vec::new();
    let mut duplicates = Vec::new();
    let mut stack: Vec<Open> = Vec::new();
    let mut anchors: HashMap<usize, (Node, Size)> = HashMap::new();
    let mut budget = MAX_NODES;
    let mut alias_nodes = MAX_ALIAS_NODES;
    let mut alias_bytes = MAX_ALIAS_BYTES;
    let mut root: Option<Node> = None;
    for item in Parser::new_from_str(text) {
        let (event, span) = item.map_err(|e| syntax_error(text, pos(e.marker()), e.info()))?;
        let at = pos(&span.start);
        let done: Option<(Node, usize, Size)> = match event {
            Event::StreamStart | Event::StreamEnd | Event::DocumentStart(..) => None,
            Event::DocumentEnd => {
                docs.push(root.take().unwrap_or(Node {
                    pos: at,
                    kind: Kind::Null,
                }));
                anchors.clear();
                None
            }
            Event::Alias(id) => {
                let (node, size) = anchors
                    .get(&id)
                    .ok_or_else(|| limit(at, "unknown alias".into()))?;
                charge(&mut alias_nodes, &mut alias_bytes, *size, at)?;
                budget = budget.saturating_sub(size.nodes);
                // The alias's own node is charged below.
                let mut size = *size;
                size.nodes = size.nodes.saturating_sub(1);
                Some((node.clone(), 0, size))
            }
            Event::Scalar(value, style, anchor, _) => {
                let plain = style == ScalarStyle::Plain;
                let size = Size {
                    nodes: 0,
                    depth: 0,
                    bytes: value.len(),
                };
                let kind = if plain && matches!(value.as_ref(), "" | "~" | "null" | "Null" | "NULL")
                {
                    Kind::Null
                } else {
                    Kind::Scalar(value.into_owned(), plain)
                };
                Some((Node { pos: at, kind }, anchor, size))
            }
            Event::SequenceStart(_, anchor, _) => {
                stack.push(Open {
                    frame: Frame::Seq(at, Vec::new()),
                    anchor,
                    size: Size::default(),
                });
                None
            }
            Event::MappingStart(_, anchor, _) => {
                stack.push(Open {
                    frame: Frame::Map(at, Vec::new(), None),
                    anchor,
                    size: Size::default(),
                });
                None
            }
            Event::SequenceEnd | Event::MappingEnd => stack.pop().map(|open| {
                let (pos, kind) = match open.frame {
                    Frame::Seq(p, items) => (p, Kind::Seq(items)),
                    Frame::Map(p, items, _) => {
                        find_duplicates(&items, &mut duplicates);
                        (p, Kind::Map(items))
                    }
                };
                let mut size = open.size;
                size.depth += 1;
                (Node { pos, kind }, open.anchor, size)
            }),
            _ => None,
        };
        if let Some((node, anchor, mut size)) = done {
            if budget == 0 {
                let msg =
                    format!("the file has more than {MAX_NODES} nodes (the limit for one file)");
                return Err(limit(at, msg));
            }
            budget -= 1;
            size.nodes += 1;
            if stack.len() + size.depth > MAX_DEPTH {
                let msg =
                    format!("collections nest more than {MAX_DEPTH} levels deep, aliases included");
                return Err(limit(at, msg));
            }
            if anchor != 0 {
                // The copy kept for later aliases costs as much as the node (nested anchors multiply it).
                charge(&mut alias_nodes, &mut alias_bytes, size, at)?;
                anchors.insert(anchor, (node.clone(), size));
            }
            match stack.last_mut() {
                Some(open) => {
                    open.size.add(size);
                    match &mut open.frame {
                        Frame::Seq(_, items) => items.push(node),
                        Frame::Map(_, items, key) => match key.take() {
                            None => *key = Some(node),
                            Some(k) => items.push((k, node)),
                        },
                    }
                }
                None => root = Some(node),
            }
        }
    }
    Ok((docs, duplicates))
}

/// Adds the keys of `items` written more than once (scalar keys; the first place and each repeat).
fn find_duplicates(items: &[(Node, Node)], out: &mut Vec<Duplicate>) {
    if items.len() < 2 {
        return;
    }
    let mut keys: Vec<(&str, Pos)> = items
        .iter()
        .filter_map(|(k, _)| k.str().map(|s| (s, k.pos)))
        .collect();
    keys.sort_by(|a, b| {
        a.0.cmp(b.0)
            .then(a.1.line.cmp(&b.1.line))
            .then(a.1.col.cmp(&b.1.col))
    });
    for w in keys.windows(2) {
        if w[0].0 == w[1].0 {
            let first = keys.iter().find(|k| k.0 == w[0].0).map_or(w[0].1, |k| k.1);
            out.push(Duplicate {
                key: w[1].0.to_string(),
                first,
                second: w[1].1,
            });
        }
    }
}

/// The parser's error, reworded where it is cryptic; a tab error points at the first tab of its line.
fn syntax_error(text: &str, at: Pos, info: String) -> SyntaxError {
    if info.contains("recursion limit") {
        let msg = "collections nest more than 255 levels deep".to_string();
        return limit(at, msg);
    }
    let line = text.lines().nth((at.line as usize).saturating_sub(1));
    let tab = line.and_then(|l| {
        let indent = &l[..l.len() - l.trim_start().len()];
        indent.find('\t')
    });
    let syntax = |pos, message| SyntaxError {
        pos,
        message,
        limit: false,
    };
    match tab {
        Some(i) if info.contains("tab") => {
            let col = u32::try_from(i + 1).unwrap_or(u32::MAX);
            syntax(Pos { line: at.line, col }, info)
        }
        _ => syntax(at, info),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_positions_and_text_as_written() {
        let docs = parse("a: 1\nrefs:\n  - 5.37\n  - 8.10\n  - \"x\"\nn: ~\n").unwrap();
        let root = &docs[0];
        let refs = root.get("refs").unwrap().seq().unwrap();
        assert_eq!(refs[1].str(), Some("8.10"));
        assert_eq!(refs[1].pos, Pos { line: 4, col: 5 });
        assert!(root.get("n").unwrap().is_null());
        assert_eq!(root.get("a").unwrap().pos, Pos { line: 1, col: 4 });
    }

    #[test]
    fn multiple_documents_and_errors() {
        assert_eq!(parse("---\na: 1\n---\nb: 2\n").unwrap().len(), 2);
        let e = parse("a: [1, 2\nb: 3\n").unwrap_err();
        assert!(e.pos.line >= 1, "{e:?}");
    }

    #[test]
    fn plain_documents_over_the_alias_limit_are_read() {
        // 2.5 million plain nodes (no aliases): more than aliases may add, far less than a file may hold.
        let text = format!("[{}]", "a,".repeat(2_500_000));
        let docs = parse(&text).unwrap();
        assert_eq!(docs[0].seq().map(<[Node]>::len), Some(2_500_000));
        let e = parse("a: &a [x]\nb: *a\n").map(|_| ());
        assert!(e.is_ok());
    }

    #[test]
    fn duplicate_keys_are_listed_with_both_places() {
        let (_, d) = parse_checked("teams: [a]\nx:\n  k: 1\n  k: 2\nteams: [b]\n").unwrap();
        assert_eq!(d.len(), 2, "{d:?}");
        assert!(d.iter().any(|d| d.key == "teams"
            && d.first == Pos { line: 1, col: 1 }
            && d.second == Pos { line: 5, col: 1 }));
        assert!(d.iter().any(|d| d.key == "k" && d.second.line == 4));
    }

    #[test]
    fn alias_bomb_is_refused() {
        let mut y = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        let mut prev = 'a';
        for c in 'b'..='k' {
            y.push_str(&format!("{c}: &{c} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"));
            prev = c;
        }
        let e = parse(&y).unwrap_err();
        assert!(e.message.contains("expand"), "{}", e.message);
    }
}
