//! The loader's file handling: reading and parsing each file with its limits (size, name length,
//! containment in the input folder), walking folders, and following a DSOMM meta.yaml to its files.

use super::paths::meta_dir;
use super::yaml::{self, Node};
use super::{Doc, DsommInput, fs};
use crate::util::diag::{Diagnostics, Pos};
use std::path::{Path, PathBuf};

/// Names (of teams, groups, activities, dimensions, states, policies) longer than this are input errors:
/// every output shows them, and nobody reads a name of a thousand characters.
pub const MAX_NAME_CHARS: usize = 1000;
/// Keys whose values are names (lists of names, too); every mapping key is a name as well.
const NAME_KEYS: &[&str] = &[
    "name",
    "team",
    "teams",
    "group",
    "groups",
    "teamGroups",
    "title",
    "dimension",
    "subdimension",
];

fn is_yaml(p: &Path) -> bool {
    p.extension().is_some_and(|x| x == "yaml" || x == "yml")
}

pub(super) struct Loader {
    pub(super) root: PathBuf,
    pub(super) diags: Diagnostics,
}

impl Loader {
    /// The files a DSOMM meta.yaml names in `activityFiles`, parsed in order; a missing one is an error.
    pub(super) fn activity_files(&mut self, d: &DsommInput) -> Option<Vec<Doc>> {
        let meta = &d.meta;
        let (_, node) = d.get("activityFiles")?;
        let dir = meta_dir(meta, &self.root);
        let mut out = Vec::new();
        for f in node.seq().unwrap_or(std::slice::from_ref(node)) {
            let Some(name) = f.str() else { continue };
            let path = dir.join(name.trim());
            if path.is_file() {
                out.extend(self.parse_multi(&path));
            } else {
                self.diags
                    .error(
                        &meta.file,
                        f.pos,
                        "activity-file-not-found",
                        format!(
                            "`activityFiles` names {name}, but {} does not exist",
                            path.display()
                        ),
                    )
                    .hint("correct the path (relative to meta.yaml) or remove the entry");
            }
        }
        (!out.is_empty()).then_some(out)
    }

    /// Reads and parses one YAML file; problems become diagnostics.
    /// Reads and parses one data file, which holds one YAML document; problems become diagnostics.
    pub(super) fn parse(&mut self, path: &Path) -> Option<Doc> {
        let doc = self.parse_multi(path)?;
        let mut docs = doc.docs.iter().filter(|d| !d.is_null());
        if let (Some(first), Some(second)) = (docs.next(), docs.next()) {
            self.diags
                .error(
                    &doc.file,
                    second.pos,
                    "multiple-documents",
                    format!(
                        "a second YAML document starts here (the first is at {}:{}); it would be ignored",
                        first.pos.line, first.pos.col
                    ),
                )
                .hint("remove the `---` line and merge the documents, or move the second one into its own file");
        }
        Some(doc)
    }

    /// Reads and parses a file that may hold several documents (a DSOMM model: meta, then the activities).
    pub(super) fn parse_multi(&mut self, path: &Path) -> Option<Doc> {
        let file = path.display().to_string();
        let text = self.read(path, &file)?;
        match yaml::parse_checked(&text) {
            Ok((mut docs, duplicates)) => {
                for d in &mut docs {
                    self.long_names(&file, d, false);
                }
                for d in duplicates {
                    self.diags
                        .error(
                            &file,
                            d.second,
                            "duplicate-key",
                            format!(
                                "`{}` is written twice in this mapping (first at {}:{}); one of them would be ignored",
                                d.key, d.first.line, d.first.col
                            ),
                        )
                        .hint("merge the two entries into one");
                }
                Some(Doc { file, docs })
            }
            Err(e) if e.limit => {
                self.diags
                    .error(&file, e.pos, "yaml-limit", format!("file exceeds a limit ({})", e.message))
                    .hint("split the data into several files, or expand the anchors and aliases by hand");
                None
            }
            Err(e) => {
                let hint = if e.message.contains("tab") {
                    "replace the tabs at the start of this line with spaces; YAML indentation must use spaces"
                } else {
                    "fix the YAML syntax at this position (often an unclosed quote or bracket, a missing `:` or wrong indentation)"
                };
                self.diags
                    .error(
                        &file,
                        e.pos,
                        "yaml-syntax",
                        format!("invalid YAML ({})", e.message),
                    )
                    .hint(hint);
                None
            }
        }
    }

