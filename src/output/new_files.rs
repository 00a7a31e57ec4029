//! Writes generated files (`init`, `import-dsomm`, `export-dsomm`) into a folder, refusing to overwrite
//! existing files unless forced; nothing is written when any file is refused. `init` writes only into a
//! new or empty folder ([`check_empty`]).

use crate::util::error::{Error, Result};
use std::path::Path;

/// Writes `files` (relative path, content) under `out`.
pub fn write(out: &Path, files: &[(String, String)], force: bool) -> Result<()> {
    if out.exists() && !out.is_dir() {
        return Err(Error::Other(format!(
            "failed to write into {} (it is a file); choose a folder",
            out.display()
        )));
    }
    // Never follow a symlink inside `out`: a planted `out/maturity.yaml -> ../victim` (dangling or not)
    // would make the tool write outside the folder.
    for (rel, _) in files {
        if let Some(link) = symlink_on_the_way(out, rel)? {
            return Err(Error::Other(format!(
                "refusing to write {} (it is a symbolic link, or under one); remove the link or choose another folder",
                link.display()
            )));
        }
    }
    if !force {
        let existing: Vec<&str> = files
            .iter()
            .filter(|(rel, _)| std::fs::symlink_metadata(out.join(rel)).is_ok())
            .map(|(rel, _)| rel.as_str())
            .collect();
        if !existing.is_empty() {
            let mut list = existing
                .iter()
                .take(5)
                .copied()
                .collect::<Vec<_>>()
                .join(", ");
            if existing.len() > 5 {
                list.push_str(&format!(" and {} more", existing.len() - 5));
            }
            return Err(Error::Other(format!(
                "failed to write into {} ({} file(s) already exist: {list}); pass --force to overwrite them, or choose another folder",
                out.display(),
                existing.len()
            )));
        }
    }
    for (rel, text) in files {
        let path = out.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| Error::io("create", parent, e))?;
        }
        if force && std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_file()) {
            std::fs::remove_file(&path).map_err(|e| Error::io("replace", &path, e))?;
        }
        // `create_new` (O_EXCL) fails on anything already there, a symlink that appeared meanwhile included.
        std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .and_then(|mut f| std::io::Write::write_all(&mut f, text.as_bytes()))
            .map_err(|e| Error::io("write", &path, e))?;
    }
    Ok(())
}

/// The first path from `out` down to `out/rel` that is a symlink (the file itself included), if any.
/// A `rel` that is not a plain relative path is refused.
fn symlink_on_the_way(out: &Path, rel: &str) -> Result<Option<std::path::PathBuf>> {
    let mut cur = out.to_path_buf();
    for c in Path::new(rel).components() {
        let std::path::Component::Normal(part) = c else {
            return Err(Error::Other(format!(
                "failed to write {rel} (the path leaves {})",
                out.display()
            )));
        };
        cur.push(part);
        match std::fs::symlink_metadata(&cur) {
            Ok(m) if m.file_type().is_symlink() => return Ok(Some(cur)),
            Ok(_) => {}
            Err(_) => return Ok(None),
        }
    }
    Ok(None)
}

/// A new project goes into a new or empty folder: anything else is refused.
pub fn check_empty(dir: &Path) -> Result<()> {
    if !dir.exists() {
        return Ok(());
    }
    if !dir.is_dir() {
        return Err(Error::Other(format!(
            "failed to initialise {} (it is a file); choose a new or empty folder",
            dir.display()
        )));
    }
    let mut entries = std::fs::read_dir(dir).map_err(|e| Error::io("read", dir, e))?;
    if entries.next().is_some() {
        return Err(Error::Other(format!(
            "failed to initialise {} (the folder is not empty); choose a new or empty folder",
            dir.display()
        )));
    }
    Ok(())
}
