//! Drawing helpers on top of plotters' SVG backend: colours and font presets, shapes in pixel
//! coordinates, legends, and the accessibility post-processing of the finished document.

use super::text::{Font, clean_text, ellipsize, escape, wrap};
use super::{Color, TOP};
use plotters::coord::Shift;
use plotters::element::{Circle, PathElement, Polygon, Rectangle, Text};
use plotters::prelude::{DrawingArea, IntoDrawingArea, SVGBackend};
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{
    FontDesc, FontFamily, FontStyle, FontTransform, RGBAColor, RGBColor, ShapeStyle,
};
use std::fmt::Write as _;

/// Named first so typst (which ignores generic families) and the PDFs use the embedded DejaVu Sans.
pub const FAMILY: &str = "DejaVu Sans, sans-serif";

pub const INK: Color = Color(0x1f, 0x29, 0x37);
pub const SUBTLE: Color = Color(0x6b, 0x72, 0x80);
pub const GRID: Color = Color(0xe5, 0xe7, 0xeb);
pub const AXIS: Color = Color(0xcb, 0xd0, 0xd8);
pub const NA_FILL: Color = Color(0xf1, 0xf3, 0xf5);
pub const WHITE: Color = Color(0xff, 0xff, 0xff);

/// plotters cannot dash a path as one element (its `DashedPathElement` emits a polyline per dash), so dashed
/// paths are drawn with this otherwise unused opacity, which [`finalize`] turns into `stroke-dasharray`.
const DASH_MARK: f64 = 0.99609375;

/// Layer marks: an empty rectangle of this otherwise unused opacity at `x` = the layer that the elements
/// after it belong to (see [`Canvas::layer`] and `charts::Layers`). Removed from every finished chart but
/// the layered ones, which split at them.
pub const LAYER_MARK: &str = "opacity=\"0.50390625\"";
const LAYER_ALPHA: f64 = 0.50390625;

pub const TITLE: Font = Font {
    px: 15.0,
    bold: true,
    color: INK,
};
pub const LABEL: Font = Font::new(12.5, INK);
pub const SMALL: Font = Font::new(11.0, SUBTLE);

/// How a legend entry is drawn.
#[derive(Clone, Copy, PartialEq)]
pub enum Swatch {
    Square,
    Line { dashed: bool },
}

pub struct LegendItem {
    pub label: String,
    pub color: Color,
    pub swatch: Swatch,
}

const LEGEND_ROW: f64 = 20.0;
const LEGEND_MAX_LABEL: f64 = 220.0;

fn legend_item_width(it: &LegendItem) -> f64 {
    let sw = if it.swatch == Swatch::Square {
        12.0
    } else {
        22.0
    };
    sw + 6.0 + LABEL.width(&ellipsize(&it.label, LEGEND_MAX_LABEL, &LABEL)) + 18.0
}

/// Items per row when laid out in `max_w` pixels.
fn legend_rows(items: &[LegendItem], max_w: f64) -> Vec<Vec<&LegendItem>> {
    let mut rows: Vec<Vec<&LegendItem>> = Vec::new();
    let mut used = f64::INFINITY;
    for it in items {
        let w = legend_item_width(it);
        if used + w > max_w {
            rows.push(Vec::new());
            used = 0.0;
        }
        used += w;
        if let Some(r) = rows.last_mut() {
            r.push(it);
        }
    }
    rows
}

pub fn legend_height(items: &[LegendItem], max_w: f64) -> f64 {
    legend_rows(items, max_w).len() as f64 * LEGEND_ROW
}

const TITLE_LINE: f64 = 19.0;

/// The title wrapped to a chart `w` wide: one line, or two (the second shortened to fit) when it is long.
pub fn title_lines(title: &str, w: f64) -> Vec<String> {
    wrap(&clean_text(title), w - 32.0, &TITLE, 2)
}

/// Top of the plotting area below the title, which takes one line or two ([`title_lines`]).
pub fn top(title: &str, w: f64) -> f64 {
    TOP + title_lines(title, w).len().saturating_sub(1) as f64 * TITLE_LINE
}

/// The drawing surface: a plotters drawing area in pixel coordinates (origin top left).
pub struct Canvas<'a> {
    area: DrawingArea<SVGBackend<'a>, Shift>,
    pub w: f64,
}

fn rgb(c: Color) -> RGBColor {
    RGBColor(c.0, c.1, c.2)
}

fn style(c: Color, alpha: f64, filled: bool, stroke: u32) -> ShapeStyle {
    ShapeStyle {
        color: RGBAColor(c.0, c.1, c.2, alpha),
        filled,
        stroke_width: stroke,
    }
}

fn pt((x, y): (f64, f64)) -> (i32, i32) {
    let f = |v: f64| {
        if v.is_finite() {
            v.round().clamp(-100_000.0, 100_000.0) as i32
        } else {
            0
        }
    };
    (f(x), f(y))
}

