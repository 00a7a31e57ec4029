//! Shared utilities below the stages: dates, diagnostics and their CI formats, errors, progress lines,
//! safe terminal output, which links may be clickable, a small sorted-vector map, shared names, the sink that rendered
//! files go to, the render watchdog and the YAML emitter. None of them reads input or writes output
//! (the sink is implemented by `output`; the watchdog only removes the staging folder `output`
//! registered, when it stops a build).

pub mod date;
pub mod diag;
pub mod diag_formats;
pub mod error;
pub mod keyed;
pub mod name;
pub mod progress;
pub mod sink;
pub mod term;
pub mod url;
pub mod watchdog;
pub mod yaml_out;
