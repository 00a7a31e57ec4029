//! Writes a rendered file tree: into a sibling temporary folder first, then renamed into place, so a
//! failed build never leaves a half-written site and the previous output stays intact until the swap.

use crate::error::{Error, Result};
use std::path::{Component, Path, PathBuf};

/// A marker file that identifies a folder as maturity output (only such folders are replaced).
pub const MARKER: &str = ".maturity-output";

/// Writes `files` (relative paths) to `out`, replacing a previous maturity output there.
pub fn write(out: &Path, files: &[(String, Vec<u8>)]) -> Result<()> {
    if out.exists() {
        let is_ours = out.join(MARKER).is_file();
        let empty = out.is_dir()
            && std::fs::read_dir(out)
                .map_err(|e| Error::io("read", out, e))?
                .next()
                .is_none();
        if !is_ours && !empty {
            return Err(Error::Other(format!(
                "refusing to replace {}: it exists and was not written by maturity (no {MARKER} file); choose an empty or new --out folder",
                out.display()
            )));
        }
    }
    let name = out.file_name().ok_or_else(|| {
        Error::Other(format!(
            "failed to use {} as output folder (it has no name)",
            out.display()
        ))
    })?;
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent).map_err(|e| Error::io("create", &parent, e))?;
    let tmp = parent.join(format!(
        ".{}.tmp-{}",
        name.to_string_lossy(),
        std::process::id()
    ));
    let result =
        write_tree(&tmp, files).and_then(|()| swap(&tmp, out, &parent, &name.to_string_lossy()));
    if result.is_err() {
        let _ = std::fs::remove_dir_all(&tmp);
    }
    result
}

fn write_tree(dir: &Path, files: &[(String, Vec<u8>)]) -> Result<()> {
    if dir.exists() {
        std::fs::remove_dir_all(dir).map_err(|e| Error::io("remove", dir, e))?;
    }
    std::fs::create_dir_all(dir).map_err(|e| Error::io("create", dir, e))?;
    std::fs::write(
        dir.join(MARKER),
        b"written by maturity; this folder is replaced on every build\n",
    )
    .map_err(|e| Error::io("write", &dir.join(MARKER), e))?;
    for (rel, bytes) in files {
        let rel_path = Path::new(rel);
        if rel_path
            .components()
            .any(|c| !matches!(c, Component::Normal(_)))
        {
            return Err(Error::Other(format!(
                "failed to write {rel} (path leaves the output folder)"
            )));
        }
        let path = dir.join(rel_path);
        if let Some(p) = path.parent() {
            std::fs::create_dir_all(p).map_err(|e| Error::io("create", p, e))?;
        }
        std::fs::write(&path, bytes).map_err(|e| Error::io("write", &path, e))?;
    }
    Ok(())
}

fn swap(tmp: &Path, out: &Path, parent: &Path, name: &str) -> Result<()> {
    let old = parent.join(format!(".{name}.old-{}", std::process::id()));
    let had_old = out.exists();
    if had_old {
        std::fs::rename(out, &old).map_err(|e| Error::io("move aside", out, e))?;
    }
    if let Err(e) = std::fs::rename(tmp, out) {
        if had_old {
            let _ = std::fs::rename(&old, out);
        }
        return Err(Error::io("move into place", out, e));
    }
    if had_old {
        std::fs::remove_dir_all(&old).map_err(|e| Error::io("remove", &old, e))?;
    }
    Ok(())
}