    /// Reports names over [`MAX_NAME_CHARS`] (mapping keys, and the values of name-like keys) and cuts them
    /// to the limit, so that no later step spends time on them.
    pub(super) fn long_names(&mut self, file: &str, node: &mut Node, name_like: bool) {
        match &mut node.kind {
            yaml::Kind::Scalar(text, _) if name_like => self.cut_name(file, node.pos, text),
            yaml::Kind::Seq(items) => {
                for item in items {
                    self.long_names(file, item, name_like);
                }
            }
            yaml::Kind::Map(entries) => {
                for (k, v) in entries {
                    // Inside the value of a name key (`groups: {G: [members]}`) every value lists names.
                    let key_is_name = name_like || k.str().is_some_and(|k| NAME_KEYS.contains(&k));
                    let pos = k.pos;
                    if let yaml::Kind::Scalar(text, _) = &mut k.kind {
                        self.cut_name(file, pos, text);
                    }
                    self.long_names(file, v, key_is_name);
                }
            }
            _ => {}
        }
    }

    pub(super) fn cut_name(&mut self, file: &str, pos: Pos, text: &mut String) {
        if let Some((cut, _)) = text.char_indices().nth(MAX_NAME_CHARS) {
            text.truncate(cut);
            self.diags
                .error(
                    file,
                    pos,
                    "name-too-long",
                    format!("this name is longer than {MAX_NAME_CHARS} characters"),
                )
                .hint("shorten the name; put longer text into a description");
        }
    }

    pub(super) fn read(&mut self, path: &Path, file: &str) -> Option<String> {
        match fs::read_text(&self.root, path) {
            Ok(text) => Some(text),
            Err(p) => {
                self.problem(file, p);
                None
            }
        }
    }

    pub(super) fn problem(&mut self, file: &str, p: fs::Problem) {
        self.diags
            .error(file, p.pos, p.code, p.message)
            .hint(p.hint);
    }

    /// Checks a folder or file named in maturity.yaml (`teams_dir`, `catalog`, `dsomm`, `v3`): it must exist
    /// and stay inside the input folder. Reports the problem at the key's position.
    pub(super) fn configured(&mut self, path: &Path, key: &str, from: &Doc, pos: Pos) -> bool {
        if let Err(mut p) = fs::inside(&self.root, path) {
            p.pos = pos;
            self.problem(&from.file, p);
            return false;
        }
        if std::fs::symlink_metadata(path).is_err() {
            self.diags
                .error(
                    &from.file,
                    pos,
                    "path-not-found",
                    format!("`{key}` names {}, which does not exist", path.display()),
                )
                .hint("correct the path (relative to maturity.yaml) or remove the key");
            return false;
        }
        true
    }

    /// The files in `dir` whose names pass `keep` (see [`fs::walk`]); what the walk skipped is a warning.
    pub(super) fn walk(
        &mut self,
        dir: &Path,
        recursive: bool,
        keep: &dyn Fn(&Path) -> bool,
    ) -> Vec<PathBuf> {
        let walk = match fs::walk(dir, recursive, keep) {
            Ok(w) => w,
            Err(p) => {
                self.problem(&dir.display().to_string(), p);
                return Vec::new();
            }
        };
        for (path, p) in walk.skipped {
            self.diags
                .warning(&path.display().to_string(), p.pos, p.code, p.message)
                .hint(p.hint);
        }
        walk.files
    }

    /// Every `*.yaml`/`*.yml` file directly in `dir`, sorted, not read yet.
    pub(super) fn yaml_paths(&mut self, dir: &Path) -> Vec<PathBuf> {
        self.walk(dir, false, &is_yaml)
    }

    /// Every `*.yaml`/`*.yml` file in `dir` (recursively when `recursive`), sorted, parsed.
    pub(super) fn yaml_files(&mut self, dir: &Path, recursive: bool) -> Vec<Doc> {
        let files = self.walk(dir, recursive, &is_yaml);
        // A catalogue folder (the recursive walk) may hold DSOMM model files of two documents.
        files
            .iter()
            .filter_map(|p| {
                if recursive {
                    self.parse_multi(p)
                } else {
                    self.parse(p)
                }
            })
            .collect()
    }

