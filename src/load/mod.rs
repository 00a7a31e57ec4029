//! Finds and parses the input files of a run: a native project (`maturity.yaml`, `teams/*.yaml`), DSOMM app
//! exports (`meta.yaml` and the files it names), v3 `generated.yaml`, and the catalogue. The only stage
//! (with `output`) that touches the file system; it interprets file contents only to find more files.

pub mod builtin;
pub mod fs;
mod input;
mod loader;
pub mod paths;
pub mod scorecard;
pub mod source;
pub mod templates;
pub mod yaml;

use crate::util::diag::{Diagnostics, Pos};
use crate::util::error::{Error, Result};
use std::path::{Path, PathBuf};
use yaml::Node;

pub use fs::MAX_FILE_BYTES;
pub use input::{Doc, DsommInput, Input, Resolved, TeamFiles};

use loader::Loader;
use paths::{located_paths, paths};

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
        // Read later, one at a time, while validation runs (`TeamFiles::each`).
        input.team_files = TeamFiles {
            root: root.clone(),
            paths: l.yaml_paths(&teams_dir),
        };
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
        && input.team_files.is_empty()
        && !l.diags.has_errors()
    {
        l.diags
            .error(&root.display().to_string(), Pos::default(), "no-input", "found no assessment data in this folder")
            .hint("add maturity.yaml and teams/<team>.yaml files (see `maturity init`), or point at a DSOMM export folder (meta.yaml) or a v3 generated.yaml");
    }
    Ok((input, l.diags))
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
