//! Writes the output tree: files go into a sibling staging folder as they are rendered, which is
//! renamed into place only when everything succeeded. A failed build never leaves a half-written
//! site, and the previous output stays intact until the final rename. [`new_files`] writes the
//! generated files of `init`, `import-dsomm` and `export-dsomm` into a folder, [`file`] single files.

pub mod file;
pub mod new_files;

use crate::util::error::{Error, Result};
use std::path::{Component, Path, PathBuf};

/// A marker file that identifies a folder as maturity output (only such folders are replaced).
pub const MARKER: &str = ".maturity-output";

/// A staging folder beside the output folder; dropped without `commit`, it is removed.
pub struct Staging {
    out: PathBuf,
    tmp: PathBuf,
    /// The topmost parent folder this build created (removed, if empty, when the build fails).
    created: Option<PathBuf>,
    committed: bool,
}

impl Staging {
    /// Checks that `out` may be replaced and creates the staging folder beside it.
    pub fn new(out: &Path) -> Result<Staging> {
        if let Ok(m) = std::fs::symlink_metadata(out)
            && m.file_type().is_symlink()
        {
            let target = std::fs::read_link(out).unwrap_or_default();
            return Err(Error::Other(format!(
                "refusing to use {} as output folder: it is a symbolic link (to {}); give the real folder as --out",
                out.display(),
                target.display()
            )));
        }
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
        // The folders created for the output, removed again if the build fails.
        let created = first_missing(&parent);
        std::fs::create_dir_all(&parent).map_err(|e| Error::io("create", &parent, e))?;
        let tmp = parent.join(format!(
            ".{}.tmp-{}",
            name.to_string_lossy(),
            std::process::id()
        ));
        remove_stale(&parent, &name.to_string_lossy());
        if tmp.exists() {
            std::fs::remove_dir_all(&tmp).map_err(|e| Error::io("remove", &tmp, e))?;
        }
        std::fs::create_dir_all(&tmp).map_err(|e| Error::io("create", &tmp, e))?;
        crate::util::watchdog::remove_on_abort(tmp.clone());
        let staging = Staging {
            out: out.to_path_buf(),
            tmp,
            created,
            committed: false,
        };
        staging.write(
            MARKER,
            b"written by maturity; this folder is replaced on every build\n",
        )?;
        Ok(staging)
    }

    /// The path in the staging folder of `rel`, a relative path that stays inside the output.
    fn staged(&self, rel: &str) -> Result<PathBuf> {
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
        Ok(self.tmp.join(rel_path))
    }

    /// Writes one file (a relative path inside the output); safe to call from several threads.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<()> {
        let path = self.staged(rel)?;
        if let Some(p) = path.parent() {
            std::fs::create_dir_all(p).map_err(|e| Error::io("create", p, e))?;
        }
        std::fs::write(&path, bytes).map_err(|e| Error::io("write", &path, e))
    }

    /// Adds `bytes` to the end of a file begun with [`Staging::write`] (a large export written in
    /// pieces).
    pub fn append(&self, rel: &str, bytes: &[u8]) -> Result<()> {
        use std::io::Write;
        let path = self.staged(rel)?;
        std::fs::OpenOptions::new()
            .append(true)
            .open(&path)
            .and_then(|mut f| f.write_all(bytes))
            .map_err(|e| Error::io("write", &path, e))
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
        crate::util::watchdog::keep(&self.tmp);
        if had_old {
            remove_tree(&old).map_err(|e| Error::io("remove", &old, e))?;
        }
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.tmp);
            crate::util::watchdog::keep(&self.tmp);
            if let Some(top) = &self.created {
                let mut dir = self.tmp.parent();
                while let Some(d) = dir.filter(|d| d.starts_with(top)) {
                    if std::fs::remove_dir(d).is_err() {
                        break;
                    }
                    dir = d.parent();
                }
            }
        }
    }
}

