//! Inline charts of a site page in fewer bytes (they were a third of a team page): each chart is tidied
//! and its runs of shapes merged (`svg_merge`), then the style attributes that repeat on the page become
//! CSS classes, defined once in a `<style>` inside the page's first chart.
//!
//! Rendering is unchanged and PDF charts are not touched. The class names (`c0`, `c1`, ...) and their
//! rules depend only on the page, so the same input gives the same bytes. Written by hand because it
//! only has to understand the flat, one-element-per-line SVG that `charts` writes; an element it does
//! not understand is copied unchanged.

use super::svg_merge;
use std::collections::HashMap;

/// Presentation attributes that are CSS properties too (and so can move into a class).
const STYLE: &[&str] = &[
    "fill",
    "fill-opacity",
    "font-size",
    "font-weight",
    "opacity",
    "stroke",
    "stroke-dasharray",
    "stroke-linecap",
    "stroke-opacity",
    "stroke-width",
    "text-anchor",
];

/// The elements whose style attributes may become a class.
const SHAPES: &[&str] = &[
    "circle", "line", "path", "polygon", "polyline", "rect", "text",
];

/// `html` with every inline `<svg>` compacted (see the module comment).
pub(super) fn page(html: &str) -> String {
    if !html.contains("<svg ") {
        return html.to_string();
    }
    // Outside text and charts, alternating: [text, svg, text, svg, ..., text].
    let mut parts: Vec<String> = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<svg ") {
        let Some(len) = rest[start..].find("</svg>") else {
            break;
        };
        let end = start + len + "</svg>".len();
        parts.push(rest[..start].to_string());
        parts.push(svg_merge::merge_shapes(&tidy(&rest[start..end])));
        rest = &rest[end..];
    }
    parts.push(rest.to_string());
    with_classes(&mut parts);
    with_short_ids(&parts.concat())
}

/// `svg` (one chart) with the text of its `<desc>` replaced by `desc`: where the page shows the chart's
/// figures in a table beside it, the description says so instead of repeating every figure.
pub(super) fn describe(svg: &str, desc: &str) -> String {
    let Some(open) = svg.find("<desc") else {
        return svg.to_string();
    };
    let (Some(start), Some(end)) = (svg[open..].find('>'), svg[open..].find("</desc>")) else {
        return svg.to_string();
    };
    format!(
        "{}{}{}",
        &svg[..open + start + 1],
        crate::render::markdown::escape(desc),
        &svg[open + end..]
    )
}

/// The charts' ids (`chart-` and 16 hex digits, unique across the site) renamed `k1`, `k2`, ... in order
/// of first use, which is unique enough within one page; every reference follows. Only attribute values
/// (`="chart-`) are read: page text escapes `"`, so a name that looks like an id stays as it is.
fn with_short_ids(html: &str) -> String {
    const ID: &str = "=\"chart-";
    let mut names: Vec<&str> = Vec::new();
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(i) = rest.find(ID) {
        let hex = &rest[i + ID.len()..];
        let n = hex.bytes().take_while(u8::is_ascii_hexdigit).count();
        out.push_str(&rest[..i]);
        if n == 16 {
            let id = &hex[..16];
            let k = match names.iter().position(|x| *x == id) {
                Some(k) => k,
                None => {
                    names.push(id);
                    names.len() - 1
                }
            };
            out.push_str(&format!("=\"k{}", k + 1));
        } else {
            out.push_str(&rest[i..i + ID.len() + n]);
        }
        rest = &hex[n..];
    }
    out.push_str(rest);
    out
}

/// One chart tidied: the font family and line join every element repeats are set once on `<svg>` (SVG
/// inherits them), the namespace an HTML parser gives inline SVG anyway is not written, defaults are dropped (`opacity="1"`; `stroke="none"`, as no element sets a stroke to
/// inherit), and the line breaks plotters puts around text are removed (SVG collapses them anyway).
fn tidy(svg: &str) -> String {
    const FONT: &str = " font-family=\"DejaVu Sans, sans-serif\"";
    const JOIN: &str = " stroke-linejoin=\"round\"";
    let mut body = svg
        .replacen(" xmlns=\"http://www.w3.org/2000/svg\"", "", 1)
        .replace(FONT, "")
        .replace(JOIN, "")
        .replace(" opacity=\"1\"", "")
        .replace(" stroke=\"none\" stroke-width=\"0\"", " stroke=\"none\"")
        .replace("\n</text>", "</text>");
    if !body.contains("<g") {
        body = body.replace(" stroke=\"none\"", "");
    }
    let mut body = body.replacen("<svg ", &format!("<svg{FONT}{JOIN} "), 1);
    // `<text ...>\n` -> `<text ...>`.
    let mut i = 0;
    while let Some(t) = body[i..].find("<text") {
        let open = i + t;
        match body[open..].find('>') {
            Some(end) if body[open + end + 1..].starts_with('\n') => {
                body.remove(open + end + 1);
                i = open + end + 1;
            }
            Some(end) => i = open + end + 1,
            None => break,
        }
    }
    body
}