impl Canvas<'_> {
    pub fn text(&self, s: &str, at: (f64, f64), font: &Font, h: HPos, v: VPos) {
        self.text_with(s, at, font, Pos::new(h, v), FontTransform::None);
    }

    /// Text reading bottom to top, starting at `at` (its left end before rotation).
    pub fn text_up(&self, s: &str, at: (f64, f64), font: &Font) {
        self.text_with(
            s,
            at,
            font,
            Pos::new(HPos::Left, VPos::Center),
            FontTransform::Rotate270,
        );
    }

    fn text_with(&self, s: &str, at: (f64, f64), font: &Font, pos: Pos, transform: FontTransform) {
        let s = clean_text(s);
        if s.is_empty() {
            return;
        }
        let weight = if font.bold {
            FontStyle::Bold
        } else {
            FontStyle::Normal
        };
        // The SVG backend writes `font-size = size / 1.24`.
        let desc =
            FontDesc::new(FontFamily::Name(FAMILY), font.px * 1.24, weight).transform(transform);
        let style = desc.color(&rgb(font.color)).pos(pos);
        let _ = self.area.draw(&Text::new(s, pt(at), style));
    }

    /// Lines stacked around `at`: `v` says whether `at` is the top, centre or bottom of the block.
    pub fn lines(&self, lines: &[String], at: (f64, f64), font: &Font, h: HPos, v: VPos) {
        let lh = font.px * 1.2;
        let block = lh * lines.len() as f64;
        let top = match v {
            VPos::Top => at.1,
            VPos::Center => at.1 - block / 2.0,
            VPos::Bottom => at.1 - block,
        };
        for (i, l) in lines.iter().enumerate() {
            self.text(
                l,
                (at.0, top + lh * (i as f64 + 0.5)),
                font,
                h,
                VPos::Center,
            );
        }
    }

    pub fn rect(&self, (x0, y0): (f64, f64), (x1, y1): (f64, f64), fill: Color, alpha: f64) {
        let _ = self.area.draw(&Rectangle::new(
            [pt((x0, y0)), pt((x1, y1))],
            style(fill, alpha, true, 0),
        ));
    }

    pub fn line(&self, a: (f64, f64), b: (f64, f64), c: Color, width: u32) {
        self.path(&[a, b], c, width, false);
    }

    pub fn path(&self, points: &[(f64, f64)], c: Color, width: u32, dashed: bool) {
        let pts: Vec<(i32, i32)> = points.iter().copied().map(pt).collect();
        if pts.len() < 2 {
            return;
        }
        let alpha = if dashed { DASH_MARK } else { 1.0 };
        let _ = self
            .area
            .draw(&PathElement::new(pts, style(c, alpha, false, width)));
    }

    pub fn polygon(&self, points: &[(f64, f64)], fill: Color, alpha: f64) {
        let pts: Vec<(i32, i32)> = points.iter().copied().map(pt).collect();
        if pts.len() >= 3 {
            let _ = self
                .area
                .draw(&Polygon::new(pts, style(fill, alpha, true, 0)));
        }
    }

    pub fn circle(&self, at: (f64, f64), r: f64, fill: Color) {
        let _ = self.area.draw(&Circle::new(
            pt(at),
            r.round().max(1.0) as i32,
            style(fill, 1.0, true, 0),
        ));
    }

    pub fn circle_outline(&self, at: (f64, f64), r: f64, c: Color, width: u32) {
        let _ = self.area.draw(&Circle::new(
            pt(at),
            r.round().max(1.0) as i32,
            style(c, 1.0, false, width),
        ));
    }

    /// The elements drawn from now on belong to `layer` (0 the shared back, 1 the chart's own data, 2 the
    /// shared front): a mark in the document, see [`LAYER_MARK`].
    pub fn layer(&self, layer: u8) {
        let at = (i32::from(layer), 0);
        let _ = self.area.draw(&Rectangle::new(
            [at, at],
            style(WHITE, LAYER_ALPHA, true, 0),
        ));
    }

    /// The chart title, top left, on one line or two ([`title_lines`]).
    pub fn title(&self, title: &str) {
        for (i, t) in title_lines(title, self.w).iter().enumerate() {
            let y = 22.0 + TITLE_LINE * i as f64;
            self.text(t, (16.0, y), &TITLE, HPos::Left, VPos::Center);
        }
    }

    pub fn no_data(&self, at: (f64, f64)) {
        self.text(
            "No data",
            at,
            &Font::new(13.0, SUBTLE),
            HPos::Center,
            VPos::Center,
        );
    }

    /// Draws legend rows starting at `y` (top), centred on `cx` or starting at `x0` when `centred` is false.
    pub fn legend(&self, items: &[LegendItem], x: f64, y: f64, max_w: f64, centred: bool) {
        for (r, row) in legend_rows(items, max_w).iter().enumerate() {
            let total: f64 = row.iter().map(|it| legend_item_width(it)).sum::<f64>() - 18.0;
            let mut cx = if centred {
                x + (max_w - total) / 2.0
            } else {
                x
            };
            let cy = y + LEGEND_ROW * (r as f64 + 0.5);
            for it in row {
                let label = ellipsize(&clean_text(&it.label), LEGEND_MAX_LABEL, &LABEL);
                let sw = match it.swatch {
                    Swatch::Square => {
                        self.rect((cx, cy - 6.0), (cx + 12.0, cy + 6.0), it.color, 1.0);
                        12.0
                    }
                    Swatch::Line { dashed } => {
                        self.path(&[(cx, cy), (cx + 22.0, cy)], it.color, 2, dashed);
                        self.circle((cx + 11.0, cy), 3.5, it.color);
                        22.0
                    }
                };
                self.text(
                    &label,
                    (cx + sw + 6.0, cy),
                    &LABEL,
                    HPos::Left,
                    VPos::Center,
                );
                cx += legend_item_width(it);
            }
        }
    }
}

