//! `maturity serve`: builds DIR into a temporary folder with the normal build, serves that folder on
//! loopback, rebuilds when an input file changes, reloads the browser, and shows input errors as a page.

use super::build::{Only, Options};
use super::serve_http::{self, Shared};
use crate::render::pdf::jobs::TeamPdfs;
use crate::util::error::{Error, Result};
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::mpsc;
use std::time::{Duration, Instant};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Project folder, DSOMM export folder, or v3 generated.yaml.
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// Port to listen on (0: any free port; the address is printed).
    #[arg(long, short, default_value_t = 1111)]
    pub port: u16,
    /// Address to listen on; other than loopback, anyone on the network can read the reports.
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: IpAddr,
    /// Also render the PDF reports on every rebuild (slow: seconds to minutes; off by default).
    #[arg(long)]
    pub pdfs: bool,
    /// Folder of templates overriding the built-in ones (default: DIR/templates if present).
    #[arg(long)]
    pub templates: Option<PathBuf>,
    /// Score as of this date (YYYY-MM-DD); default today, or SOURCE_DATE_EPOCH.
    #[arg(long)]
    pub as_of: Option<String>,
    /// Start of the "what changed" view (YYYY-MM-DD); default: the start of the previous quarter.
    #[arg(long)]
    pub since: Option<String>,
}

/// How long the watcher waits for more changes before it rebuilds (an editor's save is several events).
const SETTLE: Duration = Duration::from_millis(150);

pub fn run(args: Args) -> Result<ExitCode> {
    let server = tiny_http::Server::http((args.bind, args.port)).map_err(|e| {
        Error::Other(format!(
            "failed to listen on {}:{} ({e}); choose another --port",
            args.bind, args.port
        ))
    })?;
    let root = temp_root()?;
    let out = root.join("site");
    let build = |args: &Args| -> Result<Outcome> {
        let opts = Options {
            dir: args.dir.clone(),
            out: out.clone(),
            as_of: crate::commands::date_arg("as-of", args.as_of.as_deref())?,
            today: crate::util::date::Date::today(),
            templates: args.templates.clone(),
            only: if args.pdfs { Only::All } else { Only::Site },
            quiet: !args.pdfs,
            verbose: false,
            team_pdfs: TeamPdfs::Auto,
            since: args
                .since
                .as_deref()
                .map(|s| crate::commands::date_arg("since", Some(s)))
                .transpose()?,
            period: crate::score::Period::Quarter,
        };
        let started = Instant::now();
        Ok(match super::build::build(&opts) {
            Ok((diags, summary)) => {
                crate::util::term::stderr(&diags.human());
                if diags.has_errors() {
                    Outcome::Failed(serve_http::diagnostics_page(&diags, &args.dir))
                } else {
                    crate::util::term::stderr(&format!(
                        "built {} files in {} ms\n",
                        summary.files,
                        started.elapsed().as_millis()
                    ));
                    Outcome::Built
                }
            }
            Err(e) => {
                let msg = crate::util::term::clean(&e.to_string()).to_string();
                crate::util::term::stderr(&format!("error: {msg}\n"));
                Outcome::Failed(serve_http::failure_page(&msg))
            }
        })
    };
    let addr = server
        .server_addr()
        .to_ip()
        .map(|a| a.to_string())
        .unwrap_or_else(|| format!("{}:{}", args.bind, args.port));
    let shared = Arc::new(Shared::new(out.clone(), args.bind.is_loopback()));
    shared.publish(build(&args)?.error_page());
    if !args.bind.is_loopback() {
        crate::util::term::stderr(&format!(
            "warning: listening on {} is not loopback only: anyone who can reach this machine can read the reports\n",
            args.bind
        ));
    }
    crate::util::term::stderr(&format!(
        "serving {} at http://{addr}/ (built into {}; Ctrl-C to stop)\n",
        crate::util::term::clean(&args.dir.display().to_string()),
        out.display()
    ));
    let http = Arc::clone(&shared);
    std::thread::spawn(move || serve_http::serve(server, http));

    let (tx, rx) = mpsc::channel();
    let mut watcher = notify::recommended_watcher(move |ev| {
        let _ = tx.send(ev);
    })
    .map_err(|e| Error::Other(format!("failed to watch {} ({e})", args.dir.display())))?;
    let mut watched = vec![args.dir.clone()];
    watched.extend(args.templates.clone());
    for w in &watched {
        use notify::Watcher;
        watcher
            .watch(w, notify::RecursiveMode::Recursive)
            .map_err(|e| Error::Other(format!("failed to watch {} ({e})", w.display())))?;
    }
    while let Ok(ev) = rx.recv() {
        if !relevant(&ev, &root) {
            continue;
        }
        // Let a burst of events settle, then build once.
        while rx.recv_timeout(SETTLE).is_ok() {}
        crate::util::term::stderr("change detected, rebuilding…\n");
        shared.publish(build(&args)?.error_page());
    }
    Ok(ExitCode::SUCCESS)
}

enum Outcome {
    Built,
    /// The page shown instead of the site.
    Failed(String),
}

impl Outcome {
    fn error_page(self) -> Option<String> {
        match self {
            Outcome::Built => None,
            Outcome::Failed(page) => Some(page),
        }
    }
}

/// Whether a file event should trigger a rebuild: not reads, not the build's own folder, not `.git`
/// or editor scratch files.
fn relevant(ev: &notify::Result<notify::Event>, root: &Path) -> bool {
    let Ok(ev) = ev else { return true };
    if matches!(ev.kind, notify::EventKind::Access(_)) {
        return false;
    }
    ev.paths.iter().any(|p| {
        let name = p
            .file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default();
        let scratch = name.ends_with('~')
            || name.starts_with(".#")
            || name.ends_with(".swp")
            || name.ends_with(".swx");
        !p.starts_with(root) && !p.components().any(|c| c.as_os_str() == ".git") && !scratch
    })
}

/// `maturity-serve-PID` in the system's temporary folder; folders of earlier serves whose process is
/// gone (Ctrl-C ends serve without cleaning up) are removed first.
fn temp_root() -> Result<PathBuf> {
    let tmp = std::env::temp_dir();
    if let Ok(rd) = std::fs::read_dir(&tmp) {
        for e in rd.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            let Some(pid) = name
                .strip_prefix("maturity-serve-")
                .and_then(|p| p.parse::<u32>().ok())
            else {
                continue;
            };
            let path = e.path();
            let ours = path.join("site").join(crate::output::MARKER).is_file()
                || std::fs::read_dir(&path).is_ok_and(|mut d| d.next().is_none());
            if ours && pid != std::process::id() && !crate::output::process_alive(pid) {
                let _ = crate::output::remove_tree(&path);
            }
        }
    }
    let root = tmp.join(format!("maturity-serve-{}", std::process::id()));
    std::fs::create_dir_all(&root).map_err(|e| Error::io("create", &root, e))?;
    Ok(root)
}
