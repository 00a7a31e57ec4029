//! A chart split into layers, so that what many charts share is drawn once: the back (background, grid,
//! axes, reference series), the chart's own data, and the front (labels drawn over the data). The site
//! stacks the three at one size; the shared layers are files that many pages point to.

use super::canvas::LAYER_MARK;

/// One chart in three stacked SVG documents of the same size and `viewBox`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Layers {
    /// Standalone document (with `xmlns`, no title): what is drawn below the data. Empty when nothing is.
    pub back: String,
    /// The chart's own document (`role="img"`, title and description) with only its own data.
    pub data: String,
    /// Standalone document drawn over the data, or empty.
    pub front: String,
}

/// Splits a chart drawn with layer marks (`Canvas::layer`) into its layers; elements before the first mark
/// are in the back.
pub fn split(svg: &str) -> Layers {
    let Some(open_end) = svg.find('>') else {
        return Layers {
            data: svg.to_string(),
            ..Layers::default()
        };
    };
    let open = &svg[..open_end];
    // The data layer keeps the whole opening tag, title and description; the shared ones only the size.
    let size: String = ["width", "height", "viewBox"]
        .iter()
        .filter_map(|k| attr(open, k).map(|v| format!(" {k}=\"{v}\"")))
        .collect();
    let head_end = svg
        .find("</desc>")
        .map_or(open_end + 1, |i| i + "</desc>".len());
    let mut layers = [String::new(), String::new(), String::new()];
    let mut at = 0;
    let body = svg[head_end..]
        .trim_end()
        .strip_suffix("</svg>")
        .unwrap_or(&svg[head_end..]);
    for line in body.split_inclusive('\n') {
        if line.contains(LAYER_MARK) {
            at = attr(line, "x")
                .and_then(|x| x.parse::<usize>().ok())
                .unwrap_or(1)
                .min(2);
        } else {
            layers[at].push_str(line);
        }
    }
    let shared = |body: &str| {
        if body.trim().is_empty() {
            String::new()
        } else {
            format!("<svg xmlns=\"http://www.w3.org/2000/svg\"{size}>{body}</svg>\n")
        }
    };
    Layers {
        back: shared(&layers[0]),
        data: format!("{}{}</svg>\n", &svg[..head_end], layers[1]),
        front: shared(&layers[2]),
    }
}

/// The value of attribute `key` in a start tag.
fn attr<'a>(tag: &'a str, key: &str) -> Option<&'a str> {
    let pat = format!(" {key}=\"");
    let i = tag.find(&pat)? + pat.len();
    Some(&tag[i..i + tag[i..].find('"')?])
}
