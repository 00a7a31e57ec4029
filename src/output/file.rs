//! Writes one file outside an output folder: a report where `--output` names it, or a PDF that replaces
//! its target only once complete.

use crate::util::error::{Error, Result};
use std::path::Path;

/// Writes `bytes` to `path`, creating its folder; errors read `failed to <what> <path> (...)`.
pub fn write(path: &Path, bytes: &[u8], what: &'static str) -> Result<()> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(|e| Error::io("create", parent, e))?;
    }
    std::fs::write(path, bytes).map_err(|e| Error::io(what, path, e))
}

/// Writes `bytes` next to `path` (with the extension `partial`) and renames it into place, so a failed
/// write never leaves half a file.
pub fn replace(path: &Path, bytes: &[u8], partial: &str) -> Result<()> {
    let tmp = path.with_extension(partial);
    std::fs::write(&tmp, bytes).map_err(|e| Error::io("write", &tmp, e))?;
    std::fs::rename(&tmp, path).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        Error::io("write", path, e)
    })
}
