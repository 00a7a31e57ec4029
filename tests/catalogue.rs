//! Catalogue versions and the DSOMM app's `activityFiles` merge, driven through the real binary: the
//! app's own unit test (activity-store.spec.ts) as fixtures, its sample custom file, tolerant reading
//! of app exports, and the 4.3.1 -> 5.0.1 upgrade report.

mod common;

use common::{fixture, output as run, tmp_path as temp};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Output;

fn catalogue(catalog: &str) -> Value {
    let out = run(&["catalog", "list", "--format", "json", "--catalog", catalog]);
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {out:?}"))
}

fn by_name<'a>(cat: &'a Value, name: &str) -> Option<&'a Value> {
    cat["activities"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["name"] == name)
}

#[test]
fn later_activity_files_override_move_ignore_and_add_as_in_the_app() {
    let c = catalogue(&format!("{}/meta.yaml", fixture("activity-files-merge")));
    let dims: Vec<&str> = c["dimensions"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|d| d["subdimensions"].as_array().unwrap())
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    // Dimension 21 is ignored as a whole; Dimension 31 is new (the app calls subdimensions dimensions).
    assert_eq!(dims, ["Dimension 11", "Dimension 12", "Dimension 31"]);
    assert!(by_name(&c, "Activity 111").is_none(), "renamed");
    let o = by_name(&c, "OVERRIDE 111").unwrap();
    assert_eq!(o["uuid"], "00000000-1111-1111-1111-000000000000");
    assert_eq!(o["description"], "OVERRIDE DESC AND LEVEL");
    assert_eq!(o["level"], 2);
    // A partial override changes only the fields it gives (the app blanks the others).
    assert_eq!(o["risk"], "Risk from base yaml");
    let a112 = by_name(&c, "Activity 112").unwrap();
    assert_eq!(a112["description"], "OVERRIDE: BASED ON NAME");
    assert_eq!(a112["risk"], "Risk from base yaml");
    // dependsOn is resolved after the merge: the name `Activity 111` still finds the renamed activity;
    // Activity 121 is ignored, so that link is dropped (with a warning).
    assert_eq!(
        a112["depends_on"],
        serde_json::json!(["00000000-1111-1111-1111-000000000000"])
    );
    assert!(by_name(&c, "Activity 121").is_none(), "ignored by name");
    assert!(
        by_name(&c, "Activity 211").is_none(),
        "its subdimension is ignored"
    );
    assert_eq!(by_name(&c, "New Activity 311").unwrap()["level"], 3);
    assert_eq!(
        c["former_names"]["Activity 111"],
        "00000000-1111-1111-1111-000000000000"
    );
}

