//! Site charts in fewer bytes: runs of identically styled opaque circles and polylines become one `<path>`.
//!
//! plotters writes one element per shape, each repeating its style (a trend chart's dots, a radar's grid).
//! Consecutive shapes with the same attributes and no transparency draw the same picture as one path of
//! several subpaths (same colour, same order, overlaps of one opaque colour look alike), at about half the
//! bytes. Written by hand because it only has to understand the few element shapes `charts` emits; anything
//! else (text, rects, polygons, shapes with `opacity`) is copied unchanged.

/// One mergeable element: its style attributes (the run key) and its path data.
struct Shape<'a> {
    attrs: &'a str,
    d: String,
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
        return Some(Shape { attrs, d });
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
        d: format!("M{}", points.trim()),
    })
}

/// `svg` with every run of two or more mergeable shapes of equal style written as one `<path>`.
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
            _ => {
                let d: Vec<&str> = run.iter().map(|(_, s)| s.d.as_str()).collect();
                let attrs = run[0].1.attrs.replace(" stroke=\"none\"", "");
                out.push_str(&format!("<path{attrs} d=\"{}\"/>\n", d.join("")));
            }
        }
        run.clear();
    };
    let mut lines = svg.split('\n').peekable();
    while let Some(line) = lines.next() {
        let last = lines.peek().is_none();
        match shape(line) {
            Some(s) => {
                if run.first().is_some_and(|(_, f)| f.attrs != s.attrs) {
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
            ("", ""),
        ];
        for (input, want) in cases {
            assert_eq!(merge_shapes(input), want, "{input}");
        }
    }
}
