//! Runs a build's PDF jobs in this process: one plain thread per core, each preparing and compiling one
//! report at a time, with a count and an estimate of the time left.
//!
//! Why plain threads and not rayon's `par_iter`: typst parallelises inside a document with rayon. When
//! the documents themselves are rayon jobs, a pool thread that waits inside typst steals the next
//! document and starts it on top of its stack, so every document of the build is in flight at once and
//! none of their memory can be freed: that was the "retention" of 10-17 MB per PDF (BENCHMARKS.md,
//! "Retention hunt"). Plain threads are not pool threads: they block while typst's jobs run and never
//! take another document. Each finished document evicts typst's caches (`comemo::evict(1)`), so memory
//! stays at about one document per thread.
//!
//! With more than one PDF thread, each thread also runs its documents inside a rayon pool of its own
//! with a single thread, so typst's parallel sections run inline on that thread. With the global pool,
//! both PDF threads handed typst's jobs to the same two pool threads: four threads on two cores, jobs
//! crossing threads, and every document about 30 % slower than on one thread (1,000 teams, idle
//! machine: 63.7 s of typst time on two threads against 49.5 s on one; BENCHMARKS.md). The documents
//! already keep every core busy, so the one-thread pools lose nothing. A build with one PDF thread
//! (one document, or `MATURITY_PDF_THREADS=1`) keeps the global pool and typst's own parallelism.

use crate::model::Org;
use crate::render::pdf::ReportContext;
use crate::render::pdf::jobs::{self, PdfJob, Templates};
use crate::score::Scores;
use crate::util::error::{Error, Result};
use crate::util::progress::Progress;
use crate::util::sink::Sink;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// Stack of each PDF thread: typst lays out long tables recursively (as for rayon's threads, main.rs).
const THREAD_STACK: usize = 64 * 1024 * 1024;

/// What the PDF step renders.
pub struct Run<'a> {
    pub org: &'a Org,
    pub scores: &'a Scores,
    pub ctx: &'a ReportContext,
    pub jobs: &'a [PdfJob],
    pub templates: &'a Templates,
}

/// Time spent in typst (compile and PDF export) summed over the documents, for `--verbose`.
#[derive(Debug, Default, Clone, Copy)]
pub struct Stats {
    pub documents: usize,
    pub typst: Duration,
}

/// Renders every job into `sink` on `threads` threads (default: one per core; `MATURITY_PDF_THREADS`
/// overrides it). Stops at the first error. The bytes do not depend on the number of threads.
pub fn render(run: &Run<'_>, progress: &Progress, sink: &dyn Sink) -> Result<Stats> {
    let threads = std::env::var("MATURITY_PDF_THREADS")
        .ok()
        .and_then(|v| v.parse::<usize>().ok())
        .filter(|n| *n > 0)
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(2, |n| n.get()))
        .min(run.jobs.len())
        .max(1);
    let total = run.jobs.len();
    let (next, done) = (AtomicUsize::new(0), AtomicUsize::new(0));
    let typst_nanos = AtomicUsize::new(0);
    let failed: Mutex<Option<Error>> = Mutex::new(None);
    let work_loop = || {
        loop {
            if failed.lock().expect("lock").is_some() {
                return;
            }
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(job) = run.jobs.get(i) else { return };
            let result = one(run, job, sink, &typst_nanos);
            if let Err(e) = result {
                failed.lock().expect("lock").get_or_insert(e);
                return;
            }
            let n = done.fetch_add(1, Ordering::Relaxed) + 1;
            progress.count("rendering PDF reports", n, total);
        }
    };
    let private_pools = threads > 1;
    let work = || {
        let pool = private_pools.then(|| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(1)
                .stack_size(THREAD_STACK)
                .build()
        });
        match pool {
            Some(Ok(pool)) => pool.install(work_loop),
            // No pool of its own (the system refused a thread): typst's jobs go to the global pool.
            Some(Err(_)) | None => work_loop(),
        }
    };
    std::thread::scope(|s| {
        (0..threads)
            .map(|_| {
                std::thread::Builder::new()
                    .stack_size(THREAD_STACK)
                    .spawn_scoped(s, work)
                    .map_err(|e| Error::Other(format!("failed to start a PDF thread ({e})")))
            })
            .collect::<Result<Vec<_>>>()
            .map(|_| ())
    })?;
    match failed.into_inner().expect("lock") {
        Some(e) => Err(e),
        None => Ok(Stats {
            documents: total,
            typst: Duration::from_nanos(typst_nanos.into_inner() as u64),
        }),
    }
}

fn one(run: &Run<'_>, job: &PdfJob, sink: &dyn Sink, typst_nanos: &AtomicUsize) -> Result<()> {
    let prepared = jobs::prepare(run.org, run.scores, run.ctx, job)
        .map_err(|e| Error::Pdf(format!("{} ({})", job.title, e.diagnostics.join("; "))))?;
    let t = Instant::now();
    let pdf = jobs::compile_job(
        run.templates,
        job.kind,
        &job.title,
        &prepared,
        run.scores.as_of,
    )
    .map_err(Error::Pdf)?;
    typst_nanos.fetch_add(t.elapsed().as_nanos() as usize, Ordering::Relaxed);
    sink.write(&job.path, &pdf)
}
