//! Helpers shared by the integration tests that drive the real binary: temporary folders, fixtures, runs
//! (plain, or under a kill timer with peak memory), and diagnostics as `severity code file:line:col` lines.
#![allow(dead_code)]

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// The fixed "today" of every test run: 2026-10-01.
pub const EPOCH: &str = "1790812800";
/// No run may take longer than this (debug build); the child is killed and the test fails.
pub const TIMEOUT: Duration = Duration::from_secs(120);

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fresh, empty temporary folder for one test.
pub fn tmp(name: &str) -> PathBuf {
    let p = std::env::temp_dir().join(format!("maturity-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&p);
    std::fs::create_dir_all(&p).unwrap();
    p
}

/// A temporary path for one test, removed and not created (for commands that create it).
pub fn tmp_path(name: &str) -> PathBuf {
    let p = std::env::temp_dir().join(format!("maturity-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&p);
    p
}

/// The fixture folder `tests/fixtures/NAME`, as an argument.
pub fn fixture(name: &str) -> String {
    root()
        .join("tests/fixtures")
        .join(name)
        .to_string_lossy()
        .into_owned()
}

pub fn write(path: &Path, bytes: impl AsRef<[u8]>) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
}

pub fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_maturity"));
    c.env("SOURCE_DATE_EPOCH", EPOCH).env("NO_COLOR", "1");
    c
}

pub struct Ran {
    pub out: Output,
    /// Peak resident memory seen while the child ran (VmHWM, polled), in MiB.
    pub peak_mib: u64,
}

impl Ran {
    pub fn code(&self) -> i32 {
        self.out.status.code().unwrap_or(-1)
    }
    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.out.stderr).into_owned()
    }
}

pub fn vm_hwm_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Runs a command to completion, killing it (and failing the test) after [`TIMEOUT`].
pub fn run_cmd(mut cmd: Command) -> Ran {
    let start = Instant::now();
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn maturity");
    let drain = |mut r: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut b = Vec::new();
            let _ = r.read_to_end(&mut b);
            b
        })
    };
    let out = drain(Box::new(child.stdout.take().unwrap()));
    let err = drain(Box::new(child.stderr.take().unwrap()));
    let mut peak = 0;
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        peak = peak.max(vm_hwm_kib(child.id()).unwrap_or(0));
        if start.elapsed() > TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{cmd:?} ran longer than {TIMEOUT:?} and was killed");
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let out = Output {
        status,
        stdout: out.join().unwrap(),
        stderr: err.join().unwrap(),
    };
    Ran {
        out,
        peak_mib: peak / 1024,
    }
}

/// Runs the binary with `args` to completion (no timer).
pub fn output(args: &[&str]) -> Output {
    bin().args(args).output().expect("run maturity")
}

/// `score --format json --as-of AS_OF DIR`, which must succeed, parsed.
#[allow(dead_code)]
pub fn score_json(dir: &Path, as_of: &str) -> serde_json::Value {
    let out = output(&[
        "score",
        "--format",
        "json",
        "--as-of",
        as_of,
        dir.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// The team called `name` in a `scores.json` document (panics naming it when there is none).
pub fn team<'a>(scores: &'a serde_json::Value, name: &str) -> &'a serde_json::Value {
    scores["teams"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == name)
        .unwrap_or_else(|| panic!("no team {name}"))
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A fraction from JSON as a whole percentage (`0.5` -> `50%`).
pub fn pct(v: &serde_json::Value) -> String {
    format!("{:.0}%", v.as_f64().expect("a number") * 100.0)
}

pub fn run(args: &[&str]) -> Ran {
    let mut c = bin();
    c.args(args);
    run_cmd(c)
}

/// `validate --format json`: the exit code and `severity code file:line:col` per diagnostic, files
/// relative to `dir`.
pub fn diagnostics(dir: &Path) -> (i32, Vec<String>, Ran) {
    let ran = run(&["validate", "--format", "json", dir.to_str().unwrap()]);
    let v: serde_json::Value =
        serde_json::from_slice(&ran.out.stdout).unwrap_or_else(|e| panic!("{e}: {}", ran.stderr()));
    let prefix = format!("{}/", dir.display());
    let list = v["diagnostics"].as_array().unwrap().iter().map(|d| {
        format!(
            "{} {} {}:{}:{}",
            d["severity"].as_str().unwrap(),
            d["code"].as_str().unwrap(),
            d["file"].as_str().unwrap().trim_start_matches(&prefix),
            d["line"],
            d["col"]
        )
    });
    (ran.code(), list.collect(), ran)
}

/// A Python 3 that can `import <imports>` (e.g. "aiosmtpd" or "jsonschema, yaml"); Debian's packages
/// install them for /usr/bin/python3. Missing in CI is a failure (`.ci/run` installs `package`);
/// elsewhere the caller skips its test.
#[allow(dead_code)]
pub fn python_with(imports: &str, package: &str) -> Option<&'static str> {
    let found = ["/usr/bin/python3", "python3"].into_iter().find(|p| {
        std::process::Command::new(p)
            .args(["-c", &format!("import {imports}")])
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    });
    if found.is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "{package} is required in CI (.ci/run installs it)"
        );
        eprintln!("skipping: {package} not installed (apt-get install {package})");
    }
    found
}
