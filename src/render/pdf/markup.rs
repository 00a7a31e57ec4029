//! Markdown (team-written evidence, catalogue texts) to typst markup that is safe to `eval`.
//!
//! Every character typst could read as syntax is escaped; the only code in the output is what this
//! module emits itself (`#emph[..]`, `#link("..")[..]`, `#raw("..")`, `#list(..)`, ...). Raw HTML is
//! shown as text, link targets other than http(s) and mailto become plain text, images show their
//! alt text, headings become strong paragraphs.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// Converts markdown to typst markup for `eval(s, mode: "markup")`.
pub fn to_typst(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len() + 16);
    // Open links: whether each emitted a `#link(..)[` that needs closing.
    let mut links: Vec<bool> = Vec::new();
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
            Event::Start(tag) => match tag {
                Tag::Paragraph => {}
                Tag::Heading { .. } => out.push_str("#strong["),
                Tag::BlockQuote(_) => out.push_str("#quote(block: true)["),
                Tag::CodeBlock(_) => code = Some(String::new()),
                Tag::List(None) => out.push_str("#list(tight: true, "),
                Tag::List(Some(start)) => out.push_str(&format!(
                    "#enum(tight: true, start: {}, ",
                    start.min(1_000_000)
                )),
                Tag::Item => out.push('['),
                Tag::Emphasis => out.push_str("#emph["),
                Tag::Strong => out.push_str("#strong["),
                Tag::Strikethrough => out.push_str("#strike["),
                Tag::Link { dest_url, .. } => {
                    let ok = crate::render::markdown::safe_url(&dest_url);
                    if ok {
                        out.push_str(&format!("#link({})[", string(&dest_url)));
                    }
                    links.push(ok);
                }
                // Images are not fetched: their alt text (the children) stands in.
                _ => {}
            },
            Event::End(tag) => match tag {
                TagEnd::Paragraph => out.push_str("\n\n"),
                TagEnd::Heading(_) => out.push_str("];\n\n"),
                TagEnd::HtmlBlock => out.push_str("\n\n"),
                TagEnd::BlockQuote(_) => out.push_str("];\n\n"),
                TagEnd::List(_) => {
                    if out.ends_with(", ") {
                        out.truncate(out.len() - 2);
                    }
                    out.push_str(");\n\n");
                }
                TagEnd::Item => {
                    trim_end_breaks(&mut out);
                    out.push_str("], ");
                }
                TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough => out.push_str("];"),
                TagEnd::Link if links.pop().unwrap_or(false) => out.push_str("];"),
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
    fn strings_are_typst_literals() {
        assert_eq!(string("a\"b\\c\nd"), "\"a\\\"b\\\\c\\nd\"");
        assert_eq!(escape("x: 1.5"), "x\\: 1\\.5");
    }
}
