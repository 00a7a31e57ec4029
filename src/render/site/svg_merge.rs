//! Site charts in fewer bytes: runs of identically styled opaque circles and polylines become one `<path>`,
//! and a filled area followed by its outline becomes one `<polygon>`.
//!
//! plotters writes one element per shape, each repeating its style (a trend chart's dots, a radar's grid).
//! Consecutive shapes with the same attributes and no transparency draw the same picture as one path of
//! several subpaths (same colour, same order, overlaps of one opaque colour look alike), at about half the
//! bytes. Dots of one radius and colour are zero-length lines with round caps (`M84,317h0`: a quarter of
//! the bytes of two arcs). Written by hand because it only has to understand the few element shapes
//! `charts` emits; anything else (text, rects, shapes with `opacity`) is copied unchanged.

/// One mergeable element: its style attributes (the run key), its path data, and for a dot with a fill
/// and no stroke, that fill and its radius.
struct Shape<'a> {
    attrs: &'a str,
    key: String,
    d: String,
    dot: Option<(&'a str, f64, String)>,
}

/// Attribute value `name="..."` at the start of `s` (after optional spaces), and the rest.
fn attr<'a>(s: &'a str, name: &str) -> Option<(&'a str, &'a str)> {
    let s = s.trim_start().strip_prefix(name)?.strip_prefix("=\"")?;
    let end = s.find('"')?;
    Some((&s[..end], &s[end + 1..]))
}

