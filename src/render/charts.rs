//! Charts as standalone SVG strings drawn with plotters, shared by the site and the PDFs.
//!
//! Every function is pure and deterministic and never panics: it returns one `<svg ...>` document (no XML
//! prolog) with a `viewBox`, `role="img"`, a `<title>` (the chart title) and a `<desc>` (the data as text).
//! Text is set in "DejaVu Sans" (named explicitly: typst ignores generic families) and escaped. Values are
//! fractions 0..=1 (clamped; NaN counts as missing). A series coloured [`MUTED`] (e.g. an organisation
//! median) is drawn behind the others with a dashed outline.

mod canvas;

use canvas::{AXIS, GRID, INK, NA_FILL, SUBTLE, WHITE};
use canvas::{Font, LABEL, LegendItem, SMALL, Swatch, ellipsize, render, wrap};
use plotters::style::text_anchor::{HPos, VPos};
use std::f64::consts::PI;

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

/// Radar (spider) chart of 0..=1 values, one axis per label, one translucent polygon per series.
pub fn radar(title: &str, axes: &[String], series: &[Series]) -> String {
    let (w, h) = (600.0, 400.0);
    let n = axes.len();
    let items: Vec<LegendItem> = series
        .iter()
        .map(|s| LegendItem {
            label: s.label.clone(),
            color: s.color,
            swatch: Swatch::Square,
        })
        .collect();
    let legend_h = canvas::legend_height(&items, w - 32.0);
    let desc = series_desc(axes, series);
    render(w, h, title, &desc, |c| {
        c.title(title);
        let bottom = h - legend_h - if legend_h > 0.0 { 14.0 } else { 8.0 };
        c.legend(&items, 16.0, bottom + 6.0, w - 32.0, true);
        if n == 0 {
            c.no_data((w / 2.0, (TOP + bottom) / 2.0));
            return;
        }
        let font = if n > 10 { Font::new(11.0, INK) } else { LABEL };
        let lh = font.px * 1.2;
        let max_lines = if n > 10 { 2 } else { 3 };
        let cx = w / 2.0;
        let cy = (TOP + bottom) / 2.0;
        let r = ((bottom - TOP) / 2.0 - 2.0 * lh - 10.0)
            .min(w / 2.0 - 170.0)
            .max(30.0);
        let angle = |i: usize| 2.0 * PI * i as f64 / n as f64;
        let at = |i: usize, rho: f64| (cx + rho * angle(i).sin(), cy - rho * angle(i).cos());

        // Grid: rings at 20 % steps and spokes.
        for k in 1..=5 {
            let rho = r * f64::from(k) / 5.0;
            let color = if k == 5 { AXIS } else { GRID };
            if n >= 3 {
                let mut ring: Vec<(f64, f64)> = (0..n).map(|i| at(i, rho)).collect();
                ring.push(ring[0]);
                c.path(&ring, color, 1, false);
            } else {
                c.circle_outline((cx, cy), rho, color, 1);
            }
        }
        for i in 0..n {
            c.line((cx, cy), at(i, r), GRID, 1);
        }

        // Series: translucent fill, outline, vertex dots.
        for s in draw_order(series) {
            let muted = is_muted(s);
            let pts: Vec<(f64, f64)> = (0..n)
                .map(|i| at(i, r * get(&s.values, i).unwrap_or(0.0)))
                .collect();
            c.polygon(&pts, s.color, if muted { 0.14 } else { 0.22 });
            let mut outline = pts.clone();
            if n >= 3 {
                outline.push(pts[0]);
            }
            c.path(&outline, s.color, 2, muted);
            for (i, p) in pts.iter().enumerate() {
                if get(&s.values, i).is_some() {
                    c.circle(*p, if muted { 2.5 } else { 3.5 }, s.color);
                }
            }
        }

        // Ring percentages between the last and the first spoke, on small white pills over the series.
        let tick = Font::new(10.0, SUBTLE);
        let mid = if n >= 2 { -PI / n as f64 } else { -PI / 4.0 };
        for k in 1..=5 {
            let rho = r * f64::from(k) / 5.0 * if n >= 3 { (PI / n as f64).cos() } else { 1.0 };
            let (x, y) = (cx + rho * mid.sin(), cy - rho * mid.cos());
            let label = format!("{} %", k * 20);
            let tw = tick.width(&label);
            c.rect(
                (x - tw / 2.0 - 3.0, y - 7.0),
                (x + tw / 2.0 + 3.0, y + 7.0),
                WHITE,
                0.8,
            );
            c.text(&label, (x, y), &tick, HPos::Center, VPos::Center);
        }

        // Axis labels outside the outer ring, wrapped to the room left on their side.
        for (i, label) in axes.iter().enumerate() {
            let (s, co) = (angle(i).sin(), angle(i).cos());
            let (x, y) = at(i, r + 10.0);
            let hpos = if s.abs() < 0.1 {
                HPos::Center
            } else if s > 0.0 {
                HPos::Left
            } else {
                HPos::Right
            };
            let vpos = if co > 0.75 {
                VPos::Bottom
            } else if co < -0.75 {
                VPos::Top
            } else {
                VPos::Center
            };
            let room = match hpos {
                HPos::Left => w - x - 8.0,
                HPos::Right => x - 8.0,
                HPos::Center => 2.0 * x.min(w - x) - 16.0,
            }
            .clamp(40.0, 170.0);
            let lines = wrap(label, room, &font, max_lines);
            c.lines(&lines, (x, y), &font, hpos, vpos);
        }
    })
}

