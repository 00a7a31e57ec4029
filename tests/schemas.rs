//! `maturity schema`: the committed `schemas/*.schema.json` are its output, and an independent validator
//! (python-jsonschema, tests/schemas/validate.py) agrees with `maturity validate` on every native file of
//! examples/, tests/fixtures and the `init` scaffold: files the validator accepts validate against the
//! schema, files with shape errors (`unknown-key`, `wrong-type`) fail it.

mod common;

use common::{bin, root, tmp};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

#[test]
fn committed_schemas_are_the_output_of_maturity_schema() {
    for (which, file) in [
        ("team", "team.schema.json"),
        ("config", "config.schema.json"),
    ] {
        let out = bin().args(["schema", which]).output().unwrap();
        assert!(out.status.success());
        let committed = std::fs::read(root().join("schemas").join(file)).unwrap();
        assert!(
            committed == out.stdout,
            "schemas/{file} is stale: run `maturity schema {which} > schemas/{file}`"
        );
    }
}

/// `init` writes the schemas its YAML files name in `# yaml-language-server: $schema=` (relative paths).
#[test]
fn init_points_every_yaml_file_at_a_schema_it_writes() {
    let dir = tmp("schema-lines").join("project");
    assert!(
        bin()
            .arg("init")
            .arg(&dir)
            .output()
            .unwrap()
            .status
            .success()
    );
    let mut files = Vec::new();
    yaml_files(&dir, &mut files);
    let files: Vec<PathBuf> = files
        .into_iter()
        .filter(|f| !f.to_string_lossy().contains("/."))
        .collect();
    assert_eq!(files.len(), 3, "{files:?}");
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        let first = text.lines().next().unwrap();
        let rel = first
            .strip_prefix("# yaml-language-server: $schema=")
            .unwrap_or_else(|| panic!("{}: {first}", f.display()));
        let which = if rel.ends_with("team.schema.json") {
            "team"
        } else {
            "config"
        };
        let schema = std::fs::read(f.parent().unwrap().join(rel)).unwrap();
        let want = bin().args(["schema", which]).output().unwrap().stdout;
        assert!(schema == want, "{}", f.display());
    }
}

fn yaml_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = rd.flatten().map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            yaml_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "yaml" || e == "yml") {
            out.push(p);
        }
    }
}

/// (schema, file, "valid" | "invalid") for the native files of one project, from what `validate` says.
fn cases(dir: &Path, lines: &mut Vec<String>, counts: &mut [usize; 2]) {
    let out = bin()
        .args(["validate", "--format", "json"])
        .arg(dir)
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    // File -> (has a shape error, has any error).
    let mut by_file: BTreeMap<PathBuf, (bool, bool)> = BTreeMap::new();
    for d in json["diagnostics"].as_array().unwrap() {
        let file = PathBuf::from(d["file"].as_str().unwrap());
        let file = file.canonicalize().unwrap_or(file);
        let e = by_file.entry(file).or_default();
        let code = d["code"].as_str().unwrap();
        e.0 |= matches!(code, "unknown-key" | "wrong-type");
        e.1 |= d["severity"] == "error";
    }
    let mut files = vec![(dir.join("maturity.yaml"), "config")];
    let mut teams = Vec::new();
    yaml_files(&dir.join("teams"), &mut teams);
    files.extend(teams.into_iter().map(|t| (t, "team")));
    for (file, kind) in files {
        let Ok(canon) = file.canonicalize() else {
            continue;
        };
        let expect = match by_file.get(&canon).copied().unwrap_or_default() {
            (true, _) => "invalid",
            (false, false) => "valid",
            (false, true) => continue, // errors the schema cannot see (unknown activities, dates)
        };
        counts[usize::from(expect == "invalid")] += 1;
        let schema = root().join(format!("schemas/{kind}.schema.json"));
        lines.push(format!(
            "{}\t{}\t{expect}",
            schema.display(),
            file.display()
        ));
    }
}

/// A Python 3 with jsonschema and PyYAML (Debian's packages install them for /usr/bin/python3).
fn python() -> Option<&'static str> {
    ["python3", "/usr/bin/python3"].into_iter().find(|p| {
        Command::new(p)
            .args(["-c", "import jsonschema, yaml"])
            .status()
            .is_ok_and(|s| s.success())
    })
}