fn num(v: f64) -> String {
    let s = format!("{v:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// `<circle cx cy r STYLE/>` or `<polyline STYLE points="..."/>`, when opaque.
fn shape(line: &str) -> Option<Shape<'_>> {
    if line.contains("opacity") {
        return None;
    }
    if let Some(rest) = line.strip_prefix("<circle") {
        let (cx, rest) = attr(rest, "cx")?;
        let (cy, rest) = attr(rest, "cy")?;
        let (r, rest) = attr(rest, "r")?;
        let attrs = rest.strip_suffix("/>")?;
        let (x, y, r): (f64, f64, f64) = (cx.parse().ok()?, cy.parse().ok()?, r.parse().ok()?);
        let d = format!(
            "M{},{}a{r2},{r2} 0 1 0 {d},0a{r2},{r2} 0 1 0 -{d},0",
            num(x - r),
            num(y),
            r2 = num(r),
            d = num(2.0 * r)
        );
        // A fill and nothing else (tidied charts say no `stroke="none"`): a dot.
        let dot = attr(attrs, "fill")
            .filter(|(_, tail)| tail.trim().is_empty())
            .map(|(fill, _)| (fill, r, format!("M{},{}h0", num(x), num(y))));
        return Some(Shape {
            attrs,
            key: format!("{attrs} r={}", num(r)),
            d,
            dot,
        });
    }
    let rest = line.strip_prefix("<polyline")?;
    let i = rest.find(" points=\"")?;
    let attrs = &rest[..i];
    let (points, tail) = attr(&rest[i..], "points")?;
    if tail != "/>" || points.trim().is_empty() {
        return None;
    }
    Some(Shape {
        attrs,
        key: attrs.to_string(),
        d: format!("M{}", points.trim()),
        dot: None,
    })
}

/// A filled area (`<polygon opacity fill points/>`) and, on the next line, its outline (a `<polyline>`
/// through the same points back to the first) as one `<polygon>` with a translucent fill and the stroke.
fn area_and_outline(area: &str, outline: &str) -> Option<String> {
    let rest = area.strip_prefix("<polygon")?;
    let (opacity, rest) = attr(rest, "opacity")?;
    let (fill, rest) = attr(rest, "fill")?;
    let (points, rest) = attr(rest, "points")?;
    if rest != "/>" {
        return None;
    }
    let line = outline.strip_prefix("<polyline fill=\"none\"")?;
    let i = line.find(" points=\"")?;
    let (around, tail) = attr(&line[i..], "points")?;
    let first = points.split_whitespace().next()?;
    let closed = format!("{} {first}", points.trim());
    if tail != "/>" || around.trim() != closed || line[..i].contains("opacity") {
        return None;
    }
    Some(format!(
        "<polygon fill=\"{fill}\" fill-opacity=\"{opacity}\"{} points=\"{}\"/>",
        &line[..i],
        points.trim()
    ))
}

/// `svg` with every run of two or more mergeable shapes of equal style written as one `<path>`, and
/// every area with its outline as one `<polygon>`.
pub(super) fn merge_shapes(svg: &str) -> String {
    let mut out = String::with_capacity(svg.len());
    let mut run: Vec<(&str, Shape)> = Vec::new();
    let flush = |out: &mut String, run: &mut Vec<(&str, Shape)>| {
        match run.len() {
            0 => {}
            1 => {
                out.push_str(run[0].0);
                out.push('\n');
            }
            _ => match &run[0].1.dot {
                // Equal keys: every dot of the run has this fill and radius.
                Some((fill, r, _)) if run.iter().all(|(_, s)| s.dot.is_some()) => {
                    let d: String = run
                        .iter()
                        .filter_map(|(_, s)| s.dot.as_ref().map(|x| x.2.as_str()))
                        .collect();
                    out.push_str(&format!(
                        "<path fill=\"none\" stroke=\"{fill}\" stroke-width=\"{}\" stroke-linecap=\"round\" d=\"{d}\"/>\n",
                        num(2.0 * r)
                    ));
                }
                _ => {
                    let d: Vec<&str> = run.iter().map(|(_, s)| s.d.as_str()).collect();
                    let attrs = run[0].1.attrs.replace(" stroke=\"none\"", "");
                    out.push_str(&format!("<path{attrs} d=\"{}\"/>\n", d.join("")));
                }
            },
        }
        run.clear();
    };
    let mut lines = svg.split('\n').peekable();
    while let Some(line) = lines.next() {
        if let Some(merged) = lines.peek().and_then(|next| area_and_outline(line, next)) {
            flush(&mut out, &mut run);
            lines.next();
            out.push_str(&merged);
            if lines.peek().is_some() {
                out.push('\n');
            }
            continue;
        }
        let last = lines.peek().is_none();
        match shape(line) {
            Some(s) => {
                if run.first().is_some_and(|(_, f)| f.key != s.key) {
                    flush(&mut out, &mut run);
                }
                run.push((line, s));
                if last {
                    flush(&mut out, &mut run);
                    out.pop();
                }
            }
            None => {
                flush(&mut out, &mut run);
                out.push_str(line);
                if !last {
                    out.push('\n');
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::merge_shapes;

    #[test]
    fn merges_runs_of_equal_style_and_keeps_the_rest() {
        let cases = [
            // Two dots of one colour: one path of two circles.
            (
                "<svg>\n<circle cx=\"10\" cy=\"20\" r=\"3\" fill=\"#FFF\" stroke=\"none\"/>\n<circle cx=\"40\" cy=\"20\" r=\"3\" fill=\"#FFF\" stroke=\"none\"/>\n</svg>",
                "<svg>\n<path fill=\"#FFF\" d=\"M7,20a3,3 0 1 0 6,0a3,3 0 1 0 -6,0M37,20a3,3 0 1 0 6,0a3,3 0 1 0 -6,0\"/>\n</svg>",
            ),
            // Grid lines of one style: subpaths; a different colour starts a new run.
            (
                "<polyline fill=\"none\" stroke=\"#E5\" stroke-width=\"1\" points=\"1,2 3,4 \"/>\n<polyline fill=\"none\" stroke=\"#E5\" stroke-width=\"1\" points=\"5,6 7,8 \"/>\n<polyline fill=\"none\" stroke=\"#CB\" stroke-width=\"1\" points=\"0,0 1,1 \"/>",
                "<path fill=\"none\" stroke=\"#E5\" stroke-width=\"1\" d=\"M1,2 3,4M5,6 7,8\"/>\n<polyline fill=\"none\" stroke=\"#CB\" stroke-width=\"1\" points=\"0,0 1,1 \"/>",
            ),
            // Transparent shapes and other elements stay as they are, and break runs.
            (
                "<circle cx=\"1\" cy=\"1\" r=\"1\" fill=\"#000\" opacity=\"0.5\"/>\n<circle cx=\"2\" cy=\"2\" r=\"1\" fill=\"#000\" opacity=\"0.5\"/>\n<text x=\"1\">a</text>",
                "<circle cx=\"1\" cy=\"1\" r=\"1\" fill=\"#000\" opacity=\"0.5\"/>\n<circle cx=\"2\" cy=\"2\" r=\"1\" fill=\"#000\" opacity=\"0.5\"/>\n<text x=\"1\">a</text>",
            ),
            // Dots with a fill and no stroke (as tidied): round caps of zero-length lines; another radius
            // starts a new run.
            (
                "<circle cx=\"10\" cy=\"20\" r=\"3\" fill=\"#FFF\"/>\n<circle cx=\"40.5\" cy=\"20\" r=\"3\" fill=\"#FFF\"/>\n<circle cx=\"1\" cy=\"2\" r=\"4\" fill=\"#FFF\"/>\n<circle cx=\"3\" cy=\"4\" r=\"4\" fill=\"#FFF\"/>",
                "<path fill=\"none\" stroke=\"#FFF\" stroke-width=\"6\" stroke-linecap=\"round\" d=\"M10,20h0M40.5,20h0\"/>\n<path fill=\"none\" stroke=\"#FFF\" stroke-width=\"8\" stroke-linecap=\"round\" d=\"M1,2h0M3,4h0\"/>",
            ),
            // An area and its outline back to the first point: one polygon; any other outline stays.
            (
                "<polygon opacity=\"0.2\" fill=\"#25\" points=\"1,1 5,1 3,4 \"/>\n<polyline fill=\"none\" stroke=\"#25\" stroke-width=\"2\" points=\"1,1 5,1 3,4 1,1 \"/>\n<polygon opacity=\"0.2\" fill=\"#25\" points=\"1,1 5,1 3,4 \"/>\n<polyline fill=\"none\" stroke=\"#25\" stroke-width=\"2\" points=\"1,1 5,1 \"/>",
                "<polygon fill=\"#25\" fill-opacity=\"0.2\" stroke=\"#25\" stroke-width=\"2\" points=\"1,1 5,1 3,4\"/>\n<polygon opacity=\"0.2\" fill=\"#25\" points=\"1,1 5,1 3,4 \"/>\n<polyline fill=\"none\" stroke=\"#25\" stroke-width=\"2\" points=\"1,1 5,1 \"/>",
            ),
            ("", ""),
        ];
        for (input, want) in cases {
            assert_eq!(merge_shapes(input), want, "{input}");
        }
    }
}