    /// A catalogue file, or every YAML file in a catalogue folder (recursively, sorted).
    pub(super) fn catalog_files(
        &mut self,
        path: &Path,
        from: Option<&str>,
        pos: Option<Pos>,
    ) -> Vec<Doc> {
        if path.is_file() {
            return self.parse_multi(path).into_iter().collect();
        }
        if path.is_dir() {
            return self.yaml_files(path, true);
        }
        self.diags
            .error(from.unwrap_or("maturity.yaml"), pos.unwrap_or_default(), "catalog-not-found", format!("catalogue {} does not exist", path.display()))
            .hint("give a path relative to maturity.yaml, or `builtin` for the built-in DSOMM catalogue");
        Vec::new()
    }

    /// A DSOMM data folder from its meta.yaml: the meta, `$ref` targets, progress and evidence files.
    pub(super) fn dsomm(&mut self, meta_path: &Path) -> Option<DsommInput> {
        let meta = self.parse(meta_path)?;
        let dir = meta_path.parent().unwrap_or(Path::new(".")).to_path_buf();
        let root = meta.root().cloned().unwrap_or(Node {
            pos: Pos::default(),
            kind: yaml::Kind::Null,
        });
        let mut refs = Vec::new();
        let keys: Vec<String> = root
            .map()
            .unwrap_or_default()
            .iter()
            .filter_map(|(k, _)| k.str().map(str::to_string))
            .collect();
        for key in &keys {
            if let Some(r) = root
                .get(key)
                .and_then(|n| n.get("$ref"))
                .and_then(Node::str)
            {
                let file_part = r.split('#').next().unwrap_or_default().to_string();
                if refs.iter().any(|(f, _)| f == &file_part) {
                    continue;
                }
                // The app resolves refs against its assets folder; also accept the file next to meta.yaml.
                let candidates = [
                    dir.join(&file_part),
                    dir.join(Path::new(&file_part).file_name().unwrap_or_default()),
                ];
                match candidates.iter().find(|p| p.is_file()) {
                    Some(p) => {
                        if let Some(doc) = self.parse(p) {
                            refs.push((file_part, doc));
                        }
                    }
                    None => {
                        let pos = root.get(key).map(|n| n.pos).unwrap_or_default();
                        self.diags
                            .error(
                                &meta.file,
                                pos,
                                "ref-not-found",
                                format!(
                                    "`{key}` refers to `{r}`, but {} does not exist",
                                    candidates[0].display()
                                ),
                            )
                            .hint("put the file next to meta.yaml or correct the `$ref` path");
                    }
                }
            }
        }
        let partial = DsommInput {
            meta: meta.clone(),
            refs,
            progress: None,
            evidence: None,
        };
        let named = |key: &str, default: &str| {
            partial
                .get(key)
                .and_then(|(_, n)| n.str())
                .unwrap_or(default)
                .trim()
                .to_string()
        };
        let progress_path = dir.join(named("teamProgressFile", "team-progress.yaml"));
        let evidence_path = dir.join(named("teamEvidenceFile", "team-evidence.yaml"));
        let progress = if progress_path.is_file() {
            self.parse(&progress_path)
        } else {
            None
        };
        let evidence = if evidence_path.is_file() {
            self.parse(&evidence_path)
        } else {
            None
        };
        Some(DsommInput {
            progress,
            evidence,
            ..partial
        })
    }
}

impl super::TeamFiles {
    /// Reads and parses each file in order and hands it to `f`, which validates it; the file's nodes
    /// are dropped when `f` returns. Problems reading or parsing a file are diagnostics, as for every
    /// other file, and a file that cannot be parsed is not handed on.
    pub fn each(&self, diags: &mut Diagnostics, mut f: impl FnMut(&Doc, &mut Diagnostics)) {
        let mut l = Loader {
            root: self.root.clone(),
            diags: std::mem::take(diags),
        };
        for p in &self.paths {
            if let Some(doc) = l.parse(p) {
                f(&doc, &mut l.diags);
            }
        }
        *diags = l.diags;
    }
}
