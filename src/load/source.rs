//! The source lines that human diagnostics quote: read again when the report is printed (the loader keeps
//! no file text), only for the diagnostics shown, through the same containment and limits as the input.

use super::fs;
use crate::util::diag::{Diagnostics, SourceLines};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The quoted lines for `diags`, read from files inside the input at `dir` (a file outside it, refused or
/// gone is shown without its line).
pub fn source_lines(dir: &Path, diags: &Diagnostics) -> SourceLines {
    let root = super::paths::input_root(dir);
    let mut wanted: BTreeMap<String, BTreeSet<u32>> = BTreeMap::new();
    for d in diags.shown() {
        if d.line > 0 && !d.file.starts_with('<') {
            wanted.entry(d.file).or_default().insert(d.line);
        }
    }
    let mut out = SourceLines::new();
    for (file, lines) in wanted {
        let Ok(text) = fs::read_text(&root, Path::new(&file)) else {
            continue;
        };
        let last = lines.last().copied().unwrap_or(0) as usize;
        for (n, line) in (1..).zip(text.lines()).take(last) {
            if lines.contains(&n) {
                out.insert((file.clone(), n), line.to_string());
            }
        }
    }
    out
}

/// The human report for `diags` with the source lines of files inside the input at `dir`.
pub fn human(dir: &Path, diags: &Diagnostics) -> String {
    diags.human_with(&source_lines(dir, diags))
}
