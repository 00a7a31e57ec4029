//! Positions in JSON text: a line index for file:line:col of byte offsets, and the helpers that turn
//! serde_json's errors (line and byte column, serde's type names) into a diagnostic's position and words.

use crate::util::diag::Pos;

/// Where each line of a text starts, for positions by binary search (an NDJSON file holds thousands
/// of results; counting lines from the top for each would be quadratic).
pub struct Lines(Vec<usize>);

impl Lines {
    pub fn new(text: &str) -> Lines {
        Lines(
            std::iter::once(0)
                .chain(text.match_indices('\n').map(|(i, _)| i + 1))
                .collect(),
        )
    }

    /// The 1-based line and column of byte `offset` in `text` (columns count characters).
    pub fn pos(&self, text: &str, offset: usize) -> Pos {
        let offset = offset.min(text.len());
        let line = self.0.partition_point(|&x| x <= offset).max(1);
        let start = self.0[line - 1];
        let col = text.get(start..offset).map_or(0, |t| t.chars().count()) as u32 + 1;
        Pos {
            line: line as u32,
            col,
        }
    }

    /// The byte offset where 1-based `line` starts.
    pub fn start(&self, line: u32) -> usize {
        self.0
            .get((line as usize).saturating_sub(1))
            .copied()
            .unwrap_or(0)
    }
}

/// The byte offset of 1-based `line`/`col` (serde_json counts columns in bytes) in `text`.
pub(super) fn offset_of(text: &str, line: usize, col: usize) -> usize {
    let start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    (start + col.saturating_sub(1)).min(text.len())
}

/// serde's type names in words people use.
pub(super) fn plain(msg: &str) -> String {
    let mut out = msg
        .replace("expected f64", "expected a number")
        .replace("expected a sequence", "expected a list")
        .replace("expected a borrowed string", "expected a string");
    if let Some(i) = out.find("expected struct ") {
        out.truncate(i);
        out.push_str("expected an object");
    }
    out
}

/// The start of the JSON value that ends at or just before `at` (after the last `:` before it).
pub(super) fn value_start(text: &str, base: usize, at: usize) -> usize {
    let head = &text[base..at.min(text.len())];
    match head.rfind(':') {
        Some(i) => {
            let after = &head[i + 1..];
            base + i + 1 + (after.len() - after.trim_start().len())
        }
        None => at,
    }
}