/// A start tag: its name, its attributes in order, and whether it closes itself.
type Tag<'a> = (&'a str, Vec<(&'a str, &'a str)>, bool);

/// An element's start tag split into its parts; `None` for anything but `<name a="v" ...>` or `.../>`.
fn parse_tag(tag: &str) -> Option<Tag<'_>> {
    let inner = tag.strip_prefix('<')?.strip_suffix('>')?;
    let (inner, closed) = match inner.strip_suffix('/') {
        Some(i) => (i, true),
        None => (inner, false),
    };
    let name_end = inner.find(' ').unwrap_or(inner.len());
    let name = &inner[..name_end];
    let mut attrs = Vec::new();
    let mut rest = inner[name_end..].trim_start();
    while !rest.is_empty() {
        let eq = rest.find("=\"")?;
        let key = &rest[..eq];
        if key.is_empty() || key.contains([' ', '"', '<', '>']) {
            return None;
        }
        let value_start = eq + 2;
        let close = rest[value_start..].find('"')?;
        attrs.push((key, &rest[value_start..value_start + close]));
        rest = rest[value_start + close + 1..].trim_start();
    }
    Some((name, attrs, closed))
}

/// The CSS declaration for a style attribute (lengths get `px`, which is a user unit inside SVG);
/// `None` for a value that is not a plain number, colour or keyword.
fn declaration(key: &str, value: &str) -> Option<String> {
    let plain = |c: char| c.is_ascii_alphanumeric() || matches!(c, '#' | '.' | '-');
    if value.is_empty()
        || !value
            .split(' ')
            .all(|w| !w.is_empty() && w.chars().all(plain))
    {
        return None;
    }
    let px = |w: &str| {
        if w.parse::<f64>().is_ok() {
            format!("{w}px")
        } else {
            w.to_string()
        }
    };
    let value = match key {
        "font-size" | "stroke-width" => px(value),
        "stroke-dasharray" => value.split(' ').map(px).collect::<Vec<_>>().join(" "),
        _ => value.to_string(),
    };
    Some(format!("{key}:{value}"))
}

/// A shape's start tag split into the tag without its style attributes and their CSS rule body.
fn split_style(tag: &str) -> Option<(String, String)> {
    let (name, attrs, closed) = parse_tag(tag)?;
    if !SHAPES.contains(&name) || attrs.iter().any(|(k, _)| *k == "class" || *k == "style") {
        return None;
    }
    let mut kept = format!("<{name}");
    let mut rule = Vec::new();
    for (k, v) in attrs {
        match STYLE.contains(&k).then(|| declaration(k, v)).flatten() {
            Some(d) => rule.push(d),
            None => kept.push_str(&format!(" {k}=\"{v}\"")),
        }
    }
    if rule.is_empty() {
        return None;
    }
    kept.push_str(if closed { "/>" } else { ">" });
    Some((kept, rule.join(";")))
}

/// Every start tag of `svg` as (start, end) byte ranges.
fn tags(svg: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(t) = svg[i..].find('<') {
        let start = i + t;
        let Some(len) = svg[start..].find('>') else {
            break;
        };
        let end = start + len + 1;
        if svg[start + 1..].starts_with(|c: char| c.is_ascii_alphabetic()) {
            out.push((start, end));
        }
        i = end;
    }
    out
}

