//! Reading untrusted files and folders: every file the tool reads on the input's behalf (data, catalogue,
//! templates, `$ref` targets) goes through here, so the same rules hold for all of them:
//! - it must resolve, through any symlinks, inside its root (the input folder, or a folder named on the
//!   command line);
//! - it must be a regular file (FIFOs, devices and sockets are refused before they are opened, so a read
//!   cannot block), at most [`MAX_FILE_BYTES`], and UTF-8;
//! - folder walks never follow a symlinked folder (no loops) and stop after [`MAX_WALK_ENTRIES`] entries.

use crate::util::diag::Pos;
use std::path::{Path, PathBuf};

/// Files larger than this are refused with a diagnostic instead of being parsed.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;
/// How many folder entries one walk (a catalogue or templates folder, the teams folder) may visit.
pub const MAX_WALK_ENTRIES: usize = 100_000;

/// Why a file or folder was not read: becomes a diagnostic (or, for templates, a template error).
#[derive(Debug, Clone)]
pub struct Problem {
    pub code: &'static str,
    pub pos: Pos,
    pub message: String,
    pub hint: &'static str,
}

fn problem(code: &'static str, message: String, hint: &'static str) -> Problem {
    Problem {
        code,
        pos: Pos::default(),
        message,
        hint,
    }
}

/// Checks that `path` resolves inside `root` (both through symlinks). A path that does not exist passes:
/// reading it reports that.
pub fn inside(root: &Path, path: &Path) -> Result<(), Problem> {
    let (Ok(root), Ok(real)) = (root.canonicalize(), path.canonicalize()) else {
        return Ok(());
    };
    if real.starts_with(&root) {
        Ok(())
    } else {
        Err(problem(
            "outside-input",
            format!(
                "{} resolves to {}, outside the input folder",
                path.display(),
                real.display()
            ),
            "keep every input file inside the input folder (no symlinks or paths out of it)",
        ))
    }
}

/// Reads one text file under the rules above.
pub fn read_text(root: &Path, path: &Path) -> Result<String, Problem> {
    inside(root, path)?;
    let meta = std::fs::metadata(path).map_err(|e| {
        problem(
            "unreadable-file",
            format!("failed to read file ({e})"),
            "check that the file exists and is readable",
        )
    })?;
    if !meta.is_file() {
        return Err(problem(
            "not-a-file",
            "this is not a regular file (a folder, FIFO, device or socket)".into(),
            "input files must be regular files",
        ));
    }
    let too_large = || {
        problem(
            "file-too-large",
            format!(
                "file is {} bytes, over the limit of {MAX_FILE_BYTES}",
                meta.len()
            ),
            "split the data into several files",
        )
    };
    if meta.len() > MAX_FILE_BYTES {
        return Err(too_large());
    }
    // Read at most one byte over the limit: the file may have grown since it was measured.
    let bytes = read_limited(path).map_err(|e| {
        problem(
            "unreadable-file",
            format!("failed to read file ({e})"),
            "check that the file exists and is readable",
        )
    })?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_large());
    }
    String::from_utf8(bytes).map_err(|e| {
        let good = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = good.iter().filter(|b| **b == b'\n').count() as u32 + 1;
        let col = good.iter().rev().take_while(|b| **b != b'\n').count() as u32 + 1;
        Problem {
            pos: Pos { line, col },
            ..problem(
                "invalid-utf8",
                "file is not valid UTF-8".into(),
                "save the file as UTF-8",
            )
        }
    })
}

fn read_limited(path: &Path) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let mut bytes = Vec::new();
    std::fs::File::open(path)?
        .take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// One walk's entries: files (sorted, recursively when `recursive`) and what was skipped.
#[derive(Debug, Default)]
pub struct Walk {
    pub files: Vec<PathBuf>,
    /// Symlinked folders that were not followed, and other entries passed over, with the reason.
    pub skipped: Vec<(PathBuf, Problem)>,
}

/// Lists the files in `dir` (and, when `recursive`, its subfolders) whose names pass `keep`. Symlinked
/// folders are not followed; the walk stops with an error after [`MAX_WALK_ENTRIES`] entries.
pub fn walk(dir: &Path, recursive: bool, keep: &dyn Fn(&Path) -> bool) -> Result<Walk, Problem> {
    let mut out = Walk::default();
    let mut seen = 0usize;
    walk_into(dir, recursive, keep, &mut out, &mut seen)?;
    Ok(out)
}

fn walk_into(
    dir: &Path,
    recursive: bool,
    keep: &dyn Fn(&Path) -> bool,
    out: &mut Walk,
    seen: &mut usize,
) -> Result<(), Problem> {
    let rd = std::fs::read_dir(dir).map_err(|e| {
        problem(
            "unreadable-file",
            format!("failed to list folder {} ({e})", dir.display()),
            "check that the folder exists and is readable",
        )
    })?;
    let mut entries: Vec<(PathBuf, std::fs::FileType)> = Vec::new();
    for e in rd.flatten() {
        *seen += 1;
        if *seen > MAX_WALK_ENTRIES {
            return Err(problem(
                "too-many-files",
                format!(
                    "more than {MAX_WALK_ENTRIES} entries under {}",
                    dir.display()
                ),
                "point at a folder that holds only the input files",
            ));
        }
        if let Ok(t) = e.file_type() {
            entries.push((e.path(), t));
        }
    }
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    let mut subs = Vec::new();
    for (path, t) in entries {
        let target_is_dir = t.is_symlink() && path.is_dir();
        if target_is_dir {
            if recursive {
                out.skipped.push((
                    path,
                    problem(
                        "symlinked-folder",
                        "symlinked folder not followed".into(),
                        "replace the symlink with the folder itself",
                    ),
                ));
            }
        } else if t.is_dir() {
            if recursive {
                subs.push(path);
            }
        } else if keep(&path) {
            out.files.push(path);
        }
    }
    for s in subs {
        walk_into(&s, recursive, keep, out, seen)?;
    }
    Ok(())
}
