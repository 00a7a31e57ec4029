//! Machine output checked against the schemas its readers use (tests/schemas/README.md says where they come
//! from): `validate --format sarif` against the OASIS SARIF 2.1.0 JSON schema (Python's `jsonschema`), and
//! `check --format junit` against the Jenkins xUnit JUnit schema (`xmllint`). Both validators are shown to
//! reject a broken file too, so a pass means something. `.ci/run` installs them; elsewhere the tests skip
//! when they are missing.

mod common;

use common::{root, run, tmp, write};
use std::path::Path;
use std::process::{Command, Stdio};

/// Validates each JSON file against the SARIF schema; prints `path: N error(s)` and the first messages.
const SARIF_CHECK: &str = r#"
import json, sys, jsonschema
schema = json.load(open(sys.argv[1]))
validator = jsonschema.Draft4Validator(schema)
for path in sys.argv[2:]:
    errors = sorted(validator.iter_errors(json.load(open(path))), key=lambda e: list(e.path))
    print(f"{path}: {len(errors)} error(s)")
    for e in errors[:5]:
        print("  ", "/".join(map(str, e.path)), e.message[:200])
"#;

fn python() -> Option<&'static str> {
    common::python_with("jsonschema", "python3-jsonschema")
}

fn xmllint() -> bool {
    let found = Command::new("xmllint")
        .arg("--version")
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !found {
        assert!(
            std::env::var_os("CI").is_none(),
            "xmllint is required in CI (.ci/run installs libxml2-utils)"
        );
        eprintln!("skipping: xmllint not installed (apt-get install libxml2-utils)");
    }
    found
}

/// `path: N error(s)` per file, as SARIF_CHECK prints it.
fn sarif_errors(py: &str, files: &[&Path]) -> String {
    let schema = root().join("tests/schemas/sarif-schema-2.1.0.json");
    let out = Command::new(py)
        .args(["-c", SARIF_CHECK])
        .arg(schema)
        .args(files)
        .output()
        .expect("run python3");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// `xmllint --schema junit-10.xsd`: whether the file validates, and what xmllint said.
fn junit_valid(file: &Path) -> (bool, String) {
    let out = Command::new("xmllint")
        .args(["--noout", "--schema"])
        .arg(root().join("tests/schemas/junit-10.xsd"))
        .arg(file)
        .output()
        .expect("run xmllint");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A project whose names and messages carry everything XML and JSON must escape, and characters XML 1.0
/// cannot hold at all.
fn hostile_project(dir: &Path) {
    write(
        &dir.join("maturity.yaml"),
        "name: \"Org <&> \\\"quoted\\\"\"\n\
         groups:\n  \"Grüppe ]]> & 'x'\": [\"Team <b>&amp;\", \"Команда \\u0007 bell\"]\n\
         policies:\n\
         \x20 - name: \"Level ]]> <now> & \\\"then\\\" \\u0001 \\uFFFE\"\n\
         \x20   min_level: 1\n\
         \x20 - name: \"Later\\ttabbed\\nnewline\"\n\
         \x20   require: [\"Defined build process\"]\n\
         \x20   by: 2027-01-01\n",
    );
    for (file, name) in [
        ("a.yaml", "\"Team <b>&amp;\""),
        ("b.yaml", "\"Команда \\u0007 bell\""),
    ] {
        write(
            &dir.join("teams").join(file),
            format!(
                "name: {name}\nactivities:\n  Defined build process: {{Started: 2025-01-10}}\n"
            ),
        );
    }
}

#[test]
fn sarif_validates_against_the_oasis_schema() {
    let Some(py) = python() else { return };
    let dir = tmp("schemas-sarif");
    let hostile = dir.join("hostile");
    hostile_project(&hostile);
    let mut files = Vec::new();
    for (name, input) in [
        ("bad-input", root().join("tests/fixtures/bad-input")),
        ("broken-files", root().join("tests/fixtures/broken-files")),
        ("hostile-fixture", root().join("tests/fixtures/hostile")),
        ("native-ok", root().join("tests/fixtures/native-ok")),
        ("hostile", hostile.clone()),
    ] {
        let ran = run(&["validate", input.to_str().unwrap(), "--format", "sarif"]);
        assert!([0, 1].contains(&ran.code()), "{name}: {}", ran.stderr());
        let file = dir.join(format!("{name}.sarif"));
        std::fs::write(&file, &ran.out.stdout).unwrap();
        files.push(file);
    }
    let refs: Vec<&Path> = files.iter().map(|f| f.as_path()).collect();
    let report = sarif_errors(py, &refs);
    for f in &files {
        assert!(
            report.contains(&format!("{}: 0 error(s)", f.display())),
            "{report}"
        );
    }
    // Results with locations were checked, not only empty runs.
    let bad: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&files[0]).unwrap()).unwrap();
    assert!(
        bad["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"]
            .is_u64()
    );
    // The validator rejects what the schema forbids: an unknown level and a line 0.
    let mut broken = bad.clone();
    broken["runs"][0]["results"][0]["level"] = "fatal".into();
    broken["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] =
        0.into();
    let file = dir.join("broken.sarif");
    std::fs::write(&file, broken.to_string()).unwrap();
    let report = sarif_errors(py, &[&file]);
    assert!(report.contains(": 2 error(s)"), "{report}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn junit_validates_against_the_jenkins_xunit_schema() {
    if !xmllint() {
        return;
    }
    let dir = tmp("schemas-junit");
    let hostile = dir.join("hostile");
    hostile_project(&hostile);
    for (name, input) in [
        ("policies", root().join("tests/fixtures/policies")),
        ("hostile", hostile.clone()),
    ] {
        let file = dir.join(format!("{name}.xml"));
        let ran = run(&[
            "check",
            input.to_str().unwrap(),
            "--as-of",
            "2026-09-30",
            "--format",
            "junit",
            "--output",
            file.to_str().unwrap(),
        ]);
        assert_eq!(ran.code(), 1, "{name}: {}", ran.stderr());
        let (ok, said) = junit_valid(&file);
        assert!(ok, "{name}: {said}");
        let xml = std::fs::read_to_string(&file).unwrap();
        assert!(xml.contains("<failure "), "{name}: {xml}");
        if name == "hostile" {
            // A skipped (upcoming) policy, and the characters XML cannot hold replaced.
            assert!(xml.contains("<skipped "), "{xml}");
            assert!(
                xml.contains("Level ]]&gt; &lt;now&gt; &amp; &quot;then&quot; \u{fffd} \u{fffd}"),
                "{xml}"
            );
        }
    }
    // The schema bites: a total of skipped tests on <testsuites> is not allowed there.
    let xml = std::fs::read_to_string(dir.join("policies.xml")).unwrap();
    let broken = xml.replacen("<testsuites ", "<testsuites skipped=\"1\" ", 1);
    let file = dir.join("broken.xml");
    std::fs::write(&file, broken).unwrap();
    let (ok, said) = junit_valid(&file);
    assert!(!ok && said.contains("skipped"), "{said}");
    std::fs::remove_dir_all(&dir).unwrap();
}
