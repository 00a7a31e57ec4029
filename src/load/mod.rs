//! Finds and parses the input files of a run: a native project (`maturity.yaml`, `teams/*.yaml`), DSOMM app
//! exports (`meta.yaml` and the files it names), v3 `generated.yaml`, and the catalogue. The only stage
//! (with `output`) that touches the file system; it interprets file contents only to find more files.

pub mod builtin;
pub mod fs;
pub mod scorecard;
pub mod templates;
pub mod yaml;

use crate::util::diag::{Diagnostics, Pos};
use crate::util::error::{Error, Result};
use std::path::{Path, PathBuf};
use yaml::Node;

pub use fs::MAX_FILE_BYTES;

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

/// Everything read for one run.
#[derive(Debug, Clone, Default)]
pub struct Input {
    pub project: Option<Doc>,
    pub teams: Vec<Doc>,
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
        input.set_builtin(builtin::LATEST, &mut l.diags);
        return Ok((input, l.diags));
    }
    let project_path = ["maturity.yaml", "maturity.yml"]
        .iter()
        .map(|n| root.join(n))
        .find(|p| p.is_file());
    let mut catalog_node = None;
    let mut teams_dir = root.join("teams");
    let mut catalog_outside = false;
    if let Some(p) = project_path {
        input.project = l.parse(&p);
        if let Some(project) = input.project.clone()
            && let Some(root_node) = project.root()
        {
            if let Some(t) = root_node.get("teams_dir").filter(|n| n.str().is_some()) {
                teams_dir = root.join(t.str().unwrap_or_default());
                if !l.configured(&teams_dir, "teams_dir", &project, t.pos) {
                    teams_dir = PathBuf::new();
                }
            }
            for (p, pos) in located_paths(root_node.get("dsomm")) {
                let dir = root.join(&p);
                if !l.configured(&dir, "dsomm", &project, pos) {
                    continue;
                }
                let meta = if dir.is_dir() {
                    dir.join("meta.yaml")
                } else {
                    dir
                };
                input.dsomm.extend(l.dsomm(&meta));
            }
            for (p, pos) in located_paths(root_node.get("v3")) {
                let file = root.join(p);
                if l.configured(&file, "v3", &project, pos) {
                    input.v3.extend(l.parse(&file));
                }
            }
            if let Some(c) = root_node.get("catalog") {
                let named = located_paths(Some(c))
                    .into_iter()
                    .chain(located_paths(c.get("base")))
                    .chain(located_paths(c.get("extend")));
                for (p, pos) in named.filter(|(p, _)| builtin::select(p).is_none()) {
                    let path = root.join(&p);
                    // A path that does not exist is reported below as `catalog-not-found`.
                    if let Err(mut problem) = fs::inside(&root, &path) {
                        problem.pos = pos;
                        l.problem(&project.file, problem);
                        catalog_outside = true;
                    }
                }
            }
            catalog_node = root_node.get("catalog").cloned();
            if let Some((dir, pos)) = root_node.get("scorecard").and_then(scorecard::folder) {
                let dir = root.join(dir);
                if l.configured(&dir, "scorecard", &project, pos) {
                    input.scorecard = l.scorecard_files(&dir);
                }
            }
        }
    } else if root.join("meta.yaml").is_file() {
        input.dsomm.extend(l.dsomm(&root.join("meta.yaml")));
    }
    if input.project.is_none() && root.join("generated.yaml").is_file() {
        input.v3.extend(l.parse(&root.join("generated.yaml")));
    }
    if teams_dir.is_dir() && fs::inside(&root, &teams_dir).is_ok() {
        input.teams = l.yaml_files(&teams_dir, false);
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
    let version = base.iter().find_map(|b| builtin::select(b));
    let base: Vec<String> = base
        .into_iter()
        .filter(|b| builtin::select(b).is_none())
        .collect();
    if catalog_outside {
        // Reported above; nothing outside the input folder is walked.
    } else if let Some(n) = catalog_node.as_ref().and_then(Node::str)
        && n.starts_with("dsomm-")
        && version.is_none()
    {
        l.diags
            .error(
                file.as_deref().unwrap_or("maturity.yaml"),
                catalog_node.as_ref().map(|n| n.pos).unwrap_or_default(),
                "unknown-catalog",
                format!("there is no built-in catalogue `{n}`"),
            )
            .hint(format!(
                "built in: builtin (the latest), {}",
                builtin::versions()
                    .iter()
                    .map(|v| format!("dsomm-{v}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
    } else if !base.is_empty() {
        for b in &base {
            input.catalog.extend(l.catalog_files(
                &root.join(b),
                file.as_deref(),
                catalog_node.as_ref().map(|n| n.pos),
            ));
        }
    } else if version.is_none()
        && let Some(d) = input.dsomm.first().cloned()
        && let Some(files) = l.activity_files(&d)
    {
        // As in the app: the first file is the base, every later one is merged into it.
        let mut docs = files.into_iter();
        input.catalog.extend(docs.next());
        input.catalog_extend.extend(docs);
    }
    if input.catalog.is_empty() {
        input.set_builtin(version.unwrap_or(builtin::LATEST), &mut l.diags);
    }
    for e in extend.into_iter().filter(|_| !catalog_outside) {
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

impl Input {
    /// Uses the built-in catalogue `version`: its files, the overlays that derive it, its former names.
    /// Overlays go before any `catalog.extend` file already listed.
    pub fn set_builtin(&mut self, version: &str, diags: &mut Diagnostics) {
        let (base, layers, former) = builtin_catalog(version, diags);
        self.catalog = base;
        self.catalog_extend.splice(0..0, layers);
        self.catalog_former = former;
    }
}

/// The built-in catalogue `version` (see `builtin::select`): base files, overlay layers, former-name files.
pub fn builtin_catalog(version: &str, diags: &mut Diagnostics) -> (Vec<Doc>, Vec<Doc>, Vec<Doc>) {
    let base = builtin_docs(diags);
    let pos = builtin::OLDER.iter().position(|(v, ..)| *v == version);
    let overlays = |range: &[(&str, &str, &str)], diags: &mut Diagnostics| -> Vec<Doc> {
        range
            .iter()
            .filter_map(|(_, name, text)| parse_builtin(name, text, diags))
            .collect()
    };
    match pos {
        Some(i) => (
            base,
            overlays(&builtin::OLDER[..=i], diags),
            overlays(&builtin::OLDER[i + 1..], diags),
        ),
        None => (base, Vec::new(), overlays(builtin::OLDER, diags)),
    }
}

fn parse_builtin(name: &str, text: &str, diags: &mut Diagnostics) -> Option<Doc> {
    match yaml::parse(text) {
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
    }
}

/// The files of the latest built-in catalogue, parsed.
pub fn builtin_docs(diags: &mut Diagnostics) -> Vec<Doc> {
    builtin::FILES
        .iter()
        .filter_map(|(name, text)| parse_builtin(name, text, diags))
        .collect()
}

fn meta_dir(meta: &Doc, _root: &Path) -> PathBuf {
    Path::new(&meta.file)
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

/// The folder that paths inside the input are relative to: `path` itself, or the folder of a file given
/// as input (a DSOMM `meta.yaml`, a v3 `generated.yaml`).
pub fn input_root(path: &Path) -> PathBuf {
    if path.is_dir() {
        path.to_path_buf()
    } else {
        path.parent().unwrap_or(Path::new(".")).to_path_buf()
    }
}

/// A file read from the input (as the tool named it, e.g. `/build/checkout/examples/teams/a.yaml`),
/// shown relative to the input folder (`teams/a.yaml`), as every output shows it: no path of the build
/// machine appears in a published site. Built-in files (`<built-in>/...`) stay as they are.
pub fn relative_to_input(input: &Path, file: &str) -> String {
    let root = input_root(input);
    let rel = Path::new(file)
        .strip_prefix(&root)
        .ok()
        .map(Path::to_path_buf)
        .or_else(|| {
            let canon = root.canonicalize().ok()?;
            let real = Path::new(file).canonicalize().ok()?;
            real.strip_prefix(canon).ok().map(Path::to_path_buf)
        });
    match rel {
        Some(r) if !r.as_os_str().is_empty() => r.to_string_lossy().replace('\\', "/"),
        _ => file.to_string(),
    }
}

/// A scalar path or a list of paths, each with where it was written.
fn located_paths(n: Option<&Node>) -> Vec<(String, Pos)> {
    match n {
        Some(n) if n.str().is_some() => vec![(n.str().unwrap_or_default().to_string(), n.pos)],
        Some(n) => n
            .seq()
            .unwrap_or_default()
            .iter()
            .filter_map(|p| p.str().map(|s| (s.to_string(), p.pos)))
            .collect(),
        None => Vec::new(),
    }
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
    /// The files a DSOMM meta.yaml names in `activityFiles`, parsed in order; a missing one is an error.
    fn activity_files(&mut self, d: &DsommInput) -> Option<Vec<Doc>> {
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
    fn parse(&mut self, path: &Path) -> Option<Doc> {
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
    fn parse_multi(&mut self, path: &Path) -> Option<Doc> {
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
    fn long_names(&mut self, file: &str, node: &mut Node, name_like: bool) {
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

    fn cut_name(&mut self, file: &str, pos: Pos, text: &mut String) {
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

    fn read(&mut self, path: &Path, file: &str) -> Option<String> {
        match fs::read_text(&self.root, path) {
            Ok(text) => Some(text),
            Err(p) => {
                self.problem(file, p);
                None
            }
        }
    }

    fn problem(&mut self, file: &str, p: fs::Problem) {
        self.diags
            .error(file, p.pos, p.code, p.message)
            .hint(p.hint);
    }

    /// Checks a folder or file named in maturity.yaml (`teams_dir`, `catalog`, `dsomm`, `v3`): it must exist
    /// and stay inside the input folder. Reports the problem at the key's position.
    fn configured(&mut self, path: &Path, key: &str, from: &Doc, pos: Pos) -> bool {
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
    fn walk(&mut self, dir: &Path, recursive: bool, keep: &dyn Fn(&Path) -> bool) -> Vec<PathBuf> {
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

    /// Every `*.yaml`/`*.yml` file in `dir` (recursively when `recursive`), sorted, parsed.
    fn yaml_files(&mut self, dir: &Path, recursive: bool) -> Vec<Doc> {
        let is_yaml = |p: &Path| p.extension().is_some_and(|x| x == "yaml" || x == "yml");
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
    fn catalog_files(&mut self, path: &Path, from: Option<&str>, pos: Option<Pos>) -> Vec<Doc> {
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
    fn dsomm(&mut self, meta_path: &Path) -> Option<DsommInput> {
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

/// Reads a catalogue on its own: `None`, `builtin` or `dsomm-<version>` give a built-in one; a DSOMM
/// `meta.yaml` gives its `activityFiles`; otherwise a catalogue file or folder.
pub fn load_catalog(path: Option<&Path>) -> Result<(Input, Diagnostics)> {
    let mut diags = Diagnostics::default();
    let mut input = Input::default();
    let name = path.map(|p| p.to_string_lossy().to_string());
    match name.as_deref().map(|n| (n, builtin::select(n))) {
        None => input.set_builtin(builtin::LATEST, &mut diags),
        Some((_, Some(v))) => input.set_builtin(v, &mut diags),
        Some((n, None)) if n.starts_with("dsomm-") && !Path::new(n).exists() => {
            return Err(Error::Other(format!(
                "failed to find built-in catalogue `{n}` (built in: builtin, {})",
                builtin::versions()
                    .iter()
                    .map(|v| format!("dsomm-{v}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )));
        }
        Some(_) => {
            let p = path.expect("named");
            std::fs::metadata(p).map_err(|e| Error::io("read catalogue", p, e))?;
            let root = if p.is_dir() {
                p.to_path_buf()
            } else {
                p.parent().unwrap_or(Path::new(".")).to_path_buf()
            };
            let mut l = Loader { root, diags };
            let meta = if p.is_dir() {
                p.join("meta.yaml")
            } else {
                p.to_path_buf()
            };
            let files = if meta.file_name().is_some_and(|n| n == "meta.yaml") && meta.is_file() {
                l.dsomm(&meta).and_then(|d| l.activity_files(&d))
            } else {
                None
            };
            match files {
                Some(f) => {
                    let mut docs = f.into_iter();
                    input.catalog.extend(docs.next());
                    input.catalog_extend.extend(docs);
                }
                None => input.catalog = l.catalog_files(p, None, None),
            }
            diags = l.diags;
        }
    }
    Ok((input, diags))
}
