//! The tool commands and the top-level help: `--help` groups the commands by task, `completions` prints
//! scripts for every shell, `man` prints a man page groff renders without warnings and writes one page
//! per command with `--out`.

mod common;

use common::{bin, tmp};
use std::process::Command;

fn stdout(args: &[&str]) -> String {
    let out = bin().args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

const GROUPS: &[(&str, &[&str])] = &[
    ("Build and publish:", &["build", "serve", "pdf", "send"]),
    ("Check and score:", &["validate", "check", "score"]),
    ("Catalogue:", &["catalog"]),
    ("Move data:", &["init", "import-dsomm", "export-dsomm"]),
    (
        "Tools:",
        &["schema", "completions", "man", "bench-data", "help"],
    ),
];

#[test]
fn help_lists_the_commands_under_what_a_user_wants_to_do() {
    let help = stdout(&["--help"]);
    let lines: Vec<&str> = help.lines().collect();
    let mut at = 0;
    for (heading, names) in GROUPS {
        let h = lines[at..]
            .iter()
            .position(|l| l == heading)
            .unwrap_or_else(|| panic!("{heading} after line {at}:\n{help}"))
            + at;
        for (i, name) in names.iter().enumerate() {
            let line = lines[h + 1 + i];
            assert!(
                line.starts_with(&format!("  {name} ")),
                "{heading} {name}: {line}"
            );
        }
        at = h + 1 + names.len();
    }
    assert!(!help.contains("Commands:"), "{help}");
    assert!(help.contains("Options:\n  -h, --help"), "{help}");
    // A subcommand's help is clap's own.
    assert!(stdout(&["serve", "--help"]).contains("--port"));
}

#[test]
fn completions_for_every_shell_know_every_command() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let script = stdout(&["completions", shell]);
        for (_, names) in GROUPS {
            for name in *names {
                assert!(script.contains(name), "{shell}: {name}");
            }
        }
    }
    let bash = stdout(&["completions", "bash"]);
    assert!(bash.contains("complete -F _maturity"), "{bash}");
    assert!(bash.contains("--port"));
}

#[test]
fn the_man_page_renders_and_one_page_per_command_is_written() {
    let page = stdout(&["man"]);
    assert!(page.contains(".TH maturity 1"), "{page}");
    assert!(page.contains("serve"));
    let dir = tmp("man");
    let file = dir.join("maturity.1");
    std::fs::write(&file, &page).unwrap();
    // groff renders it without a warning (where groff is installed).
    match Command::new("groff")
        .args(["-man", "-Tutf8", "-ww"])
        .arg(&file)
        .output()
    {
        Ok(out) => {
            assert!(out.status.success());
            assert_eq!(String::from_utf8_lossy(&out.stderr), "");
            // Bold and underline are overstruck (`X\x08X`): keep the last character of each.
            let raw: Vec<char> = String::from_utf8_lossy(&out.stdout).chars().collect();
            let text: String = (0..raw.len())
                .filter(|&i| raw[i] != '\x08' && raw.get(i + 1) != Some(&'\x08'))
                .map(|i| raw[i])
                .collect();
            assert!(
                text.contains("SUBCOMMANDS") && text.contains("maturity-serve"),
                "{text}"
            );
        }
        Err(_) => eprintln!("groff not installed: the rendering check is skipped"),
    }
    let pages = dir.join("pages");
    let out = bin().args(["man", "--out"]).arg(&pages).output().unwrap();
    assert!(out.status.success());
    for name in ["maturity.1", "maturity-serve.1", "maturity-catalog-diff.1"] {
        assert!(pages.join(name).is_file(), "{name}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}
