//! Line charts over time, with labelled markers such as catalogue upgrades.

use super::canvas::{AXIS, GRID, INK, WHITE};
use super::canvas::{LegendItem, SMALL, Swatch, render_marked, without_marks};
use super::layers::{self, Layers};
use super::text::{self, ellipsize};
use super::*;
use plotters::style::text_anchor::{HPos, VPos};

/// Lines over periods with y from 0 to 100 %, dot markers, gaps where a value is missing, and a legend.
pub fn line(fit: Fit, title: &str, x_labels: &[String], series: &[Series]) -> String {
    line_marked(fit, title, x_labels, series, &[])
}

/// A line chart with labelled vertical markers (e.g. catalogue upgrades) drawn before point `index`.
pub fn line_marked(
    fit: Fit,
    title: &str,
    x_labels: &[String],
    series: &[Series],
    markers: &[(usize, String)],
) -> String {
    without_marks(&drawn(fit, title, x_labels, series, markers))
}

/// [`line_marked`] in layers: grid, labels, markers and the muted (reference) series at the back, title,
/// legend and the other series as the chart's own data.
pub fn line_layers(
    fit: Fit,
    title: &str,
    x_labels: &[String],
    series: &[Series],
    markers: &[(usize, String)],
) -> Layers {
    layers::split(&drawn(fit, title, x_labels, series, markers))
}

fn drawn(
    fit: Fit,
    title: &str,
    x_labels: &[String],
    series: &[Series],
    markers: &[(usize, String)],
) -> String {
    let screen = fit == Fit::Screen;
    // Screen: a narrower plot, closer y labels and x labels (thinned sooner), shorter marker labels.
    let (w, h, left, right_pad, pad, gap, marker_max) = if screen {
        (SCREEN_W, 250.0, 46.0, 14.0, 14.0, 8.0, 140.0)
    } else {
        (720.0, 360.0, 60.0, 24.0, 24.0, 12.0, 200.0)
    };
    let top0 = canvas::top(title, w);
    let h = h + top0 - TOP;
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
    render_marked(w, h, title, &desc, |c| {
        c.layer(1);
        c.title(title);
        c.legend(&items, 16.0, top0 - 2.0, w - 32.0, false);
        c.layer(0);
        let right = w - right_pad;
        let top = top0 + legend_h + 16.0;
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
            .map(|l| SMALL.width(&text::clean_text(l)))
            .fold(0.0, f64::max)
            .min(120.0);
        let every = ((widest + gap) / spacing.max(1.0)).ceil().max(1.0) as usize;
        // Ticks first, then labels: a run of equal shapes is one path on the site (site::svg_merge).
        for i in 0..n {
            c.line((x(i), bottom), (x(i), bottom + 4.0), AXIS, 1);
        }
        for (i, label) in x_labels.iter().enumerate() {
            let last_fits = i == n - 1 && ((n - 1) % every) as f64 * spacing >= widest + gap;
            if i % every == 0 || last_fits {
                let label = ellipsize(&text::clean_text(label), 120.0, &SMALL);
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
            let label = ellipsize(&text::clean_text(label), marker_max, &SMALL);
            // Right of the marker, or left of it when the label would run off the chart.
            if xm + 4.0 + SMALL.width(&label) > w - 4.0 {
                c.text(
                    &label,
                    (xm - 4.0, top + 2.0),
                    &SMALL,
                    HPos::Right,
                    VPos::Top,
                );
            } else {
                c.text(&label, (xm + 4.0, top + 2.0), &SMALL, HPos::Left, VPos::Top);
            }
        }
        for s in draw_order(series) {
            let muted = is_muted(s);
            c.layer(if muted { 0 } else { 1 });
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
            // The white halos, then the dots (no halo covers a neighbouring dot).
            for r in [dot + 1.5, dot] {
                let fill = if r > dot { WHITE } else { s.color };
                for i in 0..n {
                    if let Some(v) = get(&s.values, i) {
                        c.circle((x(i), y(v)), r, fill);
                    }
                }
            }
        }
    })
}
