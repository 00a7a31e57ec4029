//! Hostile and broken input through the real binary (issue 8): odd encodings, resource bombs (each run
//! under a kill timer with its peak memory measured), paths that try to leave the input or output folder,
//! failures while writing, and the ledger's `read == used + rejected` on every fixture.

mod common;
use common::*;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

const TEAM: &str = "name: T\nactivities:\n  Defined build process:\n    Started: 2025-01-01\n";

#[test]
fn bom_crlf_and_invalid_utf8_are_read_or_reported_with_their_position() {
    let dir = tmp("encodings");
    let t = dir.join("teams");
    // A BOM does not shift columns; CRLF line ends do not end up in values (the dates stay valid).
    write(
        &t.join("bom.yaml"),
        "\u{feff}name: Bom\nactivities:\n  Defined build process:\n    Startd: 2025-01-01\n",
    );
    write(
        &t.join("crlf.yaml"),
        "name: Crlf\r\nactivities:\r\n  Defined biuld process:\r\n    Started: 2025-01-01\r\n  Defined build process:\r\n    Started: 2025-01-01\r\n",
    );
    write(
        &t.join("bom-crlf-ok.yaml"),
        "\u{feff}name: Fine\r\nactivities:\r\n  Defined build process: {Started: 2025-01-01}\r\n",
    );
    write(
        &t.join("latin1.yaml"),
        b"name: Team\nactivities: {}\ndescription: Z\xfcrich\n",
    );
    write(&t.join("nul.yaml"), b"name: Nul\x00\n");
    let (exit, got, _) = diagnostics(&dir);
    assert_eq!(exit, 1, "{got:#?}");
    assert_eq!(
        got,
        [
            // Its one record has an unknown state, so the team recorded nothing usable.
            "warning team-not-assessed teams/bom.yaml:0:0",
            "error unknown-state teams/bom.yaml:4:5",
            "error unknown-activity teams/crlf.yaml:3:3",
            "error invalid-utf8 teams/latin1.yaml:3:15",
            "error yaml-syntax teams/nul.yaml:1:10",
        ],
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn tab_indentation_points_at_the_tab_with_a_hint() {
    let fixture = root().join("tests/fixtures/broken-files");
    let ran = run(&["validate", fixture.to_str().unwrap()]);
    assert_eq!(ran.code(), 1);
    let err = ran.stderr();
    assert!(err.contains("teams/tabs.yaml:3:1\n"), "{err}");
    assert!(err.contains("hint: replace the tabs"), "{err}");
    // The files after the broken ones are still checked in the same run.
    assert!(
        err.contains("did you mean `Defined build process`?"),
        "{err}"
    );
}

/// Runs `validate` on a team file with `body`; returns the run and its diagnostics.
fn bomb(name: &str, body: &str) -> (Ran, Vec<String>) {
    let dir = tmp(name);
    write(&dir.join("teams/bomb.yaml"), body);
    write(&dir.join("teams/fine.yaml"), TEAM);
    let (_, got, ran) = diagnostics(&dir);
    std::fs::remove_dir_all(&dir).unwrap();
    // The bomb's team recorded nothing usable, so it is also not assessed: not what these tests look at.
    let got = got
        .into_iter()
        .filter(|g| !g.contains("team-not-assessed"))
        .collect();
    (ran, got)
}

fn assert_refused(name: &str, body: &str, message: &str, max_mib: u64) {
    let (ran, got) = bomb(name, body);
    assert_eq!(ran.code(), 1, "{name}: {got:#?}");
    assert_eq!(got.len(), 1, "{name}: {got:#?}");
    assert!(
        got[0].starts_with("error yaml-limit teams/bomb.yaml:"),
        "{name}: {got:?}"
    );
    let json = String::from_utf8_lossy(&ran.out.stdout);
    assert!(json.contains(message), "{name}: {json}");
    assert!(ran.peak_mib < max_mib, "{name}: peak {} MiB", ran.peak_mib);
}

#[test]
fn alias_bombs_are_refused_quickly_in_bounded_memory() {
    // Billion laughs: ten levels of ten aliases each would be 10^10 nodes.
    let mut y =
        String::from("name: Laughs\na: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for (p, c) in ('a'..='i').zip('b'..='j') {
        let refs = vec![format!("*{p}"); 10].join(", ");
        y.push_str(&format!("{c}: &{c} [{refs}]\n"));
    }
    assert_refused("laughs", &y, "aliases expand to more than", 300);
    // One megabyte of text, repeated by 3,000 aliases, would be 3 GB.
    let big = format!(
        "name: Text\nx: &x \"{}\"\ny: [{}]\n",
        "x".repeat(1 << 20),
        vec!["*x"; 3000].join(", ")
    );
    assert_refused("text", &big, "bytes of text", 300);
    // A chain of deep anchors nests 250 levels more with every alias: a stack overflow before the limit.
    let mut chain = format!(
        "name: Chain\nx0: &a0 {}{}\n",
        "[".repeat(250),
        "]".repeat(250)
    );
    for i in 1..130 {
        let (open, close) = ("[".repeat(250), "]".repeat(250));
        chain.push_str(&format!("x{i}: &a{i} {open}*a{}{close}\n", i - 1));
    }
    assert_refused("chain", &chain, "levels deep, aliases included", 300);
    // No alias at all: 250 nested anchors each keep a copy of 400,000 items for aliases that never come.
    let anchors: String = (0..250).map(|i| format!("&a{i} [")).collect();
    let nested = format!(
        "name: Anchors\nx: {anchors}{}{}\n",
        vec!["x"; 400_000].join(", "),
        "]".repeat(250)
    );
    assert_refused("anchors", &nested, "expand to more than 2000000 nodes", 300);
}

#[test]
fn deep_nesting_is_refused_without_stack_overflow() {
    let n = 10_000;
    let flow_seq = format!(
        "name: Deep\nactivities: {}{}\n",
        "[".repeat(n),
        "]".repeat(n)
    );
    assert_refused("flow-seq", &flow_seq, "nest more than 255 levels", 300);
    let flow_map = format!(
        "name: Deep\nactivities: {}1{}\n",
        "{a: ".repeat(n),
        "}".repeat(n)
    );
    assert_refused("flow-map", &flow_map, "nest more than 255 levels", 300);
    let mut block = String::from("name: Deep\nactivities:\n");
    for i in 1..1000 {
        block.push_str(&format!("{}a:\n", " ".repeat(i)));
    }
    assert_refused("block", &block, "nest more than 255 levels", 300);
    let mut seqs = String::from("name: Deep\nactivities:\n");
    for i in 1..1000 {
        seqs.push_str(&format!("{}-\n", " ".repeat(i)));
    }
    assert_refused("block-seq", &seqs, "nest more than 255 levels", 300);
}

#[test]
fn files_over_the_size_limit_are_refused_without_reading_them() {
    let dir = tmp("size");
    write(&dir.join("teams/fine.yaml"), TEAM);
    // Sparse files: 200 MB and one byte over the 64 MiB limit, without using the disk space.
    for (name, len) in [
        ("huge.yaml", 200_000_000),
        ("over.yaml", 64 * 1024 * 1024 + 1),
    ] {
        let f = std::fs::File::create(dir.join("teams").join(name)).unwrap();
        f.set_len(len).unwrap();
    }
    let (exit, got, ran) = diagnostics(&dir);
    assert_eq!(exit, 1);
    assert_eq!(
        got,
        [
            "error file-too-large teams/huge.yaml:0:0",
            "error file-too-large teams/over.yaml:0:0"
        ]
    );
    assert!(ran.peak_mib < 200, "peak {} MiB", ran.peak_mib);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_hundred_thousand_activity_entries_finish_in_bounded_time_and_memory() {
    let mut y = String::from("name: Big\nactivities:\n");
    for i in 0..100_000 {
        y.push_str(&format!(
            "  Activity number {i}:\n    Started: 2025-01-01\n"
        ));
    }
    let start = Instant::now();
    let (ran, got) = bomb("many-activities", &y);
    assert_eq!(ran.code(), 1);
    assert_eq!(got.len(), 100_000);
    assert!(got.iter().all(|g| g.starts_with("error unknown-activity")));
    eprintln!(
        "100,000 activities: {:.1} s, peak {} MiB",
        start.elapsed().as_secs_f64(),
        ran.peak_mib
    );
    assert!(ran.peak_mib < 1024, "peak {} MiB", ran.peak_mib);
}

#[test]
fn a_hundred_thousand_teams_are_refused_with_a_clear_error() {
    let dir = tmp("many-teams");
    let mut meta = String::from("teams:\n");
    for i in 0..100_000 {
        meta.push_str(&format!("  - Team {i:06}\n"));
    }
    write(&dir.join("meta.yaml"), meta);
    write(
        &dir.join("team-progress.yaml"),
        "progress:\n  f6f7737f-25a9-4317-8de2-09bf59f29b5b:\n    Team 000001:\n      Started: 2025-01-01\n",
    );
    let start = Instant::now();
    let (exit, got, ran) = diagnostics(&dir);
    assert_eq!(exit, 1);
    // Team 050000 is the first one over the limit; it is on line 50,002. The teams without results
    // share one `team-not-assessed` warning.
    assert_eq!(
        got,
        [
            "warning team-not-assessed meta.yaml:0:0",
            "error too-many-teams meta.yaml:50002:5"
        ]
    );
    let json = String::from_utf8_lossy(&ran.out.stdout);
    assert!(
        json.contains("the input has 100000 teams, over the limit of 50000"),
        "{json}"
    );
    eprintln!(
        "100,000 teams: {:.1} s, peak {} MiB",
        start.elapsed().as_secs_f64(),
        ran.peak_mib
    );
    // 50,000 kept teams are scored over every subdimension and level: the bound grows with the
    // catalogue (about 960 MiB with DSOMM 4.3.1's 19 subdimensions, 1,170 MiB with 5.0.1's 25).
    assert!(ran.peak_mib < 1280, "peak {} MiB", ran.peak_mib);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_hundred_thousand_groups_and_unknown_members_stay_bounded() {
    let dir = tmp("many-groups");
    let mut meta = String::from("teams:\n");
    for i in 0..60_000 {
        meta.push_str(&format!("  - Team {i:06}\n"));
    }
    // Unknown members get a "did you mean" search over all teams: 100,000 of them must not be quadratic.
    meta.push_str("teamGroups:\n  G:\n");
    for i in 0..100_000 {
        meta.push_str(&format!("    - Other {i}\n"));
    }
    write(&dir.join("meta.yaml"), meta);
    let mut team = String::from("name: Team 000000\ngroups:\n");
    for i in 0..100_000 {
        team.push_str(&format!("  - Group {i:06}\n"));
    }
    write(&dir.join("teams/t.yaml"), team);
    let (exit, got, ran) = diagnostics(&dir);
    assert_eq!(exit, 1);
    let errors: Vec<&String> = got.iter().filter(|g| g.starts_with("error")).collect();
    assert_eq!(
        errors,
        [
            "error too-many-teams meta.yaml:50002:5",
            "error too-many-groups teams/t.yaml:0:0"
        ]
    );
    // The members are not in the app's teams list: each is dropped with a warning (as in the app).
    let warnings = got.iter().filter(|g| g.contains("group-team-not-in-teams"));
    assert_eq!(warnings.count(), 100_000);
    // 50,000 teams are kept (the limit) and scored, plus 100,000 diagnostics.
    assert!(ran.peak_mib < 2048, "peak {} MiB", ran.peak_mib);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn symlinks_and_paths_out_of_the_input_folder_are_not_followed() {
    let base = tmp("outside");
    let secret = base.join("secret/passwd.yaml");
    write(&secret, "name: SECRET-CONTENT\nactivities: {}\n");
    write(&base.join("elsewhere/t.yaml"), "name: SECRET-TOO\n");
    let dir = base.join("input");
    write(&dir.join("teams/fine.yaml"), TEAM);
    std::os::unix::fs::symlink(&secret, dir.join("teams/link.yaml")).unwrap();
    std::os::unix::fs::symlink(&secret, dir.join("generated.yaml")).unwrap();
    let (exit, got, ran) = diagnostics(&dir);
    assert_eq!(exit, 1);
    assert_eq!(
        got,
        [
            "error outside-input generated.yaml:0:0",
            "error outside-input teams/link.yaml:0:0"
        ]
    );
    // maturity.yaml naming paths outside: a v3 file and a teams folder.
    write(
        &dir.join("maturity.yaml"),
        format!("teams_dir: ../elsewhere\nv3: {}\n", secret.display()),
    );
    let (exit2, got2, ran2) = diagnostics(&dir);
    assert_eq!(exit2, 1);
    assert_eq!(got2.len(), 2, "{got2:#?}");
    assert!(
        got2.iter().all(|g| g.starts_with("error outside-input")),
        "{got2:#?}"
    );
    for r in [&ran, &ran2] {
        let all = format!("{}{}", String::from_utf8_lossy(&r.out.stdout), r.stderr());
        assert!(!all.contains("SECRET"), "outside content leaked: {all}");
    }
    std::fs::remove_dir_all(&base).unwrap();
}

/// Every file below `dir`, relative.
fn tree(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p.clone());
            }
            out.push(p.strip_prefix(dir).unwrap().to_string_lossy().into_owned());
        }
    }
    out.sort();
    out
}

fn build(input: &Path, out: &Path) -> Ran {
    let mut c = bin();
    c.arg("build").arg(input).arg("--out").arg(out);
    c.args(["--as-of", "2026-09-30", "--only", "site", "-q"]);
    run_cmd(c)
}

#[test]
fn hostile_team_and_group_names_map_to_distinct_safe_files_inside_out() {
    let base = tmp("names");
    let long = "x".repeat(300);
    let long2 = format!("{}y", "x".repeat(299));
    let teams = [
        "",
        "   ",
        "../../etc/passwd",
        "/etc/passwd",
        "..",
        ".",
        "a/b",
        "a\\b",
        "CON",
        "con",
        "nul.txt",
        "index",
        "Payments",
        "payments",
        "PAYMENTS",
        &long,
        &long2,
        "<script>",
        "日本",
    ];
    let quoted: Vec<String> = teams.iter().map(|t| format!("  - {t:?}\n")).collect();
    let groups = format!(
        "teamGroups:\n  \"\": [Payments]\n  \"../../g\": [payments]\n  {long:?}: [CON]\n  Group: [con]\n  group: [\"..\"]\n"
    );
    write(
        &base.join("in/meta.yaml"),
        format!("teams:\n{}{groups}", quoted.concat()),
    );
    let out = base.join("parent/out");
    let ran = build(&base.join("in"), &out);
    assert_eq!(ran.code(), 0, "{}", ran.stderr());
    let files = tree(&out);
    for f in &files {
        assert!(
            f.chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_./".contains(c))
                && !f.contains(".."),
            "unsafe file name {f}"
        );
        assert!(f.len() < 120, "long file name {f}");
    }
    let pages = |prefix: &str| {
        files
            .iter()
            .filter(|f| f.starts_with(prefix) && f.ends_with(".html") && !f.contains("/views/"))
            .count()
    };
    // Blank names are trimmed to one team ""; every other name has its own page, plus the index.
    assert_eq!(pages("teams/"), teams.len() - 1 + 1, "{files:#?}");
    assert_eq!(pages("groups/"), 5 + 1, "{files:#?}");
    assert_eq!(
        tree(&base.join("parent"))
            .iter()
            .filter(|f| !f.starts_with("out"))
            .count(),
        0
    );
    assert_eq!(
        tree(&base)
            .iter()
            .filter(|f| !f.starts_with("parent") && !f.starts_with("in"))
            .count(),
        0
    );
    std::fs::remove_dir_all(&base).unwrap();
}

fn no_temp_folders_in(parent: &Path) {
    let left: Vec<String> = tree(parent)
        .into_iter()
        .filter(|f| f.contains(".tmp-") || f.contains(".old-"))
        .collect();
    assert!(left.is_empty(), "temporary folders left: {left:?}");
}

#[test]
fn failed_writes_exit_2_naming_the_path_and_keep_the_previous_output() {
    let input = root().join("tests/fixtures/native-ok");
    let base = tmp("writes");
    // OUT's parent is a regular file.
    write(&base.join("file"), "not a folder");
    let ran = build(&input, &base.join("file/out"));
    assert_eq!(ran.code(), 2, "{}", ran.stderr());
    assert!(
        ran.stderr()
            .contains(&format!("{}", base.join("file").display())),
        "{}",
        ran.stderr()
    );
    // OUT on /proc, where nothing can be created.
    let ran = build(&input, Path::new("/proc/maturity-test-out"));
    assert_eq!(ran.code(), 2, "{}", ran.stderr());
    assert!(ran.stderr().contains("/proc"), "{}", ran.stderr());
    // Disk full, simulated by a 64 KiB file size limit (EFBIG instead of SIGXFSZ): the previous output stays.
    let out = base.join("site/out");
    assert_eq!(build(&input, &out).code(), 0);
    let before: Vec<(String, Vec<u8>)> = tree(&out)
        .into_iter()
        .filter(|f| out.join(f).is_file())
        .map(|f| (f.clone(), std::fs::read(out.join(&f)).unwrap()))
        .collect();
    let mut c = Command::new("sh");
    c.env("SOURCE_DATE_EPOCH", EPOCH).arg("-c").arg(format!(
        "trap '' XFSZ; ulimit -f 64; exec {} build {} --out {} --as-of 2026-09-30 --only site -q",
        env!("CARGO_BIN_EXE_maturity"),
        input.display(),
        out.display()
    ));
    let ran = run_cmd(c);
    assert_eq!(ran.code(), 2, "{}", ran.stderr());
    assert!(ran.stderr().contains("failed to write"), "{}", ran.stderr());
    assert!(
        ran.stderr()
            .contains(&base.join("site").display().to_string()),
        "{}",
        ran.stderr()
    );
    let after: Vec<(String, Vec<u8>)> = tree(&out)
        .into_iter()
        .filter(|f| out.join(f).is_file())
        .map(|f| (f.clone(), std::fs::read(out.join(&f)).unwrap()))
        .collect();
    assert!(before == after, "previous output changed");
    no_temp_folders_in(&base.join("site"));
    // A read-only parent, unless we are root (whom permissions do not stop).
    let ro = base.join("ro");
    std::fs::create_dir_all(&ro).unwrap();
    std::fs::set_permissions(&ro, std::os::unix::fs::PermissionsExt::from_mode(0o555)).unwrap();
    if std::fs::write(ro.join("probe"), "").is_ok() {
        eprintln!("skipping the read-only case: running as root");
    } else {
        let ran = build(&input, &ro.join("out"));
        assert_eq!(ran.code(), 2, "{}", ran.stderr());
        assert!(
            ran.stderr().contains(&ro.display().to_string()),
            "{}",
            ran.stderr()
        );
        no_temp_folders_in(&ro);
    }
    std::fs::set_permissions(&ro, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    std::fs::remove_dir_all(&base).unwrap();
}

/// Checks `read == used + rejected` for every file of a ledger.
fn check_ledger(name: &str, ledger: &serde_json::Value) -> usize {
    let rows = ledger
        .as_object()
        .unwrap_or_else(|| panic!("{name}: ledger {ledger}"));
    for (file, row) in rows {
        let n = |k: &str| {
            row[k]
                .as_u64()
                .unwrap_or_else(|| panic!("{name}: {file}: {row}"))
        };
        assert_eq!(
            n("read"),
            n("used") + n("rejected"),
            "{name}: {file}: {row}"
        );
    }
    rows.values()
        .map(|r| r["read"].as_u64().unwrap() as usize)
        .sum()
}

#[test]
fn every_fixture_accounts_for_every_record_read() {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(root().join("tests/fixtures"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.push(root().join("examples"));
    dirs.sort();
    let today = maturity::util::date::Date::from_ymd(2026, 10, 1).unwrap();
    let mut total = 0;
    for dir in dirs {
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        // In-process for every fixture (input errors included)...
        let (v, diags) = maturity::read_input(&dir, today).unwrap();
        total += check_ledger(&name, &serde_json::to_value(&v.ledger).unwrap());
        if name == "broken-files" {
            // A team file refused as a whole still counts its records: one state and one evidence item.
            let file = dir.join("teams/empty-name.yaml").display().to_string();
            let row = &v.ledger[&file];
            assert_eq!((row.read, row.rejected), (2, 2), "{name}: {file}");
        }
        if diags.has_errors() {
            continue;
        }
        // ...and as written by the real binary where the input is valid.
        let out = tmp(&format!("ledger-{name}")).join("out");
        let ran = build(&dir, &out);
        assert_eq!(ran.code(), 0, "{name}: {}", ran.stderr());
        let written: serde_json::Value =
            serde_json::from_slice(&std::fs::read(out.join("ledger.json")).unwrap()).unwrap();
        check_ledger(&name, &written);
        // The published ledger names files relative to the input folder.
        let relative: std::collections::BTreeMap<String, _> = v
            .ledger
            .iter()
            .map(|(f, row)| (maturity::load::paths::relative_to_input(&dir, f), row))
            .collect();
        assert_eq!(written, serde_json::to_value(&relative).unwrap(), "{name}");
        std::fs::remove_dir_all(out.parent().unwrap()).unwrap();
    }
    assert!(total > 100, "only {total} records in all fixtures");
}
