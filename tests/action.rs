//! The scripts of action.yml run as GitHub runs them (bash, inputs as environment variables, the
//! GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files) against the examples, with the binary under test on PATH:
//! annotations, the job summary, the policies output and the built site.

mod common;

use common::{root, tmp};
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

/// A step: name, script, and its env with `${{ inputs.X }}` replaced by the input's value.
type Step = (String, String, Vec<(String, String)>);

fn steps(inputs: &BTreeMap<&str, &str>) -> Vec<Step> {
    let text = std::fs::read_to_string(root().join("action.yml")).unwrap();
    let doc: serde_json::Value = serde_saphyr::from_str(&text).unwrap();
    let defaults = doc["inputs"].as_object().unwrap();
    let value = |expr: &str| -> String {
        let name = expr
            .trim()
            .trim_start_matches("${{")
            .trim_end_matches("}}")
            .trim();
        match name.strip_prefix("inputs.") {
            Some(i) => inputs
                .get(i)
                .map(|s| s.to_string())
                .unwrap_or_else(|| defaults[i]["default"].as_str().unwrap_or("").to_string()),
            None => String::new(),
        }
    };
    doc["runs"]["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            let env = s["env"]
                .as_object()
                .map(|m| {
                    m.iter()
                        .map(|(k, v)| (k.clone(), value(v.as_str().unwrap())))
                        .collect()
                })
                .unwrap_or_default();
            (
                s["name"].as_str().unwrap().to_string(),
                s["run"].as_str().unwrap().to_string(),
                env,
            )
        })
        .collect()
}

fn run_step(script: &str, env: &[(String, String)], work: &Path) -> (i32, String) {
    let bin_dir = Path::new(env!("CARGO_BIN_EXE_maturity"))
        .parent()
        .unwrap()
        .to_path_buf();
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let out = Command::new("bash")
        .args(["-e", "-c", script])
        .current_dir(work)
        .envs(env.iter().cloned())
        .env("PATH", path)
        .env("SOURCE_DATE_EPOCH", common::EPOCH)
        .env("GITHUB_OUTPUT", work.join("output.txt"))
        .env("GITHUB_STEP_SUMMARY", work.join("summary.md"))
        .env("RUNNER_TEMP", work.join("runner-temp"))
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr),
    )
}

#[test]
fn the_action_validates_checks_summarises_and_builds() {
    let work = tmp("action");
    std::fs::create_dir_all(work.join("runner-temp")).unwrap();
    let examples = root().join("examples");
    let dir = examples.to_str().unwrap();
    let inputs = BTreeMap::from([
        ("dir", dir),
        ("build-args", "--only site -q"),
        ("check", "report"),
    ]);
    let all = steps(&inputs);
    assert_eq!(all[0].0, "Install maturity");
    let mut log = String::new();
    for (name, script, env) in &all[1..4] {
        let (code, out) = run_step(script, env, &work);
        assert_eq!(code, 0, "{name}: {out}");
        log.push_str(&out);
    }
    let summary = std::fs::read_to_string(work.join("summary.md")).unwrap();
    assert!(
        summary.contains("## DSOMM maturity\n\nInput files are valid."),
        "{summary}"
    );
    assert!(
        summary.contains("### Policies") && summary.contains("1 failed"),
        "{summary}"
    );
    assert!(
        summary.contains("Built the site and reports into `out`."),
        "{summary}"
    );
    let outputs = std::fs::read_to_string(work.join("output.txt")).unwrap();
    assert!(outputs.contains("policies=failed\n"), "{outputs}");
    assert!(
        outputs.contains("junit=reports/policies.xml\n"),
        "{outputs}"
    );
    assert!(work.join("reports/policies.xml").is_file());
    assert!(work.join("out/index.html").is_file());
    assert!(log.contains("::warning title=maturity check::"), "{log}");

    // A broken team file: annotations with file and line, the summary says so, the step fails.
    let broken = work.join("broken");
    std::fs::create_dir_all(broken.join("teams")).unwrap();
    std::fs::write(broken.join("teams/a.yaml"), "name: A\ntarget_level: 9\n").unwrap();
    let inputs = BTreeMap::from([("dir", broken.to_str().unwrap())]);
    let (name, script, env) = &steps(&inputs)[1];
    let (code, out) = run_step(script, env, &work);
    assert_eq!(code, 1, "{name}: {out}");
    assert!(
        out.contains("::error file=") && out.contains("teams/a.yaml,line=2"),
        "{out}"
    );
    let summary = std::fs::read_to_string(work.join("summary.md")).unwrap();
    assert!(
        summary.contains("**The input files have errors**"),
        "{summary}"
    );
    let _ = std::fs::remove_dir_all(&work);
}