/// A copy of the app's data folder with its sample custom file enabled, as its meta.yaml suggests.
fn app_data_with_custom_file(tag: &str) -> PathBuf {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/dsomm/app-data");
    let dir = std::env::temp_dir().join(format!("maturity-app-data-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    for sub in ["", "default", "custom"] {
        std::fs::create_dir_all(dir.join(sub)).unwrap();
        for e in std::fs::read_dir(src.join(sub)).unwrap() {
            let p = e.unwrap().path();
            if p.is_file() {
                std::fs::copy(&p, dir.join(sub).join(p.file_name().unwrap())).unwrap();
            }
        }
    }
    let meta = std::fs::read_to_string(dir.join("meta.yaml")).unwrap();
    let enabled = meta.replace(
        "# - custom/custom-activities.yaml",
        "- custom/custom-activities.yaml",
    );
    assert_ne!(
        meta, enabled,
        "the sample line is no longer in the app's meta.yaml"
    );
    std::fs::write(dir.join("meta.yaml"), enabled).unwrap();
    dir
}

#[test]
fn the_apps_sample_custom_file_loads() {
    let dir = app_data_with_custom_file("load");
    let out = run(&["validate", "--format", "json", dir.to_str().unwrap()]);
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["errors"], 0, "{v}");
    // (The app's sample teams have recorded nothing: `team-not-assessed` for each.)
    let codes: Vec<&str> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .filter(|c| *c != "team-not-assessed")
        .collect();
    // SBOM of components is ignored by name and moved by uuid in the same file: it is kept, moved.
    assert_eq!(codes, ["ignored-and-placed"], "{v}");
    let c = catalogue(dir.join("meta.yaml").to_str().unwrap());
    assert_eq!(c["version"], "4.1.0");
    assert_eq!(by_name(&c, "New CUSTOM activity").unwrap()["level"], 1);
    let ours = by_name(&c, "Defined OUR build process").unwrap();
    assert_eq!(ours["uuid"], "f6f7737f-25a9-4317-8de2-09bf59f29b5b");
    assert!(
        ours["description"]
            .as_str()
            .unwrap()
            .contains("custom _title_")
    );
    assert!(
        !ours["risk"].as_str().unwrap().is_empty(),
        "a partial override keeps the risk"
    );
    assert!(by_name(&c, "SBOM of components").is_none());
    let moved = by_name(&c, "Re-classify SBOM activity to CUSTOM dimension").unwrap();
    assert_eq!(moved["uuid"], "2858ac12-0179-40d9-9acf-1b839c030473");
    assert_eq!(
        (moved["dimension"].as_str(), moved["level"].as_u64()),
        (Some("New CUSTOM dimension"), Some(2))
    );
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn machine_written_exports_count_what_they_drop_as_rejected() {
    let out = run(&["validate", &fixture("dsomm-tolerant")]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(
        err.contains("checked 2 team(s), 2 group(s), 9 records (5 rejected)"),
        "{err}"
    );
    let out = run(&[
        "score",
        "--format",
        "json",
        "--as-of",
        "2025-12-31",
        &fixture("dsomm-tolerant"),
    ]);
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let teams: Vec<&str> = v["teams"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        teams,
        ["Team A", "Team B"],
        "Team X and Team Y are not in the teams list"
    );
    // 2025-01-01T23:30:00-05:00 counts on its UTC date.
    let pinning = &v["teams"][0]["activities"]["f3c4971e-9f4d-4e59-8ed0-f0bdb6262477"];
    assert_eq!(pinning["since"], "2025-01-02", "{pinning}");
    // $ref works for progressDefinition (Started scores 25 % there).
    assert_eq!(
        v["teams"][1]["activities"]["f3c4971e-9f4d-4e59-8ed0-f0bdb6262477"]["value"],
        0.25
    );
}

#[test]
fn builtin_versions_are_selectable_and_unknown_ones_are_errors() {
    assert_eq!(catalogue("dsomm-4.3.1")["version"], "4.3.1");
    assert_eq!(catalogue("dsomm-5.0.1")["version"], "5.0.1");
    assert_eq!(catalogue("builtin")["version"], "5.0.1");
    let out = run(&["catalog", "list", "--catalog", "dsomm-9.9"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("dsomm-4.3.1"));
    let out = run(&["validate", &fixture("upgrade-431")]);
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("catalogue 4.3.1 (194 activities)"),
        "{out:?}"
    );
}

#[test]
fn upgrade_impact_shows_levels_new_activities_and_old_names() {
    let out = run(&[
        "catalog",
        "diff",
        "dsomm-4.3.1",
        "dsomm-5.0.1",
        "--impact",
        &fixture("upgrade-431"),
        "--as-of",
        "2025-12-31",
    ]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(
        text.contains("renamed (3):")
            && text.contains("moved (4):")
            && text.contains("added (56):"),
        "{text}"
    );
    assert!(text.contains("Alpha: level 0 -> 0"), "{text}");
    assert!(
        text.contains("  new activities up to level 1 (3):"),
        "{text}"
    );
    assert!(text.contains("    Role based authentication and authorization -> Fine-Grained Access Controls for authentication and authorization"), "{text}");
    assert!(text.contains("old names in files: 2"), "{text}");
}

fn files(dir: &Path) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read_to_string(&p).unwrap(),
            )
        })
        .collect();
    v.sort();
    v
}

