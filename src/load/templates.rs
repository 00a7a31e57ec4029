//! Reads a user's templates folder: every file under it, by path relative to it ("site/team.html").

use crate::error::{Error, Result};
use std::collections::BTreeMap;
use std::path::Path;

pub fn read(dir: &Path) -> Result<BTreeMap<String, String>> {
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out)?;
    Ok(out)
}

fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, String>) -> Result<()> {
    let rd = std::fs::read_dir(dir).map_err(|e| Error::io("read templates folder", dir, e))?;
    let mut paths: Vec<_> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            walk(root, &p, out)?;
        } else if p.is_file() {
            let text =
                std::fs::read_to_string(&p).map_err(|e| Error::io("read template", &p, e))?;
            let rel = p
                .strip_prefix(root)
                .unwrap_or(&p)
                .to_string_lossy()
                .replace('\\', "/");
            out.insert(rel, text);
        }
    }
    Ok(())
}