/// Style attribute sets used at least twice on the page become classes `c0`, `c1`, ... (in order of
/// first use), with their rules in a `<style>` at the start of the first chart.
fn with_classes(parts: &mut [String]) {
    let mut count: HashMap<String, usize> = HashMap::new();
    let mut order: Vec<String> = Vec::new();
    for svg in parts.iter().skip(1).step_by(2) {
        for (a, b) in tags(svg) {
            if let Some((_, rule)) = split_style(&svg[a..b]) {
                let n = count.entry(rule.clone()).or_insert(0);
                if *n == 0 {
                    order.push(rule);
                }
                *n += 1;
            }
        }
    }
    let classes: HashMap<&str, usize> = order
        .iter()
        .filter(|r| count[*r] >= 2)
        .enumerate()
        .map(|(i, r)| (r.as_str(), i))
        .collect();
    if classes.is_empty() {
        return;
    }
    let mut css: Vec<(usize, &str)> = classes.iter().map(|(r, i)| (*i, *r)).collect();
    css.sort_unstable();
    let style: String = css.iter().map(|(i, r)| format!(".c{i}{{{r}}}")).collect();
    for (n, svg) in parts.iter_mut().enumerate().skip(1).step_by(2) {
        let mut out = String::with_capacity(svg.len());
        let mut last = 0;
        for (a, b) in tags(svg) {
            out.push_str(&svg[last..a]);
            let tag = &svg[a..b];
            match split_style(tag)
                .and_then(|(kept, rule)| Some((kept, classes.get(rule.as_str())?)))
            {
                Some((kept, i)) => {
                    let at = kept.find([' ', '/', '>']).unwrap_or(kept.len());
                    out.push_str(&kept[..at]);
                    out.push_str(&format!(" class=\"c{i}\""));
                    out.push_str(&kept[at..]);
                }
                None => out.push_str(tag),
            }
            if n == 1 && tag.starts_with("<svg ") {
                out.push_str(&format!("<style>{style}</style>"));
            }
            last = b;
        }
        out.push_str(&svg[last..]);
        *svg = out;
    }
}

#[cfg(test)]
mod tests {
    use super::page;

    #[test]
    fn repeated_styles_become_classes_and_the_rest_stays() {
        let cases = [
            // No chart: unchanged.
            ("<p>a</p>", "<p>a</p>"),
            // Two texts of one style share a class, defined at the start of the first chart; a style used
            // once keeps its attributes; defaults are dropped.
            (
                "<svg width=\"10\">\n<text x=\"1\" y=\"2\" font-size=\"11\" fill=\"#6B7280\" opacity=\"1\">\na\n</text>\n<text x=\"3\" y=\"4\" font-size=\"11\" fill=\"#6B7280\">\nb\n</text>\n<rect x=\"0\" y=\"0\" width=\"5\" height=\"5\" fill=\"#FFF\" stroke=\"none\"/>\n</svg>",
                "<svg font-family=\"DejaVu Sans, sans-serif\" stroke-linejoin=\"round\" width=\"10\"><style>.c0{font-size:11px;fill:#6B7280}</style>\n<text class=\"c0\" x=\"1\" y=\"2\">a</text>\n<text class=\"c0\" x=\"3\" y=\"4\">b</text>\n<rect x=\"0\" y=\"0\" width=\"5\" height=\"5\" fill=\"#FFF\"/>\n</svg>",
            ),
            // Classes count over the page: one use in each of two charts makes a class; dashes get units.
            (
                "<svg a=\"1\">\n<path stroke-dasharray=\"6 4\" stroke=\"#000\" d=\"M1,1 2,2\"/>\n</svg><p>x</p><svg a=\"2\">\n<path stroke-dasharray=\"6 4\" stroke=\"#000\" d=\"M3,3 4,4\"/>\n</svg>",
                "<svg font-family=\"DejaVu Sans, sans-serif\" stroke-linejoin=\"round\" a=\"1\"><style>.c0{stroke-dasharray:6px 4px;stroke:#000}</style>\n<path class=\"c0\" d=\"M1,1 2,2\"/>\n</svg><p>x</p><svg font-family=\"DejaVu Sans, sans-serif\" stroke-linejoin=\"round\" a=\"2\">\n<path class=\"c0\" d=\"M3,3 4,4\"/>\n</svg>",
            ),
            // An element with a class of its own, or a value that is not plain, is left alone.
            (
                "<svg b=\"1\">\n<text class=\"k\" fill=\"#000\">a</text>\n<text class=\"k\" fill=\"#000\">b</text>\n<text fill=\"url(#g)\">c</text>\n<text fill=\"url(#g)\">d</text>\n</svg>",
                "<svg font-family=\"DejaVu Sans, sans-serif\" stroke-linejoin=\"round\" b=\"1\">\n<text class=\"k\" fill=\"#000\">a</text>\n<text class=\"k\" fill=\"#000\">b</text>\n<text fill=\"url(#g)\">c</text>\n<text fill=\"url(#g)\">d</text>\n</svg>",
            ),
        ];
        for (input, want) in cases {
            assert_eq!(page(input), want, "{input}");
        }
    }
}
