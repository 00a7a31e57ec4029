//! The HTTP side of `maturity serve`: files of the build folder only (no path leaves it), a reload
//! script added to HTML responses (never to the files on disk), a long-poll endpoint that answers when
//! the next build is done, and the page of input errors shown instead of the site.

use crate::render::markdown::escape;
use crate::util::diag::{Diagnostics, Severity};
use std::path::{Path, PathBuf};
use std::sync::{Condvar, Mutex};
use std::time::Duration;

/// The endpoint the reload script polls: `?since=N` answers with the build number once it is not N.
pub const WAIT: &str = "/__maturity/wait";
/// How long one poll waits for a build before it answers with the same number.
const POLL: Duration = Duration::from_secs(25);

/// What the HTTP threads share with the rebuild loop.
pub struct Shared {
    out: PathBuf,
    /// Listening on loopback only: requests must name a loopback host (against DNS rebinding).
    loopback: bool,
    state: Mutex<State>,
    changed: Condvar,
}

struct State {
    /// Counts builds; the reload script reloads when it changes.
    generation: u64,
    /// The page shown instead of the site while the input has errors.
    error: Option<String>,
}

impl Shared {
    pub fn new(out: PathBuf, loopback: bool) -> Shared {
        Shared {
            out,
            loopback,
            state: Mutex::new(State {
                generation: 0,
                error: None,
            }),
            changed: Condvar::new(),
        }
    }

    /// A build finished: with an error page, or with the site in place. Wakes every waiting browser.
    pub fn publish(&self, error: Option<String>) {
        let mut s = self.state.lock().unwrap_or_else(|e| e.into_inner());
        s.generation += 1;
        s.error = error;
        self.changed.notify_all();
    }

    fn snapshot(&self) -> (u64, Option<String>) {
        let s = self.state.lock().unwrap_or_else(|e| e.into_inner());
        (s.generation, s.error.clone())
    }

    /// Waits up to `POLL` for a build other than `since`; returns the current build number.
    fn wait(&self, since: u64) -> u64 {
        let s = self.state.lock().unwrap_or_else(|e| e.into_inner());
        let (s, _) = self
            .changed
            .wait_timeout_while(s, POLL, |s| s.generation == since)
            .unwrap_or_else(|e| e.into_inner());
        s.generation
    }
}

/// Answers requests until the server stops, one thread per request (the reload polls wait).
pub fn serve(server: tiny_http::Server, shared: std::sync::Arc<Shared>) {
    for req in server.incoming_requests() {
        let shared = std::sync::Arc::clone(&shared);
        std::thread::spawn(move || {
            let _ = respond(req, &shared);
        });
    }
}

fn respond(req: tiny_http::Request, shared: &Shared) -> std::io::Result<()> {
    let host = req
        .headers()
        .iter()
        .find(|h| h.field.equiv("Host"))
        .map(|h| h.value.as_str().to_string());
    if shared.loopback && !host.as_deref().is_none_or(loopback_host) {
        // A page elsewhere whose name was re-pointed at 127.0.0.1 (DNS rebinding) must not read the reports.
        let page = page(
            "Forbidden",
            "<p>Open this preview as http://127.0.0.1 or http://localhost.</p>",
        );
        return req.respond(reply(403, page.into_bytes(), "text/html"));
    }
    let url = req.url().to_string();
    let (path, query) = url.split_once('?').unwrap_or((&url, ""));
    if path == WAIT {
        let since = query
            .split('&')
            .find_map(|kv| kv.strip_prefix("since="))
            .and_then(|n| n.parse().ok())
            .unwrap_or(0);
        let generation = shared.wait(since);
        return req.respond(reply(
            200,
            generation.to_string().into_bytes(),
            "text/plain",
        ));
    }
    let (generation, error) = shared.snapshot();
    if let Some(page) = error {
        return req.respond(reply(500, with_reload(&page, generation), "text/html"));
    }
    let Some(file) = resolve(&shared.out, path) else {
        let page = page("Not found", "<p>This page is not part of the site.</p>");
        return req.respond(reply(404, with_reload(&page, generation), "text/html"));
    };
    let bytes = match std::fs::read(&file) {
        Ok(b) => b,
        Err(_) => {
            let page = page("Not found", "<p>This page is not part of the site.</p>");
            return req.respond(reply(404, with_reload(&page, generation), "text/html"));
        }
    };
    let kind = content_type(&file);
    let body = if kind == "text/html" {
        with_reload(&String::from_utf8_lossy(&bytes), generation)
    } else {
        bytes
    };
    req.respond(reply(200, body, kind))
}

/// Whether a Host header names this machine: `localhost`, `*.localhost`, `127.x.y.z` or `[::1]`, with
/// or without a port.
fn loopback_host(host: &str) -> bool {
    let name = match host.strip_prefix('[') {
        Some(v6) => return v6.split(']').next() == Some("::1"),
        None => host.rsplit_once(':').map_or(host, |(n, _)| n),
    }
    .to_ascii_lowercase();
    name == "localhost"
        || name.ends_with(".localhost")
        || name
            .parse::<std::net::Ipv4Addr>()
            .is_ok_and(|ip| ip.is_loopback())
}

