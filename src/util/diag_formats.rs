//! Diagnostics for CI systems: SARIF 2.1.0 (code scanning) and GitHub Actions workflow commands
//! (`::error file=...,line=...::message` annotations).

use crate::util::diag::{Diagnostic, Diagnostics, Severity};
use crate::util::term;
use serde_json::json;
use serde_sarif::sarif;
use std::fmt::Write as _;
use std::path::{Component, Path, PathBuf};

/// A SARIF 2.1.0 log (typed by `serde-sarif`) with one run: a rule per diagnostic code, a result per
/// diagnostic, file paths relative to `dir` (the input folder). Checked against the OASIS schema in
/// tests/output_schemas.rs.
pub fn sarif(diags: &Diagnostics, dir: &Path) -> String {
    let sorted = diags.sorted();
    let mut codes: Vec<&str> = sorted.iter().map(|d| d.code).collect();
    codes.sort_unstable();
    codes.dedup();
    let rules: Vec<sarif::ReportingDescriptor> = codes
        .iter()
        .map(|c| {
            sarif::ReportingDescriptor::builder()
                .id(*c)
                .name(*c)
                .short_description(&c.replace('-', " "))
                .build()
        })
        .collect();
    let results: Vec<sarif::Result> = sorted
        .iter()
        .map(|d| {
            let location = relative(&d.file, dir).map(|uri| {
                let artifact = sarif::ArtifactLocation::builder()
                    .uri(uri_encode(&uri))
                    .uri_base_id("SRCROOT")
                    .build();
                let region = (d.line > 0).then(|| sarif::Region {
                    start_line: Some(d.line.into()),
                    start_column: (d.col > 0).then_some(d.col.into()),
                    ..sarif::Region::builder().build()
                });
                let physical = sarif::PhysicalLocation {
                    region,
                    ..sarif::PhysicalLocation::builder()
                        .artifact_location(artifact)
                        .build()
                };
                sarif::Location::builder()
                    .physical_location(physical)
                    .build()
            });
            let index = codes.iter().position(|c| *c == d.code).unwrap_or(0);
            sarif::Result {
                locations: location.map(|l| vec![l]),
                ..sarif::Result::builder()
                    .rule_id(d.code)
                    .rule_index(index as i64)
                    .level(level(d.severity))
                    .message(text(d).as_str())
                    .build()
            }
        })
        .collect();
    let driver = sarif::ToolComponent::builder()
        .name("maturity")
        .version(env!("CARGO_PKG_VERSION"))
        .information_uri("https://dsomm.owasp.org/")
        .rules(rules)
        .build();
    let run = sarif::Run::builder()
        .tool(driver)
        .column_kind(json!("unicodeCodePoints"))
        .results(results)
        .build();
    let log = sarif::Sarif::builder()
        .schema("https://json.schemastore.org/sarif-2.1.0.json")
        .version(json!("2.1.0"))
        .runs(vec![run])
        .build();
    serde_json::to_string_pretty(&log).expect("sarif serializes") + "\n"
}

/// One GitHub Actions workflow command per diagnostic, with paths as given (relative to the working
/// folder, which is the repository root in a workflow).
pub fn github(diags: &Diagnostics) -> String {
    let cwd = std::env::current_dir().ok();
    let mut out = String::new();
    for d in diags.sorted() {
        let cmd = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut props = Vec::new();
        let file = match cwd.as_deref() {
            Some(c) => relative(&d.file, c),
            None => Some(d.file.clone()).filter(|f| !f.starts_with('<')),
        };
        // Built-in files and folders (e.g. "no input here") cannot be annotated.
        if let Some(file) = file.filter(|f| !Path::new(f).is_dir()) {
            props.push(format!("file={}", prop(&file)));
            if d.line > 0 {
                props.push(format!("line={}", d.line));
                if d.col > 0 {
                    props.push(format!("col={}", d.col));
                }
            }
        }
        props.push(format!("title={}", prop(d.code)));
        let _ = writeln!(out, "::{cmd} {}::{}", props.join(","), data(&text(&d)));
    }
    out
}

fn level(s: Severity) -> sarif::ResultLevel {
    match s {
        Severity::Error => sarif::ResultLevel::Error,
        Severity::Warning => sarif::ResultLevel::Warning,
    }
}

