//! `maturity import-dsomm` (a DSOMM app export to a native project) and `maturity export-dsomm` (a project to
//! the DSOMM app's team-progress.yaml / team-evidence.yaml), so teams can keep editing in the DSOMM app.

pub(crate) mod export;
mod import;
use export::kept;
pub mod model;

use crate::util::date::Date;
use crate::util::error::{Error, Result};
use crate::validate::Validated;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct ImportArgs {
    /// A DSOMM v4 data folder (meta.yaml), its meta.yaml, or a v3 generated.yaml.
    pub src: PathBuf,
    /// The folder of the new project.
    #[arg(long, short)]
    pub out: PathBuf,
    /// Overwrite files that already exist.
    #[arg(long)]
    pub force: bool,
}

#[derive(clap::Args, Debug)]
pub struct ExportArgs {
    /// Project folder.
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// The folder to write the DSOMM files to.
    #[arg(long, short)]
    pub out: PathBuf,
    /// Overwrite files that already exist.
    #[arg(long)]
    pub force: bool,
}

/// Loads and validates `dir`, printing the diagnostics; `None` when there are errors.
fn read(dir: &Path, today: Date) -> Result<Option<Validated>> {
    let (v, diags) = crate::read_input(dir, today)?;
    crate::util::term::stderr(&diags.human());
    if diags.has_errors() {
        crate::util::term::stderr("nothing written: fix the errors above\n");
        return Ok(None);
    }
    Ok(Some(v))
}

fn finish(out: &Path, files: &[(String, String)], notes: &[String], force: bool) -> Result<()> {
    crate::output::new_files::write(out, files, force)?;
    for n in notes {
        crate::util::term::stderr(&format!("note: {n}\n"));
    }
    Ok(())
}

pub fn run_import(args: ImportArgs) -> Result<ExitCode> {
    let today = Date::today();
    let Some(v) = read(&args.src, today)? else {
        return Ok(ExitCode::from(1));
    };
    let mut notes = Vec::new();
    // A catalogue of the export's own (its meta.yaml's activityFiles) is copied into the project.
    let mut catalog = Vec::new();
    if !v.org.catalog.source.starts_with("<built-in>") {
        for (n, src) in v.org.catalog.files.iter().enumerate() {
            let path = Path::new(src);
            let text = std::fs::read_to_string(path).map_err(|e| Error::io("read", path, e))?;
            let name = path
                .file_name()
                .map(|f| f.to_string_lossy().into_owned())
                .unwrap_or_else(|| "model.yaml".into());
            catalog.push((format!("catalog/{n}-{name}"), text));
        }
    }
    let rels: Vec<String> = catalog.iter().map(|(r, _)| r.clone()).collect();
    let mut files = import::files(&v.org, today, &rels, &mut notes);
    files.extend(catalog);
    finish(&args.out, &files, &notes, args.force)?;
    crate::util::term::stderr(&format!(
        "wrote {} files ({} teams) to {}; check them with `maturity validate {}`\n",
        files.len(),
        v.org.teams.len(),
        args.out.display(),
        args.out.display()
    ));
    Ok(ExitCode::SUCCESS)
}

pub fn run_export(args: ExportArgs) -> Result<ExitCode> {
    let today = Date::today();
    let Some(v) = read(&args.dir, today)? else {
        return Ok(ExitCode::from(1));
    };
    let mut notes = Vec::new();
    let files = export::files(&v.org, today, &mut notes);
    finish(&args.out, &files, &notes, args.force)?;
    crate::util::term::stderr(&format!(
        "wrote {} DSOMM files ({} teams) to {}\n",
        files.len(),
        v.org.teams.len(),
        args.out.display()
    ));
    Ok(ExitCode::SUCCESS)
}

/// A score as written in a progress definition: `30%` when that reads back as exactly the same
/// number, else the fraction itself.
fn percent(score: f64) -> String {
    let p = (score * 100.0 * 1e6).round() / 1e6;
    if p / 100.0 == score {
        format!("{p}%")
    } else {
        format!("{score}")
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn percentages_read_back_exactly() {
        for s in [0.0, 0.2, 0.3, 0.5, 1.0, 0.333, 1.0 / 3.0, 0.07] {
            let p = super::percent(s);
            let back = match p.strip_suffix('%') {
                Some(n) => n.parse::<f64>().unwrap() / 100.0,
                None => p.parse::<f64>().unwrap(),
            };
            assert_eq!(back, s, "{p}");
        }
        assert_eq!(super::percent(0.3), "30%");
    }
}