/// Draws a `w` x `h` chart on a white background and returns the finished, accessible SVG document.
pub fn render(w: f64, h: f64, title: &str, desc: &str, draw: impl FnOnce(&Canvas)) -> String {
    without_marks(&render_marked(w, h, title, desc, draw))
}

/// `svg` without its layer marks (the lines holding [`LAYER_MARK`]).
pub fn without_marks(svg: &str) -> String {
    if !svg.contains(LAYER_MARK) {
        return svg.to_string();
    }
    svg.split_inclusive('\n')
        .filter(|l| !l.contains(LAYER_MARK))
        .collect()
}

/// As [`render`], with the layer marks kept (the chart's id is that of the document without them, so
/// both forms have the same id).
pub fn render_marked(
    w: f64,
    h: f64,
    title: &str,
    desc: &str,
    draw: impl FnOnce(&Canvas),
) -> String {
    let size = (
        w.round().clamp(1.0, 20_000.0) as u32,
        h.round().clamp(1.0, 20_000.0) as u32,
    );
    let mut buf = String::new();
    {
        let area = SVGBackend::with_string(&mut buf, size).into_drawing_area();
        let _ = area.fill(&rgb(WHITE));
        let canvas = Canvas {
            area,
            w: size.0 as f64,
        };
        draw(&canvas);
        let _ = canvas.area.present();
    }
    finalize(&buf, title, desc)
}

/// FNV-1a, for ids that are stable across runs and differ between charts on one page.
fn fnv(parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for p in parts {
        for b in p.bytes().chain(std::iter::once(0)) {
            h ^= b as u64;
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

/// Rounds `font-size` values (plotters writes `size / 1.24`, e.g. `15.000000000000002`) to two decimals. Text
/// content cannot contain the key: plotters escapes `"` there.
fn tidy_font_sizes(s: &str) -> String {
    const KEY: &str = "font-size=\"";
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find(KEY) {
        out.push_str(&rest[..i + KEY.len()]);
        rest = &rest[i + KEY.len()..];
        let end = rest.find('"').unwrap_or(rest.len());
        match rest[..end].parse::<f64>() {
            Ok(v) => out.push_str(
                format!("{v:.2}")
                    .trim_end_matches('0')
                    .trim_end_matches('.'),
            ),
            Err(_) => out.push_str(&rest[..end]),
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// Adds `role="img"`, `aria-labelledby`/`aria-describedby` and the `<title>`/`<desc>` elements right after the
/// opening `<svg ...>` tag (plotters escapes attribute values, so the first `>` closes that tag).
pub fn finalize(svg: &str, title: &str, desc: &str) -> String {
    let id = format!("chart-{:016x}", fnv(&[title, desc, &without_marks(svg)]));
    let Some(end) = svg.find('>') else {
        return svg.to_string();
    };
    let body = tidy_font_sizes(&svg[end + 1..])
        .replace(
            &format!("opacity=\"{DASH_MARK}\""),
            "stroke-dasharray=\"6 4\"",
        )
        .replace(
            "<polyline fill=\"none\"",
            "<polyline fill=\"none\" stroke-linejoin=\"round\"",
        );
    let mut out = String::with_capacity(svg.len() + title.len() + desc.len() + 200);
    out.push_str(&svg[..end]);
    let _ = write!(
        out,
        " role=\"img\" aria-labelledby=\"{id}-title\" aria-describedby=\"{id}-desc\">\n<title id=\"{id}-title\">{}</title>\n<desc id=\"{id}-desc\">{}</desc>",
        escape(title),
        escape(desc)
    );
    out.push_str(&body);
    out
}
