//! Drives `maturity send` over the examples' reports: dry runs (.eml files), and real SMTP delivery to
//! a local server (tests/smtp/server.py, Debian's python3-aiosmtpd, which .ci/run installs) with
//! STARTTLS or TLS, AUTH, and a self-signed certificate made here with the openssl CLI. What the
//! server received is read back with Python's e-mail parser (tests/smtp/parse.py).
//!
//! The examples are built once (`--only pdf --team-pdfs none`: the executive summary and five group
//! reports); every test works on its own copy of that output and of the project.

mod common;

use common::{pct, root, stderr, tmp as scratch};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::OnceLock;

const AS_OF: &str = "2026-10-01";
const USER: &str = "reports-bot";
const PASSWORD: &str = "pw-7Hq2-never-printed";

fn bin() -> Command {
    let mut c = common::bin();
    c.env_remove("MATURITY_SMTP_URL")
        .env_remove("MATURITY_SMTP_USER")
        .env_remove("MATURITY_SMTP_PASSWORD");
    c
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), &target).unwrap();
        }
    }
}

/// The examples' build, once per test run.
fn built() -> &'static Path {
    static BUILT: OnceLock<PathBuf> = OnceLock::new();
    BUILT.get_or_init(|| {
        let out = scratch("built").join("out");
        let o = bin()
            .args(["build", root().join("examples").to_str().unwrap(), "--out"])
            .arg(&out)
            .args(["--only", "pdf", "--team-pdfs", "none", "-q"])
            .output()
            .unwrap();
        assert!(o.status.success(), "build: {}", stderr(&o));
        out
    })
}

/// A copy of the examples whose `send:` section is `send` (team contacts removed), and a copy of
/// the build's output.
fn project(name: &str, send: &str) -> (PathBuf, PathBuf) {
    let dir = scratch(name);
    let project = dir.join("project");
    copy_dir(&root().join("examples"), &project);
    let yaml = std::fs::read_to_string(project.join("maturity.yaml")).unwrap();
    let head = yaml.split("\nsend:").next().unwrap();
    std::fs::write(project.join("maturity.yaml"), format!("{head}\n{send}")).unwrap();
    let team = project.join("teams/fraud-detection.yaml");
    let text = std::fs::read_to_string(&team).unwrap();
    let kept: Vec<&str> = text
        .lines()
        .filter(|l| !l.starts_with("contacts:"))
        .collect();
    std::fs::write(&team, kept.join("\n") + "\n").unwrap();
    let out = dir.join("out");
    copy_dir(built(), &out);
    (project, out)
}

const SEND: &str = "send:
  from: \"Northwind AppSec <appsec@northwind.example>\"
  executive: [ciso@northwind.example, cto@northwind.example]
  groups:
    Payments: [payments-lead@northwind.example]
    Retail Platform: [\"Retail Leads <retail-leads@northwind.example>\"]
  site_url: https://appsec.northwind.example/maturity
";

fn python() -> Option<&'static str> {
    common::python_with("aiosmtpd", "python3-aiosmtpd")
}

/// The test SMTP server, stopped (stdin closed, then killed) when dropped.
struct Server {
    child: Child,
    port: u16,
    spool: PathBuf,
    python: &'static str,
}

impl Drop for Server {
    fn drop(&mut self) {
        drop(self.child.stdin.take());
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn server(dir: &Path, smtps: bool, reject: &[&str], defer: &[&str]) -> Option<Server> {
    let python = python()?;
    let (cert, key) = (dir.join("cert.pem"), dir.join("key.pem"));
    let o = Command::new("openssl")
        .args([
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
        ])
        .args(["-subj", "/CN=localhost"])
        .args(["-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"])
        .arg("-keyout")
        .arg(&key)
        .arg("-out")
        .arg(&cert)
        .output()
        .expect("openssl CLI (.ci/run installs it)");
    assert!(o.status.success(), "openssl: {}", stderr(&o));
    let spool = dir.join("spool");
    std::fs::create_dir_all(&spool).unwrap();
    let mut cmd = Command::new(python);
    cmd.arg(root().join("tests/smtp/server.py"))
        .arg("--cert")
        .arg(&cert)
        .arg("--key")
        .arg(&key)
        .arg("--spool")
        .arg(&spool)
        .args(["--user", USER, "--password", PASSWORD]);
    for r in reject {
        cmd.args(["--reject", r]);
    }
    for d in defer {
        cmd.args(["--defer", d]);
    }
    if smtps {
        cmd.arg("--smtps");
    }
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    std::io::BufRead::read_line(
        &mut std::io::BufReader::new(child.stdout.as_mut().unwrap()),
        &mut line,
    )
    .unwrap();
    let port = line
        .trim()
        .strip_prefix("ready ")
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("server did not start: {line:?}"));
    Some(Server {
        child,
        port,
        spool,
        python,
    })
}

impl Server {
    /// Envelope and parsed message of everything received, in order.
    fn received(&self) -> Vec<(Value, Value)> {
        let mut out = Vec::new();
        for n in 1.. {
            let eml = self.spool.join(format!("{n}.eml"));
            if !eml.exists() {
                break;
            }
            let env: Value = serde_json::from_slice(
                &std::fs::read(self.spool.join(format!("{n}.json"))).unwrap(),
            )
            .unwrap();
            let o = Command::new(self.python)
                .arg(root().join("tests/smtp/parse.py"))
                .arg(&eml)
                .arg(&self.spool)
                .output()
                .unwrap();
            assert!(o.status.success(), "parse.py: {}", stderr(&o));
            out.push((env, serde_json::from_slice(&o.stdout).unwrap()));
        }
        out
    }
}

fn send(project: &Path, out: &Path, args: &[&str], password: bool) -> Output {
    let mut c = bin();
    c.arg("send")
        .arg(project)
        .arg("--reports")
        .arg(out)
        .args(args);
    if password {
        c.env("MATURITY_SMTP_USER", USER)
            .env("MATURITY_SMTP_PASSWORD", PASSWORD);
    }
    c.output().unwrap()
}

fn json(o: &Output) -> Value {
    serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}\n{}", String::from_utf8_lossy(&o.stdout), stderr(o)))
}