/// Rows x columns of cells coloured by value 0..=1 with the percentage in each cell; `None` is "n/a".
pub fn heatmap(
    title: &str,
    rows: &[String],
    cols: &[String],
    values: &[Vec<Option<f64>>],
) -> String {
    let cell = |r: usize, c: usize| values.get(r).and_then(|row| get(row, c));
    let row_font = LABEL;
    let longest = rows
        .iter()
        .map(|r| row_font.width(&canvas::clean_text(r)))
        .fold(0.0, f64::max);
    let left = (16.0 + longest + 12.0).clamp(60.0, 720.0 * 0.45);
    let ncols = cols.len().max(1);
    // Widen the chart (up to 840 px) rather than cut column headers such as "Implementation".
    let widest_word = cols
        .iter()
        .flat_map(|c| c.split_whitespace())
        .map(|w| Font::new(11.0, INK).width(w))
        .fold(0.0, f64::max);
    let need = left + 16.0 + ncols as f64 * (widest_word + 10.0).max(48.0);
    let w = if need > 720.0 && need <= 840.0 {
        need.ceil()
    } else {
        720.0
    };
    let grid_w = w - left - 16.0;
    let col_w = grid_w / ncols as f64;
    let vertical = col_w < 64.0;
    let fits = |f: &Font| {
        cols.iter()
            .flat_map(|c| c.split_whitespace())
            .all(|word| f.width(word) <= col_w - 6.0)
    };
    let head_font = [12.0, 11.0, 10.0]
        .map(|px| Font::new(px, INK))
        .into_iter()
        .find(|f| vertical || fits(f))
        .unwrap_or(Font::new(10.0, INK));
    let head_lines: Vec<Vec<String>> = cols
        .iter()
        .map(|c| wrap(c, col_w - 6.0, &head_font, 3))
        .collect();
    let head_h = if vertical {
        cols.iter()
            .map(|c| head_font.width(&canvas::clean_text(c)))
            .fold(0.0, f64::max)
            .min(150.0)
            + 10.0
    } else {
        head_lines.iter().map(Vec::len).max().unwrap_or(1) as f64 * head_font.px * 1.2 + 10.0
    };
    let row_h = if rows.len() > 30 { 22.0 } else { 28.0 };
    let grid_top = TOP + head_h;
    let grid_bottom = grid_top + rows.len() as f64 * row_h;
    let h = grid_bottom + 64.0;

    let desc = {
        let parts: Vec<String> = rows
            .iter()
            .enumerate()
            .map(|(r, name)| {
                let vals: Vec<String> = cols
                    .iter()
                    .enumerate()
                    .map(|(c, col)| format!("{col} {}", pct(cell(r, c))))
                    .collect();
                format!("{name}: {}", vals.join(", "))
            })
            .collect();
        if parts.is_empty() || cols.is_empty() {
            "No data".to_string()
        } else {
            parts.join("; ")
        }
    };

    render(w, h, title, &desc, |c| {
        c.title(title);
        if rows.is_empty() || cols.is_empty() {
            c.no_data((w / 2.0, (TOP + h - 20.0) / 2.0));
            return;
        }
        // Column headers.
        for (j, lines) in head_lines.iter().enumerate() {
            let x = left + col_w * (j as f64 + 0.5);
            if vertical {
                let label = ellipsize(&canvas::clean_text(&cols[j]), 150.0, &head_font);
                c.text_up(&label, (x, grid_top - 6.0), &head_font);
            } else {
                c.lines(
                    lines,
                    (x, grid_top - 6.0),
                    &head_font,
                    HPos::Center,
                    VPos::Bottom,
                );
            }
        }
        // Rows: label and cells.
        let cell_font = Font::new(12.0, INK);
        let show_text = col_w >= 34.0;
        for (i, name) in rows.iter().enumerate() {
            let y0 = grid_top + row_h * i as f64;
            let cy = y0 + row_h / 2.0;
            let label = ellipsize(&canvas::clean_text(name), left - 28.0, &row_font);
            c.text(
                &label,
                (left - 10.0, cy),
                &row_font,
                HPos::Right,
                VPos::Center,
            );
            for j in 0..cols.len() {
                let x0 = left + col_w * j as f64;
                let v = cell(i, j);
                let fill = v.map(value_color).unwrap_or(NA_FILL);
                c.rect(
                    (x0 + 1.0, y0 + 1.0),
                    (x0 + col_w - 1.0, y0 + row_h - 1.0),
                    fill,
                    1.0,
                );
                if show_text {
                    let font = match v {
                        Some(_) => cell_font.colored(ink_on(fill)),
                        None => Font::new(11.0, SUBTLE),
                    };
                    c.text(
                        &pct(v),
                        (x0 + col_w / 2.0, cy),
                        &font,
                        HPos::Center,
                        VPos::Center,
                    );
                }
            }
        }
        // Colour legend: a stepped gradient with 0 / 50 / 100 % ticks, then the n/a swatch.
        let ly = grid_bottom + 18.0;
        let (lx, lw, steps) = (left, 200.0_f64.min(grid_w - 80.0).max(60.0), 40);
        for k in 0..steps {
            let x0 = lx + lw * k as f64 / steps as f64;
            let x1 = lx + lw * (k + 1) as f64 / steps as f64;
            c.rect(
                (x0, ly),
                (x1 + 0.5, ly + 10.0),
                value_color((k as f64 + 0.5) / steps as f64),
                1.0,
            );
        }
        for (t, label) in [(0.0, "0 %"), (0.5, "50 %"), (1.0, "100 %")] {
            let x = lx + lw * t;
            c.line((x, ly + 10.0), (x, ly + 14.0), AXIS, 1);
            c.text(label, (x, ly + 16.0), &SMALL, HPos::Center, VPos::Top);
        }
        let nx = lx + lw + 28.0;
        c.rect((nx, ly - 1.0), (nx + 22.0, ly + 11.0), NA_FILL, 1.0);
        c.text(
            "n/a",
            (nx + 28.0, ly + 5.0),
            &SMALL,
            HPos::Left,
            VPos::Center,
        );
    })
}

