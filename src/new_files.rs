//! Writes generated files (`init`, `import-dsomm`, `export-dsomm`) into a folder, refusing to overwrite
//! existing files unless forced; nothing is written when any file is refused.

use crate::error::{Error, Result};
use std::path::Path;

/// Writes `files` (relative path, content) under `out`.
pub fn write(out: &Path, files: &[(String, String)], force: bool) -> Result<()> {
    if out.exists() && !out.is_dir() {
        return Err(Error::Other(format!(
            "failed to write into {} (it is a file); choose a folder",
            out.display()
        )));
    }
    if !force {
        let existing: Vec<&str> = files
            .iter()
            .filter(|(rel, _)| out.join(rel).exists())
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
        std::fs::write(&path, text).map_err(|e| Error::io("write", &path, e))?;
    }
    Ok(())
}
