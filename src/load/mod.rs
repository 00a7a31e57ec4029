//! Finds and parses the input files of a run: a native project (`maturity.yaml`, `teams/*.yaml`), DSOMM app
//! exports (`meta.yaml` and the files it names), v3 `generated.yaml`, and the catalogue. The only stage
//! (with `output`) that touches the file system; it interprets file contents only to find more files.

pub mod builtin;
pub mod templates;
pub mod yaml;

use crate::diag::{Diagnostics, Pos};
use crate::error::{Error, Result};
use std::path::{Path, PathBuf};
use yaml::Node;

/// Files larger than this are refused with a diagnostic instead of being parsed.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

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

/// Everything read for one run.
#[derive(Debug, Clone, Default)]
pub struct Input {
    pub project: Option<Doc>,
    pub teams: Vec<Doc>,
    pub catalog: Vec<Doc>,
    pub catalog_extend: Vec<Doc>,
    pub dsomm: Vec<DsommInput>,
    pub v3: Vec<Doc>,
}

struct Loader {
    root: PathBuf,
    diags: Diagnostics,
}

/// Reads the input at `path` (a project folder, a DSOMM data folder, or a v3 `generated.yaml`).
pub fn load(path: &Path) -> Result<(Input, Diagnostics)> {
    let meta = std::fs::metadata(path).map_err(|e| Error::io("read input", path, e))?;
    let root = if meta.is_dir() {
        path.to_path_buf()
    } else {
        path.parent().unwrap_or(Path::new(".")).to_path_buf()
    };
    let mut l = Loader {
        root: root.clone(),
        diags: Diagnostics::default(),
    };
    let mut input = Input::default();
    if !meta.is_dir() {
        if path.file_name().is_some_and(|n| n == "meta.yaml") {
            input.dsomm.extend(l.dsomm(path));
        } else {
            input.v3.extend(l.parse(path));
        }
        input.catalog = builtin_docs(&mut l.diags);
        return Ok((input, l.diags));
    }
    let project_path = ["maturity.yaml", "maturity.yml"]
        .iter()
        .map(|n| root.join(n))
        .find(|p| p.is_file());
    let mut catalog_node = None;
    let mut teams_dir = root.join("teams");
    if let Some(p) = project_path {
        input.project = l.parse(&p);
        if let Some(root_node) = input.project.as_ref().and_then(|d| d.root()).cloned() {
            if let Some(t) = root_node.get("teams_dir").and_then(Node::str) {
                teams_dir = root.join(t);
            }
            for p in paths(root_node.get("dsomm")) {
                let dir = root.join(&p);
                let meta = if dir.is_dir() {
                    dir.join("meta.yaml")
                } else {
                    dir
                };
                input.dsomm.extend(l.dsomm(&meta));
            }
            for p in paths(root_node.get("v3")) {
                input.v3.extend(l.parse(&root.join(p)));
            }
            catalog_node = root_node.get("catalog").cloned();
        }
    } else if root.join("meta.yaml").is_file() {
        input.dsomm.extend(l.dsomm(&root.join("meta.yaml")));
    }
    if input.project.is_none() && root.join("generated.yaml").is_file() {
        input.v3.extend(l.parse(&root.join("generated.yaml")));
    }
    if teams_dir.is_dir() {
        input.teams = l.yaml_files_in(&teams_dir);
    }
    // The catalogue: maturity.yaml's `catalog`, else the DSOMM meta's `activityFiles`, else the built-in one.
    let (base, extend, file) = match &catalog_node {
        Some(n) if n.str().is_some() => (
            paths(Some(n)),
            Vec::new(),
            input.project.as_ref().map(|d| d.file.clone()),
        ),
        Some(n) => (
            paths(n.get("base")),
            paths(n.get("extend")),
            input.project.as_ref().map(|d| d.file.clone()),
        ),
        None => (Vec::new(), Vec::new(), None),
    };
    let base: Vec<String> = base.into_iter().filter(|b| b != "builtin").collect();
    if !base.is_empty() {
        for b in &base {
            input.catalog.extend(l.catalog_files(
                &root.join(b),
                file.as_deref(),
                catalog_node.as_ref().map(|n| n.pos),
            ));
        }
    } else if let Some(files) = input
        .dsomm
        .first()
        .and_then(|d| dsomm_activity_files(&d.meta, &root))
    {
        for f in files {
            input.catalog.extend(l.parse(&f));
        }
    }
    if input.catalog.is_empty() {
        input.catalog = builtin_docs(&mut l.diags);
    }
    for e in extend {
        input.catalog_extend.extend(l.catalog_files(
            &root.join(e),
            file.as_deref(),
            catalog_node.as_ref().map(|n| n.pos),
        ));
    }
    if input.project.is_none()
        && input.dsomm.is_empty()
        && input.v3.is_empty()
        && input.teams.is_empty()
        && !l.diags.has_errors()
    {
        l.diags
            .error(&root.display().to_string(), Pos::default(), "no-input", "found no assessment data in this folder")
            .hint("add maturity.yaml and teams/<team>.yaml files (see `maturity init`), or point at a DSOMM export folder (meta.yaml) or a v3 generated.yaml");
    }
    Ok((input, l.diags))
}

