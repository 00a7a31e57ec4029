//! Charts as standalone SVG strings drawn with plotters, shared by the site and the PDFs.
//!
//! Every function is pure and deterministic and never panics: it returns one `<svg ...>` document (no XML
//! prolog) with a `viewBox`, `role="img"`, a `<title>` (the chart title) and a `<desc>` (the data as text).
//! Text is set in "DejaVu Sans" (named explicitly: typst ignores generic families) and escaped. Values are
//! fractions 0..=1 (clamped; NaN counts as missing). A series coloured [`MUTED`] (e.g. an organisation
//! median) is drawn behind the others with a dashed outline.
//!
//! Each chart is laid out for a [`Fit`]: the site's narrow layout, which the page scales to its card, or
//! the PDFs' wider one.

mod bars;
mod canvas;
mod heatmap;
mod layers;
mod line;
mod radar;
#[cfg(test)]
mod tests;
mod text;

pub use bars::{hbars, level_distribution};
pub use heatmap::heatmap;
pub use layers::Layers;
pub use line::{line, line_layers, line_marked};
pub use radar::{radar, radar_layers};

use canvas::{INK, NA_FILL, WHITE};

/// What a chart is laid out for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fit {
    /// The site: [`SCREEN_W`] wide, scaled by the page to its card (`width: 100%`, `height: auto`, at most
    /// 1.3 times the drawn size). A phone's card is about 345 px wide, so text drawn at 11 px or more
    /// (every font of this layout) stays at 10 px or more on screen.
    Screen,
    /// The PDF reports: 600-840 px wide, placed at a fixed share of the page width by the typst templates.
    Print,
}

/// Width of every chart laid out for [`Fit::Screen`].
pub const SCREEN_W: f64 = 360.0;

/// An sRGB colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Color(pub u8, pub u8, pub u8);

/// One data series: a value per axis (radar) or per period (line); `None` is missing.
#[derive(Clone, Debug)]
pub struct Series {
    pub label: String,
    pub values: Vec<Option<f64>>,
    pub color: Color,
}

/// The main accent (a team's own data).
pub const PRIMARY: Color = Color(0x25, 0x63, 0xeb);
/// Reference data (organisation or group median); drawn dashed and behind.
pub const MUTED: Color = Color(0x8a, 0x94, 0xa3);

const LEVELS: [Color; 6] = [
    Color(0xd1, 0x4b, 0x3f),
    Color(0xec, 0x7d, 0x31),
    Color(0xe3, 0xa7, 0x1b),
    Color(0x8d, 0xb8, 0x3a),
    Color(0x35, 0x9e, 0x5a),
    Color(0x1f, 0x78, 0x8f),
];

/// Colour of maturity level 0..=5 (red for 0 through green to blue-green for 5); larger levels use 5.
pub fn level_color(level: u8) -> Color {
    LEVELS[usize::from(level.min(5))]
}

/// Colour of an activity state by its score: grey at 0 (or NaN), amber when partial, green at 1.
pub fn state_color(score: f64) -> Color {
    if score.is_nan() || score <= 0.0 {
        Color(0x9c, 0xa3, 0xaf)
    } else if score >= 1.0 {
        Color(0x16, 0xa3, 0x4a)
    } else {
        Color(0xf5, 0x9e, 0x0b)
    }
}

const SCALE: [Color; 3] = [
    Color(0xf2, 0x8b, 0x7d),
    Color(0xf7, 0xd7, 0x7c),
    Color(0x6d, 0xc0, 0x8b),
];

/// Heatmap colour of a fraction 0..=1 (soft red through amber to green, dark text stays readable); NaN is grey.
pub fn value_color(v: f64) -> Color {
    let Some(v) = clean(v) else {
        return NA_FILL;
    };
    let (a, b, t) = if v <= 0.5 {
        (SCALE[0], SCALE[1], v * 2.0)
    } else {
        (SCALE[1], SCALE[2], (v - 0.5) * 2.0)
    };
    let mix = |x: u8, y: u8| (f64::from(x) + (f64::from(y) - f64::from(x)) * t).round() as u8;
    Color(mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}

/// `"#rrggbb"`.
pub fn hex(c: Color) -> String {
    format!("#{:02x}{:02x}{:02x}", c.0, c.1, c.2)
}

/// A fraction clamped to 0..=1; NaN is missing.
fn clean(v: f64) -> Option<f64> {
    if v.is_nan() {
        None
    } else if v > 0.0 {
        Some(v.min(1.0))
    } else {
        Some(0.0)
    }
}

fn get(values: &[Option<f64>], i: usize) -> Option<f64> {
    values.get(i).copied().flatten().and_then(clean)
}

fn pct(v: Option<f64>) -> String {
    match v.and_then(clean) {
        Some(v) => format!("{:.0} %", v * 100.0),
        None => "n/a".to_string(),
    }
}

fn is_muted(s: &Series) -> bool {
    s.color == MUTED
}

/// Series in drawing order: muted (reference) series first, so they sit behind.
fn draw_order(series: &[Series]) -> Vec<&Series> {
    series
        .iter()
        .filter(|s| is_muted(s))
        .chain(series.iter().filter(|s| !is_muted(s)))
        .collect()
}

fn series_desc(labels: &[String], series: &[Series]) -> String {
    let parts: Vec<String> = series
        .iter()
        .map(|s| {
            let vals: Vec<String> = labels
                .iter()
                .enumerate()
                .map(|(i, l)| format!("{l} {}", pct(get(&s.values, i))))
                .collect();
            format!("{}: {}", s.label, vals.join(", "))
        })
        .collect();
    if parts.is_empty() {
        "No data".to_string()
    } else {
        parts.join("; ")
    }
}

/// Text colour readable on `bg`.
fn ink_on(bg: Color) -> Color {
    let lum = 0.2126 * f64::from(bg.0) + 0.7152 * f64::from(bg.1) + 0.0722 * f64::from(bg.2);
    if lum < 120.0 { WHITE } else { INK }
}

/// Top of the plotting area below the title.
const TOP: f64 = 44.0;
