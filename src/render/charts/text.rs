//! Text in charts: DejaVu Sans advance widths (the charts lay text out before a browser or typst sees
//! it), fonts, XML-safe text, ellipsis and wrapping to a width.

use super::Color;

/// Advance widths of ASCII 32..=126 in DejaVu Sans (regular and bold), in 1/1000 em.
const REGULAR: [u16; 95] = [
    318, 401, 460, 838, 636, 950, 780, 275, 390, 390, 500, 838, 318, 361, 318, 337, 636, 636, 636,
    636, 636, 636, 636, 636, 636, 636, 337, 337, 838, 838, 838, 531, 1000, 684, 686, 698, 770, 632,
    575, 775, 752, 295, 295, 656, 557, 863, 748, 787, 603, 787, 695, 635, 611, 732, 684, 989, 685,
    611, 685, 390, 337, 390, 838, 500, 500, 613, 635, 550, 635, 615, 352, 635, 634, 278, 278, 579,
    278, 974, 634, 612, 635, 635, 411, 521, 392, 634, 592, 818, 592, 592, 525, 636, 337, 636, 838,
];
const BOLD: [u16; 95] = [
    348, 456, 521, 838, 696, 1002, 872, 306, 457, 457, 523, 838, 380, 415, 380, 365, 696, 696, 696,
    696, 696, 696, 696, 696, 696, 696, 400, 400, 838, 838, 838, 580, 1000, 774, 762, 734, 830, 683,
    683, 821, 837, 372, 372, 775, 637, 995, 837, 850, 733, 850, 770, 720, 682, 812, 774, 1103, 771,
    724, 725, 457, 365, 457, 838, 500, 500, 675, 716, 593, 716, 678, 435, 716, 712, 343, 343, 665,
    343, 1042, 712, 687, 716, 716, 493, 595, 478, 712, 652, 924, 645, 652, 582, 712, 365, 712, 838,
];

/// A text style: size in CSS pixels, weight and colour.
#[derive(Clone, Copy)]
pub struct Font {
    pub px: f64,
    pub bold: bool,
    pub color: Color,
}

impl Font {
    pub const fn new(px: f64, color: Color) -> Font {
        Font {
            px,
            bold: false,
            color,
        }
    }
    pub const fn bold(self) -> Font {
        Font { bold: true, ..self }
    }
    pub const fn colored(self, color: Color) -> Font {
        Font { color, ..self }
    }
    pub fn width(&self, s: &str) -> f64 {
        let units: u32 = s.chars().map(|c| self.units(c)).sum();
        units as f64 * self.px / 1000.0
    }

    /// The advance of one character in thousandths of the font size.
    fn units(&self, c: char) -> u32 {
        let table = if self.bold { &BOLD } else { &REGULAR };
        match c as u32 {
            code @ 32..=126 => table[(code - 32) as usize] as u32,
            0x2026 | 0x2E80.. => 1000,
            _ => 660,
        }
    }
}

/// Replaces characters XML 1.0 cannot carry (even escaped) and collapses them to spaces.
pub fn clean_text(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_control() || c == '\u{FFFE}' || c == '\u{FFFF}' {
                ' '
            } else {
                c
            }
        })
        .collect::<String>()
        .trim()
        .to_string()
}

/// XML-escapes text for element content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in clean_text(s).chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

/// `s` shortened with an ellipsis so that it is at most `max` pixels wide.
pub fn ellipsize(s: &str, max: f64, font: &Font) -> String {
    if font.width(s) <= max {
        return s.to_string();
    }
    // One pass: keep characters while they and the ellipsis fit (linear in the length of `s`).
    let room = max - font.width("\u{2026}");
    if room < 0.0 {
        return String::new();
    }
    let mut used = 0.0;
    let mut end = 0;
    for (i, c) in s.char_indices() {
        used += font.units(c) as f64 * font.px / 1000.0;
        if used > room {
            break;
        }
        end = i + c.len_utf8();
    }
    s[..end].trim_end().to_string() + "\u{2026}"
}

/// Greedy word wrap into at most `max_lines` lines of at most `max` pixels; overflow ends in an ellipsis.
/// Linear in the length of `s`: widths are summed as words are added.
pub fn wrap(s: &str, max: f64, font: &Font, max_lines: usize) -> Vec<String> {
    let max_lines = max_lines.max(1);
    let space = font.width(" ");
    let mut lines: Vec<String> = Vec::new();
    let mut cur = String::new();
    let mut cur_width = 0.0;
    for word in s.split_whitespace() {
        if lines.len() > max_lines {
            // Enough to know the text overflows: the rest would only be cut off by the ellipsis.
            break;
        }
        let w = font.width(word);
        if cur.is_empty() {
            cur.push_str(word);
            cur_width = w;
        } else if cur_width + space + w <= max {
            cur.push(' ');
            cur.push_str(word);
            cur_width += space + w;
        } else {
            lines.push(std::mem::take(&mut cur));
            cur.push_str(word);
            cur_width = w;
        }
    }
    if !cur.is_empty() || lines.is_empty() {
        lines.push(cur);
    }
    if lines.len() > max_lines {
        let rest = lines[max_lines - 1..].join(" ");
        lines.truncate(max_lines - 1);
        lines.push(rest + "\u{2026}");
    }
    lines.iter().map(|l| ellipsize(l, max, font)).collect()
}