#[test]
fn export_after_import_changes_nothing_the_app_shows() {
    let app = app_data_with_custom_file("roundtrip");
    let root = temp("roundtrip");
    let (direct, project, back) = (root.join("direct"), root.join("project"), root.join("back"));
    let ok = |o: Output| assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    ok(run(&[
        "export-dsomm",
        app.to_str().unwrap(),
        "--out",
        direct.to_str().unwrap(),
    ]));
    ok(run(&[
        "import-dsomm",
        app.to_str().unwrap(),
        "--out",
        project.to_str().unwrap(),
    ]));
    ok(run(&[
        "export-dsomm",
        project.to_str().unwrap(),
        "--out",
        back.to_str().unwrap(),
    ]));
    assert_eq!(files(&direct), files(&back));
    let meta = std::fs::read_to_string(direct.join("meta.yaml")).unwrap();
    for kept in [
        "browserSettings:",
        "changeTeamNames: true",
        "lang: en",
        "maturityLevels:",
        "- activities.yaml",
    ] {
        assert!(meta.contains(kept), "{kept} in {meta}");
    }
    // Teams and groups in the app's order (Cloud after Internal), the catalogue as merged.
    let teams = std::fs::read_to_string(direct.join("teams.yaml")).unwrap();
    assert!(
        teams.find("Internal:").unwrap() < teams.find("Cloud:").unwrap(),
        "{teams}"
    );
    let acts = std::fs::read_to_string(direct.join("activities.yaml")).unwrap();
    assert!(
        acts.contains("Re-classify SBOM activity to CUSTOM dimension:")
            && !acts.contains("SBOM of components:")
    );
    // The export loads back without diagnostics (but that the app's sample teams recorded nothing).
    let v: Value = serde_json::from_slice(
        &run(&["validate", "--format", "json", direct.to_str().unwrap()]).stdout,
    )
    .unwrap();
    let other: Vec<&Value> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] != "team-not-assessed")
        .collect();
    assert!(other.is_empty(), "{v}");
    let _ = std::fs::remove_dir_all(root);
    let _ = std::fs::remove_dir_all(app);
}

#[test]
fn evidence_ids_and_attachment_types_survive_the_round_trip() {
    let root = temp("evidence-ids");
    let (project, back) = (root.join("project"), root.join("back"));
    assert!(
        run(&[
            "import-dsomm",
            &fixture("dsomm-v4"),
            "--out",
            project.to_str().unwrap()
        ])
        .status
        .success()
    );
    assert!(
        run(&[
            "export-dsomm",
            project.to_str().unwrap(),
            "--out",
            back.to_str().unwrap()
        ])
        .status
        .success()
    );
    let ev = std::fs::read_to_string(back.join("team-evidence.yaml")).unwrap();
    assert!(
        ev.contains("- id: \"8d3c\"") || ev.contains("- id: 8d3c"),
        "{ev}"
    );
    assert!(ev.contains("type: document"), "{ev}");
    assert_eq!(
        ev.matches("- id:").count(),
        1,
        "one item for both teams: {ev}"
    );
    let _ = std::fs::remove_dir_all(root);
}

