//! Retention probe (not shipped): renders PDF reports in one process and prints the resident set after
//! each, to find what typst keeps from one document to the next. See BENCHMARKS.md, "Retention hunt".
//!
//! `cargo run --release --example pdf-retention -- DIR KIND N [same|distinct]`
//! Environment: `PROBE_EVICT=k` (comemo::evict(k) after each document; default what the crate does),
//! `PROBE_NOCHARTS=1` (a template override whose `chart()` is always false), `PROBE_RAYON=1` (documents
//! as rayon jobs, `par_iter` as builds did before: typst's own rayon jobs then nest further documents
//! on the stacks of waiting pool threads, and memory grows with every document).

use maturity::load::templates::{Overrides, overrides as read_overrides};
use maturity::render::pdf::jobs::{PdfJob, Templates};
use maturity::render::pdf::{self, Kind};
use maturity::util::date::Date;
use std::sync::atomic::{AtomicUsize, Ordering::SeqCst};

fn rss_mb() -> f64 {
    status_mb("VmRSS:")
}

/// Peak resident set so far.
fn hwm_mb() -> f64 {
    status_mb("VmHWM:")
}

fn status_mb(key: &str) -> f64 {
    let s = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    s.lines()
        .find_map(|l| l.strip_prefix(key))
        .and_then(|v| v.trim().trim_end_matches(" kB").trim().parse::<f64>().ok())
        .unwrap_or(0.0)
        / 1024.0
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let dir = std::path::PathBuf::from(&args[1]);
    let kind = match args[2].as_str() {
        "team" => Kind::Team,
        "group" => Kind::Group,
        _ => Kind::Executive,
    };
    let n: usize = args[3].parse().unwrap();
    let same = args.get(4).is_none_or(|s| s == "same");
    let as_of = Date::parse("2026-09-30").unwrap();
    let (v, _) = maturity::read_input(&dir, as_of).unwrap();
    let scores = maturity::score::score(&v.org, as_of);
    let ctx = pdf::ReportContext::new(&v.org, as_of, None);
    let mut overrides: Overrides = read_overrides(None, &dir, &mut Default::default());
    if std::env::var_os("PROBE_NOCHARTS").is_some() {
        let src = kind.builtin().source.replace(
            "#let chart(name) = data.charts.contains(name)",
            "#let chart(name) = false",
        );
        overrides.files.insert(kind.template_path(), src);
    }
    let names: Vec<String> = match kind {
        Kind::Team => v.org.teams.keys().cloned().collect(),
        Kind::Group => v.org.groups.keys().cloned().collect(),
        Kind::Executive => vec![String::new()],
    };
    let base = rss_mb();
    println!("doc\tms\trss_mb\tpeak_mb\tpdf_kb");
    let t0 = std::time::Instant::now();
    // Documents started and not yet finished, and the most at any time.
    let (in_flight, most) = (AtomicUsize::new(0), AtomicUsize::new(0));
    let one = |i: usize| {
        most.fetch_max(in_flight.fetch_add(1, SeqCst) + 1, SeqCst);
        let name = if same {
            &names[0]
        } else {
            &names[i % names.len()]
        };
        let job = PdfJob {
            kind,
            name: name.clone(),
            title: name.clone(),
            path: String::new(),
        };
        let t = std::time::Instant::now();
        let templates = Templates::new(&overrides.files, &overrides.dir);
        let bytes = pdf::jobs::render(&v.org, &scores, &ctx, &job, &templates).unwrap();
        in_flight.fetch_sub(1, SeqCst);
        if let Some(k) = std::env::var("PROBE_EVICT")
            .ok()
            .and_then(|k| k.parse().ok())
        {
            typst::comemo::evict(k);
        }
        println!(
            "{i}\t{:.1}\t{:.1}\t{:.1}\t{}",
            t.elapsed().as_secs_f64() * 1000.0,
            rss_mb(),
            hwm_mb(),
            bytes.len() / 1024
        );
    };
    if std::env::var_os("PROBE_RAYON").is_some() {
        use rayon::prelude::*;
        (0..n).into_par_iter().for_each(one);
    } else {
        (0..n).for_each(one);
    }
    eprintln!(
        "{n} documents in {:.2} s, at most {} in flight at once; rss {:.1} MB before, {:.1} MB after, peak {:.1} MB",
        t0.elapsed().as_secs_f64(),
        most.load(SeqCst),
        base,
        rss_mb(),
        hwm_mb()
    );
}