/// The topmost ancestor of `dir` (itself included) that does not exist yet.
fn first_missing(dir: &Path) -> Option<PathBuf> {
    let mut top = None;
    let mut cur = Some(dir);
    while let Some(c) = cur.filter(|c| !c.as_os_str().is_empty() && !c.exists()) {
        top = Some(c.to_path_buf());
        cur = c.parent();
    }
    top
}

/// Removes what interrupted builds (kill -9, SIGTERM, a power cut) left beside the output folder: staging
/// (`.NAME.tmp-PID`) and moved-aside (`.NAME.old-PID`) folders whose process is gone and that carry the
/// output marker. Folders of a running build, and anything without the marker, are left alone.
fn remove_stale(parent: &Path, name: &str) {
    let Ok(rd) = std::fs::read_dir(parent) else {
        return;
    };
    for e in rd.flatten() {
        let file = e.file_name().to_string_lossy().into_owned();
        let Some(rest) = file.strip_prefix(&format!(".{name}.")) else {
            continue;
        };
        let pid = rest
            .strip_prefix("tmp-")
            .or_else(|| rest.strip_prefix("old-"))
            .and_then(|p| p.parse::<u32>().ok());
        let Some(pid) = pid else { continue };
        let path = e.path();
        let ours = e.file_type().is_ok_and(|t| t.is_dir()) && path.join(MARKER).is_file();
        if ours && pid != std::process::id() && !process_alive(pid) {
            let _ = remove_tree(&path);
        }
    }
}

/// Whether a process with this id runs (Linux: `/proc/PID`; elsewhere assume it does, and keep its folder).
pub(crate) fn process_alive(pid: u32) -> bool {
    if Path::new("/proc/self").exists() {
        Path::new(&format!("/proc/{pid}")).exists()
    } else {
        true
    }
}

/// Removes a folder the tool wrote, also when the user made parts of it read-only (`chmod -R a-w out`).
pub(crate) fn remove_tree(dir: &Path) -> std::io::Result<()> {
    match std::fs::remove_dir_all(dir) {
        Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied => {
            make_writable(dir);
            std::fs::remove_dir_all(dir)
        }
        r => r,
    }
}

fn make_writable(dir: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700));
        if let Ok(rd) = std::fs::read_dir(dir) {
            for e in rd.flatten() {
                if e.file_type().is_ok_and(|t| t.is_dir()) {
                    make_writable(&e.path());
                }
            }
        }
    }
    #[cfg(not(unix))]
    let _ = dir;
}

/// Refuses an output folder that would replace input: `--out` may not be the input folder, hold it, or
/// hold any file that was read as input (a teams, catalogue or templates folder).
pub fn refuse_input_overlap(out: &Path, input: &Path, read: &[PathBuf]) -> Result<()> {
    let Some(out_real) = resolve(out) else {
        return Ok(());
    };
    let refuse = |what: String| {
        Err(Error::Other(format!(
            "refusing to write the output to {}: it {what}, and a build replaces the whole folder; choose another --out",
            out.display()
        )))
    };
    if let Some(input_real) = resolve(input) {
        if input_real == out_real {
            return refuse("is the input folder".into());
        }
        if input_real.starts_with(&out_real) {
            return refuse(format!("holds the input folder {}", input.display()));
        }
    }
    if let Some(f) = read
        .iter()
        .find(|f| resolve(f).is_some_and(|r| r.starts_with(&out_real)))
    {
        return refuse(format!("holds the input file {}", f.display()));
    }
    Ok(())
}

/// The absolute, symlink-free form of `p`; for a path that does not exist yet, that of its nearest
/// existing ancestor joined with the rest.
fn resolve(p: &Path) -> Option<PathBuf> {
    let abs = std::path::absolute(p).ok()?;
    let mut missing = Vec::new();
    let mut cur = abs.as_path();
    loop {
        if let Ok(real) = cur.canonicalize() {
            let mut r = real;
            for m in missing.iter().rev() {
                r.push(m);
            }
            return Some(r);
        }
        missing.push(cur.file_name()?.to_os_string());
        cur = cur.parent()?;
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