#[test]
fn an_activity_file_name_with_a_comma_imports() {
    let root = temp("comma");
    let src = root.join("src");
    std::fs::create_dir_all(&src).unwrap();
    std::fs::write(
        src.join("meta.yaml"),
        "teams: [Team A]\nactivityFiles: ['base, first.yaml', 'more, second.yaml']\n",
    )
    .unwrap();
    std::fs::write(src.join("base, first.yaml"), "Dim:\n  Sub:\n    One:\n      uuid: 00000000-0000-0000-0000-000000000001\n      level: 1\n").unwrap();
    std::fs::write(src.join("more, second.yaml"), "Dim:\n  Sub:\n    Two:\n      uuid: 00000000-0000-0000-0000-000000000002\n      level: 2\n").unwrap();
    std::fs::write(src.join("team-progress.yaml"), "progress:\n  00000000-0000-0000-0000-000000000002:\n    Team A:\n      Started: 2025-01-01\n").unwrap();
    let out_dir = root.join("project");
    let o = run(&[
        "import-dsomm",
        src.to_str().unwrap(),
        "--out",
        out_dir.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let o = run(&["validate", out_dir.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        o.status.success()
            && err.contains("1 records (0 rejected) against catalogue custom (2 activities)"),
        "{err}"
    );
    let _ = std::fs::remove_dir_all(root);
}

#[test]
fn bench_data_dsomm_is_a_folder_the_app_loads() {
    let root = temp("bench-dsomm");
    assert!(
        run(&[
            "bench-data",
            "12",
            "--out",
            root.to_str().unwrap(),
            "--format",
            "dsomm"
        ])
        .status
        .success()
    );
    let meta = std::fs::read_to_string(root.join("meta.yaml")).unwrap();
    for key in [
        "activityFiles: [activities.yaml]",
        "teamProgressFile: team-progress.yaml",
        "teamEvidenceFile: team-evidence.yaml",
    ] {
        assert!(meta.contains(key), "{meta}");
    }
    let acts = std::fs::read_to_string(root.join("activities.yaml")).unwrap();
    assert!(
        acts.starts_with("---\n") && acts.contains("\n---\nAgentic AI:\n"),
        "meta document, then the model"
    );
    let ev = std::fs::read_to_string(root.join("team-evidence.yaml")).unwrap();
    assert!(ev.starts_with("evidence:\n") && ev.contains("externalLink:"));
    let v: Value = serde_json::from_slice(
        &run(&["validate", "--format", "json", root.to_str().unwrap()]).stdout,
    )
    .unwrap();
    assert_eq!(v["errors"], 0, "{v}");
    let _ = std::fs::remove_dir_all(root);
}

#[test]
fn catalog_extend_in_maturity_yaml_merges_with_the_same_rules() {
    let err =
        String::from_utf8_lossy(&run(&["validate", &fixture("catalog-extend")]).stderr).to_string();
    // 250 built in + 1 added - 2 excluded - 2 of the ignored Red Teaming subdimension.
    assert!(
        err.contains("against catalogue 5.0.1 (247 activities)"),
        "{err}"
    );
    // The dependency named `Defined build process` follows the rename by uuid (resolved after the merge).
    assert!(
        err.contains("has started `Reproducible builds` but not `Our defined build process`"),
        "{err}"
    );
}

#[test]
fn bench_data_records_adds_records_but_keeps_every_score() {
    let (plain, dense) = (temp("bench-plain"), temp("bench-dense"));
    for (dir, extra) in [(&plain, None), (&dense, Some("180"))] {
        let mut args = vec!["bench-data", "30", "--out", dir.to_str().unwrap()];
        if let Some(n) = extra {
            args.extend(["--records", n]);
        }
        assert!(run(&args).status.success());
    }
    let score = |dir: &std::path::Path| -> Value {
        let o = run(&[
            "score",
            "--format",
            "json",
            "--as-of",
            "2026-09-30",
            dir.to_str().unwrap(),
        ]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        serde_json::from_slice(&o.stdout).unwrap()
    };
    let (a, b) = (score(&plain), score(&dense));
    let (ta, tb) = (
        a["teams"].as_array().unwrap(),
        b["teams"].as_array().unwrap(),
    );
    assert_eq!(ta.len(), tb.len());
    for (x, y) in ta.iter().zip(tb) {
        for key in [
            "name",
            "assessed",
            "level",
            "completion",
            "levels",
            "dimensions",
        ] {
            assert_eq!(x[key], y[key], "{}: {key}", x["name"]);
        }
    }
    assert_eq!(a["org"]["completion"], b["org"]["completion"]);
    // Dated states a team file holds (lines `    <state>: <date>`).
    let states = |dir: &std::path::Path| -> usize {
        std::fs::read_dir(dir.join("teams"))
            .unwrap()
            .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
            .map(|y| {
                y.lines()
                    .filter(|l| {
                        l.starts_with("    ")
                            && !l.starts_with("     ")
                            && l.ends_with(|c: char| c.is_ascii_digit())
                    })
                    .count()
            })
            .sum()
    };
    let assessed = tb.iter().filter(|t| t["assessed"] == true).count();
    assert!(states(&dense) > assessed * 150, "{} states", states(&dense));
    assert!(states(&plain) < assessed * 100, "{} states", states(&plain));
    let _ = std::fs::remove_dir_all(plain);
    let _ = std::fs::remove_dir_all(dense);
}
