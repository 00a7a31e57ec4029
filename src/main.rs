//! Entry point: parse arguments, run the command, map the outcome to an exit code
//! (0 ok, 1 input or policy errors, 2 the tool failed).

use std::process::ExitCode;

/// Stack size of the worker threads: typst lays out long tables recursively, and rayon's default
/// (2 MiB) overflows on large team reports.
const WORKER_STACK: usize = 64 * 1024 * 1024;

/// mimalloc instead of the system allocator: typst allocates heavily, and with glibc's malloc the
/// PDF step spent about 15 % of its time in the allocator (BENCHMARKS.md, "PDF reports").
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let args = maturity::cli::parse();
    // Ignore the error if a pool already exists (it cannot here, but a failure must not stop the run).
    let _ = rayon::ThreadPoolBuilder::new()
        .stack_size(WORKER_STACK)
        .build_global();
    match maturity::cli::run(args) {
        Ok(code) => code,
        Err(e) => {
            maturity::util::term::stderr(&format!(
                "error: {}\n",
                maturity::util::term::clean(&e.to_string())
            ));
            ExitCode::from(2)
        }
    }
}