fn python_with_jsonschema() -> bool {
    python().is_some()
}

#[test]
fn every_example_and_fixture_file_validates_and_the_bad_ones_fail() {
    if !python_with_jsonschema() {
        assert!(
            std::env::var_os("CI").is_none(),
            "python3 with jsonschema and yaml is needed (.ci/run installs them)"
        );
        eprintln!("skipped: python3 with jsonschema and yaml not found");
        return;
    }
    let scaffold = tmp("schema-init").join("project");
    assert!(
        bin()
            .arg("init")
            .arg(&scaffold)
            .output()
            .unwrap()
            .status
            .success()
    );
    let mut dirs = vec![root().join("examples"), scaffold];
    let mut fixtures: Vec<PathBuf> = std::fs::read_dir(root().join("tests/fixtures"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.join("maturity.yaml").is_file())
        .collect();
    fixtures.sort();
    dirs.extend(fixtures);
    let (mut lines, mut counts) = (Vec::new(), [0, 0]);
    for d in &dirs {
        cases(d, &mut lines, &mut counts);
    }
    assert!(counts[0] >= 30, "good files: {counts:?}");
    assert!(counts[1] >= 3, "known-bad files: {counts:?}");
    let text = run_validate_py(&lines);
    assert!(text.contains(" 0 mismatch(es)"), "{text}");
}

/// Feeds validate.py one `schema\tfile\texpectation` line per case; its report, after checking that it
/// exited 0.
fn run_validate_py(lines: &[String]) -> String {
    let mut child = Command::new(python().unwrap())
        .arg(root().join("tests/schemas/validate.py"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(lines.join("\n").as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(out.status.success(), "{text}");
    text
}

/// Runs validate.py on (schema, file, expectation) triples; panics with its report on a mismatch.
fn python_validate(cases: &[(&str, PathBuf, &str)]) {
    let lines: Vec<String> = cases
        .iter()
        .map(|(schema, file, expect)| {
            format!(
                "{}\t{}\t{expect}",
                root().join(schema).display(),
                file.display()
            )
        })
        .collect();
    let text = run_validate_py(&lines);
    assert!(
        text.contains(&format!("checked {} file(s), 0 mismatch(es)", cases.len())),
        "{text}"
    );
}

#[test]
fn the_action_and_the_workflows_match_the_github_schemas() {
    if !python_with_jsonschema() {
        assert!(
            std::env::var_os("CI").is_none(),
            "python3 with jsonschema and yaml is needed"
        );
        eprintln!("skipped: python3 with jsonschema and yaml not found");
        return;
    }
    let broken = tmp("action-schema").join("action.yml");
    std::fs::write(
        &broken,
        "name: x\ndescription: no runs\ninputs:\n  dir: {default: 1, bogus: 2}\n",
    )
    .unwrap();
    let (action, workflow) = (
        "tests/schemas/github-action.json",
        "tests/schemas/github-workflow.json",
    );
    python_validate(&[
        (action, root().join("action.yml"), "valid"),
        (action, broken, "invalid"),
        (
            workflow,
            root().join("examples/ci/github-actions.yml"),
            "valid",
        ),
        (
            workflow,
            root().join(".github/workflows/release.yml"),
            "valid",
        ),
        (workflow, root().join("action.yml"), "invalid"),
    ]);
}

/// The action's inputs reach its scripts as environment variables, never pasted into a `run:` script
/// (where a value like `$(curl ...)` would run).
#[test]
fn the_action_pastes_no_expression_into_a_script() {
    let text = std::fs::read_to_string(root().join("action.yml")).unwrap();
    let mut in_run = None;
    for (n, line) in text.lines().enumerate() {
        let indent = line.len() - line.trim_start().len();
        if let Some(i) = in_run {
            if line.trim().is_empty() || indent > i {
                assert!(!line.contains("${{"), "action.yml:{}: {line}", n + 1);
                continue;
            }
            in_run = None;
        }
        if line.trim_start().starts_with("run: |") {
            in_run = Some(indent);
        }
    }
    for input in ["dir", "out", "check", "format"] {
        assert!(text.contains(&format!("\n  {input}:\n")), "input {input}");
    }
}
