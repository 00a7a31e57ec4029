//! A small YAML emitter for files people read and edit: block style, comments, and quoting that
//! round-trips any text (`Search & Discovery`, `a: b`, `#x`, leading spaces, non-ASCII, markdown).

use std::fmt::Write as _;

/// A YAML value to write.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// Text: plain when that reads back as the same text, else double-quoted; multi-line text
    /// becomes a literal block scalar.
    Str(String),
    /// Written as given (dates, numbers, percentages); the caller guarantees a valid plain scalar.
    Plain(String),
    Seq(Vec<Value>),
    Map(Vec<Entry>),
}

/// One `key: value` line of a mapping, with an optional comment line above it and one after the key.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub key: String,
    pub value: Value,
    pub heading: Option<String>,
    pub comment: Option<String>,
}

impl Entry {
    pub fn new(key: impl Into<String>, value: Value) -> Entry {
        Entry {
            key: key.into(),
            value,
            heading: None,
            comment: None,
        }
    }

    pub fn heading(mut self, text: impl Into<String>) -> Entry {
        self.heading = Some(text.into());
        self
    }

    pub fn comment(mut self, text: impl Into<String>) -> Entry {
        self.comment = Some(text.into());
        self
    }
}

pub fn str(s: impl Into<String>) -> Value {
    Value::Str(s.into())
}

pub fn plain(s: impl ToString) -> Value {
    Value::Plain(s.to_string())
}

/// A list of texts.
pub fn strs<S: AsRef<str>>(items: impl IntoIterator<Item = S>) -> Value {
    Value::Seq(items.into_iter().map(|s| str(s.as_ref())).collect())
}

/// A whole file: `header` comment lines (without `#`), then the value and a final newline.
pub fn document(header: &[&str], v: &Value) -> String {
    let mut out = String::new();
    for h in header {
        out.push_str(&comment_line(h));
        out.push('\n');
    }
    if !header.is_empty() {
        out.push('\n');
    }
    match v {
        Value::Map(m) if !m.is_empty() => map(&mut out, m, 0),
        Value::Seq(s) if !s.is_empty() => seq(&mut out, s, 0),
        other => {
            out.push_str(inline(other, 0, None).trim_start());
            out.push('\n');
        }
    }
    out
}

fn comment_line(text: &str) -> String {
    let t: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if t.trim().is_empty() {
        "#".into()
    } else {
        format!("# {}", t.trim_end())
    }
}

fn map(out: &mut String, entries: &[Entry], indent: usize) {
    let pad = " ".repeat(indent);
    for e in entries {
        if let Some(h) = &e.heading {
            let _ = writeln!(out, "{pad}{}", comment_line(h));
        }
        let key = scalar_inline(&e.key);
        if key.chars().count() > 1000 {
            // Implicit keys are limited to 1024 characters; write an explicit key.
            let _ = write!(out, "{pad}? {key}\n{pad}:");
        } else {
            let _ = write!(out, "{pad}{key}:");
        }
        out.push_str(&inline(&e.value, indent, e.comment.as_deref()));
    }
}

fn seq(out: &mut String, items: &[Value], indent: usize) {
    let pad = " ".repeat(indent);
    for item in items {
        match item {
            Value::Map(m) if !m.is_empty() => nested(out, &pad, |o| map(o, m, indent + 2)),
            Value::Seq(s) if !s.is_empty() => nested(out, &pad, |o| seq(o, s, indent + 2)),
            other => {
                let _ = write!(out, "{pad}-{}", inline(other, indent, None));
            }
        }
    }
}

/// Writes a block collection as a list item: its first line starts with `- ` instead of indentation.
fn nested(out: &mut String, pad: &str, f: impl FnOnce(&mut String)) {
    let mut inner = String::new();
    f(&mut inner);
    let _ = write!(out, "{pad}- {}", &inner[pad.len() + 2..]);
}

/// The rest of a line after `key:` or `-`: a space and the scalar (or a block that follows), newline.
fn inline(v: &Value, indent: usize, comment: Option<&str>) -> String {
    let c = comment
        .map(|c| format!(" {}", comment_line(c)))
        .unwrap_or_default();
    match v {
        Value::Plain(s) => format!(" {s}{c}\n"),
        Value::Str(s) => match block(s, indent + 2) {
            Some((header, body)) => format!(" {header}{c}\n{body}"),
            None => format!(" {}{c}\n", scalar_inline(s)),
        },
        Value::Seq(s) if s.is_empty() => format!(" []{c}\n"),
        Value::Map(m) if m.is_empty() => format!(" {{}}{c}\n"),
        Value::Seq(s) => {
            let mut out = format!("{c}\n");
            seq(&mut out, s, indent + 2);
            out
        }
        Value::Map(m) => {
            let mut out = format!("{c}\n");
            map(&mut out, m, indent + 2);
            out
        }
    }
}

/// A literal block scalar (`|`, `|-`, `|+`, with an indentation indicator when the text starts with a
/// space) for multi-line text that a block scalar can hold exactly; `None` otherwise.
fn block(s: &str, indent: usize) -> Option<(String, String)> {
    let body = s.trim_end_matches('\n');
    if !s.contains('\n') || body.is_empty() {
        return None;
    }
    let printable = s.chars().all(|c| c == '\n' || c == '\t' || printable(c));
    let clean_lines = body
        .split('\n')
        .all(|l| !l.ends_with([' ', '\t']) && !l.starts_with('\t'));
    if !printable || !clean_lines {
        return None;
    }
    let chomp = match s.len() - body.len() {
        0 => "-",
        1 => "",
        _ => "+",
    };
    let first = body.split('\n').find(|l| !l.is_empty()).unwrap_or_default();
    let indicator = if first.starts_with(' ') { "2" } else { "" };
    let pad = " ".repeat(indent);
    let mut out = String::new();
    // Every line of the text; the trailing newlines are expressed by the chomping indicator and,
    // for `|+`, by the empty lines that follow.
    for l in body.split('\n') {
        if l.is_empty() {
            out.push('\n');
        } else {
            let _ = writeln!(out, "{pad}{l}");
        }
    }
    if chomp == "+" {
        for _ in 0..(s.len() - body.len() - 1) {
            out.push('\n');
        }
    }
    Some((format!("|{indicator}{chomp}"), out))
}

