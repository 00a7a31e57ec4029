//! Markdown (team-written evidence, catalogue texts) to typst markup that is safe to `eval`.
//!
//! Every character typst could read as syntax is escaped; the only code in the output is what this
//! module emits itself (`#emph[..]`, `#link("..")[..]`, `#raw("..")`, `#list(..)`, ...). Raw HTML is
//! shown as text, link targets other than http(s) and mailto become plain text, images show their
//! alt text, headings become strong paragraphs.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// How deeply quotes, lists, emphasis and links may nest in the PDF; deeper markup is flattened to its
/// text (typst refuses very deep nesting, and no reader needs more).
pub const MAX_NESTING: usize = 8;

enum Kind {
    Item,
    List,
    Other,
}

/// Converts markdown to typst markup for `eval(s, mode: "markup")`.
pub fn to_typst(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len() + 16);
    // Open containers (quotes, lists, items, emphasis, links...): whether each emitted its markup (`false`
    // for a flattened one, or a link to an unsafe target), so its end matches.
    let mut open: Vec<bool> = Vec::new();
    let mut code: Option<String> = None;
    for ev in Parser::new_ext(markdown, Options::ENABLE_STRIKETHROUGH) {
        if let Some(buf) = code.as_mut() {
            match ev {
                Event::Text(t) => buf.push_str(&t),
                Event::End(TagEnd::CodeBlock) => {
                    out.push_str(&format!(
                        "#raw(block: true, {});\n\n",
                        string(buf.trim_end_matches('\n'))
                    ));
                    code = None;
                }
                _ => {}
            }
            continue;
        }
        match ev {
            Event::Start(tag) => {
                let tag_kind = match tag {
                    Tag::Item => Kind::Item,
                    Tag::List(_) => Kind::List,
                    _ => Kind::Other,
                };
                let markup = match tag {
                    Tag::Paragraph => continue,
                    Tag::CodeBlock(_) => {
                        code = Some(String::new());
                        continue;
                    }
                    Tag::Heading { .. } => "#strong[".to_string(),
                    Tag::BlockQuote(_) => "#quote(block: true)[".to_string(),
                    Tag::List(None) => "#list(tight: true, ".to_string(),
                    Tag::List(Some(start)) => {
                        format!("#enum(tight: true, start: {}, ", start.min(1_000_000))
                    }
                    Tag::Item => "[".to_string(),
                    Tag::Emphasis => "#emph[".to_string(),
                    Tag::Strong => "#strong[".to_string(),
                    Tag::Strikethrough => "#strike[".to_string(),
                    Tag::Link { dest_url, .. } if crate::util::url::safe_url(&dest_url) => {
                        format!("#link({})[", string(&dest_url))
                    }
                    Tag::Link { .. } => String::new(),
                    // Images are not fetched: their alt text (the children) stands in.
                    _ => continue,
                };
                let emitted = open.iter().filter(|o| **o).count();
                let emit = match tag_kind {
                    // An item is markup exactly when its list is (a list's arguments hold only items).
                    Kind::Item => open.last().copied().unwrap_or(false),
                    // A list needs room for itself and its items.
                    Kind::List => emitted + 2 <= MAX_NESTING,
                    Kind::Other => emitted < MAX_NESTING && !markup.is_empty(),
                };
                if emit {
                    out.push_str(&markup);
                }
                open.push(emit);
            }
            Event::End(tag) => match tag {
                TagEnd::Paragraph => out.push_str("\n\n"),
                TagEnd::HtmlBlock => out.push_str("\n\n"),
                TagEnd::Heading(_)
                | TagEnd::BlockQuote(_)
                | TagEnd::List(_)
                | TagEnd::Item
                | TagEnd::Emphasis
                | TagEnd::Strong
                | TagEnd::Strikethrough
                | TagEnd::Link => {
                    let emitted = open.pop().unwrap_or(false);
                    close(&mut out, tag, emitted);
                }
                _ => {}
            },
            Event::Text(t) => escape_into(&mut out, &t),
            Event::Code(t) => out.push_str(&format!("#raw({});", string(&t))),
            Event::Html(t) | Event::InlineHtml(t) => {
                if !t.trim_start().starts_with("<!--") {
                    escape_into(&mut out, &t);
                }
            }
            Event::SoftBreak => out.push(' '),
            Event::HardBreak => out.push_str("#linebreak();"),
            Event::Rule => out.push_str("#line(length: 100%)\n\n"),
            Event::FootnoteReference(t) | Event::InlineMath(t) | Event::DisplayMath(t) => {
                escape_into(&mut out, &t)
            }
            Event::TaskListMarker(done) => out.push_str(if done { "\\[x\\] " } else { "\\[ \\] " }),
        }
    }
    trim_end_breaks(&mut out);
    out
}

