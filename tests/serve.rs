//! `maturity serve` driven as a user would: the real binary on a free port, requests over TCP, a real
//! edit of a team file, a broken file and its error page, paths that try to leave the build folder, and
//! the folder on disk byte-identical to `maturity build --only site`.

mod common;

use common::{bin, root, tmp};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// How long any step may take before the test gives up (a bound, not a measurement).
const PATIENCE: Duration = Duration::from_secs(120);

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap().flatten() {
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}

struct Serve {
    child: Child,
    addr: String,
    site: PathBuf,
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        if let Some(root) = self.site.parent() {
            let _ = std::fs::remove_dir_all(root);
        }
    }
}

/// Starts `maturity serve DIR --port 0` and waits for the line with its address.
fn serve(dir: &Path) -> Serve {
    // Owned by `Serve` at once, so that the server is killed whatever happens below.
    let mut s = Serve {
        child: bin()
            .args(["serve", "--port", "0"])
            .arg(dir)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap(),
        addr: String::new(),
        site: PathBuf::new(),
    };
    let stderr = s.child.stderr.take().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let deadline = Instant::now() + PATIENCE;
    loop {
        let line = rx
            .recv_timeout(deadline.saturating_duration_since(Instant::now()))
            .expect("serve printed its address");
        if let Some(rest) = line.split_once(" at http://").map(|(_, r)| r) {
            let addr = rest.split('/').next().unwrap().to_string();
            let site = rest.split_once("built into ").unwrap().1;
            let site = PathBuf::from(site.split_once(';').unwrap().0);
            assert!(addr.starts_with("127.0.0.1:"), "{line}");
            // Keep draining stderr so the server never blocks on a full pipe.
            std::thread::spawn(move || while rx.recv().is_ok() {});
            (s.addr, s.site) = (addr, site);
            return s;
        }
    }
}

/// One raw HTTP/1.0 request (the request line is sent as given, unnormalised): status and body.
fn get(addr: &str, target: &str) -> (u16, String) {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(PATIENCE)).unwrap();
    write!(s, "GET {target} HTTP/1.0\r\nHost: {addr}\r\n\r\n").unwrap();
    let mut raw = Vec::new();
    let _ = s.read_to_end(&mut raw);
    let text = String::from_utf8_lossy(&raw).into_owned();
    let status = text
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (status, body)
}

/// Polls `target` until `ok` holds for the response (or fails after `PATIENCE`).
fn wait_for(addr: &str, target: &str, what: &str, ok: impl Fn(u16, &str) -> bool) -> String {
    let deadline = Instant::now() + PATIENCE;
    loop {
        let (status, body) = get(addr, target);
        if ok(status, &body) {
            return body;
        }
        assert!(
            Instant::now() < deadline,
            "{what}: last answer {status}\n{body}"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
}

fn files(dir: &Path, base: &Path, out: &mut Vec<(String, Vec<u8>)>) {
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            files(&p, base, out);
        } else {
            let rel = p.strip_prefix(base).unwrap().to_string_lossy().into_owned();
            out.push((rel, std::fs::read(&p).unwrap()));
        }
    }
    out.sort();
}

#[test]
fn serve_rebuilds_on_a_change_shows_errors_and_serves_only_the_build() {
    let t = tmp("serve");
    let dir = t.join("org");
    copy_dir(&root().join("examples"), &dir);
    let s = serve(&dir);

    // A team page, with the reload script; the file on disk is what `build --only site` writes.
    let (status, page) = get(&s.addr, "/teams/checkout.html");
    assert_eq!(status, 200);
    assert!(page.contains("Jenkinsfile with build, test and scan stages"));
    assert!(page.contains("/__maturity/wait?since="));
    let built = t.join("built");
    let out = bin()
        .args(["build", "--only", "site", "-q", "--out"])
        .arg(&built)
        .arg(&dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (mut served, mut want) = (Vec::new(), Vec::new());
    files(&s.site, &s.site, &mut served);
    files(&built, &built, &mut want);
    assert_eq!(served.len(), want.len());
    for (a, b) in served.iter().zip(&want) {
        assert!(a == b, "{} differs from the build", a.0);
    }
    assert!(
        !String::from_utf8_lossy(&std::fs::read(s.site.join("teams/checkout.html")).unwrap())
            .contains("__maturity")
    );

    // Nothing outside the build folder: a secret beside it, a symlink inside it pointing out.
    let secret = s.site.parent().unwrap().join("secret.txt");
    std::fs::write(&secret, "TOP-SECRET").unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(&secret, s.site.join("link.txt")).unwrap();
    let abs = secret.display().to_string();
    for target in [
        "/../secret.txt",
        "/teams/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E%2Fsecret.txt",
        "/teams/..%2f..%2fsecret.txt",
        "/..%5csecret.txt",
        "/..\\secret.txt",
        "/link.txt",
        &abs,
        &format!("/{abs}"),
        &format!("http://{}/../secret.txt", s.addr),
    ] {
        let (status, body) = get(&s.addr, target);
        assert!(status >= 400, "{target}: {status}");
        assert!(!body.contains("TOP-SECRET"), "{target}");
    }

    // A page elsewhere whose host name was re-pointed at 127.0.0.1 (DNS rebinding) gets nothing.
    let mut c = TcpStream::connect(&s.addr).unwrap();
    write!(
        c,
        "GET /teams/checkout.html HTTP/1.1\r\nHost: evil.example:1111\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = String::new();
    let _ = c.read_to_string(&mut raw);
    assert!(raw.starts_with("HTTP/1.1 403"), "{raw}");
    assert!(!raw.contains("Jenkinsfile"));

    // An edit shows up.
    let team = dir.join("teams/checkout.yaml");
    let text = std::fs::read_to_string(&team).unwrap();
    std::fs::write(
        &team,
        text.replace(
            "Jenkinsfile with build, test and scan stages",
            "Pipeline file <reviewed>",
        ),
    )
    .unwrap();
    wait_for(&s.addr, "/teams/checkout.html", "the edit", |st, b| {
        st == 200 && b.contains("Pipeline file &lt;reviewed&gt;")
    });

    // A broken file: every page is the error page, with file:line:col, escaped.
    std::fs::write(&team, "name: Checkout <b>\ntarget_level: [\n").unwrap();
    let page = wait_for(
        &s.addr,
        "/teams/checkout.html",
        "the error page",
        |st, _| st == 500,
    );
    assert!(page.contains("error[yaml-syntax]"), "{page}");
    assert!(page.contains("<code>teams/checkout.yaml:2:"), "{page}");
    assert!(page.contains("/__maturity/wait?since="));
    let (status, _) = get(&s.addr, "/index.html");
    assert_eq!(status, 500);

    // Fixed again: the site is back.
    std::fs::write(&team, &text).unwrap();
    wait_for(&s.addr, "/teams/checkout.html", "the fix", |st, b| {
        st == 200 && b.contains("Jenkinsfile with build, test and scan stages")
    });
    let _ = std::fs::remove_dir_all(&t);
}

#[test]
fn serve_refuses_a_port_in_use() {
    let holder = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = holder.local_addr().unwrap().port().to_string();
    let out = bin()
        .args(["serve", "--port", &port])
        .arg(root().join("tests/fixtures/native-ok"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("failed to listen on 127.0.0.1:") && err.contains("--port"),
        "{err}"
    );
}
