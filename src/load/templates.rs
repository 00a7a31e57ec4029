//! Reads a user's templates folder: every file under it, by path relative to it ("site/team.html").
//! Templates are input like the data: the same rules as for every other file apply (see [`super::fs`]).

use super::fs;
use crate::util::diag::Diagnostics;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Template overrides: relative path (`pdf/team.typ`) -> source, and the folder they were read from.
#[derive(Default)]
pub struct Overrides {
    pub dir: PathBuf,
    pub files: BTreeMap<String, String>,
}

/// Reads `templates`, or `dir/templates` when it exists; no overrides otherwise. Templates are input:
/// `DIR/templates` must stay inside DIR, `--templates T` inside T; problems are diagnostics.
pub fn overrides(templates: Option<&Path>, dir: &Path, diags: &mut Diagnostics) -> Overrides {
    let input_root = if dir.is_dir() {
        dir
    } else {
        dir.parent().unwrap_or(Path::new("."))
    };
    let default = input_root.join("templates");
    let (folder, root) = match templates {
        Some(t) => (t.to_path_buf(), t.to_path_buf()),
        None if std::fs::symlink_metadata(&default).is_ok() => (default, input_root.to_path_buf()),
        None => return Overrides::default(),
    };
    Overrides {
        files: read(&folder, &root, diags),
        dir: folder,
    }
}

/// Reads every file under `dir`. Each must stay inside `root` (the input folder for `DIR/templates`, the
/// folder itself for `--templates`); problems become diagnostics and the file is left out.
pub fn read(dir: &Path, root: &Path, diags: &mut Diagnostics) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    if let Err(mut p) = fs::inside(root, dir) {
        p.message = format!("templates folder {}", p.message);
        diags
            .error(&dir.display().to_string(), p.pos, p.code, p.message)
            .hint(p.hint);
        return out;
    }
    let walk = match fs::walk(dir, true, &|_| true) {
        Ok(w) => w,
        Err(p) => {
            diags
                .error(&dir.display().to_string(), p.pos, p.code, p.message)
                .hint(p.hint);
            return out;
        }
    };
    for (path, p) in walk.skipped {
        diags
            .error(&path.display().to_string(), p.pos, p.code, p.message)
            .hint(p.hint);
    }
    for path in walk.files {
        match fs::read_text(root, &path) {
            Ok(text) => {
                let rel = path
                    .strip_prefix(dir)
                    .unwrap_or(&path)
                    .to_string_lossy()
                    .replace('\\', "/");
                out.insert(rel, text);
            }
            Err(p) => {
                diags
                    .error(&path.display().to_string(), p.pos, p.code, p.message)
                    .hint(p.hint);
            }
        }
    }
    out
}
