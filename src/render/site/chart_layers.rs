//! Charts whose grid, axes, labels and reference series are the same on thousands of pages (a team's
//! radar and trend): the shared layers are written once as `charts/<hash>.svg` and each page stacks them
//! as images under and over its own inline data layer, which keeps the title, description, legend and the
//! team's series. The stack renders as the single chart did, without JavaScript.

use super::{Renderer, svg_compact};
use crate::render::charts::Layers;
use crate::util::error::Result;

/// The HTML of a layered chart for a page at `root`: `<div class="layers">` with the back image, the
/// inline data `<svg>` and the front image. The shared files are written on first use.
pub(super) fn stacked(r: &Renderer, root: &str, layers: &Layers) -> Result<String> {
    let mut html = String::from("<div class=\"layers\">");
    if let Some(src) = shared(r, &layers.back)? {
        html.push_str(&format!("<img src=\"{root}{src}\" alt=\"\">"));
    }
    html.push_str(&layers.data);
    if let Some(src) = shared(r, &layers.front)? {
        html.push_str(&format!("<img src=\"{root}{src}\" alt=\"\">"));
    }
    html.push_str("</div>");
    Ok(html)
}

/// The site path of a shared layer (compacted as inline charts are, with the namespace a standalone
/// SVG file needs), written the first time it is asked for; `None` for an empty layer.
fn shared(r: &Renderer, svg: &str) -> Result<Option<String>> {
    if svg.is_empty() {
        return Ok(None);
    }
    let doc =
        svg_compact::page(svg).replacen("<svg ", "<svg xmlns=\"http://www.w3.org/2000/svg\" ", 1);
    let path = format!("charts/{:016x}.svg", fnv(&doc));
    let new = r
        .shared
        .lock()
        .map_or(true, |mut seen| seen.insert(path.clone()));
    if new {
        r.file(&path, doc.as_bytes())?;
    }
    Ok(Some(path))
}

/// FNV-1a: a stable name from the file's bytes, so the same layer is one file.
fn fnv(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}
