//! Failures that stop a run because the tool itself cannot go on (exit 2), as opposed to input diagnostics.

use std::path::{Path, PathBuf};

#[derive(Debug)]
pub enum Error {
    /// Reading or writing a file failed; always names the path.
    Io {
        action: &'static str,
        path: PathBuf,
        source: std::io::Error,
    },
    /// A template could not be rendered.
    Template(String),
    /// A PDF could not be produced.
    Pdf(String),
    /// Anything else that makes the run impossible (bad arguments, output location).
    Other(String),
}

impl Error {
    pub fn io(action: &'static str, path: &Path, source: std::io::Error) -> Self {
        Error::Io {
            action,
            path: path.to_path_buf(),
            source,
        }
    }
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::Io {
                action,
                path,
                source,
            } => write!(f, "failed to {action} {} ({source})", path.display()),
            Error::Template(m) => write!(f, "failed to render template ({m})"),
            Error::Pdf(m) => write!(f, "failed to render pdf ({m})"),
            Error::Other(m) => f.write_str(m),
        }
    }
}

impl std::error::Error for Error {}

pub type Result<T> = std::result::Result<T, Error>;
