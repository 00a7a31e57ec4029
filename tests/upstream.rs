//! Compatibility with the upstream DSOMM files in ../shared/dsomm (GPL-3.0 data, read only, never copied):
//! they load cleanly, and the built-in catalogue matches model 4.3.1 on every identifier while its prose
//! shares no sentence of 8+ words with the upstream text.

use maturity::catalog_cmd::load;
use maturity::model::{Activity, Catalog};
use std::collections::HashSet;
use std::path::{Path, PathBuf};

fn shared(file: &str) -> PathBuf {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/dsomm")
        .join(file);
    assert!(
        p.exists(),
        "{} is missing: the upstream DSOMM files must sit at ../shared/dsomm",
        p.display()
    );
    p
}

fn upstream(file: &str) -> Catalog {
    let (cat, diags) = load(Some(&shared(file))).unwrap();
    assert!(!diags.has_errors(), "{}", diags.human());
    cat
}

/// Every identifier of an activity, as one comparable string per field.
fn identifiers(a: &Activity) -> Vec<(&'static str, String)> {
    let mut deps = a.depends_on.clone();
    deps.sort();
    vec![
        ("name", a.name.clone()),
        ("dimension", a.dimension.clone()),
        ("subdimension", a.subdimension.clone()),
        ("level", a.level.to_string()),
        ("difficulty", format!("{:?}", a.difficulty)),
        ("usefulness", a.usefulness.to_string()),
        ("depends_on", deps.join(",")),
        ("tags", a.tags.join(",")),
        ("references", format!("{:?}", a.references)),
        (
            "tools",
            a.tools
                .iter()
                .map(|t| format!("{}={}", t.name, t.url.as_deref().unwrap_or("")))
                .collect::<Vec<_>>()
                .join(";"),
        ),
    ]
}

#[test]
fn builtin_catalogue_matches_upstream_431_on_every_identifier() {
    let up = upstream("model-4.3.1.yaml");
    let (ours, diags) = load(None).unwrap();
    assert!(diags.is_empty(), "{}", diags.human());
    assert_eq!(ours.version, "4.3.1");
    let mut problems = Vec::new();
    for a in &up.activities {
        match ours.by_uuid(&a.uuid).map(|i| &ours.activities[i]) {
            None => problems.push(format!("missing activity `{}` ({})", a.name, a.uuid)),
            Some(o) => {
                for ((field, theirs), (_, mine)) in identifiers(a).into_iter().zip(identifiers(o)) {
                    if theirs != mine {
                        problems.push(format!(
                            "`{}`: {field} differs: upstream {theirs:?}, built-in {mine:?}",
                            a.name
                        ));
                    }
                }
            }
        }
    }
    for o in &ours.activities {
        if up.by_uuid(&o.uuid).is_none() {
            problems.push(format!("extra activity `{}` ({})", o.name, o.uuid));
        }
    }
    let order = |c: &Catalog| {
        c.dimensions
            .iter()
            .map(|d| {
                (
                    d.name.clone(),
                    d.subdimensions
                        .iter()
                        .map(|s| s.name.clone())
                        .collect::<Vec<_>>(),
                )
            })
            .collect::<Vec<_>>()
    };
    if order(&up) != order(&ours) {
        problems.push("dimension/subdimension structure differs".into());
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert_eq!((ours.dimensions.len(), ours.activities.len()), (5, 194));
}

fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

#[test]
fn builtin_prose_shares_no_eight_word_run_with_upstream() {
    let mut grams: HashSet<Vec<String>> = HashSet::new();
    for f in ["model-4.3.1.yaml", "model-4.1.0.yaml", "generated-v3.yaml"] {
        let w = words(&std::fs::read_to_string(shared(f)).unwrap());
        grams.extend(w.windows(8).map(<[String]>::to_vec));
    }
    let (ours, _) = load(None).unwrap();
    let mut hits = Vec::new();
    let mut texts: Vec<(String, &str)> = Vec::new();
    for a in &ours.activities {
        for (field, t) in [
            ("description", &a.description),
            ("risk", &a.risk),
            ("measure", &a.measure),
            ("assessment", &a.assessment),
        ] {
            assert!(!t.trim().is_empty(), "`{}` has no {field}", a.name);
            texts.push((format!("{}.{field}", a.name), t));
        }
    }
    for d in &ours.dimensions {
        for s in &d.subdimensions {
            texts.push((format!("{} summary", s.name), &s.summary));
        }
    }
    for (where_, t) in texts {
        if let Some(run) = words(t).windows(8).find(|w| grams.contains(*w)) {
            hits.push(format!("{where_}: \"{}\"", run.join(" ")));
        }
    }
    assert!(
        hits.is_empty(),
        "prose copied from upstream:\n{}",
        hits.join("\n")
    );
}

#[test]
fn upstream_files_load_cleanly() {
    let c410 = upstream("model-4.1.0.yaml");
    assert_eq!(
        (c410.version.as_str(), c410.activities.len()),
        ("4.1.0", 193)
    );
    let c431 = upstream("model-4.3.1.yaml");
    assert_eq!(c431.activities.len(), 194);
    let per_level: Vec<usize> = (1..=5)
        .map(|l| c431.activities.iter().filter(|a| a.level == l).count())
        .collect();
    assert_eq!(per_level, [26, 57, 61, 31, 19]);
    // ISO codes keep their text as written (5.37 and 8.10 are not floats).
    let iso: Vec<&String> = c431
        .activities
        .iter()
        .flat_map(|a| &a.references.iso27001_2022)
        .collect();
    assert!(iso.iter().any(|s| s.as_str() == "5.37"));
    let edges: usize = c431.activities.iter().map(|a| a.depends_on.len()).sum();
    assert_eq!(edges, 123);

    let bin = env!("CARGO_BIN_EXE_maturity");
    for input in [shared(""), shared("generated-v3.yaml")] {
        let out = std::process::Command::new(bin)
            .args(["validate", "--format", "json"])
            .arg(&input)
            .output()
            .unwrap();
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(v["errors"], 0, "{}: {}", input.display(), v);
        assert_eq!(out.status.code(), Some(0));
    }
}

#[test]
fn catalogue_diff_shows_the_activity_added_in_431() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_maturity"))
        .args(["catalog", "diff"])
        .arg(shared("model-4.1.0.yaml"))
        .arg(shared("model-4.3.1.yaml"))
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("added (1):") && text.contains("Canary deployment"),
        "{text}"
    );
    assert!(text.contains("removed (0):"), "{text}");
}