/// Every output of a run, and every file it wrote, is free of the password.
fn no_credentials(o: &Output, out: &Path) {
    let all = format!("{}{}", String::from_utf8_lossy(&o.stdout), stderr(o));
    assert!(!all.contains(PASSWORD), "password printed: {all}");
    for f in ["sent.json", "send.json"] {
        if let Ok(text) = std::fs::read_to_string(out.join(f)) {
            assert!(!text.contains(PASSWORD), "password in {f}");
        }
    }
}

#[test]
fn sends_each_audience_its_report_over_starttls_with_auth() {
    let (project, out) = project("starttls", SEND);
    let Some(srv) = server(project.parent().unwrap(), false, &[], &[]) else {
        return;
    };
    let url = format!("smtp://127.0.0.1:{}", srv.port);
    let o = send(
        &project,
        &out,
        &["--smtp", &url, "--insecure", "--format", "json"],
        true,
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("--insecure"), "{}", stderr(&o));
    no_credentials(&o, &out);
    let report = json(&o);
    assert_eq!(report["sent"], 4, "{report}");
    assert_eq!(report["server"], url);

    let got = srv.received();
    let mut to: Vec<&str> = got
        .iter()
        .map(|(e, _)| e["to"][0].as_str().unwrap())
        .collect();
    to.sort();
    assert_eq!(
        to,
        [
            "ciso@northwind.example",
            "cto@northwind.example",
            "payments-lead@northwind.example",
            "retail-leads@northwind.example"
        ]
    );
    let scores: Value =
        serde_json::from_slice(&std::fs::read(out.join("scores.json")).unwrap()).unwrap();
    let group = |name: &str| {
        scores["groups"]
            .as_array()
            .unwrap()
            .iter()
            .find(|g| g["name"] == name)
            .unwrap()
            .clone()
    };
    for (env, msg) in &got {
        assert_eq!(env["tls"], true);
        assert_eq!(env["auth"], true);
        assert_eq!(env["from"], "appsec@northwind.example");
        assert_eq!(msg["content_type"], "multipart/mixed");
        assert!(
            msg["parts"].to_string().contains("multipart/alternative"),
            "{msg}"
        );
        let rcpt = env["to"][0].as_str().unwrap();
        let (subject, pdf, figure, link) = match rcpt {
            "payments-lead@northwind.example" => (
                format!("Northwind Retail Group: DevSecOps maturity of Payments as of {AS_OF}"),
                "reports/groups/payments.pdf",
                pct(&group("Payments")["completion"]),
                "https://appsec.northwind.example/maturity/groups/payments.html",
            ),
            "retail-leads@northwind.example" => (
                format!(
                    "Northwind Retail Group: DevSecOps maturity of Retail Platform as of {AS_OF}"
                ),
                "reports/groups/retail-platform.pdf",
                pct(&group("Retail Platform")["completion"]),
                "https://appsec.northwind.example/maturity/groups/retail-platform.html",
            ),
            _ => (
                format!(
                    "Northwind Retail Group: DevSecOps maturity of the organisation as of {AS_OF}"
                ),
                "reports/executive-summary.pdf",
                pct(&scores["org"]["completion"]),
                "https://appsec.northwind.example/maturity/index.html",
            ),
        };
        assert_eq!(msg["subject"], subject.as_str());
        let text = msg["text"].as_str().unwrap();
        assert!(
            text.contains(&format!("Completion: {figure}, ")),
            "{rcpt}: {figure} not in\n{text}"
        );
        assert!(text.contains(link), "{text}");
        assert!(
            text.contains("Biggest gaps:") || text.contains("What we ask for:"),
            "{text}"
        );
        assert!(
            msg["html"]
                .as_str()
                .unwrap()
                .contains(&format!("href=\"{link}\""))
        );
        let att = &msg["attachments"][0];
        assert_eq!(msg["attachments"].as_array().unwrap().len(), 1);
        assert_eq!(att["content_type"], "application/pdf");
        assert_eq!(att["filename"], pdf.rsplit('/').next().unwrap());
        let sent = std::fs::read(att["path"].as_str().unwrap()).unwrap();
        assert!(sent.starts_with(b"%PDF-"));
        assert!(
            sent == std::fs::read(out.join(pdf)).unwrap(),
            "{pdf} differs"
        );
    }
    // The executive summary's text lists the policy that fails (Payments teams reach level 1).
    let (_, exec) = got
        .iter()
        .find(|(e, _)| e["to"][0] == "ciso@northwind.example")
        .unwrap();
    assert!(
        exec["text"]
            .as_str()
            .unwrap()
            .contains("Payments teams reach level 1: 2 of 4 teams fail"),
        "{}",
        exec["text"]
    );
    let record: Value =
        serde_json::from_slice(&std::fs::read(out.join("sent.json")).unwrap()).unwrap();
    assert_eq!(record["messages"].as_array().unwrap().len(), 4);

    // The same build is not sent twice; --again sends once more, with new message ids.
    let o = send(
        &project,
        &out,
        &["--smtp", &url, "--insecure", "--format", "json"],
        true,
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(json(&o)["already_sent"], 4);
    assert_eq!(srv.received().len(), 4);
    let o = send(
        &project,
        &out,
        &[
            "--smtp",
            &url,
            "--insecure",
            "--again",
            "--only",
            "executive",
            "--format",
            "json",
        ],
        true,
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let again = json(&o);
    assert_eq!(again["sent"], 2, "{again}");
    assert!(
        again["messages"][0]["message_id"]
            .as_str()
            .unwrap()
            .ends_with(".2@northwind.example>")
    );
    assert_eq!(srv.received().len(), 6);
    no_credentials(&o, &out);
}

/// One address is rejected (550: not retried), one deferred once (451: retried after a pause).
#[test]
fn a_rejected_recipient_does_not_stop_the_others() {
    let (project, out) = project("reject", SEND);
    let Some(srv) = server(
        project.parent().unwrap(),
        true,
        &["cto@northwind.example"],
        &["payments-lead@northwind.example"],
    ) else {
        return;
    };
    let url = format!("smtps://127.0.0.1:{}", srv.port);
    let o = send(
        &project,
        &out,
        &["--smtp", &url, "--insecure", "--format", "json"],
        true,
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    no_credentials(&o, &out);
    let report = json(&o);
    assert_eq!(
        (report["sent"].as_u64(), report["failed"].as_u64()),
        (Some(3), Some(1))
    );
    let failed = report["messages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["status"] == "failed")
        .unwrap();
    assert_eq!(failed["to"], "cto@northwind.example");
    assert!(
        failed["error"].as_str().unwrap().contains("550"),
        "{failed}"
    );
    assert!(
        stderr(&o).contains("sent 3 of 4 messages, 1 failed"),
        "{}",
        stderr(&o)
    );
    assert_eq!(srv.received().len(), 3);
    assert!(srv.received().iter().all(|(e, _)| e["tls"] == true));
    let record = std::fs::read_to_string(out.join("sent.json")).unwrap();
    assert!(!record.contains("cto@"), "{record}");
}

#[test]
fn a_server_that_is_down_is_a_clear_error_and_nothing_is_recorded() {
    let (project, out) = project("down", SEND);
    // A port that was free a moment ago: nothing listens there.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let url = format!("smtps://127.0.0.1:{port}");
    let o = send(&project, &out, &["--smtp", &url, "--format", "json"], true);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains(&format!("failed to connect to {url}")),
        "{err}"
    );
    assert!(err.contains("nothing was sent"), "{err}");
    assert_eq!(json(&o)["failed"], 4);
    assert!(!out.join("sent.json").exists());
    assert!(!out.join("sent.json.partial").exists());
    no_credentials(&o, &out);
}

#[test]
fn the_server_certificate_is_verified_unless_insecure() {
    let (project, out) = project("verify", SEND);
    let Some(srv) = server(project.parent().unwrap(), false, &[], &[]) else {
        return;
    };
    let url = format!("smtp://127.0.0.1:{}", srv.port);
    let o = send(&project, &out, &["--smtp", &url, "--only", "groups"], true);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("certificate is not trusted"),
        "{}",
        stderr(&o)
    );
    assert!(srv.received().is_empty());
    assert!(!out.join("sent.json").exists());
    // --insecure is for a server on this machine only.
    let o = send(
        &project,
        &out,
        &["--smtp", "smtps://mail.example.com", "--insecure"],
        true,
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("--insecure is only for a test server"),
        "{}",
        stderr(&o)
    );
    // Credentials never come from the URL.
    let o = send(
        &project,
        &out,
        &["--smtp", "smtps://bot:hunter2@mail.example.com"],
        false,
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("must not contain credentials") && !stderr(&o).contains("hunter2"));
}

#[test]
fn a_dry_run_writes_one_eml_per_message_and_the_same_bytes_twice() {
    let (project, out) = project("dry", SEND);
    let o = send(&project, &out, &["--format", "json"], false);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("dry run: wrote 4 of 4 messages"),
        "{}",
        stderr(&o)
    );
    let report = json(&o);
    assert_eq!(
        (report["dry_run"].as_bool(), report["written"].as_u64()),
        (Some(true), Some(4))
    );
    let outbox = out.join("outbox");
    let mut files: Vec<String> = std::fs::read_dir(&outbox)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".eml"))
        .collect();
    files.sort();
    assert_eq!(
        files,
        [
            "executive-summary--ciso@northwind.example.eml",
            "executive-summary--cto@northwind.example.eml",
            "groups-payments--payments-lead@northwind.example.eml",
            "groups-retail-platform--retail-leads@northwind.example.eml"
        ]
    );
    let first = std::fs::read(outbox.join(&files[2])).unwrap();
    let text = String::from_utf8_lossy(&first);
    assert!(text.contains("Content-Type: application/pdf"), "{text}");
    assert!(text.contains("Message-ID: <"), "{text}");
    // A dry run sends nothing and records nothing; a second one gives the same bytes.
    assert!(!out.join("sent.json").exists());
    let o = send(&project, &out, &[], false);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(std::fs::read(outbox.join(&files[2])).unwrap(), first);
    // DIR/templates/send/ overrides the bodies by name; a broken template writes nothing (exit 2).
    let dir = project.join("templates/send");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("message.txt"),
        "Hello {{ scope.title }}: {{ headline.completion }} ({{ headline.change }})\n",
    )
    .unwrap();
    let o = send(&project, &out, &["--only", "groups"], false);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = std::fs::read_to_string(outbox.join(&files[2])).unwrap();
    assert!(text.contains("Hello Group report: Payments: "), "{text}");
    std::fs::write(dir.join("message.html"), "{{ nope }}").unwrap();
    let o = send(&project, &out, &["--only", "groups"], false);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("send/message.html"), "{}", stderr(&o));
}

