//! What the load stage hands to validation: the parsed files of a run ([`Input`]), each a [`Doc`], and
//! DSOMM app folders with their `$ref` resolution.

use super::scorecard;
use super::yaml::Node;

/// One parsed YAML file: its display path and its documents.
#[derive(Debug, Clone)]
pub struct Doc {
    pub file: String,
    pub docs: Vec<Node>,
}

impl Doc {
    /// The first non-empty document (most files have exactly one).
    pub fn root(&self) -> Option<&Node> {
        self.docs.iter().find(|d| !d.is_null())
    }
}

/// A DSOMM app data folder: `meta.yaml` and the files it refers to.
#[derive(Debug, Clone)]
pub struct DsommInput {
    pub meta: Doc,
    /// Files named by `$ref` in meta.yaml, by the reference's file part as written.
    pub refs: Vec<(String, Doc)>,
    pub progress: Option<Doc>,
    pub evidence: Option<Doc>,
}

/// Where a meta.yaml key's value is: inline, or in the file its `$ref` names.
pub enum Resolved<'a> {
    /// (file, node)
    Found(&'a str, &'a Node),
    /// The `$ref` text and the file it names, when the pointer leads nowhere.
    Dangling(&'a str, &'a str, crate::util::diag::Pos),
}

impl DsommInput {
    /// The value of a meta.yaml key, following a `$ref: 'file.yaml#/pointer'` (any key, as in the app).
    pub fn resolve(&self, key: &str) -> Option<Resolved<'_>> {
        let n = self.meta.root()?.get(key)?;
        let Some(r) = n.get("$ref").and_then(Node::str) else {
            return Some(Resolved::Found(&self.meta.file, n));
        };
        let (file_part, pointer) = r.split_once('#').unwrap_or((r, ""));
        let (_, doc) = self.refs.iter().find(|(f, _)| f == file_part)?;
        let target = doc.root().and_then(|root| {
            pointer
                .split('/')
                .filter(|p| !p.is_empty())
                .try_fold(root, |n, p| n.get(p))
        });
        Some(match target {
            Some(t) => Resolved::Found(&doc.file, t),
            None => Resolved::Dangling(r, &doc.file, n.pos),
        })
    }

    /// A key's value when found (inline or by `$ref`).
    pub fn get(&self, key: &str) -> Option<(&str, &Node)> {
        match self.resolve(key)? {
            Resolved::Found(f, n) => Some((f, n)),
            Resolved::Dangling(..) => None,
        }
    }
}

/// The team files of a native project: found by the load stage, read and parsed one at a time while
/// validation runs (`TeamFiles::each`), so that only one file's node tree exists at a time (all
/// 10,000 of them together took 265 MB, BENCHMARKS.md).
#[derive(Debug, Clone, Default)]
pub struct TeamFiles {
    pub(super) root: std::path::PathBuf,
    pub(super) paths: Vec<std::path::PathBuf>,
}

impl TeamFiles {
    pub fn is_empty(&self) -> bool {
        self.paths.is_empty()
    }

    // `each`, which reads the files, is in `loader`.
}

/// Everything read for one run.
#[derive(Debug, Clone, Default)]
pub struct Input {
    pub project: Option<Doc>,
    /// Team files given already parsed (tests, fuzzing); validated before `team_files`.
    pub teams: Vec<Doc>,
    /// The team files of `teams_dir`, read while they are validated.
    pub team_files: TeamFiles,
    /// The base catalogue files (one set: duplicates across them are errors).
    pub catalog: Vec<Doc>,
    /// Files merged into the base in order (`activityFiles` after the first, built-in version overlays,
    /// `catalog.extend`), with the `activityFiles` merge rules.
    pub catalog_extend: Vec<Doc>,
    /// Files whose names for known uuids count as former names (older built-in versions).
    pub catalog_former: Vec<Doc>,
    pub dsomm: Vec<DsommInput>,
    pub v3: Vec<Doc>,
    /// OpenSSF Scorecard result files (`scorecard:` in maturity.yaml).
    pub scorecard: Vec<scorecard::TextFile>,
}