/// A "nice" tick step for an axis from 0 to `max`, aiming at about four intervals.
fn nice_step(max: f64) -> f64 {
    let raw = (max / 4.0).max(1.0);
    let mag = 10f64.powf(raw.log10().floor());
    [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * mag)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * mag)
}

/// Level number for a label such as "Level 3" (else its position).
fn level_of(label: &str, index: usize) -> u8 {
    label
        .split_whitespace()
        .last()
        .and_then(|t| t.parse::<u8>().ok())
        .unwrap_or(index.min(255) as u8)
}

/// Vertical bars of counts, one per maturity level, in the level palette, with the count above each bar.
pub fn level_distribution(title: &str, counts: &[(String, usize)]) -> String {
    let (w, h) = (600.0, 340.0);
    let desc = if counts.is_empty() {
        "No data".to_string()
    } else {
        counts
            .iter()
            .map(|(l, n)| format!("{l}: {n}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    render(w, h, title, &desc, |c| {
        c.title(title);
        let (left, right, top, bottom) = (52.0, w - 20.0, TOP + 22.0, h - 44.0);
        if counts.is_empty() {
            c.no_data((w / 2.0, (top + bottom) / 2.0));
            return;
        }
        let max = counts.iter().map(|(_, n)| *n).max().unwrap_or(0) as f64;
        let step = nice_step(max);
        let ymax = ((max / step).ceil() * step).max(step);
        let y = |v: f64| bottom - (bottom - top) * v / ymax;
        let mut t = 0.0;
        while t <= ymax + 0.5 {
            let color = if t == 0.0 { AXIS } else { GRID };
            c.line((left, y(t)), (right, y(t)), color, 1);
            c.text(
                &format!("{t:.0}"),
                (left - 8.0, y(t)),
                &SMALL,
                HPos::Right,
                VPos::Center,
            );
            t += step;
        }
        c.text(
            "teams",
            (left - 8.0, top - 14.0),
            &SMALL,
            HPos::Right,
            VPos::Center,
        );
        let slot = (right - left) / counts.len() as f64;
        let bar_w = (slot * 0.62).clamp(2.0, 72.0);
        let count_font = LABEL.bold();
        let label_font = if slot < 60.0 {
            Font::new(11.0, INK)
        } else {
            LABEL
        };
        for (i, (label, n)) in counts.iter().enumerate() {
            let xc = left + slot * (i as f64 + 0.5);
            let color = level_color(level_of(label, i));
            let yt = y(*n as f64);
            if *n > 0 {
                c.rect(
                    (xc - bar_w / 2.0, yt),
                    (xc + bar_w / 2.0, bottom),
                    color,
                    1.0,
                );
            }
            c.text(
                &n.to_string(),
                (xc, yt - 4.0),
                &count_font,
                HPos::Center,
                VPos::Bottom,
            );
            let lines = wrap(label, slot - 4.0, &label_font, 2);
            c.lines(
                &lines,
                (xc, bottom + 6.0),
                &label_font,
                HPos::Center,
                VPos::Top,
            );
        }
    })
}

/// Horizontal bars of fractions 0..=1 with labels on the left and the percentage on the right.
pub fn hbars(title: &str, items: &[(String, f64)]) -> String {
    let w = 720.0;
    let row_h = 26.0;
    let longest = items
        .iter()
        .map(|(l, _)| LABEL.width(&canvas::clean_text(l)))
        .fold(0.0, f64::max);
    let left = (16.0 + longest + 12.0).clamp(60.0, w * 0.5);
    let value_w = 52.0;
    let right = w - 16.0 - value_w;
    let top = TOP + 4.0;
    let h = top + items.len().max(1) as f64 * row_h + 16.0;
    let desc = if items.is_empty() {
        "No data".to_string()
    } else {
        items
            .iter()
            .map(|(l, v)| format!("{l} {}", pct(Some(*v))))
            .collect::<Vec<_>>()
            .join(", ")
    };
    render(w, h, title, &desc, |c| {
        c.title(title);
        if items.is_empty() {
            c.no_data((w / 2.0, top + row_h / 2.0));
            return;
        }
        let value_font = LABEL.bold();
        for (i, (label, v)) in items.iter().enumerate() {
            let cy = top + row_h * (i as f64 + 0.5);
            let label = ellipsize(&canvas::clean_text(label), left - 28.0, &LABEL);
            c.text(&label, (left - 10.0, cy), &LABEL, HPos::Right, VPos::Center);
            c.rect((left, cy - 7.0), (right, cy + 7.0), NA_FILL, 1.0);
            let v = clean(*v);
            if let Some(v) = v.filter(|v| *v > 0.0) {
                c.rect(
                    (left, cy - 7.0),
                    (left + (right - left) * v, cy + 7.0),
                    PRIMARY,
                    1.0,
                );
            }
            let font = if v.is_some() {
                value_font
            } else {
                Font::new(12.0, SUBTLE)
            };
            c.text(&pct(v), (w - 16.0, cy), &font, HPos::Right, VPos::Center);
        }
    })
}

/// Lines over periods with y from 0 to 100 %, dot markers, gaps where a value is missing, and a legend.
pub fn line(title: &str, x_labels: &[String], series: &[Series]) -> String {
    line_marked(title, x_labels, series, &[])
}

/// A line chart with labelled vertical markers (e.g. catalogue upgrades) drawn before point `index`.
pub fn line_marked(
    title: &str,
    x_labels: &[String],
    series: &[Series],
    markers: &[(usize, String)],
) -> String {
    let (w, h) = (720.0, 360.0);
    let n = x_labels.len();
    let items: Vec<LegendItem> = series
        .iter()
        .map(|s| LegendItem {
            label: s.label.clone(),
            color: s.color,
            swatch: Swatch::Line {
                dashed: is_muted(s),
            },
        })
        .collect();
    let legend_h = canvas::legend_height(&items, w - 32.0);
    let desc = series_desc(x_labels, series);
    render(w, h, title, &desc, |c| {
        c.title(title);
        c.legend(&items, 16.0, TOP - 2.0, w - 32.0, false);
        let (left, right) = (60.0, w - 24.0);
        let top = TOP + legend_h + 16.0;
        let bottom = h - 40.0;
        let y = |v: f64| bottom - (bottom - top) * v;
        for k in 0..=5 {
            let v = f64::from(k) / 5.0;
            c.line(
                (left, y(v)),
                (right, y(v)),
                if k == 0 { AXIS } else { GRID },
                1,
            );
            c.text(
                &format!("{} %", k * 20),
                (left - 8.0, y(v)),
                &SMALL,
                HPos::Right,
                VPos::Center,
            );
        }
        if n == 0 {
            c.no_data(((left + right) / 2.0, (top + bottom) / 2.0));
            return;
        }
        let pad = 24.0;
        let x = |i: usize| {
            if n == 1 {
                (left + right) / 2.0
            } else {
                left + pad + (right - left - 2.0 * pad) * i as f64 / (n - 1) as f64
            }
        };
        // X labels, thinned so they do not overlap.
        let spacing = if n == 1 {
            right - left
        } else {
            (right - left - 2.0 * pad) / (n - 1) as f64
        };
        let widest = x_labels
            .iter()
            .map(|l| SMALL.width(&canvas::clean_text(l)))
            .fold(0.0, f64::max)
            .min(120.0);
        let every = ((widest + 12.0) / spacing.max(1.0)).ceil().max(1.0) as usize;
        for (i, label) in x_labels.iter().enumerate() {
            c.line((x(i), bottom), (x(i), bottom + 4.0), AXIS, 1);
            let last_fits = i == n - 1 && ((n - 1) % every) as f64 * spacing >= widest + 12.0;
            if i % every == 0 || last_fits {
                let label = ellipsize(&canvas::clean_text(label), 120.0, &SMALL);
                c.text(
                    &label,
                    (x(i), bottom + 8.0),
                    &SMALL.colored(INK),
                    HPos::Center,
                    VPos::Top,
                );
            }
        }
        for (i, label) in markers.iter().filter(|(i, _)| *i < n) {
            let xm = if *i == 0 {
                x(0)
            } else {
                (x(i - 1) + x(*i)) / 2.0
            };
            c.path(&[(xm, top), (xm, bottom)], MUTED, 1, true);
            let label = ellipsize(&canvas::clean_text(label), 200.0, &SMALL);
            c.text(&label, (xm + 4.0, top + 2.0), &SMALL, HPos::Left, VPos::Top);
        }
        for s in draw_order(series) {
            let muted = is_muted(s);
            let mut run: Vec<(f64, f64)> = Vec::new();
            for i in 0..=n {
                match (i < n).then(|| get(&s.values, i)).flatten() {
                    Some(v) => run.push((x(i), y(v))),
                    None => {
                        c.path(&run, s.color, if muted { 2 } else { 3 }, muted);
                        run.clear();
                    }
                }
            }
            let dot = if spacing < 16.0 {
                2.5
            } else if muted {
                3.0
            } else {
                4.0
            };
            for i in 0..n {
                if let Some(v) = get(&s.values, i) {
                    c.circle((x(i), y(v)), dot + 1.5, WHITE);
                    c.circle((x(i), y(v)), dot, s.color);
                }
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const EVIL: &str = "<script>alert('x')</script> & \"q\"";
    const ESCAPED: &str = "&lt;script&gt;alert(&apos;x&apos;)&lt;/script&gt; &amp; &quot;q&quot;";

    fn s(v: &str) -> String {
        v.to_string()
    }

    fn dims() -> Vec<String> {
        [
            "Build and Deployment",
            "Culture and Organization",
            "Implementation",
            "Information Gathering",
            "Test and Verification",
        ]
        .map(s)
        .to_vec()
    }

    /// Structural checks shared by all charts.
    fn check(svg: &str, title: &str) {
        assert!(svg.starts_with("<svg"), "{svg}");
        assert!(svg.trim_end().ends_with("</svg>"));
        let open = &svg[..svg.find('>').unwrap()];
        assert!(
            open.contains("role=\"img\"")
                && open.contains("viewBox=\"0 0 ")
                && open.contains("aria-labelledby=\"chart-")
        );
        let id = open
            .split("aria-labelledby=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap();
        assert!(svg.contains(&format!(
            "<title id=\"{id}\">{}</title>",
            canvas::escape(title)
        )));
        assert!(svg.contains("<desc id="));
        assert!(!svg.contains("<script"), "raw label leaked");
        assert!(
            !svg.contains("sans-serif\"")
                || svg.contains("font-family=\"DejaVu Sans, sans-serif\"")
        );
        assert!(!svg.contains("NaN") && !svg.contains("\"inf") && !svg.contains("-inf"));
        // Every `<` opens a known tag or closes one; `&` only starts an entity.
        for (i, _) in svg.match_indices('&') {
            let rest = &svg[i..];
            assert!(
                ["&lt;", "&gt;", "&amp;", "&quot;", "&apos;"]
                    .iter()
                    .any(|e| rest.starts_with(e)),
                "bad & at {i}"
            );
        }
        let mut depth = 0i32;
        for (i, _) in svg.match_indices('<') {
            let rest = &svg[i + 1..];
            let end = rest.find('>').unwrap();
            let tag = &rest[..end];
            if tag.starts_with('/') {
                depth -= 1;
            } else if !tag.ends_with('/') {
                depth += 1;
            }
            assert!(depth >= 0);
        }
        assert_eq!(depth, 0, "unbalanced tags");
    }

    fn series() -> Vec<Series> {
        vec![
            Series {
                label: s("Org median"),
                values: vec![Some(0.5), Some(0.3), Some(0.6), Some(0.2), Some(0.4)],
                color: MUTED,
            },
            Series {
                label: s(EVIL),
                values: vec![Some(0.8), None, Some(f64::NAN), Some(1.7), Some(-0.2)],
                color: PRIMARY,
            },
        ]
    }

    #[test]
    fn radar_is_valid_escaped_and_deterministic() {
        let mut axes = dims();
        axes[1] = s(EVIL);
        let a = radar(EVIL, &axes, &series());
        check(&a, EVIL);
        assert!(a.contains(ESCAPED));
        assert!(a.contains("font-family=\"DejaVu Sans, sans-serif\""));
        assert!(a.contains("Org median: Build and Deployment 50 %"));
        assert_eq!(a, radar(EVIL, &axes, &series()));
        assert_ne!(a, radar("other", &axes, &series()));
    }

    #[test]
    fn radar_degenerate() {
        for n in [0usize, 1, 2, 3, 19] {
            let axes: Vec<String> = (0..n).map(|i| format!("Axis {i}")).collect();
            check(&radar("r", &axes, &series()), "r");
            check(&radar("r", &axes, &[]), "r");
        }
        let empty = Series {
            label: String::new(),
            values: vec![],
            color: PRIMARY,
        };
        check(&radar("", &dims(), &[empty]), "");
    }

    #[test]
    fn heatmap_is_valid_escaped_and_deterministic() {
        let rows = vec![
            s("Payments"),
            s(EVIL),
            s("A very long subdimension name of forty ch"),
        ];
        let values = vec![
            vec![Some(0.0), Some(0.5), Some(1.0), None, Some(0.25)],
            vec![Some(f64::NAN)],
            vec![],
        ];
        let a = heatmap(EVIL, &rows, &dims(), &values);
        check(&a, EVIL);
        assert!(a.contains(ESCAPED));
        assert!(a.contains("Payments: Build and Deployment 0 %, Culture and Organization 50 %"));
        assert_eq!(a, heatmap(EVIL, &rows, &dims(), &values));
    }

    #[test]
    fn heatmap_degenerate() {
        check(&heatmap("h", &[], &[], &[]), "h");
        check(&heatmap("h", &[s("one")], &[], &[]), "h");
        check(&heatmap("h", &[], &dims(), &[]), "h");
        check(
            &heatmap("h", &[s("one")], &[s("c")], &[vec![Some(f64::INFINITY)]]),
            "h",
        );
        let cols: Vec<String> = (0..40).map(|i| format!("Team number {i}")).collect();
        check(
            &heatmap("h", &[s("one")], &cols, &[vec![Some(0.5); 40]]),
            "h",
        );
    }

    #[test]
    fn level_distribution_is_valid_escaped_and_deterministic() {
        let counts: Vec<(String, usize)> = (0..=5)
            .map(|l| (format!("Level {l}"), [3, 7, 4, 0, 1, 0][l]))
            .collect();
        let mut evil = counts.clone();
        evil[0].0 = s(EVIL);
        let a = level_distribution(EVIL, &evil);
        check(&a, EVIL);
        assert!(a.contains(ESCAPED));
        assert_eq!(a, level_distribution(EVIL, &evil));
        check(&level_distribution("l", &counts), "l");
    }

    #[test]
    fn level_distribution_degenerate() {
        check(&level_distribution("l", &[]), "l");
        check(&level_distribution("l", &[(s("Level 0"), 0)]), "l");
        check(&level_distribution("l", &[(s("Level 9"), usize::MAX)]), "l");
    }

    #[test]
    fn hbars_is_valid_escaped_and_deterministic() {
        let items = vec![
            (s(EVIL), 0.42),
            (s("Threat modeling"), f64::NAN),
            (s("SBOM"), 3.0),
            (s("x"), -1.0),
        ];
        let a = hbars(EVIL, &items);
        check(&a, EVIL);
        assert!(a.contains(ESCAPED));
        assert!(a.contains("SBOM 100 %, x 0 %"));
        assert_eq!(a, hbars(EVIL, &items));
        check(&hbars("b", &[]), "b");
        check(&hbars("b", &[(String::new(), 0.0)]), "b");
    }

    #[test]
    fn line_is_valid_escaped_and_deterministic() {
        let xs: Vec<String> = ["2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4", "2026-Q1"]
            .map(s)
            .to_vec();
        let mut xe = xs.clone();
        xe[2] = s(EVIL);
        let a = line(EVIL, &xe, &series());
        check(&a, EVIL);
        assert!(a.contains(ESCAPED));
        assert_eq!(a, line(EVIL, &xe, &series()));
    }

    #[test]
    fn line_degenerate() {
        check(&line("l", &[], &[]), "l");
        check(&line("l", &[s("2025-Q3")], &series()), "l");
        check(&line("l", &[s("2025-Q3")], &[]), "l");
        let xs: Vec<String> = (0..60).map(|i| format!("2025-W{i}")).collect();
        check(&line("l", &xs, &series()), "l");
    }

    #[test]
    fn palette() {
        assert_eq!(hex(Color(0, 0x0a, 0xff)), "#000aff");
        assert_eq!(level_color(9), level_color(5));
        assert_ne!(level_color(0), level_color(5));
        assert_eq!(state_color(0.0), state_color(f64::NAN));
        assert_ne!(state_color(0.5), state_color(1.0));
        assert_eq!(value_color(-3.0), value_color(0.0));
        assert_eq!(value_color(f64::NAN), NA_FILL);
    }

    #[test]
    fn control_characters_are_dropped() {
        let a = hbars("t\u{1}", &[(s("a\u{0}b"), 0.5)]);
        assert!(!a.contains('\u{0}') && !a.contains('\u{1}'));
    }
}
