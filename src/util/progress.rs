//! Progress reporting for long runs, on `indicatif`: on an interactive terminal a spinner per step and a
//! bar with count, rate and ETA for counted steps (the PDF reports); plain lines in CI logs (or whenever
//! stderr is not a terminal) with the count and indicatif's estimate every few seconds; nothing with
//! `--quiet`; step timings and the peak memory so far with `--verbose` (or `MATURITY_TIMINGS` set).

use indicatif::{HumanDuration, ProgressBar, ProgressDrawTarget, ProgressStyle};
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
    /// Drawn on stderr in `Bar` mode; hidden otherwise, where it only keeps the count and the estimate.
    bar: ProgressBar,
    /// When the current step started (for `--verbose` timings).
    started: Mutex<Instant>,
    /// When the last count line was printed in `Lines` and `Verbose` mode (see [`Progress::count`]).
    last_line: Mutex<Option<Instant>>,
}

/// How often a count line is printed in logs.
const LINE_EVERY: Duration = Duration::from_secs(5);

fn spinner() -> ProgressStyle {
    ProgressStyle::with_template("{spinner} {msg} {elapsed}").expect("valid template")
}

fn counter() -> ProgressStyle {
    ProgressStyle::with_template("{msg} [{wide_bar}] {pos}/{len}, {per_sec}, about {eta} left")
        .expect("valid template")
        .progress_chars("=> ")
}

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
        let target = match mode {
            Mode::Bar => ProgressDrawTarget::stderr(),
            _ => ProgressDrawTarget::hidden(),
        };
        let bar = ProgressBar::with_draw_target(None, target).with_style(spinner());
        Progress {
            mode,
            bar,
            started: Mutex::new(Instant::now()),
            last_line: Mutex::new(None),
        }
    }

    /// Reports `done` of `total` items of the current step: on a terminal a bar with rate and ETA, in logs
    /// and with `--verbose` a line like `rendering PDF reports: 310/1105, about 14 seconds left` every 5 s
    /// and one at the end (`rendering PDF reports: 1105/1105`). Thread-safe; counts may arrive out of order.
    pub fn count(&self, what: &str, done: usize, total: usize) {
        if self.mode == Mode::Quiet {
            return;
        }
        let mut last = self.last_line.lock().expect("progress lock");
        if self.bar.length() != Some(total as u64) {
            self.bar.set_message(what.trim_end_matches('…').to_string());
            self.bar.set_length(total as u64);
            self.bar.set_style(counter());
        }
        if done as u64 > self.bar.position() {
            self.bar.set_position(done as u64);
        }
        if self.mode == Mode::Bar {
            return;
        }
        let now = Instant::now();
        let due = last.is_none_or(|t| now.duration_since(t) >= LINE_EVERY);
        if done >= total || due {
            *last = Some(now);
            let eta = (done > 0 && done < total).then(|| self.bar.eta());
            eprintln!("{}", count_line(what, done, total, eta));
        }
    }

    /// Starts a step (`msg` without a count) or updates the current one (`msg` with `n/total`).
    pub fn step(&self, msg: &str) {
        if self.mode == Mode::Quiet {
            return;
        }
        if msg.contains('/') {
            self.bar.set_message(msg.to_string());
            return;
        }
        let mut started = self.started.lock().expect("progress lock");
        match self.mode {
            Mode::Bar => {
                self.bar.set_message(msg.to_string());
                self.bar.set_style(spinner());
                self.bar.unset_length();
                self.bar.reset();
                self.bar.enable_steady_tick(Duration::from_millis(120));
            }
            Mode::Verbose => {
                if self.bar.message() != "" {
                    eprintln!("{}", timing_line(*started));
                }
                eprintln!("{}", msg.trim_end_matches('…'));
                self.bar.set_message(msg.to_string());
            }
            _ => eprintln!("{}", msg.trim_end_matches('…')),
        }
        if self.mode != Mode::Bar {
            self.bar.reset();
            self.bar.unset_length();
        }
        *started = Instant::now();
        *self.last_line.lock().expect("progress lock") = None;
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
            Mode::Bar => self.bar.finish_and_clear(),
            Mode::Verbose => {
                let started = self.started.lock().expect("progress lock");
                eprintln!("{}", timing_line(*started));
            }
            _ => {}
        }
    }
}

/// The `--verbose` line closing a step: `  812.3 ms, peak 220 MB`, the time the step took and the peak
/// resident memory of the process so far (where the system reports it: Linux's `VmHWM`), so that the
/// step that raised the peak shows.
fn timing_line(started: Instant) -> String {
    let ms = started.elapsed().as_secs_f64() * 1000.0;
    match peak_mib() {
        Some(peak) => format!("  {ms:.1} ms, peak {peak} MB"),
        None => format!("  {ms:.1} ms"),
    }
}

/// The peak resident set of this process in MiB (`VmHWM` of /proc/self/status).
fn peak_mib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024)
}

/// `what: done/total, about 14 seconds left` with indicatif's estimate `eta`, or `what: done/total`
/// without one (before the first item, after the last).
pub fn count_line(what: &str, done: usize, total: usize, eta: Option<Duration>) -> String {
    let what = what.trim_end_matches('…');
    match eta {
        Some(eta) if done < total => {
            format!("{what}: {done}/{total}, about {} left", HumanDuration(eta))
        }
        _ => format!("{what}: {done}/{total}"),
    }
}

#[cfg(test)]
mod tests {
    use super::count_line;
    use std::time::Duration;

    #[test]
    fn count_lines_name_the_time_left() {
        let s = Duration::from_secs;
        for (done, total, eta, want) in [
            (0, 10, None, "pdf: 0/10"),
            (1, 10, Some(s(18)), "pdf: 1/10, about 18 seconds left"),
            (5, 10, Some(s(1)), "pdf: 5/10, about 1 second left"),
            (
                100,
                1100,
                Some(s(100)),
                "pdf: 100/1100, about 2 minutes left",
            ),
            (10, 10, Some(s(0)), "pdf: 10/10"),
        ] {
            assert_eq!(count_line("pdf…", done, total, eta), want);
        }
    }
}
