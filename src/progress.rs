//! Progress reporting for long runs: a one-line progress display on an interactive terminal, plain
//! lines in CI logs (or whenever stderr is not a terminal), nothing with `--quiet`, and step timings
//! with `--verbose` (or `MATURITY_TIMINGS` set).

use std::io::IsTerminal;
use std::sync::Mutex;
use std::time::Instant;

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
        Progress {
            mode,
            current: Mutex::new((Instant::now(), String::new())),
        }
    }

    /// Starts a step (`msg` without a count) or updates the current one (`msg` with `n/total`).
    pub fn step(&self, msg: &str) {
        let update = msg.contains('/');
        match self.mode {
            Mode::Quiet => {}
            Mode::Bar => eprint!("\r\x1b[2K{msg}"),
            Mode::Lines if !update => eprintln!("{}", msg.trim_end_matches('…')),
            Mode::Lines => {}
            Mode::Verbose if !update => {
                let mut cur = self.current.lock().expect("progress lock");
                if !cur.1.is_empty() {
                    eprintln!("  {:.1} ms", cur.0.elapsed().as_secs_f64() * 1000.0);
                }
                eprintln!("{}", msg.trim_end_matches('…'));
                *cur = (Instant::now(), msg.to_string());
            }
            Mode::Verbose => {}
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