fn read_limited(path: &Path) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let mut bytes = Vec::new();
    std::fs::File::open(path)?
        .take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// The built-in catalogue, parsed.
pub fn builtin_docs(diags: &mut Diagnostics) -> Vec<Doc> {
    builtin::FILES
        .iter()
        .filter_map(|(name, text)| match yaml::parse(text) {
            Ok(docs) => Some(Doc {
                file: format!("<built-in>/{name}"),
                docs,
            }),
            Err(e) => {
                diags.error(
                    &format!("<built-in>/{name}"),
                    e.pos,
                    "yaml-syntax",
                    e.message,
                );
                None
            }
        })
        .collect()
}

/// The existing files named by a DSOMM meta.yaml's `activityFiles`, resolved relative to it.
fn dsomm_activity_files(meta: &Doc, root: &Path) -> Option<Vec<PathBuf>> {
    let dir = meta_dir(meta, root);
    let files: Vec<PathBuf> = paths(meta.root()?.get("activityFiles"))
        .iter()
        .map(|f| dir.join(f))
        .filter(|p| p.is_file())
        .collect();
    (!files.is_empty()).then_some(files)
}

fn meta_dir(meta: &Doc, _root: &Path) -> PathBuf {
    Path::new(&meta.file)
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

/// A scalar path or a list of paths.
fn paths(n: Option<&Node>) -> Vec<String> {
    match n {
        Some(n) if n.str().is_some() => vec![n.str().unwrap_or_default().to_string()],
        Some(n) => n
            .seq()
            .unwrap_or_default()
            .iter()
            .filter_map(|p| p.str().map(str::to_string))
            .collect(),
        None => Vec::new(),
    }
}

impl Loader {
    /// Reads and parses one YAML file; problems become diagnostics.
    fn parse(&mut self, path: &Path) -> Option<Doc> {
        let file = path.display().to_string();
        let text = self.read(path, &file)?;
        match yaml::parse(&text) {
            Ok(docs) => Some(Doc { file, docs }),
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

    fn read(&mut self, path: &Path, file: &str) -> Option<String> {
        if let Err(msg) = self.inside_root(path) {
            self.diags
                .error(file, Pos::default(), "outside-input", msg)
                .hint("keep every input file inside the input folder");
            return None;
        }
        let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
        if size > MAX_FILE_BYTES {
            self.diags
                .error(
                    file,
                    Pos::default(),
                    "file-too-large",
                    format!("file is {size} bytes, over the limit of {MAX_FILE_BYTES}"),
                )
                .hint("split the data into several files");
            return None;
        }
        // Read at most one byte over the limit: the file may have grown since it was measured.
        let bytes = match read_limited(path) {
            Ok(b) if b.len() as u64 > MAX_FILE_BYTES => {
                self.diags
                    .error(
                        file,
                        Pos::default(),
                        "file-too-large",
                        format!("file is over the limit of {MAX_FILE_BYTES} bytes"),
                    )
                    .hint("split the data into several files");
                return None;
            }
            Ok(b) => b,
            Err(e) => {
                self.diags
                    .error(
                        file,
                        Pos::default(),
                        "unreadable-file",
                        format!("failed to read file ({e})"),
                    )
                    .hint("check that the file exists and is readable");
                return None;
            }
        };
        match String::from_utf8(bytes) {
            Ok(s) => Some(s),
            Err(e) => {
                let good = &e.as_bytes()[..e.utf8_error().valid_up_to()];
                let line = good.iter().filter(|b| **b == b'\n').count() as u32 + 1;
                let col = good.iter().rev().take_while(|b| **b != b'\n').count() as u32 + 1;
                self.diags
                    .error(
                        file,
                        Pos { line, col },
                        "invalid-utf8",
                        "file is not valid UTF-8",
                    )
                    .hint("save the file as UTF-8");
                None
            }
        }
    }

    /// Refuses files that resolve (through symlinks) outside the input folder.
    fn inside_root(&self, path: &Path) -> std::result::Result<(), String> {
        let (Ok(root), Ok(real)) = (self.root.canonicalize(), path.canonicalize()) else {
            return Ok(());
        };
        if real.starts_with(&root) {
            Ok(())
        } else {
            Err(format!(
                "file resolves to {}, outside the input folder",
                real.display()
            ))
        }
    }

    /// Every `*.yaml`/`*.yml` file directly in `dir`, sorted by name.
    fn yaml_files_in(&mut self, dir: &Path) -> Vec<Doc> {
        let mut files: Vec<PathBuf> = match std::fs::read_dir(dir) {
            Ok(rd) => rd
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "yaml" || x == "yml"))
                .collect(),
            Err(e) => {
                self.diags.error(
                    &dir.display().to_string(),
                    Pos::default(),
                    "unreadable-file",
                    format!("failed to list folder ({e})"),
                );
                return Vec::new();
            }
        };
        files.sort();
        files
            .iter()
            .filter(|p| p.is_file())
            .filter_map(|p| self.parse(p))
            .collect()
    }

    /// A catalogue file, or every YAML file in a catalogue folder (recursively, sorted).
    fn catalog_files(&mut self, path: &Path, from: Option<&str>, pos: Option<Pos>) -> Vec<Doc> {
        if path.is_file() {
            return self.parse(path).into_iter().collect();
        }
        if path.is_dir() {
            let mut out = self.yaml_files_in(path);
            let mut subs: Vec<PathBuf> = std::fs::read_dir(path)
                .map(|rd| {
                    rd.filter_map(|e| e.ok().map(|e| e.path()))
                        .filter(|p| p.is_dir())
                        .collect()
                })
                .unwrap_or_default();
            subs.sort();
            for s in subs {
                out.extend(self.catalog_files(&s, from, pos));
            }
            return out;
        }
        self.diags
            .error(from.unwrap_or("maturity.yaml"), pos.unwrap_or_default(), "catalog-not-found", format!("catalogue {} does not exist", path.display()))
            .hint("give a path relative to maturity.yaml, or `builtin` for the built-in DSOMM catalogue");
        Vec::new()
    }

    /// A DSOMM data folder from its meta.yaml: the meta, `$ref` targets, progress and evidence files.
    fn dsomm(&mut self, meta_path: &Path) -> Option<DsommInput> {
        let meta = self.parse(meta_path)?;
        let dir = meta_path.parent().unwrap_or(Path::new(".")).to_path_buf();
        let root = meta.root().cloned().unwrap_or(Node {
            pos: Pos::default(),
            kind: yaml::Kind::Null,
        });
        let mut refs = Vec::new();
        for key in ["teams", "teamGroups"] {
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
                            .hint(
                                "put the teams file next to meta.yaml or correct the `$ref` path",
                            );
                    }
                }
            }
        }
        let named = |key: &str, default: &str| {
            root.get(key)
                .and_then(Node::str)
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
            meta,
            refs,
            progress,
            evidence,
        })
    }
}

/// Reads a catalogue file or folder on its own (`builtin` or `None` gives the built-in one).
pub fn load_catalog(path: Option<&Path>) -> Result<(Vec<Doc>, Diagnostics)> {
    let mut diags = Diagnostics::default();
    match path {
        None => Ok((builtin_docs(&mut diags), diags)),
        Some(p) if p == Path::new("builtin") => Ok((builtin_docs(&mut diags), diags)),
        Some(p) => {
            std::fs::metadata(p).map_err(|e| Error::io("read catalogue", p, e))?;
            let root = if p.is_dir() {
                p.to_path_buf()
            } else {
                p.parent().unwrap_or(Path::new(".")).to_path_buf()
            };
            let mut l = Loader { root, diags };
            let docs = l.catalog_files(p, None, None);
            Ok((docs, l.diags))
        }
    }
}
