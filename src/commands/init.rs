//! `maturity init DIR`: scaffolds a new assessment repository (maturity.yaml, two example teams, a README
//! for team leads, GitHub Actions and GitLab CI pipelines, the JSON Schemas for editors) into a new or
//! empty folder.

use crate::util::error::Result;
use std::process::ExitCode;

/// The scaffold: path in the new repository, content. The pipelines are the ones in examples/ci.
pub const FILES: &[(&str, &str)] = &[
    (
        "maturity.yaml",
        include_str!("../../templates/init/maturity.yaml"),
    ),
    (
        "teams/web-shop.yaml",
        include_str!("../../templates/init/teams/web-shop.yaml"),
    ),
    (
        "teams/payments-api.yaml",
        include_str!("../../templates/init/teams/payments-api.yaml"),
    ),
    ("README.md", include_str!("../../templates/init/README.md")),
    (
        ".github/workflows/maturity.yml",
        include_str!("../../examples/ci/github-actions.yml"),
    ),
    (
        ".gitlab-ci.yml",
        include_str!("../../examples/ci/gitlab-ci.yml"),
    ),
    (".gitignore", "/out\n/public\n/reports\n/.maturity\n"),
];

/// The schemas written beside the scaffold, relative to the project folder.
pub const SCHEMAS: &[(&str, crate::validate::schema::Which)] = &[
    (
        "schemas/team.schema.json",
        crate::validate::schema::Which::Team,
    ),
    (
        "schemas/config.schema.json",
        crate::validate::schema::Which::Config,
    ),
];

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The folder to create (it must not exist, or be empty).
    pub dir: std::path::PathBuf,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let dir = &args.dir;
    crate::output::new_files::check_empty(dir)?;
    let mut files: Vec<(String, String)> = FILES
        .iter()
        .map(|(p, t)| (p.to_string(), t.to_string()))
        .collect();
    // The JSON Schemas the `# yaml-language-server: $schema=` lines of the YAML files point to, from
    // this version of maturity (editors complete keys and underline mistakes with them).
    for (path, which) in SCHEMAS {
        files.push((path.to_string(), crate::validate::schema::json(*which)));
    }
    crate::output::new_files::write(dir, &files, false)?;
    crate::util::term::stderr(&format!(
        "created {} files in {d}; next: edit maturity.yaml and the files in {d}/teams, then run `maturity validate {d}`\n",
        files.len(),
        d = dir.display()
    ));
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_new_project_pins_the_latest_builtin_catalogue() {
        let yaml = super::FILES
            .iter()
            .find(|(n, _)| *n == "maturity.yaml")
            .map(|(_, t)| *t)
            .unwrap();
        let pin = format!("\ncatalog: dsomm-{}\n", crate::load::builtin::LATEST);
        assert!(
            yaml.contains(&pin),
            "templates/init/maturity.yaml must pin{pin}"
        );
    }
}