/// YAML's printable characters, minus the ones that a plain reader might trip over.
fn printable(c: char) -> bool {
    matches!(c, '\u{20}'..='\u{7e}' | '\u{a0}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..)
        && !matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}')
}

/// A single-line scalar: plain when that reads back as the same text, else double-quoted.
pub fn scalar_inline(s: &str) -> String {
    if plain_ok(s) {
        s.to_string()
    } else {
        quoted(s)
    }
}

fn plain_ok(s: &str) -> bool {
    let Some(first) = s.chars().next() else {
        return false;
    };
    if "-?:,[]{}#&*!|>'\"%@`+.<=~".contains(first) || first.is_ascii_digit() || first == ' ' {
        return false;
    }
    if s.ends_with([' ', ':']) || s.contains(": ") || s.contains(" #") {
        return false;
    }
    if !s
        .chars()
        .all(|c| c != '\t' && printable(c) && c != '\u{a0}')
    {
        return false;
    }
    let lower = s.to_ascii_lowercase();
    !matches!(
        lower.as_str(),
        "null" | "true" | "false" | "yes" | "no" | "on" | "off" | "y" | "n"
    )
}

/// A double-quoted scalar with YAML escapes.
pub fn quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\0' => out.push_str("\\0"),
            '\u{85}' => out.push_str("\\N"),
            '\u{2028}' => out.push_str("\\L"),
            '\u{2029}' => out.push_str("\\P"),
            c if printable(c) => out.push(c),
            c if (c as u32) < 0x100 => {
                let _ = write!(out, "\\x{:02X}", c as u32);
            }
            c if (c as u32) < 0x10000 => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => {
                let _ = write!(out, "\\U{:08X}", c as u32);
            }
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::yaml::{Kind, Node, parse};

    const TEXTS: &[&str] = &[
        "Search & Discovery",
        "a: b",
        "#x",
        "x #y",
        "C#",
        "  leading spaces",
        "trailing ",
        "Zahlungsverkehr Süd",
        "日本チーム",
        "",
        "null",
        "Yes",
        "~",
        "2025-01-01",
        "30%",
        "0x1F",
        "-1",
        ".inf",
        "- item",
        "key:",
        "'single'",
        "\"double\"",
        "back\\slash",
        "tab\there",
        "<<",
        "*alias",
        "&anchor",
        "!tag",
        "@at",
        "`code`",
        "[flow]",
        "{flow}",
        "a, b",
        "line\nbreak",
        "**bold** markdown\n\n- item\n- item 2\n",
        "ends with two newlines\n\n",
        "\n\nleading empty lines",
        "  indented first line\nsecond",
        "trailing space \nline",
        "\u{85}nel\u{2028}ls\u{2029}ps\u{feff}bom\u{7f}del\u{1b}esc\r\ncrlf",
        "emoji 🎉 \u{a0}nbsp",
        "\n",
        "?",
        "-",
        "a\u{0}b",
    ];

    fn text(n: &Node) -> String {
        match &n.kind {
            Kind::Scalar(s, _) => s.clone(),
            Kind::Null => String::new(),
            k => panic!("not a scalar: {k:?}"),
        }
    }

    #[test]
    fn every_text_reads_back_exactly_as_key_and_value() {
        for t in TEXTS {
            let doc = Value::Map(vec![
                Entry::new(*t, str(*t)).comment("a comment: #1"),
                Entry::new("list", Value::Seq(vec![str(*t), str(*t)])).heading("heading"),
                Entry::new(
                    "nested",
                    Value::Seq(vec![Value::Map(vec![
                        Entry::new("k", str(*t)),
                        Entry::new("m", Value::Map(vec![Entry::new(*t, str(*t))])),
                    ])]),
                ),
            ]);
            let y = document(&["header"], &doc);
            let docs = parse(&y).unwrap_or_else(|e| panic!("{t:?}: {e:?}\n{y}"));
            let root = &docs[0];
            let m = root.map().unwrap();
            if !t.is_empty() {
                assert_eq!(text(&m[0].0), *t, "key {t:?}\n{y}");
            }
            assert_eq!(text(&m[0].1), *t, "value {t:?}\n{y}");
            let list = root.get("list").unwrap().seq().unwrap();
            assert_eq!(text(&list[1]), *t, "list {t:?}\n{y}");
            let n = &root.get("nested").unwrap().seq().unwrap()[0];
            assert_eq!(text(n.get("k").unwrap()), *t, "nested {t:?}\n{y}");
            let inner = n.get("m").unwrap().map().unwrap();
            assert_eq!(text(&inner[0].1), *t, "nested map {t:?}\n{y}");
        }
    }

    #[test]
    fn readable_output() {
        let doc = Value::Map(vec![
            Entry::new("name", str("Search & Discovery")),
            Entry::new("date", plain("2025-01-01")),
            Entry::new("empty", Value::Seq(vec![])),
            Entry::new("md", str("line 1\nline 2")),
        ]);
        assert_eq!(
            document(&[], &doc),
            "name: Search & Discovery\ndate: 2025-01-01\nempty: []\nmd: |-\n  line 1\n  line 2\n"
        );
    }
}
