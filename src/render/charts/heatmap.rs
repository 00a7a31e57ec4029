//! Heatmap: rows x columns of cells coloured by completion, with a colour legend.

use super::canvas::{AXIS, INK, NA_FILL, SUBTLE};
use super::canvas::{LABEL, SMALL, render};
use super::text::{self, Font, ellipsize, wrap};
use super::*;
use plotters::style::text_anchor::{HPos, VPos};

/// Rows x columns of cells coloured by value 0..=1 with the percentage in each cell; `None` is "n/a".
/// [`Fit::Screen`] keeps [`SCREEN_W`]: row labels take two lines when long, headers turn upright when a
/// word does not fit its column, and cells drop the `%` sign (the legend keeps it) when it does not fit.
pub fn heatmap(
    fit: Fit,
    title: &str,
    rows: &[String],
    cols: &[String],
    values: &[Vec<Option<f64>>],
) -> String {
    let screen = fit == Fit::Screen;
    let cell = |r: usize, c: usize| values.get(r).and_then(|row| get(row, c));
    let row_font = if screen { Font::new(11.5, INK) } else { LABEL };
    let longest = rows
        .iter()
        .map(|r| row_font.width(&text::clean_text(r)))
        .fold(0.0, f64::max);
    let ncols = cols.len().max(1);
    let mut row_h = if rows.len() > 30 { 22.0 } else { 28.0 };
    let mut row_lines = 1;
    let (w, left, right_pad) = if screen {
        let left = (16.0 + longest + 12.0).clamp(60.0, SCREEN_W * 0.42);
        // Up to 30 rows, a label too long for its column takes two lines in a taller row.
        if rows.len() <= 30 && longest > left - 28.0 {
            (row_h, row_lines) = (34.0, 2);
        }
        (SCREEN_W, left, 12.0)
    } else {
        let left = (16.0 + longest + 12.0).clamp(60.0, 720.0 * 0.45);
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
        (w, left, 16.0)
    };
    let grid_w = w - left - right_pad;
    let col_w = grid_w / ncols as f64;
    let fits = |f: &Font| {
        cols.iter()
            .flat_map(|c| c.split_whitespace())
            .all(|word| f.width(word) <= col_w - 6.0)
    };
    let sizes: &[f64] = if screen {
        &[12.0, 11.0]
    } else {
        &[12.0, 11.0, 10.0]
    };
    let fitting = sizes.iter().map(|px| Font::new(*px, INK)).find(|f| fits(f));
    let vertical = if screen {
        fitting.is_none()
    } else {
        col_w < 64.0
    };
    let head_font = if vertical && !screen {
        Font::new(12.0, INK)
    } else {
        fitting.unwrap_or(Font::new(if screen { 11.0 } else { 10.0 }, INK))
    };
    // Upright headers: a screen chart's names such as "Dynamic depth for infrastructure" stay whole.
    let head_max = if screen { 190.0 } else { 150.0 };
    let head_lines: Vec<Vec<String>> = cols
        .iter()
        .map(|c| wrap(c, col_w - 6.0, &head_font, 3))
        .collect();
    let head_h = if vertical {
        cols.iter()
            .map(|c| head_font.width(&text::clean_text(c)))
            .fold(0.0, f64::max)
            .min(head_max)
            + 10.0
    } else {
        head_lines.iter().map(Vec::len).max().unwrap_or(1) as f64 * head_font.px * 1.2 + 10.0
    };
    let top = canvas::top(title, w);
    let grid_top = top + head_h;
    let grid_bottom = grid_top + rows.len() as f64 * row_h;
    let h = grid_bottom + 64.0;
    let cell_font = Font::new(if screen { 11.0 } else { 12.0 }, INK);
    // Cell text: "42 %", or "42" where that does not fit (screen only), or none in very narrow columns.
    let with_sign = !screen || cell_font.width("100 %") + 4.0 <= col_w;
    let show_text = if screen {
        cell_font.width("100") + 4.0 <= col_w
    } else {
        col_w >= 34.0
    };

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
            c.no_data((w / 2.0, (top + h - 20.0) / 2.0));
            return;
        }
        // Column headers.
        for (j, lines) in head_lines.iter().enumerate() {
            let x = left + col_w * (j as f64 + 0.5);
            if vertical {
                let label = ellipsize(&text::clean_text(&cols[j]), head_max, &head_font);
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
        for (i, name) in rows.iter().enumerate() {
            let y0 = grid_top + row_h * i as f64;
            let cy = y0 + row_h / 2.0;
            let lines = if row_lines > 1 {
                wrap(&text::clean_text(name), left - 28.0, &row_font, row_lines)
            } else {
                vec![ellipsize(&text::clean_text(name), left - 28.0, &row_font)]
            };
            c.lines(
                &lines,
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
                    let label = match v {
                        Some(v) if !with_sign => format!("{:.0}", v * 100.0),
                        _ => pct(v),
                    };
                    c.text(
                        &label,
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
        let (lx, lw, steps) = if screen {
            (16.0, 180.0, 40)
        } else {
            (left, 200.0_f64.min(grid_w - 80.0).max(60.0), 40)
        };
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
