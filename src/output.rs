//! Writes the output tree: files go into a sibling staging folder as they are rendered, which is
//! renamed into place only when everything succeeded. A failed build never leaves a half-written
//! site, and the previous output stays intact until the final rename.

use crate::error::{Error, Result};
use std::path::{Component, Path, PathBuf};

/// A marker file that identifies a folder as maturity output (only such folders are replaced).
pub const MARKER: &str = ".maturity-output";

/// A staging folder beside the output folder; dropped without `commit`, it is removed.
pub struct Staging {
    out: PathBuf,
    tmp: PathBuf,
    committed: bool,
}

impl Staging {
    /// Checks that `out` may be replaced and creates the staging folder beside it.
    pub fn new(out: &Path) -> Result<Staging> {
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
        if tmp.exists() {
            std::fs::remove_dir_all(&tmp).map_err(|e| Error::io("remove", &tmp, e))?;
        }
        std::fs::create_dir_all(&tmp).map_err(|e| Error::io("create", &tmp, e))?;
        let staging = Staging {
            out: out.to_path_buf(),
            tmp,
            committed: false,
        };
        staging.write(
            MARKER,
            b"written by maturity; this folder is replaced on every build\n",
        )?;
        Ok(staging)
    }

    /// Writes one file (a relative path inside the output); safe to call from several threads.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<()> {
        let rel_path = Path::new(rel);
        if rel.is_empty()
            || rel_path
                .components()
                .any(|c| !matches!(c, Component::Normal(_)))
        {
            return Err(Error::Other(format!(
                "failed to write {rel} (path leaves the output folder)"
            )));
        }
        let path = self.tmp.join(rel_path);
        if let Some(p) = path.parent() {
            std::fs::create_dir_all(p).map_err(|e| Error::io("create", p, e))?;
        }
        std::fs::write(&path, bytes).map_err(|e| Error::io("write", &path, e))
    }

    /// The staging folder (for helper processes that write into it).
    pub fn path(&self) -> &Path {
        &self.tmp
    }

    /// Replaces the output folder with the staged one.
    pub fn commit(mut self) -> Result<()> {
        let out = self.out.clone();
        let old = self.tmp.with_file_name(format!(
            ".{}.old-{}",
            out.file_name().unwrap_or_default().to_string_lossy(),
            std::process::id()
        ));
        let had_old = out.exists();
        if had_old {
            std::fs::rename(&out, &old).map_err(|e| Error::io("move aside", &out, e))?;
        }
        if let Err(e) = std::fs::rename(&self.tmp, &out) {
            if had_old {
                let _ = std::fs::rename(&old, &out);
            }
            return Err(Error::io("move into place", &out, e));
        }
        self.committed = true;
        if had_old {
            std::fs::remove_dir_all(&old).map_err(|e| Error::io("remove", &old, e))?;
        }
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.tmp);
        }
    }
}

/// Writes a complete file list to `out` through a staging folder.
pub fn write(out: &Path, files: &[(String, Vec<u8>)]) -> Result<()> {
    let s = Staging::new(out)?;
    for (rel, bytes) in files {
        s.write(rel, bytes)?;
    }
    s.commit()
}