fn text(d: &Diagnostic) -> String {
    match &d.hint {
        Some(h) => format!("{}\nhint: {}", term::clean(&d.message), term::clean(h)),
        None => term::clean(&d.message).into_owned(),
    }
}

/// `file` relative to `base` (as given when outside it) with `/` separators; `None` for built-in
/// files and the folder itself.
fn relative(file: &str, base: &Path) -> Option<String> {
    if file.starts_with('<') {
        return None;
    }
    let clean = |p: &Path| -> PathBuf {
        p.components()
            .filter(|c| !matches!(c, Component::CurDir))
            .collect()
    };
    let (f, b) = (clean(Path::new(file)), clean(base));
    let rel = f.strip_prefix(&b).unwrap_or(&f);
    let s = rel.to_string_lossy().replace('\\', "/");
    (!s.is_empty()).then_some(s)
}

/// Percent-encodes everything but unreserved characters and `/`.
fn uri_encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// Escapes a workflow command's message (as @actions/core does).
fn data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a workflow command property value.
fn prop(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::util::diag::Pos;
    use serde_json::Value;

    fn sample() -> Diagnostics {
        let mut d = Diagnostics::default();
        d.error(
            "proj/teams/a, b.yaml",
            Pos { line: 4, col: 3 },
            "unknown-activity",
            "unknown activity `x: 100%`",
        )
        .hint("did you mean\n`y`?");
        d.warning("proj/maturity.yaml", Pos::default(), "unknown-key", "w");
        d.error(
            "<built-in>/catalog/x.yaml",
            Pos { line: 1, col: 1 },
            "yaml-syntax",
            "e",
        );
        d
    }

    #[test]
    fn paths_are_relative_when_inside() {
        assert_eq!(
            relative("./a/b.yaml", Path::new("a")).as_deref(),
            Some("b.yaml")
        );
        assert_eq!(
            relative("/x/a/b.yaml", Path::new("/x")).as_deref(),
            Some("a/b.yaml")
        );
        assert_eq!(
            relative("/y/b.yaml", Path::new("/x")).as_deref(),
            Some("/y/b.yaml")
        );
        assert_eq!(relative("a", Path::new("a")), None);
        assert_eq!(relative("<built-in>/c.yaml", Path::new(".")), None);
    }

    #[test]
    fn github_commands_are_escaped() {
        let out = github(&sample());
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), 3);
        assert!(lines.contains(&"::error title=yaml-syntax::e"), "{out}");
        assert!(
            lines.contains(&"::error file=proj/teams/a%2C b.yaml,line=4,col=3,title=unknown-activity::unknown activity `x: 100%25`%0Ahint: did you mean\\n`y`?"),
            "{out}"
        );
        assert!(
            lines.contains(&"::warning file=proj/maturity.yaml,title=unknown-key::w"),
            "{out}"
        );
    }

    #[test]
    fn sarif_has_rules_results_and_relative_locations() {
        let v: Value = serde_json::from_str(&sarif(&sample(), Path::new("./proj"))).unwrap();
        let run = &v["runs"][0];
        assert_eq!(v["version"], "2.1.0");
        assert_eq!(run["tool"]["driver"]["name"], "maturity");
        let rules: Vec<&str> = run["tool"]["driver"]["rules"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["id"].as_str().unwrap())
            .collect();
        assert_eq!(rules, ["unknown-activity", "unknown-key", "yaml-syntax"]);
        let r = &run["results"][2];
        assert_eq!(r["ruleId"], "unknown-activity");
        assert_eq!(r["ruleIndex"], 0);
        assert_eq!(r["level"], "error");
        let loc = &r["locations"][0]["physicalLocation"];
        assert_eq!(loc["artifactLocation"]["uri"], "teams/a%2C%20b.yaml");
        assert_eq!(loc["region"]["startLine"], 4);
        assert_eq!(loc["region"]["startColumn"], 3);
        assert!(
            run["results"][0].get("locations").is_none(),
            "built-in file"
        );
        assert!(
            run["results"][1]["locations"][0]["physicalLocation"]
                .get("region")
                .is_none()
        );
    }
}