/// Closes a container opened by [`to_typst`]; a flattened one only keeps its text apart from what follows.
fn close(out: &mut String, tag: TagEnd, emitted: bool) {
    match tag {
        TagEnd::Heading(_) | TagEnd::BlockQuote(_) if emitted => out.push_str("];\n\n"),
        TagEnd::Heading(_) | TagEnd::BlockQuote(_) | TagEnd::List(_) if !emitted => {
            trim_end_breaks(out);
            out.push_str("\n\n");
        }
        TagEnd::List(_) => {
            if out.ends_with(", ") {
                out.truncate(out.len() - 2);
            }
            out.push_str(");\n\n");
        }
        TagEnd::Item if emitted => {
            trim_end_breaks(out);
            out.push_str("], ");
        }
        TagEnd::Item => {
            trim_end_breaks(out);
            out.push_str("\n\n");
        }
        _ if emitted => out.push_str("];"),
        _ => {}
    }
}

fn trim_end_breaks(out: &mut String) {
    while out.ends_with('\n') || out.ends_with(' ') {
        out.pop();
    }
}

/// A typst string literal.
pub fn string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Appends `text` as literal typst markup text.
pub fn escape_into(out: &mut String, text: &str) {
    let mut prev_digit = out.ends_with(|c: char| c.is_ascii_digit());
    for c in text.chars() {
        match c {
            '\\' | '#' | '*' | '_' | '$' | '<' | '>' | '@' | '[' | ']' | '=' | '-' | '+' | '/'
            | '~' | '`' | ':' => {
                out.push('\\');
                out.push(c);
            }
            // `1.` at the start of a line is an enumeration marker.
            '.' if prev_digit => out.push_str("\\."),
            '\n' | '\r' | '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
        prev_digit = c.is_ascii_digit();
    }
}

/// `text` as literal typst markup.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape_into(&mut out, text);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_and_escapes() {
        for (md, want) in [
            ("", ""),
            ("plain text", "plain text"),
            ("*em* and **strong**", "#emph[em]; and #strong[strong];"),
            ("a_b_c 2 * 3 * 4", "a\\_b\\_c 2 \\* 3 \\* 4"),
            ("#import \"x\"", "\\#import \"x\""),
            ("#let x = 1", "\\#let x \\= 1"),
            ("$x$ costs $5", "\\$x\\$ costs \\$5"),
            ("closing ] bracket [", "closing \\] bracket \\["),
            ("{{ config }} {% raw %}", "{{ config }} {% raw %}"),
            (
                "<script>alert(1)</script>",
                "\\<script\\>alert(1)\\<\\/script\\>",
            ),
            ("hi <b>there</b>", "hi \\<b\\>there\\<\\/b\\>"),
            ("<!-- hidden -->", ""),
            ("@ref <label> ~ nbsp", "\\@ref \\<label\\> \\~ nbsp"),
            (
                "a // comment /* block */",
                "a \\/\\/ comment \\/\\* block \\*\\/",
            ),
            ("back\\\\slash", "back\\\\slash"),
            ("`#code \"q\" \\`", "#raw(\"#code \\\"q\\\" \\\\\");"),
            ("# Heading\n\ntext", "#strong[Heading];\n\ntext"),
            ("- a\n- b ]", "#list(tight: true, [a], [b \\]]);"),
            (
                "1. one\n2. two",
                "#enum(tight: true, start: 1, [one], [two]);",
            ),
            ("3\\. not a list", "3\\. not a list"),
            (
                "[site](https://example.com/a?b=\"c\")",
                "#link(\"https://example.com/a?b=\\\"c\\\"\")[site];",
            ),
            ("[mail](mailto:a@b.c)", "#link(\"mailto:a@b.c\")[mail];"),
            ("[bad](javascript:alert(1))", "bad"),
            ("[file](file:///etc/passwd)", "file"),
            ("[rel](../x.md)", "rel"),
            (
                "<https://example.com>",
                "#link(\"https://example.com\")[https\\:\\/\\/example.com];",
            ),
            ("![alt *x*](https://img/x.png)", "alt #emph[x];"),
            (
                "```\n#set page(width: 1pt)\n\"]\n```",
                "#raw(block: true, \"#set page(width: 1pt)\\n\\\"]\");",
            ),
            ("line one\nline two", "line one line two"),
            (
                "= not heading\n\n\\+ not enum",
                "\\= not heading\n\n\\+ not enum",
            ),
            ("it's \"quoted\"", "it's \"quoted\""),
        ] {
            assert_eq!(to_typst(md), want, "input: {md:?}");
        }
    }

    #[test]
    fn deep_nesting_is_flattened_to_text() {
        for md in [
            format!("{} deep", ">".repeat(15)),
            format!("{}x", "- ".repeat(20)),
            (0..20)
                .map(|i| format!("{}- item {i}\n", "  ".repeat(i)))
                .collect(),
            format!("{}text{}", "*_".repeat(12), "_*".repeat(12)),
        ] {
            let out = to_typst(&md);
            let quotes = out.matches("#quote").count() + out.matches("#list").count();
            assert!(quotes <= MAX_NESTING, "{md:?} -> {out}");
            let (open, close) = (out.matches('[').count(), out.matches(']').count());
            assert_eq!(open, close, "{md:?} -> {out}");
        }
    }

    #[test]
    fn strings_are_typst_literals() {
        assert_eq!(string("a\"b\\c\nd"), "\"a\\\"b\\\\c\\nd\"");
        assert_eq!(escape("x: 1.5"), "x\\: 1\\.5");
    }
}
