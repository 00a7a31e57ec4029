//! Radar chart: one axis per dimension, a translucent polygon per series.

use super::canvas::{AXIS, GRID, INK, SUBTLE, WHITE};
use super::canvas::{LABEL, LegendItem, Swatch, render_marked, without_marks};
use super::layers::{self, Layers};
use super::text::{Font, ellipsize, wrap};
use super::*;
use plotters::style::text_anchor::{HPos, VPos};
use std::f64::consts::PI;

/// Radar (spider) chart of 0..=1 values, one axis per label, one translucent polygon per series.
/// With more axes than this, spokes are numbered and a key below the chart names them (labels around the
/// rim would overlap near the top and bottom).
const MAX_NAMED_AXES: usize = 14;

pub fn radar(fit: Fit, title: &str, axes: &[String], series: &[Series]) -> String {
    without_marks(&drawn(fit, title, axes, series))
}

/// The radar in layers: grid, axes and the muted (reference) series at the back, the other series as the
/// chart's own data, the ring percentages and axis labels in front. Title and legend are in the data
/// layer (they name the series).
pub fn radar_layers(fit: Fit, title: &str, axes: &[String], series: &[Series]) -> Layers {
    layers::split(&drawn(fit, title, axes, series))
}

fn drawn(fit: Fit, title: &str, axes: &[String], series: &[Series]) -> String {
    let screen = fit == Fit::Screen;
    let n = axes.len();
    let keyed = n > MAX_NAMED_AXES;
    let key_font = Font::new(if screen { 11.0 } else { 10.5 }, INK);
    let w = if screen { SCREEN_W } else { 600.0 };
    let key_w = w - 32.0;
    // As many key columns as the longest name allows (1..4), filled top to bottom.
    let longest = axes
        .iter()
        .enumerate()
        .map(|(i, a)| key_font.width(&format!("{}  {a}", i + 1)))
        .fold(0.0, f64::max);
    let cols = ((key_w / (longest + 16.0)).floor() as usize).clamp(1, 4);
    let rows = n.div_ceil(cols);
    let key_h = if keyed {
        rows as f64 * 14.0 + 10.0
    } else {
        0.0
    };
    let top = canvas::top(title, w);
    let h = if screen { 330.0 } else { 400.0 } + key_h + top - TOP;
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
    render_marked(w, h, title, &desc, |c| {
        c.layer(1);
        c.title(title);
        let bottom = h - legend_h - key_h - if legend_h > 0.0 { 14.0 } else { 8.0 };
        c.legend(&items, 16.0, bottom + 6.0, w - 32.0, true);
        c.layer(0);
        if keyed {
            let top_key = h - key_h + 2.0;
            let col_w = key_w / cols as f64;
            for (i, a) in axes.iter().enumerate() {
                let (col, row) = (i / rows, i % rows);
                let label = ellipsize(&format!("{}  {a}", i + 1), col_w - 8.0, &key_font);
                c.text(
                    &label,
                    (16.0 + col as f64 * col_w, top_key + row as f64 * 14.0),
                    &key_font,
                    HPos::Left,
                    VPos::Top,
                );
            }
        }
        if n == 0 {
            c.no_data((w / 2.0, (top + bottom) / 2.0));
            return;
        }
        let font = if n > 10 || screen {
            Font::new(11.0, INK)
        } else {
            LABEL
        };
        let lh = font.px * 1.2;
        let max_lines = if n > 10 { 2 } else { 3 };
        let cx = w / 2.0;
        let cy = (top + bottom) / 2.0;
        // Room beside the rim for the axis labels: a screen chart wraps them to about 80 px.
        let side = match (keyed, screen) {
            (true, _) => 40.0,
            (false, true) => 92.0,
            (false, false) => 170.0,
        };
        let r = ((bottom - top) / 2.0 - 2.0 * lh - 10.0)
            .min(w / 2.0 - side)
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
            c.layer(if muted { 0 } else { 1 });
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
        c.layer(2);
        let tick = Font::new(if screen { 11.0 } else { 10.0 }, SUBTLE);
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
            let number = (i + 1).to_string();
            let label = if keyed { &number } else { label };
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
