//! Diagnostics about the user's input files: code, severity, file:line:col, message and hint.

use crate::util::term::clean;
use annotate_snippets::{AnnotationKind, Level, Origin, Renderer, Snippet};
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// Lines of input files that the human report quotes, by file (as diagnostics name it) and line number;
/// `load::source_lines` reads them.
pub type SourceLines = BTreeMap<(String, u32), String>;

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

    /// The diagnostics the human report shows: sorted, at most `HUMAN_PER_CODE` per code.
    pub fn shown(&self) -> Vec<Diagnostic> {
        let mut per_code: BTreeMap<&str, usize> = BTreeMap::new();
        let mut shown = self.sorted();
        shown.retain(|d| {
            let n = per_code.entry(d.code).or_default();
            *n += 1;
            *n <= HUMAN_PER_CODE
        });
        shown
    }

    /// Human-readable report without source lines (see [`Diagnostics::human_with`]).
    pub fn human(&self) -> String {
        self.human_with(&SourceLines::new())
    }

    /// Human-readable report as rustc and cargo print theirs (by `annotate-snippets`): per diagnostic
    /// (at most `HUMAN_PER_CODE` per code, the rest counted) the message, `--> file:line:col`, the source
    /// line from `lines` with the spot underlined, and the hint; then a summary line. Plain text, no
    /// colours: the same input gives the same bytes.
    pub fn human_with(&self, lines: &SourceLines) -> String {
        let renderer = Renderer::plain();
        let mut out = String::new();
        for d in &self.shown() {
            let level = match d.severity {
                Severity::Error => Level::ERROR,
                Severity::Warning => Level::WARNING,
            };
            let file = clean(&d.file).into_owned();
            let title = level
                .primary_title(clean(&d.message).into_owned())
                .id(d.code);
            let source = (d.line > 0)
                .then(|| lines.get(&(d.file.clone(), d.line)))
                .flatten();
            let mut group = match source {
                Some(text) => {
                    let (text, span) = underline(text, d.col);
                    title.element(
                        Snippet::source(text)
                            .line_start(d.line as usize)
                            .path(file)
                            .annotation(AnnotationKind::Primary.span(span)),
                    )
                }
                None if d.line > 0 => {
                    let origin = Origin::path(file).line(d.line as usize);
                    title.element(match d.col {
                        0 => origin,
                        col => origin.char_column(col as usize),
                    })
                }
                None => title.element(Origin::path(file)),
            };
            if let Some(h) = &d.hint {
                group = group.element(Level::HELP.with_name("hint").message(clean(h).into_owned()));
            }
            // A blank line after each, as rustc and cargo print them.
            let _ = writeln!(out, "{}\n", renderer.render(&[group]));
        }
        let sorted = self.sorted();
        let mut per_code: BTreeMap<&str, usize> = BTreeMap::new();
        for d in &sorted {
            *per_code.entry(d.code).or_default() += 1;
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

/// A source line made safe for the terminal, and the bytes to underline: the token at the 1-based
/// character column `col` (a quoted scalar to its closing quote, else up to `: `, `,`, `]`, `}`, ` #` or
/// the end of the line), at least one character; the line's end when `col` is past it.
fn underline(line: &str, col: u32) -> (String, std::ops::Range<usize>) {
    let line = line.trim_end_matches(['\r', '\n']);
    let at = line
        .char_indices()
        .nth(col.saturating_sub(1) as usize)
        .map_or(line.len(), |(i, _)| i);
    let rest = &line[at..];
    let len = match rest.chars().next() {
        None => 0,
        Some(q @ ('"' | '\'')) => rest[1..].find(q).map_or(rest.len(), |e| e + 2),
        Some(_) => {
            let end = [": ", ",", "]", "}", " #"]
                .iter()
                .filter_map(|stop| rest.find(stop))
                .min()
                .unwrap_or(rest.len());
            let end = if rest[..end].ends_with(':') {
                end - 1
            } else {
                end
            };
            rest[..end].trim_end().len()
        }
    };
    let len = if len == 0 {
        rest.chars().next().map_or(0, char::len_utf8)
    } else {
        len
    };
    let start = clean(&line[..at]).len();
    let token = clean(&line[at..at + len]).len();
    (clean(line).into_owned(), start..start + token)
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
    fn underlines_the_token_at_the_column() {
        for (line, col, want) in [
            ("  Defined biuld process:", 3, "Defined biuld process"),
            ("  Alpha: [Payments, Paymnets, Ghost]", 21, "Paymnets"),
            ("  Alpha: [Payments, Paymnets, Ghost]", 31, "Ghost"),
            ("target_level: 9  # too high", 15, "9"),
            ("name: \"a: b, c\" # x", 7, "\"a: b, c\""),
            ("    Started: 2025-06-01", 5, "Started"),
            ("k: ''", 4, "''"),
            ("k: v", 9, ""),
            ("Zürich: 1", 1, "Zürich"),
            ("ä: ö", 4, "ö"),
        ] {
            let (text, span) = underline(line, col);
            assert_eq!(&text[span], want, "{line} at {col}");
        }
        // Control characters are escaped and the underline moves with them.
        let (text, span) = underline("a\x1bb: \u{202e}x", 6);
        assert_eq!(text, "a\\x1bb: \\u{202e}x");
        assert_eq!(&text[span], "\\u{202e}x");
    }

    #[test]
    fn human_report_quotes_the_line_with_a_caret() {
        let mut d = Diagnostics::default();
        d.error(
            "t/a.yaml",
            Pos { line: 2, col: 3 },
            "unknown-state",
            "unknown progress state `Startd`",
        )
        .hint("did you mean `Started`?");
        d.warning("t/b.yaml", Pos { line: 4, col: 1 }, "w", "no line at hand");
        d.warning("t", Pos::default(), "x", "a folder");
        let mut lines = SourceLines::new();
        lines.insert(("t/a.yaml".into(), 2), "  Startd: 2025-01-01".into());
        let out = d.human_with(&lines);
        assert_eq!(
            out,
            "warning[x]: a folder\n--> t\n\n\
             error[unknown-state]: unknown progress state `Startd`\n \
             --> t/a.yaml:2:3\n  |\n2 |   Startd: 2025-01-01\n  |   ^^^^^^\n  |\n  \
             = hint: did you mean `Started`?\n\n\
             warning[w]: no line at hand\n--> t/b.yaml:4:1\n\n\
             1 error(s), 2 warning(s)\n"
        );
        // Without source lines: the location alone.
        assert!(d.human().contains("error[unknown-state]: unknown progress state `Startd`\n--> t/a.yaml:2:3\n = hint: did you mean `Started`?\n"), "{}", d.human());
    }

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
