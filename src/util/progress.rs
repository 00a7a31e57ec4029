//! Progress reporting for long runs: a one-line progress display on an interactive terminal, plain
//! lines in CI logs (or whenever stderr is not a terminal), nothing with `--quiet`, and step timings
//! with `--verbose` (or `MATURITY_TIMINGS` set).

use std::io::IsTerminal;
use std::sync::Mutex;
use std::time::{Duration, Instant};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Quiet,
    Bar,
    Lines,
    Verbose,
}

pub struct Progress {
    mode: Mode,
    /// When the current step started, and its name.
    current: Mutex<(Instant, String)>,
    /// When the last count line was printed (see [`Progress::count`]).
    last_count: Mutex<Option<Instant>>,
}

/// How often a count line is printed: on a terminal (redrawn in place) and in logs (one line each).
const BAR_EVERY: Duration = Duration::from_millis(200);
const LINE_EVERY: Duration = Duration::from_secs(5);

impl Progress {
    pub fn new(quiet: bool, verbose: bool) -> Progress {
        let tty = std::io::stderr().is_terminal() && std::env::var_os("CI").is_none();
        let mode = if verbose || std::env::var_os("MATURITY_TIMINGS").is_some() {
            Mode::Verbose
        } else if quiet {
            Mode::Quiet
        } else if tty {
            Mode::Bar
        } else {
            Mode::Lines
        };
        Progress {
            mode,
            current: Mutex::new((Instant::now(), String::new())),
            last_count: Mutex::new(None),
        }
    }

    /// Reports `done` of `total` items of the current step with an estimate of the time left, e.g.
    /// `rendering PDF reports: 310/1105, about 14 s left`: redrawn in place at most every 200 ms on a
    /// terminal, a line every 5 s (and at the end) in logs and with `--verbose`. Thread-safe.
    pub fn count(&self, what: &str, done: usize, total: usize) {
        let interval = match self.mode {
            Mode::Quiet => return,
            Mode::Bar => BAR_EVERY,
            Mode::Lines | Mode::Verbose => LINE_EVERY,
        };
        let now = Instant::now();
        let started = self.current.lock().expect("progress lock").0;
        {
            let mut last = self.last_count.lock().expect("progress lock");
            let due = last.is_none_or(|t| now.duration_since(t) >= interval);
            if !due && done < total {
                return;
            }
            *last = Some(now);
        }
        let line = count_line(what, done, total, now.duration_since(started));
        match self.mode {
            Mode::Bar => eprint!("\r\x1b[2K{line}"),
            _ => eprintln!("{line}"),
        }
    }

    /// Starts a step (`msg` without a count) or updates the current one (`msg` with `n/total`).
    pub fn step(&self, msg: &str) {
        let update = msg.contains('/');
        if self.mode == Mode::Quiet {
            return;
        }
        if update {
            if self.mode == Mode::Bar {
                eprint!("\r\x1b[2K{msg}");
            }
            return;
        }
        let mut cur = self.current.lock().expect("progress lock");
        match self.mode {
            Mode::Bar => eprint!("\r\x1b[2K{msg}"),
            Mode::Lines => eprintln!("{}", msg.trim_end_matches('…')),
            _ => {
                if !cur.1.is_empty() {
                    eprintln!("  {:.1} ms", cur.0.elapsed().as_secs_f64() * 1000.0);
                }
                eprintln!("{}", msg.trim_end_matches('…'));
            }
        }
        *cur = (Instant::now(), msg.to_string());
        *self.last_count.lock().expect("progress lock") = None;
    }

    /// A detail of the current step, shown with `--verbose` only.
    pub fn note(&self, msg: &str) {
        if self.mode == Mode::Verbose {
            eprintln!("  {msg}");
        }
    }

    /// Ends the last step.
    pub fn done(&self) {
        match self.mode {
            Mode::Bar => eprint!("\r\x1b[2K"),
            Mode::Verbose => {
                let cur = self.current.lock().expect("progress lock");
                eprintln!("  {:.1} ms", cur.0.elapsed().as_secs_f64() * 1000.0);
            }
            _ => {}
        }
    }
}

/// `what: done/total, about N s left` (the estimate assumes the remaining items take as long as the
/// ones so far; none before the first item or after the last).
pub fn count_line(what: &str, done: usize, total: usize, elapsed: Duration) -> String {
    let what = what.trim_end_matches('…');
    if done == 0 || done >= total {
        return format!("{what}: {done}/{total}");
    }
    let left = elapsed.as_secs_f64() * (total - done) as f64 / done as f64;
    let left = if left < 60.0 {
        format!("{:.0} s", left.ceil())
    } else {
        format!("{}:{:02} min", (left / 60.0) as u64, (left % 60.0) as u64)
    };
    format!("{what}: {done}/{total}, about {left} left")
}

#[cfg(test)]
mod tests {
    use super::count_line;
    use std::time::Duration;

    #[test]
    fn count_lines_estimate_the_time_left() {
        let s = Duration::from_secs;
        for (done, total, elapsed, want) in [
            (0, 10, s(0), "pdf: 0/10"),
            (1, 10, s(2), "pdf: 1/10, about 18 s left"),
            (5, 10, s(10), "pdf: 5/10, about 10 s left"),
            (100, 1100, s(10), "pdf: 100/1100, about 1:40 min left"),
            (10, 10, s(30), "pdf: 10/10"),
        ] {
            assert_eq!(count_line("pdf…", done, total, elapsed), want);
        }
    }
}
