//! Diagnostics about the user's input files: code, severity, file:line:col, message and hint.

use crate::util::term::clean;
use serde::Serialize;
use std::fmt::Write as _;

/// How bad a diagnostic is: errors fail the run (exit 1), warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// A position in a source file: 1-based line and column (0 when unknown).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Pos {
    pub line: u32,
    pub col: u32,
}

/// One problem found in the input.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Diagnostic {
    pub file: String,
    pub line: u32,
    pub col: u32,
    pub severity: Severity,
    pub code: &'static str,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
}

/// How many diagnostics of one code the human report prints before summarising the rest.
pub const HUMAN_PER_CODE: usize = 50;

/// Every diagnostic of one run, in the order found; sorted for output.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    pub fn error(
        &mut self,
        file: &str,
        pos: Pos,
        code: &'static str,
        message: impl Into<String>,
    ) -> &mut Diagnostic {
        self.add(Severity::Error, file, pos, code, message.into())
    }

    pub fn warning(
        &mut self,
        file: &str,
        pos: Pos,
        code: &'static str,
        message: impl Into<String>,
    ) -> &mut Diagnostic {
        self.add(Severity::Warning, file, pos, code, message.into())
    }

    fn add(
        &mut self,
        severity: Severity,
        file: &str,
        pos: Pos,
        code: &'static str,
        message: String,
    ) -> &mut Diagnostic {
        self.items.push(Diagnostic {
            file: file.to_string(),
            line: pos.line,
            col: pos.col,
            severity,
            code,
            message,
            hint: None,
        });
        self.items.last_mut().expect("just pushed")
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    pub fn count(&self, severity: Severity) -> usize {
        self.items.iter().filter(|d| d.severity == severity).count()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The diagnostics sorted by file, line, column, then code; duplicates removed.
    pub fn sorted(&self) -> Vec<Diagnostic> {
        let mut v = self.items.clone();
        v.sort();
        v.dedup();
        v
    }

    /// Human-readable report, one block per diagnostic (at most `HUMAN_PER_CODE` per code, the rest
    /// counted), plus a summary line.
    pub fn human(&self) -> String {
        let mut out = String::new();
        let mut per_code: std::collections::BTreeMap<&str, usize> =
            std::collections::BTreeMap::new();
        let sorted = self.sorted();
        for d in &sorted {
            let n = per_code.entry(d.code).or_default();
            *n += 1;
            if *n > HUMAN_PER_CODE {
                continue;
            }
            let sev = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            };
            let (message, file) = (clean(&d.message), clean(&d.file));
            let _ = write!(out, "{sev}[{}]: {message}\n  --> {file}", d.code);
            if d.line > 0 {
                let _ = write!(out, ":{}:{}", d.line, d.col);
            }
            out.push('\n');
            if let Some(h) = &d.hint {
                let _ = writeln!(out, "  = hint: {}", clean(h));
            }
        }
        for (code, n) in per_code.iter().filter(|(_, n)| **n > HUMAN_PER_CODE) {
            let _ = writeln!(
                out,
                "... and {} more [{code}] diagnostics (all are listed with --format json)",
                n - HUMAN_PER_CODE
            );
        }
        let (e, w) = (self.count(Severity::Error), self.count(Severity::Warning));
        if e + w > 0 {
            let _ = writeln!(out, "{e} error(s), {w} warning(s)");
        }
        out
    }

    /// `{"errors": n, "warnings": n, "diagnostics": [...]}`.
    pub fn json(&self) -> String {
        let v = serde_json::json!({
            "errors": self.count(Severity::Error),
            "warnings": self.count(Severity::Warning),
            "diagnostics": self.sorted(),
        });
        serde_json::to_string_pretty(&v).expect("diagnostics serialize") + "\n"
    }
}

impl Diagnostic {
    pub fn hint(&mut self, hint: impl Into<String>) -> &mut Self {
        self.hint = Some(hint.into());
        self
    }
}

/// The closest candidate to `word` by edit distance, if it is close enough to be a likely typo.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let lw = word.to_lowercase();
    let limit = (word.chars().count() / 3).max(2);
    let hw = histogram(&lw);
    let mut best: Option<(usize, &str)> = None;
    for c in candidates {
        let lc = c.to_lowercase();
        // A cheap lower bound on the distance skips hopeless candidates (100,000 unknown names stay fast).
        let lb = lower_bound(&hw, &histogram(&lc));
        if lb > limit || best.is_some_and(|(bd, _)| lb > bd) {
            continue;
        }
        let d = levenshtein(&lw, &lc);
        if best.is_none_or(|(bd, bc)| d < bd || (d == bd && c < bc)) {
            best = Some((d, c));
        }
    }
    best.filter(|(d, _)| *d <= limit).map(|(_, c)| c)
}

/// Character counts (ASCII by code, everything else in one bucket).
fn histogram(s: &str) -> [u32; 129] {
    let mut h = [0u32; 129];
    for c in s.chars() {
        h[(c as usize).min(128)] += 1;
    }
    h
}

/// Each edit changes the surplus of either side by at most one, so the larger surplus bounds the distance.
fn lower_bound(a: &[u32; 129], b: &[u32; 129]) -> usize {
    let (mut more, mut less) = (0usize, 0usize);
    for (x, y) in a.iter().zip(b) {
        more += x.saturating_sub(*y) as usize;
        less += y.saturating_sub(*x) as usize;
    }
    more.max(less)
}

fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != *cb))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_names_only() {
        let names = [
            "Defined build process",
            "Pinning of artifacts",
            "SBOM of components",
        ];
        assert_eq!(
            did_you_mean("Defined biuld process", names),
            Some("Defined build process")
        );
        assert_eq!(
            did_you_mean("pinning of artefacts", names),
            Some("Pinning of artifacts")
        );
        assert_eq!(did_you_mean("Something else entirely", names), None);
    }
}
