//! Bounds on rendering: a template (user templates are input, and input is untrusted) may loop without end
//! or allocate without limit, and neither tera nor typst can be interrupted from outside. A background
//! thread watches every render in progress; when one runs longer than the time limit, or the process grows
//! past the memory limit while a render runs, it removes the registered staging folders, names the
//! template, and ends the process with exit code 2.
//!
//! Limits: [`DEFAULT_SECONDS`] per document and [`DEFAULT_MEMORY_MIB`] of resident memory, overridable with
//! `MATURITY_RENDER_TIMEOUT` (seconds) and `MATURITY_MAX_MEMORY` (MiB) for very large organisations.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

/// The longest one page or PDF may take to render. The built-in templates need well under a second for
/// the executive summary of 10,000 teams.
pub const DEFAULT_SECONDS: u64 = 120;
/// The most resident memory the process may use while a render runs.
pub const DEFAULT_MEMORY_MIB: u64 = 8 * 1024;
/// How often the watchdog looks.
const POLL: Duration = Duration::from_millis(100);

struct Active {
    what: String,
    started: Instant,
}

#[derive(Default)]
struct State {
    active: BTreeMap<u64, Active>,
    cleanup: Vec<PathBuf>,
}

static STATE: OnceLock<Mutex<State>> = OnceLock::new();
static NEXT: AtomicU64 = AtomicU64::new(1);

fn state() -> &'static Mutex<State> {
    STATE.get_or_init(|| {
        // The thread lives as long as the process; it only looks while something renders.
        let _ = std::thread::Builder::new()
            .name("render-watchdog".into())
            .spawn(watch);
        Mutex::new(State::default())
    })
}

fn lock() -> std::sync::MutexGuard<'static, State> {
    state().lock().unwrap_or_else(|e| e.into_inner())
}

fn limit(var: &str, default: u64) -> u64 {
    std::env::var(var)
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .filter(|v| *v > 0)
        .unwrap_or(default)
}

/// A render in progress; dropping it ends the watch.
pub struct Guard(u64);

/// Watches the render of `what` (e.g. `templates/pdf/team.typ for Checkout`) until the guard is dropped.
pub fn guard(what: impl Into<String>) -> Guard {
    let id = NEXT.fetch_add(1, Ordering::Relaxed);
    lock().active.insert(
        id,
        Active {
            what: what.into(),
            started: Instant::now(),
        },
    );
    Guard(id)
}

impl Drop for Guard {
    fn drop(&mut self) {
        lock().active.remove(&self.0);
    }
}

/// Removes `dir` if the watchdog has to end the process (a staging folder that must not be left behind).
pub fn remove_on_abort(dir: PathBuf) {
    lock().cleanup.push(dir);
}

/// Forgets a folder registered with [`remove_on_abort`] (it was renamed into place or removed).
pub fn keep(dir: &std::path::Path) {
    lock().cleanup.retain(|d| d != dir);
}

fn resident_mib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024)
}

fn watch() {
    let seconds = limit("MATURITY_RENDER_TIMEOUT", DEFAULT_SECONDS);
    let memory = limit("MATURITY_MAX_MEMORY", DEFAULT_MEMORY_MIB);
    loop {
        std::thread::sleep(POLL);
        let problem = {
            let st = lock();
            let late = st
                .active
                .values()
                .find(|a| a.started.elapsed() > Duration::from_secs(seconds));
            match late {
                Some(a) => Some(format!(
                    "failed to render {} (it ran longer than {seconds} s; a template that loops without end, or set MATURITY_RENDER_TIMEOUT for a larger limit)",
                    a.what
                )),
                None => match (st.active.values().next(), resident_mib()) {
                    (Some(a), Some(rss)) if rss > memory => Some(format!(
                        "failed to render {} (the process grew to {rss} MiB, over the limit of {memory} MiB; a template that allocates without end, or set MATURITY_MAX_MEMORY for a larger limit)",
                        a.what
                    )),
                    _ => None,
                },
            }
        };
        if let Some(message) = problem {
            let cleanup = std::mem::take(&mut lock().cleanup);
            for dir in cleanup {
                let _ = std::fs::remove_dir_all(dir);
            }
            crate::util::term::stderr(&format!("error: {}\n", crate::util::term::clean(&message)));
            std::process::exit(2);
        }
    }
}
