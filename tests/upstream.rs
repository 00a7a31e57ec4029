//! Compatibility with the upstream DSOMM files in ../shared/dsomm (GPL-3.0 data, read only, never copied):
//! they load cleanly, and the built-in catalogues match models 5.0.1 and 4.3.1 on every identifier while
//! their prose shares no run of 8+ words with the upstream text.

use maturity::model::{Activity, Catalog};
use maturity::read_catalog as load;
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
            "implementation",
            a.tools
                .iter()
                .map(|t| {
                    format!(
                        "{}:{}={} {:?}",
                        t.uuid.as_deref().unwrap_or(""),
                        t.name.trim(),
                        t.url.as_deref().unwrap_or(""),
                        t.tags
                    )
                })
                .collect::<Vec<_>>()
                .join(";"),
        ),
    ]
}

/// Every identifier difference between an upstream catalogue and a built-in one.
fn compare(up: &Catalog, ours: &Catalog) -> Vec<String> {
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
    if order(up) != order(ours) {
        problems.push(format!(
            "dimension/subdimension structure differs:\n{:?}\n{:?}",
            order(up),
            order(ours)
        ));
    }
    for (field, a, b) in [
        ("version", &up.version, &ours.version),
        (
            "released",
            &up.released.clone().unwrap_or_default(),
            &ours.released.clone().unwrap_or_default(),
        ),
        (
            "publisher",
            &up.publisher.clone().unwrap_or_default(),
            &ours.publisher.clone().unwrap_or_default(),
        ),
    ] {
        if a != b {
            problems.push(format!("{field}: upstream {a}, built-in {b}"));
        }
    }
    problems
}

/// An upstream catalogue, with the warnings it loads with.
fn upstream_with_warnings(file: &str) -> (Catalog, Vec<String>) {
    let (cat, diags) = load(Some(&shared(file))).unwrap();
    assert!(!diags.has_errors(), "{}", diags.human());
    let codes = diags.sorted().iter().map(|d| d.code.to_string()).collect();
    (cat, codes)
}

#[test]
fn builtin_catalogue_matches_upstream_501_on_every_identifier() {
    let (up, warnings) = upstream_with_warnings("model-5.0.1.yaml");
    // MFA and MFA for admins are listed twice upstream (same uuid and name): one copy each is kept.
    assert_eq!(warnings, ["duplicate-activity", "duplicate-activity"]);
    for key in [None, Some("builtin"), Some("dsomm-5.0.1")] {
        let (ours, diags) = load(key.map(Path::new)).unwrap();
        assert!(diags.is_empty(), "{}", diags.human());
        let problems = compare(&up, &ours);
        assert!(problems.is_empty(), "{key:?}:\n{}", problems.join("\n"));
        assert_eq!(
            (
                ours.dimensions.len(),
                ours.subdimension_count(),
                ours.activities.len()
            ),
            (6, 25, 250)
        );
    }
    let (ours, _) = load(None).unwrap();
    for name in ["MFA", "MFA for admins"] {
        let a = &ours.activities[ours.find(name).unwrap()];
        assert_eq!(a.subdimension, "Identity and Access Management", "{name}");
    }
}

#[test]
fn builtin_431_matches_upstream_431_on_every_identifier() {
    let up = upstream("model-4.3.1.yaml");
    let (ours, diags) = load(Some(Path::new("dsomm-4.3.1"))).unwrap();
    assert!(diags.is_empty(), "{}", diags.human());
    let problems = compare(&up, &ours);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert_eq!((ours.dimensions.len(), ours.activities.len()), (5, 194));
    // The texts are shared: one text per activity for both versions.
    let (latest, _) = load(None).unwrap();
    for a in &ours.activities {
        let b = &latest.activities[latest.by_uuid(&a.uuid).unwrap()];
        assert_eq!(
            (&a.description, &a.risk, &a.measure),
            (&b.description, &b.risk, &b.measure)
        );
    }
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
    for f in [
        "model-5.0.1.yaml",
        "model-4.3.1.yaml",
        "model-4.1.0.yaml",
        "generated-v3.yaml",
    ] {
        let w = words(&std::fs::read_to_string(shared(f)).unwrap());
        grams.extend(w.windows(8).map(<[String]>::to_vec));
    }
    let (ours, _) = load(None).unwrap();
    let mut hits = Vec::new();
    let mut texts: Vec<(String, &str)> = Vec::new();
    for a in &ours.activities {
        if !a.comments.is_empty() {
            texts.push((format!("{}.comments", a.name), &a.comments));
        }
        for t in &a.tools {
            texts.push((format!("implementation `{}`", t.name), &t.description));
        }
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
    let validate = |input: &Path| {
        let out = std::process::Command::new(bin)
            .args(["validate", "--format", "json"])
            .arg(input)
            .output()
            .unwrap();
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        (v, out.status.code())
    };
    for input in [shared("app-data"), shared("generated-v3.yaml")] {
        let (v, code) = validate(&input);
        assert_eq!(v["errors"], 0, "{}: {}", input.display(), v);
        assert_eq!(code, Some(0));
    }
    // ../shared/dsomm/meta.yaml names default/model.yaml, which is not there: an error naming it.
    let (v, code) = validate(&shared(""));
    assert_eq!(v["errors"], 1, "{v}");
    let text = v.to_string();
    assert!(
        text.contains("activity-file-not-found") && text.contains("default/model.yaml"),
        "{v}"
    );
    assert_eq!(code, Some(1));
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

/// The built-in Scorecard mapping (catalog/scorecard.yaml) names activities that exist, under the
/// names its comments give, in both DSOMM 4.3.1 and 5.0.1 (read as text: 5.0.1 repeats two uuids).
#[test]
fn scorecard_mapping_uuids_exist_in_4_3_1_and_5_0_1() {
    let mapping = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("catalog/scorecard.yaml"),
    )
    .unwrap();
    let old = upstream("model-4.3.1.yaml");
    let new = std::fs::read_to_string(shared("model-5.0.1.yaml")).unwrap();
    let mut n = 0;
    for line in mapping.lines().filter(|l| !l.trim_start().starts_with('#')) {
        let Some((code, comment)) = line.split_once("   # ") else {
            continue;
        };
        let uuid: String = code
            .split(|c: char| !(c.is_ascii_hexdigit() || c == '-'))
            .find(|w| w.len() == 36)
            .unwrap_or_else(|| panic!("no uuid in `{line}`"))
            .to_string();
        let i = old
            .by_uuid(&uuid)
            .unwrap_or_else(|| panic!("{uuid} not in 4.3.1"));
        assert_eq!(old.activities[i].name, comment.trim(), "{uuid}");
        assert!(
            new.contains(&format!("uuid: {uuid}")),
            "{uuid} not in 5.0.1"
        );
        n += 1;
    }
    assert!(n >= 9, "found {n} mapped activities");
}