fn reply(status: u16, body: Vec<u8>, kind: &str) -> tiny_http::Response<std::io::Cursor<Vec<u8>>> {
    let charset = if kind.starts_with("text/") || kind.ends_with("json") || kind.ends_with("xml") {
        "; charset=utf-8"
    } else {
        ""
    };
    let header = |k: &str, v: &str| tiny_http::Header::from_bytes(k, v).ok();
    let mut r = tiny_http::Response::from_data(body).with_status_code(status);
    for h in [
        header("Content-Type", &format!("{kind}{charset}")),
        header("Cache-Control", "no-store"),
        header("X-Content-Type-Options", "nosniff"),
    ]
    .into_iter()
    .flatten()
    {
        r.add_header(h);
    }
    r
}

/// The file a request path names inside `out`, or `None`: every segment is percent-decoded and may not
/// be `.`, `..`, or hold a slash, backslash, colon or NUL; the resolved file (symlinks followed) must be
/// a regular file inside `out`. A folder stands for its `index.html`.
pub fn resolve(out: &Path, raw: &str) -> Option<PathBuf> {
    let raw = raw.split('#').next()?;
    if !raw.starts_with('/') {
        return None;
    }
    let root = out.canonicalize().ok()?;
    let mut file = root.clone();
    for seg in raw.split('/').filter(|s| !s.is_empty()) {
        let seg = percent_encoding::percent_decode_str(seg)
            .decode_utf8()
            .ok()?;
        if seg == "." || seg == ".." || seg.contains(['/', '\\', ':', '\0']) {
            return None;
        }
        file.push(&*seg);
    }
    if file.is_dir() {
        file.push("index.html");
    }
    let file = file.canonicalize().ok()?;
    (file.starts_with(&root) && file.is_file()).then_some(file)
}

fn content_type(file: &Path) -> &'static str {
    match file.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html",
        "css" => "text/css",
        "js" => "text/javascript",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "csv" => "text/csv",
        // The data files above 1,000 teams (`scores.json.gz`, `exports/*.csv.gz`): a download, as on
        // a static host, never a `Content-Encoding` the browser would unpack.
        "gz" => "application/gzip",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "txt" => "text/plain",
        "xml" => "application/xml",
        "woff2" => "font/woff2",
        _ => "application/octet-stream",
    }
}

/// Adds the reload script before `</body>` (or at the end): it waits for the next build, then reloads.
fn with_reload(html: &str, generation: u64) -> Vec<u8> {
    let script = format!(
        "<script>/* maturity serve: reloads after each rebuild; not part of the built site */\n\
         (function(){{var g={generation};function w(){{fetch('{WAIT}?since='+g,{{cache:'no-store'}})\
         .then(function(r){{return r.text()}}).then(function(t){{if(t!==String(g)){{location.reload()}}else{{w()}}}})\
         .catch(function(){{setTimeout(w,1000)}})}}w()}})();</script>\n"
    );
    let at = html.rfind("</body>").unwrap_or(html.len());
    let mut out = String::with_capacity(html.len() + script.len());
    out.push_str(&html[..at]);
    out.push_str(&script);
    out.push_str(&html[at..]);
    out.into_bytes()
}

