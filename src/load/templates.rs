//! Reads a user's templates folder: every file under it, by path relative to it ("site/team.html").
//! Templates are input like the data: the same rules as for every other file apply (see [`super::fs`]).

use super::fs;
use crate::diag::Diagnostics;
use std::collections::BTreeMap;
use std::path::Path;

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
