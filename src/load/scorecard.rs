//! Finds and reads the OpenSSF Scorecard result files of the folder named by maturity.yaml's
//! `scorecard:` (`*.json`, `*.ndjson`, `*.jsonl`, recursively, sorted by path). Parsing the JSON is
//! validation's job; here the rules of [`super::fs`] apply as to every input file.

use super::Loader;
use super::yaml::Node;
use crate::util::diag::Pos;
use std::path::Path;

/// The default folder when `scorecard:` is a mapping without `results`.
pub const DEFAULT_FOLDER: &str = "results/scorecard";

/// The built-in mapping from Scorecard checks to DSOMM activities (display path, YAML text).
pub const BUILTIN_MAPPING: (&str, &str) = (
    "<built-in>/catalog/scorecard.yaml",
    include_str!("../../catalog/scorecard.yaml"),
);

/// One result file, as text.
#[derive(Debug, Clone)]
pub struct TextFile {
    pub file: String,
    pub text: String,
}

/// The folder `scorecard:` names, and where: `scorecard: PATH` or `scorecard: {results: PATH, ...}`.
pub(super) fn folder(node: &Node) -> Option<(String, Pos)> {
    if let Some(s) = node.str() {
        return Some((s.to_string(), node.pos));
    }
    node.map()?;
    match node.get("results") {
        Some(r) => r.str().map(|s| (s.to_string(), r.pos)),
        None => Some((DEFAULT_FOLDER.to_string(), node.pos)),
    }
}

fn is_result_file(p: &Path) -> bool {
    p.extension()
        .is_some_and(|x| x == "json" || x == "ndjson" || x == "jsonl")
}

impl Loader {
    /// Every result file under `dir` (already checked to exist inside the input folder), as text.
    pub(super) fn scorecard_files(&mut self, dir: &Path) -> Vec<TextFile> {
        self.walk(dir, true, &is_result_file)
            .iter()
            .filter_map(|p| {
                let file = p.display().to_string();
                let text = self.read(p, &file)?;
                Some(TextFile { file, text })
            })
            .collect()
    }
}
