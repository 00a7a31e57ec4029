//! Paths inside the input: the folder they are relative to, how outputs show a file, and the path
//! lists of maturity.yaml.

use super::Doc;
use super::yaml::Node;
use crate::util::diag::Pos;
use std::path::{Path, PathBuf};

pub(super) fn meta_dir(meta: &Doc, _root: &Path) -> PathBuf {
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
pub(super) fn located_paths(n: Option<&Node>) -> Vec<(String, Pos)> {
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
pub(super) fn paths(n: Option<&Node>) -> Vec<String> {
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
