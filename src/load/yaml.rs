//! A YAML document as a tree of nodes that remember where they were written (line:column),
//! built from serde-saphyr's event parser with limits against alias bombs and deep nesting.

use crate::diag::Pos;
use serde_saphyr::granit_parser::{Event, Parser, ScalarStyle};
use std::collections::HashMap;

/// How many nodes one file may expand to, aliases included (guards against "billion laughs").
pub const MAX_NODES: usize = 2_000_000;

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

enum Frame {
    Seq(Pos, Vec<Node>),
    Map(Pos, Vec<(Node, Node)>, Option<Node>),
}

/// Parses every document of a YAML stream into node trees.
pub fn parse(text: &str) -> Result<Vec<Node>, SyntaxError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut docs = Vec::new();
    let mut stack: Vec<(Frame, usize)> = Vec::new();
    let mut anchors: HashMap<usize, (Node, usize)> = HashMap::new();
    let mut budget = MAX_NODES;
    let mut root: Option<Node> = None;
    for item in Parser::new_from_str(text) {
        let (event, span) = item.map_err(|e| SyntaxError {
            pos: pos(e.marker()),
            message: e.info(),
        })?;
        let at = pos(&span.start);
        let done: Option<(Node, usize)> = match event {
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
                let (node, n) = anchors.get(&id).ok_or_else(|| SyntaxError {
                    pos: at,
                    message: "unknown alias".into(),
                })?;
                if *n > budget {
                    return Err(SyntaxError {
                        pos: at,
                        message: format!("aliases expand to more than {MAX_NODES} nodes"),
                    });
                }
                budget -= n;
                Some((node.clone(), 0))
            }
            Event::Scalar(value, style, anchor, _) => {
                let plain = style == ScalarStyle::Plain;
                let kind = if plain && matches!(value.as_ref(), "" | "~" | "null" | "Null" | "NULL")
                {
                    Kind::Null
                } else {
                    Kind::Scalar(value.into_owned(), plain)
                };
                Some((Node { pos: at, kind }, anchor))
            }
            Event::SequenceStart(_, anchor, _) => {
                stack.push((Frame::Seq(at, Vec::new()), anchor));
                None
            }
            Event::MappingStart(_, anchor, _) => {
                stack.push((Frame::Map(at, Vec::new(), None), anchor));
                None
            }
            Event::SequenceEnd | Event::MappingEnd => match stack.pop() {
                Some((Frame::Seq(p, items), anchor)) => Some((
                    Node {
                        pos: p,
                        kind: Kind::Seq(items),
                    },
                    anchor,
                )),
                Some((Frame::Map(p, items, _), anchor)) => Some((
                    Node {
                        pos: p,
                        kind: Kind::Map(items),
                    },
                    anchor,
                )),
                None => None,
            },
            _ => None,
        };
        if let Some((node, anchor)) = done {
            if budget == 0 {
                return Err(SyntaxError {
                    pos: at,
                    message: format!("the document has more than {MAX_NODES} nodes"),
                });
            }
            budget -= 1;
            if anchor != 0 {
                anchors.insert(anchor, (node.clone(), count(&node)));
            }
            match stack.last_mut() {
                Some((Frame::Seq(_, items), _)) => items.push(node),
                Some((Frame::Map(_, items, key), _)) => match key.take() {
                    None => *key = Some(node),
                    Some(k) => items.push((k, node)),
                },
                None => root = Some(node),
            }
        }
    }
    Ok(docs)
}

fn count(n: &Node) -> usize {
    match &n.kind {
        Kind::Seq(s) => 1 + s.iter().map(count).sum::<usize>(),
        Kind::Map(m) => 1 + m.iter().map(|(k, v)| count(k) + count(v)).sum::<usize>(),
        _ => 1,
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