#[test]
fn missing_reports_and_large_attachments_are_failures_with_reasons() {
    // Checkout's team PDF was not rendered (--team-pdfs none); the rest still goes.
    let send_yaml = format!("{SEND}  teams: {{Checkout: [checkout-lead@northwind.example]}}\n");
    let (project, out) = project("missing", &send_yaml);
    let o = send(&project, &out, &["--format", "json"], false);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let report = json(&o);
    assert_eq!(
        (report["written"].as_u64(), report["failed"].as_u64()),
        (Some(4), Some(1))
    );
    assert!(
        stderr(&o).contains("the build has no team report for `Checkout`"),
        "{}",
        stderr(&o)
    );
    // Attachments over the limit are refused before any server sees them.
    let o = send(
        &project,
        &out,
        &["--only", "executive", "--max-attachment-mb", "0.01"],
        false,
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("over the 0.01 MB attachment limit"),
        "{}",
        stderr(&o)
    );
    // Without a finished build there is nothing to send.
    let o = send(&project, &project, &[], false);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("run `maturity build"), "{}", stderr(&o));
    // The reports must be those of the date asked for.
    let o = send(&project, &out, &["--as-of", "2026-12-31"], false);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains(&format!("as of {AS_OF}, not 2026-12-31")),
        "{}",
        stderr(&o)
    );
}

#[test]
fn validate_reports_bad_recipients_with_their_position() {
    let send_yaml = "send:\n  from: appsec@northwind.example\n  executive: [ciso@]\n  groups: {Paymnets: [p@northwind.example]}\n";
    let (project, _) = project("validate", send_yaml);
    let o = bin().arg("validate").arg(&project).output().unwrap();
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains(
            "error[invalid-address]: `ciso@` in `executive` is not a valid e-mail address"
        ),
        "{err}"
    );
    assert!(
        err.contains("error[unknown-group]") && err.contains("did you mean `Payments`?"),
        "{err}"
    );
    assert!(err.contains("maturity.yaml:"), "{err}");
}
