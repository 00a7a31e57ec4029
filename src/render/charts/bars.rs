//! Bar charts: teams per maturity level, and horizontal percentage bars.

use super::canvas::{AXIS, GRID, INK, NA_FILL, SUBTLE};
use super::canvas::{LABEL, SMALL, render};
use super::text::{self, Font, ellipsize, wrap};
use super::*;
use plotters::style::text_anchor::{HPos, VPos};

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
pub fn level_distribution(fit: Fit, title: &str, counts: &[(String, usize)]) -> String {
    let screen = fit == Fit::Screen;
    let (w, h, left, right_pad) = if screen {
        (SCREEN_W, 250.0, 44.0, 12.0)
    } else {
        (600.0, 340.0, 52.0, 20.0)
    };
    let top0 = canvas::top(title, w);
    let h = h + top0 - TOP;
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
        let (right, top, bottom) = (w - right_pad, top0 + 22.0, h - 44.0);
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

/// Horizontal bars of fractions 0..=1 with the percentage on the right; the labels sit on the left
/// ([`Fit::Print`]) or, to keep long names whole on a narrow chart, above each bar ([`Fit::Screen`]).
pub fn hbars(fit: Fit, title: &str, items: &[(String, f64)]) -> String {
    let screen = fit == Fit::Screen;
    let w = if screen { SCREEN_W } else { 720.0 };
    let row_h = if screen { 36.0 } else { 26.0 };
    let longest = items
        .iter()
        .map(|(l, _)| LABEL.width(&text::clean_text(l)))
        .fold(0.0, f64::max);
    let left = if screen {
        16.0
    } else {
        (16.0 + longest + 12.0).clamp(60.0, w * 0.5)
    };
    let value_w = 52.0;
    let right = w - 16.0 - value_w;
    let top = canvas::top(title, w) + 4.0;
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
            // Screen: the label on the row's upper half, the bar below it.
            let (cy, label_at) = if screen {
                let y0 = top + row_h * i as f64;
                (y0 + 25.0, (left, y0 + 10.0))
            } else {
                let cy = top + row_h * (i as f64 + 0.5);
                (cy, (left - 10.0, cy))
            };
            if screen {
                let label = ellipsize(&text::clean_text(label), w - 32.0, &LABEL);
                c.text(&label, label_at, &LABEL, HPos::Left, VPos::Center);
            } else {
                let label = ellipsize(&text::clean_text(label), left - 28.0, &LABEL);
                c.text(&label, label_at, &LABEL, HPos::Right, VPos::Center);
            }
            let half = if screen { 6.0 } else { 7.0 };
            c.rect((left, cy - half), (right, cy + half), NA_FILL, 1.0);
            let v = clean(*v);
            if let Some(v) = v.filter(|v| *v > 0.0) {
                c.rect(
                    (left, cy - half),
                    (left + (right - left) * v, cy + half),
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
