//! Command-line interface: the clap definition of the command line and the dispatch of each subcommand
//! to its module under `commands/`.

use crate::commands::{
    bench_data, build, catalog, check, completions, dsomm, init, man, pdf, schema, score, send,
    serve, validate,
};
use crate::util::error::Result;
use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};
use std::process::ExitCode;

/// `maturity --version`: the tool, its built-in catalogues and the typst it embeds (checked by a test
/// against `load::builtin::versions()` and Cargo.toml).
pub const LONG_VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    "\nbuilt-in catalogues: DSOMM 5.0.1 (default, `catalog: builtin` or `dsomm-5.0.1`), DSOMM 4.3.1 (`dsomm-4.3.1`)",
    "\ntypst 0.15.1 (embedded, fonts compiled in)"
);

#[derive(Parser, Debug)]
#[command(
    name = "maturity",
    version,
    long_version = LONG_VERSION,
    about = "Organisation-wide OWASP DSOMM maturity: validate, score, site and PDF reports"
)]
pub struct Args {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Check the input files and report every problem (exit 1 on errors).
    Validate(validate::Args),
    /// Compute maturity scores for every team, group and the organisation.
    Score(score::Args),
    /// Build the static site, scores.json, CSV exports and PDF reports into OUT.
    Build(build::Args),
    /// Render one PDF report (executive summary, team or group report) into FILE.
    Pdf(pdf::Args),
    /// Write a synthetic organisation of N teams (for benchmarks and scale tests).
    BenchData(bench_data::Args),
    /// List the catalogue, or compare two catalogues.
    Catalog(catalog::Args),
    /// Check the policies of maturity.yaml (exit 1 when an enforced policy fails).
    Check(check::Args),
    /// E-mail each audience its report from a finished build (.eml files without an SMTP server).
    Send(send::Args),
    /// Create a new assessment repository in DIR (a new or empty folder).
    Init(init::Args),
    /// Convert a DSOMM app export (v4 folder or v3 generated.yaml) into a native project.
    ImportDsomm(dsomm::import::Args),
    /// Write a project as DSOMM app files (team-progress.yaml, team-evidence.yaml, meta.yaml, teams.yaml).
    ExportDsomm(dsomm::export::Args),
    /// Build into a temporary folder, serve it on 127.0.0.1, rebuild and reload the browser on every change.
    Serve(serve::Args),
    /// Print the JSON Schema of a team file or of maturity.yaml (for editors).
    Schema(schema::Args),
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish).
    Completions(completions::Args),
    /// Print the man page (roff), or write one page per command with --out.
    Man(man::Args),
}

/// `maturity --help` lists the commands by what a user wants to do (a test checks every command is in
/// exactly one group).
pub const GROUPS: &[(&str, &[&str])] = &[
    ("Build and publish", &["build", "serve", "pdf", "send"]),
    ("Check and score", &["validate", "check", "score"]),
    ("Catalogue", &["catalog"]),
    ("Move data", &["init", "import-dsomm", "export-dsomm"]),
    (
        "Tools",
        &["schema", "completions", "man", "bench-data", "help"],
    ),
];

/// The clap command, with the top-level help listing the commands in `GROUPS`.
pub fn command() -> clap::Command {
    let mut cmd = Args::command();
    cmd.build();
    let styles = cmd.get_styles().clone();
    let (h, l) = (styles.get_header(), styles.get_literal());
    let width = GROUPS
        .iter()
        .flat_map(|(_, names)| names.iter().map(|n| n.len()))
        .max()
        .unwrap_or(0);
    let mut listing = String::new();
    for (heading, names) in GROUPS {
        listing.push_str(&format!("{h}{heading}:{h:#}\n"));
        for name in *names {
            let about = cmd
                .find_subcommand(name)
                .and_then(|s| s.get_about())
                .map(|a| a.to_string())
                .unwrap_or_default();
            let pad = " ".repeat(width - name.len());
            listing.push_str(&format!("  {l}{name}{l:#}{pad}  {about}\n"));
        }
        listing.push('\n');
    }
    cmd.help_template(format!(
        "{{about-with-newline}}\n{{usage-heading}} {{usage}}\n\n{listing}{h}Options:{h:#}\n{{options}}{{after-help}}"
    ))
}

/// Parses the command line (exits with clap's message and code 2 on a usage error).
pub fn parse() -> Args {
    let matches = command().get_matches();
    Args::from_arg_matches(&matches).unwrap_or_else(|e| e.exit())
}

pub fn run(args: Args) -> Result<ExitCode> {
    match args.command {
        Command::Validate(a) => validate::run(a),
        Command::Score(a) => score::run(a),
        Command::Build(a) => build::run(a),
        Command::Pdf(a) => pdf::run(a),
        Command::BenchData(a) => bench_data::run(a),
        Command::Catalog(a) => catalog::run(a),
        Command::Check(a) => check::run(a),
        Command::Send(a) => send::run(a),
        Command::Init(a) => init::run(a),
        Command::ImportDsomm(a) => dsomm::import::run(a),
        Command::ExportDsomm(a) => dsomm::export::run(a),
        Command::Serve(a) => serve::run(a),
        Command::Schema(a) => schema::run(a),
        Command::Completions(a) => completions::run(a, command()),
        Command::Man(a) => man::run(a, command()),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_command_is_in_exactly_one_help_group() {
        let cmd = super::command();
        let mut listed: Vec<&str> = super::GROUPS
            .iter()
            .flat_map(|(_, n)| n.iter().copied())
            .collect();
        let mut names: Vec<&str> = cmd.get_subcommands().map(|s| s.get_name()).collect();
        listed.sort();
        names.sort();
        assert_eq!(listed, names);
    }

    #[test]
    fn the_long_version_names_every_built_in_catalogue_and_the_typst_version() {
        for v in crate::load::builtin::versions() {
            assert!(super::LONG_VERSION.contains(&format!("DSOMM {v}")), "{v}");
        }
        let manifest = include_str!("../Cargo.toml");
        assert!(manifest.contains("typst = \"=0.15.1\""));
        assert!(super::LONG_VERSION.contains("typst 0.15.1"));
    }
}