fn page(title: &str, body: &str) -> String {
    format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title} · maturity serve</title>\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <style>body{{font:16px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem}}\
         li{{margin:.8rem 0}}code{{font:14px ui-monospace,monospace}}.error{{color:#b00020}}.warning{{color:#8a5a00}}\
         @media (prefers-color-scheme:dark){{body{{background:#161616;color:#e8e8e8}}.error{{color:#ff7b7b}}.warning{{color:#f0c060}}}}</style>\
         </head><body><h1>{title}</h1>\n{body}</body></html>\n"
    )
}

/// The page shown while the input has errors: every diagnostic with file:line:col, message and hint.
pub fn diagnostics_page(diags: &Diagnostics, dir: &Path) -> String {
    let mut sorted = diags.sorted();
    // Errors first: they are why the site is not shown.
    sorted.sort_by_key(|d| d.severity != Severity::Error);
    let errors = sorted
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let mut body = format!(
        "<p>{errors} error(s) in the input: the site is shown again once they are fixed (this page reloads by itself).</p>\n<ol>\n"
    );
    for d in &sorted {
        let (class, word) = match d.severity {
            Severity::Error => ("error", "error"),
            _ => ("warning", "warning"),
        };
        let file = crate::load::paths::relative_to_input(dir, &d.file);
        let at = if d.line > 0 {
            format!("{file}:{}:{}", d.line, d.col)
        } else {
            file
        };
        body.push_str(&format!(
            "<li><strong class=\"{class}\">{word}[{}]</strong>: {}<br><code>{}</code>",
            escape(d.code),
            escape(&d.message),
            escape(&at)
        ));
        if let Some(h) = &d.hint {
            body.push_str(&format!("<br>hint: {}", escape(h)));
        }
        body.push_str("</li>\n");
    }
    body.push_str("</ol>\n");
    page("The input has errors", &body)
}

/// The page shown when the build itself failed (a template error, an unwritable folder).
pub fn failure_page(message: &str) -> String {
    page(
        "The build failed",
        &format!(
            "<p><code>{}</code></p><p>Fix it and save a file to build again.</p>\n",
            escape(message)
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_request_path_leaves_the_build_folder() {
        let tmp = std::env::temp_dir().join(format!("maturity-resolve-{}", std::process::id()));
        let out = tmp.join("site");
        std::fs::create_dir_all(out.join("teams")).unwrap();
        std::fs::write(out.join("index.html"), "i").unwrap();
        std::fs::write(out.join("teams/a.html"), "a").unwrap();
        std::fs::write(tmp.join("secret.txt"), "s").unwrap();
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(tmp.join("secret.txt"), out.join("link.txt")).unwrap();
            std::os::unix::fs::symlink(&tmp, out.join("up")).unwrap();
        }
        let ok = [
            ("/", "index.html"),
            ("/teams/a.html", "teams/a.html"),
            ("/teams/%61.html", "teams/a.html"),
            ("/teams/", "teams/index.html"),
        ];
        for (path, want) in ok {
            let got = resolve(&out, path);
            if want == "teams/index.html" {
                assert_eq!(got, None, "{path}");
            } else {
                assert_eq!(got, Some(out.canonicalize().unwrap().join(want)), "{path}");
            }
        }
        for bad in [
            "/../secret.txt",
            "/teams/../../secret.txt",
            "/%2e%2e/secret.txt",
            "/%2E%2E/secret.txt",
            "/teams/%2e%2e%2f%2e%2e%2fsecret.txt",
            "/..%2fsecret.txt",
            "/..%5csecret.txt",
            "/..\\secret.txt",
            "/%00",
            "/C:/Windows/win.ini",
            "//etc/passwd",
            "/etc/passwd",
            "http://example.com/../secret.txt",
            "secret.txt",
            "/link.txt",
            "/up/secret.txt",
            "/%ff",
        ] {
            assert_eq!(resolve(&out, bad), None, "{bad}");
        }
        std::fs::remove_dir_all(&tmp).unwrap();
    }

    #[test]
    fn downloads_keep_their_type() {
        for (file, want) in [
            ("scores.json", "application/json"),
            ("scores.json.gz", "application/gzip"),
            ("exports/team-activity-states.csv.gz", "application/gzip"),
            (
                "exports/compliance.xlsx",
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ),
            ("exports/evidence.csv", "text/csv"),
        ] {
            assert_eq!(
                super::content_type(std::path::Path::new(file)),
                want,
                "{file}"
            );
        }
    }

    #[test]
    fn only_loopback_host_names_are_answered() {
        for ok in [
            "127.0.0.1:1111",
            "localhost",
            "LOCALHOST:80",
            "app.localhost:1111",
            "127.0.0.2",
            "[::1]:1111",
            "[::1]",
        ] {
            assert!(loopback_host(ok), "{ok}");
        }
        for bad in [
            "evil.example",
            "evil.example:1111",
            "127.0.0.1.evil.example",
            "localhost.evil.example",
            "[::2]:1111",
            "10.0.0.1",
            "",
        ] {
            assert!(!loopback_host(bad), "{bad}");
        }
    }

    #[test]
    fn the_reload_script_goes_before_the_closing_body_tag() {
        let html = String::from_utf8(with_reload("<html><body><p>x</p></body></html>", 7)).unwrap();
        assert!(html.ends_with("</script>\n</body></html>"), "{html}");
        assert!(html.contains("var g=7;"));
        let bare = String::from_utf8(with_reload("<p>x", 1)).unwrap();
        assert!(bare.starts_with("<p>x<script>"));
    }

    #[test]
    fn the_error_page_escapes_everything_from_the_input() {
        let mut d = Diagnostics::default();
        d.error(
            "teams/<b>.yaml",
            crate::util::diag::Pos { line: 3, col: 5 },
            "wrong-type",
            "team `<script>alert(1)</script>` & co",
        )
        .hint("write \"x\"");
        let page = diagnostics_page(&d, Path::new("."));
        assert!(!page.contains("<script>alert"), "{page}");
        assert!(page.contains("team `&lt;script&gt;alert(1)&lt;/script&gt;` &amp; co"));
        assert!(page.contains("teams/&lt;b&gt;.yaml:3:5"));
        assert!(page.contains("write &quot;x&quot;"));
    }
}
