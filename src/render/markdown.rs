//! Markdown from the data (descriptions, evidence, comments) to safe HTML: raw HTML is shown as text,
//! only http(s) and mailto links stay links, images become their alt text.

use crate::util::url::safe_url;
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd, html};

/// Renders markdown to HTML that is safe to embed in a page.
pub fn to_html(md: &str) -> String {
    let mut depth_unsafe_link = Vec::new();
    let mut in_image = 0usize;
    let events = Parser::new_ext(md, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH)
        .filter_map(|ev| match ev {
            Event::Html(h) | Event::InlineHtml(h) => Some(Event::InlineHtml(escape(&h).into())),
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let ok = safe_url(&dest_url);
                depth_unsafe_link.push(!ok);
                ok.then_some(Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                }))
            }
            Event::End(TagEnd::Link) => {
                (!depth_unsafe_link.pop().unwrap_or(true)).then_some(Event::End(TagEnd::Link))
            }
            Event::Start(Tag::Image { .. }) => {
                in_image += 1;
                None
            }
            Event::End(TagEnd::Image) => {
                in_image = in_image.saturating_sub(1);
                None
            }
            Event::Start(Tag::HtmlBlock) | Event::End(TagEnd::HtmlBlock) => None,
            other => Some(other),
        });
    let mut out = String::new();
    html::push_html(&mut out, events);
    out
}

/// Plain text with bare http(s) URLs turned into links, everything escaped (for short fields such as links lists).
pub fn link_or_text(url: &str) -> String {
    let esc = escape(url);
    if safe_url(url) {
        format!("<a href=\"{esc}\" rel=\"noopener noreferrer\">{esc}</a>")
    } else {
        esc
    }
}

/// Escapes text for HTML element content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_markdown_is_neutralised() {
        for (input, must_not, must) in [
            ("<script>alert(1)</script>", "<script>", "&lt;script&gt;"),
            ("[x](javascript:alert(1))", "javascript:", "x"),
            ("<img src=x onerror=alert(1)>", "<img", "&lt;img"),
            ("![alt](http://evil/x.png)", "<img", "alt"),
            ("text <b onclick=x>bold</b>", "<b ", "&lt;b onclick=x&gt;"),
            ("{{ secret }} and {% raw %}", "<script", "{{ secret }}"),
            (
                "[ok](https://example.com/a?b=1&c=2)",
                "javascript",
                "href=\"https://example.com/a?b=1&amp;c=2\"",
            ),
            (
                "[mail](mailto:sec@example.com)",
                "<script",
                "href=\"mailto:sec@example.com\"",
            ),
            ("[rel](../../etc/passwd)", "href", "rel"),
        ] {
            let html = to_html(input);
            assert!(!html.contains(must_not), "{input} -> {html}");
            assert!(html.contains(must), "{input} -> {html}");
        }
    }

    #[test]
    fn links_only_for_safe_schemes() {
        assert!(link_or_text("https://a.example/x").starts_with("<a href"));
        assert_eq!(link_or_text("javascript:alert(1)"), "javascript:alert(1)");
        assert_eq!(link_or_text("<b>"), "&lt;b&gt;");
    }
}
